package fetch_test

import (
	"io"
	"net/http/httptest"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/fetch"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/replica"
)

// TestTruncatedFeedSalvage cuts every edition's feed at many points and
// checks what is salvaged is never a cut-down item: each article carries
// its post's full title, or is left out.
func TestTruncatedFeedSalvage(t *testing.T) {
	t.Parallel()
	site := replica.New(replica.Options{})
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	titles := map[string]string{}
	for _, a := range site.Truth() {
		titles[sanafeed.ArticleKey(a.Lang, a.PostID)] = a.Title
	}
	step := 31 // a prime, so that from item to item the cuts fall at varied offsets within it
	if fetch.RaceEnabled {
		step = 97
	}
	for _, e := range sanafeed.Editions {
		resp, err := srv.Client().Get(srv.URL + e.Path + "feed/?fresh=1")
		testkit.Check(t, err)
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		testkit.Check(t, err)
		ctype := resp.Header.Get("Content-Type")
		t.Run(e.Lang, func(t *testing.T) {
			t.Parallel()
			src := sanafeed.Source{Lang: e.Lang, URL: "https://sana.sy" + e.Path}
			bad, salvaged := 0, 0
			for cut := 0; cut < len(body); cut += step {
				f, err := fetch.ParseFeed(body[:cut], ctype, src)
				if err != nil {
					continue
				}
				salvaged += len(f.Articles)
				for _, a := range f.Articles {
					if want, ok := titles[a.Key()]; ok && a.Title != want && bad < 3 {
						bad++
						t.Errorf("cut at %d of %d: %s titled %q, want %q", cut, len(body), a.Key(), a.Title, want)
					}
				}
			}
			if salvaged == 0 {
				t.Error("nothing salvaged from any cut")
			}
		})
	}
}
