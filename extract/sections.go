package extract

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/sanafeed/sanafeed"
)

// Sections returns the canonical URLs of the category listings that a page
// of the edition rooted at editionRoot links to, in page order, once
// each: links marked as categories (rel="category", Foxiz's p-category,
// WordPress's menu-item-object-category) that stay inside the edition and
// name no post, tag, feed, page number or WordPress file.
func Sections(body []byte, pageURL, editionRoot string) ([]string, error) {
	return Default(editionRoot).sectionLinks(body, pageURL, editionRoot, false)
}

// Listings returns the canonical URLs of the listing pages that a page of
// the edition rooted at editionRoot may link to: first the links marked as
// categories (as Sections), then, found by structure alone, every other
// link that stays inside the edition and whose path is shaped like a
// listing (it names no post, tag, feed, page number, author or WordPress
// file), in page order, once each. A theme that marks nothing still leads
// to its categories; what turns out to list no article costs one request.
func Listings(body []byte, pageURL, editionRoot string) ([]string, error) {
	return Default(editionRoot).Listings(body, pageURL, editionRoot)
}

// Listings is the package's Listings with the rules r telling which
// links are articles (and so no listing).
func (r *Rules) Listings(body []byte, pageURL, editionRoot string) ([]string, error) {
	return r.sectionLinks(body, pageURL, editionRoot, true)
}

// sectionLinks returns the section links of a page: those marked as
// categories, then, with byStructure set, the other listing-shaped ones.
func (r *Rules) sectionLinks(body []byte, pageURL, editionRoot string, byStructure bool) ([]string, error) {
	doc, err := parseDoc(body)
	if err != nil {
		return nil, fmt.Errorf("extract: parse sections %s: %w", pageURL, err)
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil, fmt.Errorf("extract: page url %q: %w", pageURL, err)
	}
	var marked, plain []string
	isMarked, isPlain := map[string]bool{}, map[string]bool{}
	doc.Find("a[href]").Each(func(_ int, s *goquery.Selection) {
		m := isCategoryLink(s)
		if !m && !byStructure {
			return
		}
		ref, err := url.Parse(strings.TrimSpace(s.AttrOr("href", "")))
		if err != nil {
			return
		}
		u, err := sanafeed.CanonicalURL(base.ResolveReference(ref).String())
		switch {
		case err != nil || !isSectionURL(editionRoot, u) || r.isArticle(editionRoot, u):
		case m && !isMarked[u]:
			isMarked[u] = true
			marked = append(marked, u)
		case !m && !isPlain[u]:
			isPlain[u] = true
			plain = append(plain, u)
		}
	})
	for _, u := range plain {
		if !isMarked[u] {
			marked = append(marked, u)
		}
	}
	return marked, nil
}

// isArticle reports whether u is shaped as an article link by r (skipped
// or not).
func (r *Rules) isArticle(root, u string) bool {
	if _, _, ok := r.Article(root, u); ok {
		return true
	}
	_, ok := r.pathID(u)
	return ok
}

func isCategoryLink(s *goquery.Selection) bool {
	for _, r := range strings.Fields(s.AttrOr("rel", "")) {
		if r == "category" || r == "category tag" {
			return true
		}
	}
	if strings.Contains(s.AttrOr("class", ""), "p-category") {
		return true
	}
	return strings.Contains(s.Parent().AttrOr("class", ""), "menu-item-object-category")
}

// isSectionURL reports whether u is a category listing of the edition.
func isSectionURL(root, u string) bool {
	if !sanafeed.InEdition(root, u) {
		return false
	}
	if _, err := sanafeed.PostID(u); err == nil {
		return false
	}
	cr, err1 := sanafeed.CanonicalURL(root)
	cu, err2 := sanafeed.CanonicalURL(u)
	if err1 != nil || err2 != nil || cr == cu {
		return false
	}
	ru, _ := url.Parse(cr)
	uu, _ := url.Parse(cu)
	rest := strings.Trim(strings.TrimPrefix(uu.Path, ru.Path), "/")
	if rest == "" {
		return false
	}
	first, _, _ := strings.Cut(rest, "/")
	switch {
	case first == "tag", first == "page", first == "feed", first == "author", first == "search",
		strings.HasPrefix(first, "wp-"), strings.Contains(rest, "/page/"), strings.HasSuffix(rest, "/feed"),
		path.Ext(rest) != "":
		return false
	}
	return true
}
