package fetch

import (
	"net/url"
	"strings"

	"github.com/mmcdole/gofeed"
	"github.com/sanafeed/sanafeed"
)

// toArticle maps a feed item of src to an article. It reports false when
// the item names no SANA post or has no title.
func toArticle(it *gofeed.Item, src sanafeed.Source) (sanafeed.Article, bool) {
	if it == nil {
		return sanafeed.Article{}, false
	}
	link := strings.TrimSpace(it.Link)
	if link == "" && len(it.Links) > 0 {
		link = strings.TrimSpace(it.Links[0])
	}
	guid := strings.TrimSpace(it.GUID)
	id, err := sanafeed.PostID(link)
	if err != nil {
		if id, err = sanafeed.PostID(guid); err != nil {
			return sanafeed.Article{}, false
		}
	}
	canon, err := sanafeed.CanonicalURL(link)
	if err != nil {
		if canon, err = sanafeed.CanonicalURL(guid); err != nil {
			return sanafeed.Article{}, false
		}
		link = guid
	}
	a := sanafeed.Article{
		Lang:    src.Lang,
		PostID:  id,
		URL:     canon,
		GUID:    guid,
		Title:   cleanTitle(it.Title),
		Content: strings.TrimSpace(it.Content),
		Summary: summarize(sanafeed.PlainText(it.Description)),
		Author:  author(it),
		Image:   image(it, canon),
		From:    sanafeed.FromFeed,
	}
	if a.Title == "" {
		return sanafeed.Article{}, false
	}
	if a.Content == "" {
		a.Content = strings.TrimSpace(it.Description)
	}
	if a.Summary == "" {
		a.Summary = summarize(sanafeed.PlainText(it.Content))
	}
	switch {
	case it.PublishedParsed != nil:
		a.Published = it.PublishedParsed.UTC()
	case it.UpdatedParsed != nil:
		a.Published = it.UpdatedParsed.UTC()
	}
	if it.UpdatedParsed != nil {
		a.Modified = it.UpdatedParsed.UTC()
	}
	a.Categories, a.Tags = splitCategories(it.Categories, categorySegments(link, src))
	return a, true
}

// author returns the item's author: dc:creator, else the first author,
// without bidi controls.
func author(it *gofeed.Item) string {
	if it.DublinCoreExt != nil {
		for _, c := range it.DublinCoreExt.Creator {
			if c = cleanTitle(c); c != "" {
				return c
			}
		}
	}
	for _, p := range it.Authors {
		if p != nil {
			if name := cleanTitle(p.Name); name != "" {
				return name
			}
		}
	}
	return ""
}

// image returns the item's image: the first absolute http or https URL
// (a relative one resolved against the item's link) among the one gofeed
// found (media:content, enclosure), an image enclosure, a media:content
// or media:thumbnail, and the first <img> of the content. javascript:,
// data: and other URLs are never taken (see sanafeed.HTTPURL).
func image(it *gofeed.Item, link string) string {
	if it.Image != nil {
		if u := sanafeed.ResolveHTTPURL(link, it.Image.URL); u != "" {
			return u
		}
	}
	for _, e := range it.Enclosures {
		if e != nil && strings.HasPrefix(e.Type, "image/") {
			if u := sanafeed.ResolveHTTPURL(link, e.URL); u != "" {
				return u
			}
		}
	}
	if media, ok := it.Extensions["media"]; ok {
		for _, name := range []string{"content", "thumbnail"} {
			for _, m := range media[name] {
				if u := sanafeed.ResolveHTTPURL(link, m.Attrs["url"]); u != "" {
					return u
				}
			}
		}
	}
	if u := sanafeed.ResolveHTTPURL(link, firstImage(it.Content)); u != "" {
		return u
	}
	return sanafeed.ResolveHTTPURL(link, firstImage(it.Description))
}

// categorySegments returns the category segments of an article permalink:
// the path segments after the edition's prefix, without the post id
// ("politics" for /en/politics/2333749/, "economy" and "syrian-economy"
// for /economy/syrian-economy/2519276/).
func categorySegments(link string, src sanafeed.Source) []string {
	u, err := url.Parse(link)
	if err != nil || u.Query().Get("p") != "" {
		return nil
	}
	p := u.Path
	if su, err := url.Parse(src.URL); err == nil && su.Path != "" && su.Path != "/" {
		prefix := "/" + strings.Trim(su.Path, "/") + "/"
		p = strings.TrimPrefix(p, prefix)
	}
	segs := strings.FieldsFunc(p, func(r rune) bool { return r == '/' })
	if len(segs) > 0 {
		if _, ok := sanafeed.EditionByLang(segs[0]); ok && len(segs) > 2 {
			segs = segs[1:] // an edition prefix the source URL did not show
		}
	}
	if len(segs) > 0 {
		segs = segs[:len(segs)-1] // the post id
	}
	for i, s := range segs {
		segs[i] = strings.ToLower(s)
	}
	return segs
}

// splitCategories splits an item's <category> names: a name whose slug is
// a category segment of the permalink is a category, the others are tags.
// Both lists are deduplicated by slug, in feed order, and hold at most
// sanafeed.MaxTags each; the names after that are not read.
func splitCategories(names, segments []string) (cats, tags []sanafeed.Tag) {
	seen := map[string]bool{}
	for _, name := range names {
		if len(cats) >= sanafeed.MaxTags && len(tags) >= sanafeed.MaxTags {
			break
		}
		name = cleanTitle(name)
		slug := sanafeed.Slugify(name)
		if slug == "" || seen[slug] {
			continue
		}
		seen[slug] = true
		t := sanafeed.Tag{Slug: slug, Name: name}
		switch {
		case isSegment(slug, segments):
			if len(cats) < sanafeed.MaxTags {
				cats = append(cats, t)
			}
		case len(tags) < sanafeed.MaxTags:
			tags = append(tags, t)
		}
	}
	return cats, tags
}

func isSegment(slug string, segments []string) bool {
	for _, s := range segments {
		if s == slug || sanafeed.Slugify(s) == slug {
			return true
		}
	}
	return false
}
