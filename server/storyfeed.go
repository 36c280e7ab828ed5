package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/feedgen"
)

// The story feed, /feeds/stories.{ext}?lang=…: one item per story, a
// translation cluster or an article alone, newest story first (a story
// moves up when a version joins). The item shows the version in lang
// when there is one, else the story's original, its earliest; it links
// every other version, as edition feeds do. Its id names the story by
// the version sanafeed stored first (sanafeed.StoryID), so it stays as
// versions join and whichever is shown; its updated time is the latest
// of its versions' (feedgen.Story), so it moves when a version joins.

// storyWindow is how many articles per item the story feed reads, newest
// first, to find its stories: a story has at most one version per
// edition.
const storyWindow = 6

// serveStories returns the handler of /feeds/stories in format.
func (s *Server) serveStories(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		code := http.StatusBadRequest
		lang, reason := s.langParam(r.URL.Query())
		if reason != "" {
			textError(w, code, reason)
		} else {
			code = s.serveCached(w, r, docKey{kind: kindStoryFeed, lang: lang, format: format}, s.gen())
		}
		s.metrics.feedServed(format, code)
	}
}

// renderStories renders the story feed k, preferring the edition k.lang.
func (s *Server) renderStories(ctx context.Context, k docKey, prev *doc) (*doc, error) {
	e := sanafeed.Edition{}
	title := "SANA — stories, all editions"
	if k.lang != "" {
		e, _ = s.edition(k.lang)
		title = feedTitle(e) + " — stories"
	}
	self := s.base + "/feeds/stories." + extOf(k.format)
	id := feedID("stories", "")
	if k.lang != "" {
		self += "?lang=" + k.lang
		id += "/" + k.lang
	}
	f := &feedgen.Feed{Title: title, Subtitle: "One item per story, every edition's version linked",
		Lang: k.lang, SelfURL: self, HomeURL: s.base + "/", ID: id}
	stories, err := s.latestStories(ctx, s.items())
	if err != nil {
		return nil, fmt.Errorf("server: feed %s: %w", self, err)
	}
	for _, vs := range stories {
		a, st := story(vs, k.lang)
		f.Articles = append(f.Articles, a)
		f.Stories = append(f.Stories, st)
	}
	var all []sanafeed.Article
	for _, st := range f.Stories {
		all = append(all, st.Versions...)
	}
	f.Updated = s.newest(all)
	body, err := feedgen.Render(f, k.format)
	if err != nil {
		return nil, fmt.Errorf("server: render %s: %w", self, err)
	}
	return newDoc(body, feedgen.ContentType(k.format), f.Updated, s.now(), prev), nil
}

// latestStories returns the newest n stories, each as all its versions:
// those among the newest articles, and the others read by key.
func (s *Server) latestStories(ctx context.Context, n int) ([][]sanafeed.Article, error) {
	arts, err := s.Store.Latest(ctx, sanafeed.Query{Limit: n * storyWindow})
	if err != nil {
		return nil, err
	}
	byKey := make(map[string]int, len(arts)) // article key → its story's index
	var out [][]sanafeed.Article
	for _, a := range arts {
		i, ok := storyOf(byKey, &a)
		if !ok {
			if len(out) == n {
				continue
			}
			i = len(out)
			out = append(out, nil)
		}
		out[i] = append(out[i], a)
		byKey[a.Key()] = i
	}
	for i, vs := range out {
		for _, t := range vs[0].Translations {
			key := keyOfID(t.ID)
			if _, have := byKey[key]; have {
				continue
			}
			a, err := s.Store.Article(ctx, key)
			if errors.Is(err, sanafeed.ErrNotFound) {
				continue // unlinked since the read above
			}
			if err != nil {
				return nil, err
			}
			out[i] = append(out[i], a)
			byKey[key] = i
		}
	}
	return out, nil
}

// storyOf returns the index in byKey of a story that a translation of a
// belongs to, and reports whether there is one.
func storyOf(byKey map[string]int, a *sanafeed.Article) (int, bool) {
	for _, t := range a.Translations {
		if i, ok := byKey[keyOfID(t.ID)]; ok {
			return i, true
		}
	}
	return 0, false
}

// story returns the version of a story (its versions vs) to show,
// preferring the edition lang, and what its item shows of the story.
func story(vs []sanafeed.Article, lang string) (sanafeed.Article, feedgen.Story) {
	earliest := func(a, b sanafeed.Article) int {
		return cmp.Or(a.Time().Compare(b.Time()), cmp.Compare(a.Key(), b.Key()))
	}
	first := func(a, b sanafeed.Article) int {
		return cmp.Or(a.FirstSeen.Compare(b.FirstSeen), earliest(a, b))
	}
	shown := slices.MinFunc(vs, earliest)
	if i := slices.IndexFunc(vs, func(a sanafeed.Article) bool { return a.Lang == lang }); i >= 0 {
		shown = vs[i]
	}
	orig := slices.MinFunc(vs, first)
	return shown, feedgen.Story{ID: sanafeed.StoryID(orig.Key()), Versions: vs}
}
