package server

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/feedgen"
)

// maxLangsQuery bounds the langs parameter of a cross-edition tag feed,
// in bytes: six codes and their commas need 17.
const maxLangsQuery = 256

// crossTagPath returns the path of the cross-edition feed of the tag
// slug in the format with the extension ext; langs, when not "", is its
// normalised langs filter.
func crossTagPath(slug, ext, langs string) string {
	p := "/feeds/tags/" + url.PathEscape(slug) + "." + ext
	if langs != "" {
		p += "?langs=" + langs
	}
	return p
}

// crossTagID returns the stable id of the cross-edition feed of the tag
// slug with the normalised langs filter langs ("" for none), the same in
// every format.
func crossTagID(slug, langs string) string {
	id := "tag:sana.sy,2025:feeds/tags/" + url.PathEscape(slug)
	if langs != "" {
		id += "?langs=" + langs
	}
	return id
}

// serveCrossTagFeed serves /feeds/tags/{slug}.{ext}[?langs=en,fr]: the
// articles of every served edition carrying the tag slug of any edition
// or a tag found to mean the same (Server.TagGroups), newest first.
func (s *Server) serveCrossTagFeed(w http.ResponseWriter, r *http.Request) {
	format, code := s.crossTagFeed(w, r)
	s.metrics.feedServed(format, code)
}

// crossTagFeed answers a cross-edition tag feed request and returns its
// format and the status written.
func (s *Server) crossTagFeed(w http.ResponseWriter, r *http.Request) (format string, code int) {
	file := r.PathValue("file")
	slug, format, ok := splitFormat(file)
	if !ok {
		unknownFormat(w, file)
		return format, http.StatusNotFound
	}
	langs, err := s.langsFilter(r.URL.Query()["langs"])
	if err != "" {
		textError(w, http.StatusBadRequest, err)
		return format, http.StatusBadRequest
	}
	k := docKey{kind: kindCrossTagFeed, tag: slug, lang: langs, format: format}
	gen := s.gen()
	if d, ok := s.docs.peek(k, gen); ok {
		return format, writeDoc(w, r, d)
	}
	tags, err2 := s.crossTags(r.Context(), slug, gen)
	if err2 != nil {
		return format, s.fail(w, r, err2)
	}
	if len(tags) == 0 {
		notFound(w, fmt.Sprintf("unknown tag %q in every edition (%s)", slug, s.langList()))
		return format, http.StatusNotFound
	}
	return format, s.serveCached(w, r, k, gen)
}

// langsFilter reads the langs parameters vs (comma-separated edition
// codes) and returns them normalised: served editions, in edition order,
// once each, comma-separated; "" when they are absent, empty or name
// every served edition. A code that is not a served edition is an error,
// returned as the reason to give the client.
func (s *Server) langsFilter(vs []string) (string, string) {
	want := map[string]bool{}
	n := 0
	for _, v := range vs {
		if n += len(v); n > maxLangsQuery {
			return "", fmt.Sprintf("langs is too long (at most %d bytes)", maxLangsQuery)
		}
		for l := range strings.SplitSeq(v, ",") {
			l = strings.TrimSpace(l)
			if l == "" {
				continue
			}
			if _, ok := s.edition(l); !ok {
				return "", fmt.Sprintf("unknown language %q in langs; editions: %s", l, s.langList())
			}
			want[l] = true
		}
	}
	eds := s.editionList()
	if len(want) == 0 || len(want) == len(eds) {
		return "", ""
	}
	var out []string
	for _, e := range eds {
		if want[e.Lang] {
			out = append(out, e.Lang)
		}
	}
	return strings.Join(out, ","), ""
}

// tagGroups returns the groups of equivalent tags at generation gen: the
// groups cache's value, learnt at most once per generation; none when
// Server.TagGroups is nil.
func (s *Server) tagGroups(ctx context.Context, gen uint64) (*sanafeed.TagGroups, error) {
	if s.TagGroups == nil {
		return sanafeed.NewTagGroups(nil), nil
	}
	return s.groups.get(ctx, struct{}{}, gen)
}

