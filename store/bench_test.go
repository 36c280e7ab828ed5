package store_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/store"
)

// body is a page-sized article body (about 3 KB of HTML).
var body = strings.Repeat("<p>DAMASCUS, Feb. 9 (SANA) – A paragraph of a SANA story, about as long as theirs are.</p>\n", 32)

// benchArticle returns a full page observation of post id n.
func benchArticle(n int) sanafeed.Article {
	lang := sanafeed.Editions[n%len(sanafeed.Editions)].Lang
	a := article(lang, int64(n+1), n, "tag"+strconv.Itoa(n%40), "tag"+strconv.Itoa(n%7), "syria")
	a.From, a.Content, a.Image = sanafeed.FromPage, body, "https://sana.sy/wp-content/uploads/2026/02/photo-1024x683.jpg"
	return a
}

// loadBench fills a store with n articles in batches of 1000, every six
// consecutive ones (one per edition) clustered as translations.
func loadBench(b *testing.B, n int) *store.DB {
	b.Helper()
	db, _ := mustOpen(b)
	batch := make([]sanafeed.Article, 0, 1000)
	assign := make(map[string]string)
	for i := range n {
		a := benchArticle(i)
		batch = append(batch, a)
		assign[a.Key()] = "c" + strconv.Itoa(i/6)
		if len(batch) == cap(batch) || i == n-1 {
			testkit.Put(b, db, batch...)
			batch = batch[:0]
		}
	}
	_, err := db.SetClusters(b.Context(), assign)
	testkit.Check(b, err)
	return db
}

// BenchmarkPutArticles stores batches of 100 new page-sized articles: one
// transaction and one fsync per batch.
func BenchmarkPutArticles(b *testing.B) {
	db, _ := mustOpen(b)
	batch := make([]sanafeed.Article, 100)
	n := 0
	for b.Loop() {
		for i := range batch {
			batch[i] = benchArticle(n)
			n++
		}
		if _, err := db.PutArticles(b.Context(), batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/article")
}

// BenchmarkPutArticlesUnchanged re-puts a batch of 100 stored articles:
// nothing changes, so nothing is written.
func BenchmarkPutArticlesUnchanged(b *testing.B) {
	db, _ := mustOpen(b)
	batch := make([]sanafeed.Article, 100)
	for i := range batch {
		batch[i] = benchArticle(i)
	}
	testkit.Put(b, db, batch...)
	for b.Loop() {
		if _, err := db.PutArticles(b.Context(), batch); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLatest reads the newest 50 of 10,000 articles with their
// translations, as a served feed does.
func BenchmarkLatest(b *testing.B) {
	db := loadBench(b, 10000)
	for _, q := range []struct {
		name string
		q    sanafeed.Query
	}{
		{"all", sanafeed.Query{Limit: 50}},
		{"lang", sanafeed.Query{Lang: "en", Limit: 50}},
		{"lang+tag", sanafeed.Query{Lang: "en", Tag: "syria", Limit: 50}},
		{"tag", sanafeed.Query{Tag: "tag3", Limit: 50}},
	} {
		b.Run(q.name, func(b *testing.B) {
			for b.Loop() {
				got, err := db.Latest(b.Context(), q.q)
				if err != nil || len(got) != 50 {
					b.Fatalf("Latest() = %d articles, %v", len(got), err)
				}
			}
		})
	}
}

// BenchmarkArticle reads one article of 10,000 by key, translations
// filled in.
func BenchmarkArticle(b *testing.B) {
	db := loadBench(b, 10000)
	i := 0
	for b.Loop() {
		a := benchArticle(i * 7919 % 10000)
		if _, err := db.Article(b.Context(), a.Key()); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
