package server_test

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/replica"
	"github.com/sanafeed/sanafeed/server"
	"github.com/sanafeed/sanafeed/store"
)

// BenchmarkSearchFeed serves search feeds over a store of 100,000 of the
// replica's generated articles, each query new so that none is cached,
// and each asking for Aleppo and a word no article has: the worst case,
// a search that reads its whole bound (the newest 5,000 articles) and
// finds nothing. Run with -benchtime 20x: loading the store takes a
// minute or two.
func BenchmarkSearchFeed(b *testing.B) {
	db := testkit.OpenStore(b, filepath.Join(b.TempDir(), store.FileName))
	truth := replica.New(replica.Options{Synthetic: 100000}).Truth()
	batch := make([]sanafeed.Article, 0, 1000)
	for i, e := range truth {
		batch = append(batch, sanafeed.Article{Lang: e.Lang, PostID: e.PostID, URL: "https://sana.sy" + e.Path,
			Title: e.Title, Content: "<p>" + strings.Join(e.Body, "</p>\n<p>") + "</p>", Dateline: e.Dateline,
			Tags: e.Tags, From: sanafeed.FromPage, Published: e.Published})
		if len(batch) == cap(batch) || i == len(truth)-1 {
			testkit.Put(b, db, batch...)
			batch = batch[:0]
		}
	}
	srv := httptest.NewServer((&server.Server{Store: db, PublicURL: "http://feeds.test"}).Handler())
	defer srv.Close()
	b.Logf("%d articles stored", len(truth))
	n := 0
	for b.Loop() {
		n++
		resp, err := http.Get(srv.URL + "/feeds/search.atom?q=Aleppo+zq" + strconv.Itoa(n))
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("GET search %d: %v %v", n, resp, err)
		}
		resp.Body.Close()
	}
}