// relearnTags is the least time between two learnings of the tag groups.
// Learning reads every cluster of the store (about a second of CPU and
// 31 MB of garbage at 100,000 articles: BenchmarkLearnTags in store), and
// the groups move slowly (a pair needs tag_support stories), so a serve
// that polls every minute does not learn them again after each poll: the
// groups learnt last are kept for this long, whatever the generation.
const relearnTags = 10 * time.Minute

// loadTagGroups learns the groups of equivalent tags, or keeps prev when
// it was learnt less than relearnTags ago. It is the groups cache's
// loader.
func (s *Server) loadTagGroups(ctx context.Context, _ struct{}, _ uint64, prev *sanafeed.TagGroups) (*sanafeed.TagGroups, error) {
	now := s.now()
	if prev != nil && now.Sub(time.Unix(0, s.groupsAt.Load())) < relearnTags {
		return prev, nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), renderTimeout)
	defer cancel()
	g, err := s.TagGroups(ctx)
	if err != nil {
		return nil, fmt.Errorf("server: tag groups: %w", err)
	}
	s.groupsAt.Store(now.UnixNano())
	return g, nil
}

// crossTags returns the tags of the served editions that the slug names
// across editions: every tag with that slug, and the tags of their
// groups, in edition order. None when no served edition has the slug.
func (s *Server) crossTags(ctx context.Context, slug string, gen uint64) ([]sanafeed.TagRef, error) {
	g, err := s.tagGroups(ctx, gen)
	if err != nil {
		return nil, err
	}
	var out []sanafeed.TagRef
	add := func(t sanafeed.TagRef) {
		if _, served := s.edition(t.Lang); !served {
			return
		}
		if !slices.ContainsFunc(out, func(u sanafeed.TagRef) bool { return u.Lang == t.Lang && u.Slug == t.Slug }) {
			out = append(out, t)
		}
	}
	for _, e := range s.editionList() {
		ts, err := s.tags.get(ctx, e.Lang, gen)
		if err != nil {
			return nil, err
		}
		if tc, ok := ts.bySlug[slug]; ok {
			add(sanafeed.TagRef{Lang: e.Lang, Slug: slug, Name: tc.Tag.Name})
			if gr, ok := g.Group(e.Lang, slug); ok {
				for _, t := range gr.Tags {
					add(t)
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b sanafeed.TagRef) int {
		return cmp.Or(editionRank(a.Lang)-editionRank(b.Lang), cmp.Compare(a.Slug, b.Slug))
	})
	return out, nil
}

// renderCrossTagFeed renders the cross-edition tag feed k at generation gen.
func (s *Server) renderCrossTagFeed(ctx context.Context, k docKey, gen uint64, prev *doc) (*doc, error) {
	tags, err := s.crossTags(ctx, k.tag, gen)
	if err != nil {
		return nil, err
	}
	if len(tags) == 0 {
		return nil, fmt.Errorf("server: tag %q: %w", k.tag, sanafeed.ErrNotFound)
	}
	var only []string
	if k.lang != "" {
		only = strings.Split(k.lang, ",")
	}
	f := &feedgen.Feed{
		Title:    "SANA — all editions: " + crossTagName(tags, k.tag),
		Subtitle: "Syrian Arab News Agency, every edition: " + tagNames(tags),
		SelfURL:  s.base + crossTagPath(k.tag, extOf(k.format), k.lang),
		HomeURL:  s.base + "/",
		ID:       crossTagID(k.tag, k.lang),
		HubURL:   s.HubURL,
	}
	if len(only) == 1 {
		f.Lang = only[0]
	}
	var arts []sanafeed.Article
	for _, t := range tags {
		if only != nil && !slices.Contains(only, t.Lang) {
			continue
		}
		as, err := s.Store.Latest(ctx, sanafeed.Query{Lang: t.Lang, Tag: t.Slug, Limit: s.items()})
		if err != nil {
			return nil, fmt.Errorf("server: feed %s: %w", f.SelfURL, err)
		}
		arts = append(arts, as...)
	}
	f.Articles = newestFirst(arts, s.items())
	f.Updated = s.newest(f.Articles)
	body, err := feedgen.Render(f, k.format)
	if err != nil {
		return nil, fmt.Errorf("server: render %s: %w", f.SelfURL, err)
	}
	d := newDoc(body, feedgen.ContentType(k.format), f.Updated, s.now(), prev)
	if s.HubURL != "" {
		d.hLink = []string{"<" + s.HubURL + `>; rel="hub", <` + f.SelfURL + `>; rel="self"`}
	}
	return d, nil
}

// newestFirst returns at most n of arts, each once, newest first (as the
// store orders a feed: Time, then key).
func newestFirst(arts []sanafeed.Article, n int) []sanafeed.Article {
	slices.SortStableFunc(arts, func(a, b sanafeed.Article) int {
		return cmp.Or(b.Time().Compare(a.Time()), cmp.Compare(a.Key(), b.Key()))
	})
	arts = slices.CompactFunc(arts, func(a, b sanafeed.Article) bool { return a.Key() == b.Key() })
	return arts[:min(n, len(arts))]
}

// crossTagName returns the name a cross-edition tag feed is called by:
// its English tag's, else the name of the tag whose slug was asked for,
// else the slug.
func crossTagName(tags []sanafeed.TagRef, slug string) string {
	for _, t := range tags {
		if t.Lang == "en" && t.Name != "" {
			return t.Name
		}
	}
	for _, t := range tags {
		if t.Slug == slug && t.Name != "" {
			return t.Name
		}
	}
	return slug
}

// tagNames returns the names of tags, separated by " · ".
func tagNames(tags []sanafeed.TagRef) string {
	names := make([]string, len(tags))
	for i, t := range tags {
		names[i] = cmp.Or(t.Name, t.Slug)
	}
	return strings.Join(names, " · ")
}

// tagEquivalents are a tag's equivalents in the other served editions,
// as the index and tag pages show them.
type tagEquivalents struct {
	Lang, Name string    // the tag's edition and name
	Tags       []tagChip // the equivalents, in edition order
	Feed       string    // the Atom feed of the tag across editions
}

// A tagChip links to the page of one edition's tag.
type tagChip struct {
	Lang, Dir, Name, Page string
}

// equivalents returns the equivalents of tag of edition lang in the other
// served editions, and reports whether it has any.
func (s *Server) equivalents(g *sanafeed.TagGroups, lang string, tag sanafeed.Tag) (tagEquivalents, bool) {
	q := tagEquivalents{Lang: lang, Name: tagName(tag), Feed: s.base + crossTagPath(tag.Slug, "atom", "")}
	for _, t := range g.Equivalents(lang, tag.Slug) {
		if _, served := s.edition(t.Lang); served {
			q.Tags = append(q.Tags, tagChip{Lang: t.Lang, Dir: dirOf(t.Lang), Name: cmp.Or(t.Name, t.Slug), Page: s.tagPageURL(t.Lang, t.Slug)})
		}
	}
	return q, len(q.Tags) > 0
}

// exportCrossTags emits the cross-edition feed (no langs filter) of every
// slug of a served tag that has equivalents, in every format: those the
// index and tag pages link to.
func (s *Server) exportCrossTags(ctx context.Context, gen uint64, emit func(path string, k docKey) error) error {
	g, err := s.tagGroups(ctx, gen)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, gr := range g.Groups {
		for _, t := range gr.Tags {
			if _, served := s.edition(t.Lang); !served || seen[t.Slug] || !fileSafe(t.Slug) {
				continue
			}
			seen[t.Slug] = true
			for _, f := range formats {
				k := docKey{kind: kindCrossTagFeed, tag: t.Slug, format: f.format}
				if err := emit("/feeds/tags/"+t.Slug+"."+f.ext, k); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
