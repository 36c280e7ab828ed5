package server

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
)

func TestFeedLinkHeader(t *testing.T) {
	_, _, h := newTest(t, func(s *Server) { s.HubURL = "http://feeds.test/websub" })
	for _, path := range []string{"/feeds/en.atom", "/feeds/all.rss", "/feeds/en/tags/damascus.json"} {
		w := do(h, "GET", path)
		want := `<http://feeds.test/websub>; rel="hub", <http://feeds.test` + path + `>; rel="self"`
		if got := w.Header().Get("Link"); got != want {
			t.Errorf("GET %s Link = %q, want %q", path, got, want)
		}
		if !strings.Contains(w.Body.String(), "http://feeds.test/websub") {
			t.Errorf("GET %s: the body does not advertise the hub", path)
		}
	}
	if w := do(h, "GET", "/"); w.Header().Get("Link") != "" {
		t.Errorf("index Link = %q, want none", w.Header().Get("Link"))
	}
	// Not on 304s; and without a hub, none.
	etag := do(h, "GET", "/feeds/en.atom").Header().Get("ETag")
	if w := do(h, "GET", "/feeds/en.atom", "If-None-Match", etag); w.Code != 304 || w.Header().Get("Link") != "" {
		t.Errorf("304: %d Link %q", w.Code, w.Header().Get("Link"))
	}
	_, _, h2 := newTest(t)
	if got := do(h2, "GET", "/feeds/en.rss").Header().Get("Link"); got != "" {
		t.Errorf("no hub: Link = %q, want none", got)
	}
}

func TestTopic(t *testing.T) {
	s, st, h := newTest(t)
	ctx := t.Context()
	arTag := "http://feeds.test/feeds/ar/tags/" + url.PathEscape("دمشق") + ".atom"
	for _, u := range []string{
		"http://feeds.test/feeds/en.atom", "http://feeds.test/feeds/all.json", "http://feeds.test/feeds/fr.rss",
		"http://feeds.test/feeds/en/tags/damascus.rss", arTag,
	} {
		tp, err := s.Topic(ctx, u)
		if err != nil {
			t.Errorf("Topic(%s) err = %v", u, err)
			continue
		}
		w := do(h, "GET", strings.TrimPrefix(u, "http://feeds.test"))
		if tp.URL != u || string(tp.Body) != w.Body.String() || tp.ContentType != w.Header().Get("Content-Type") || tp.Hash == "" {
			t.Errorf("Topic(%s) = %s %q %q, want the served feed", u, tp.URL, tp.ContentType, tp.Hash)
		}
	}
	// Lower-case escapes name the same topic, canonicalised.
	if tp, err := s.Topic(ctx, strings.ToLower(arTag)); err != nil || tp.URL != arTag {
		t.Errorf("Topic(lower-case) = %q, %v; want %q", tp.URL, err, arTag)
	}
	for _, u := range []string{
		"http://other.test/feeds/en.atom", "http://feeds.test/feeds/de.atom", "http://feeds.test/feeds/en.xml",
		"http://feeds.test/feeds/en.atom?x=1", "http://feeds.test/feeds/en/tags/nope.atom", "http://feeds.test/feeds.opml",
		"http://feeds.test/feeds/all/tags/damascus.atom", "http://feeds.test/", "http://feeds.test/feeds/en/tags/%zz.atom",
	} {
		if _, err := s.Topic(ctx, u); !errors.Is(err, sanafeed.ErrNotFound) {
			t.Errorf("Topic(%s) err = %v, want ErrNotFound", u, err)
		}
	}
	// The hash follows the content.
	before, _ := s.Topic(ctx, "http://feeds.test/feeds/fr.atom")
	st.update(func(arts []sanafeed.Article) []sanafeed.Article {
		arts[7].Title = "Damas un, modifié"
		return arts
	})
	after, _ := s.Topic(ctx, "http://feeds.test/feeds/fr.atom")
	if before.Hash == after.Hash {
		t.Error("hash unchanged after the French article changed")
	}
	topics, err := s.Topics(ctx)
	if err != nil || len(topics) != 6*3 || topics[0] != "http://feeds.test/feeds/all.rss" {
		t.Errorf("Topics() = %d %q, %v; want the OPML's 6 feeds in 3 formats", len(topics), topics, err)
	}
}
