package store_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/replica"
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

// replicaArticles returns n articles of the replica's synthetic
// stories as a poll stores them from their pages: the body's paragraphs
// as HTML, the summary, dateline, tags and category.
func replicaArticles(n int) []sanafeed.Article {
	truth := replica.New(replica.Options{Synthetic: n}).Truth()
	arts := make([]sanafeed.Article, len(truth))
	for i, e := range truth {
		arts[i] = sanafeed.Article{Lang: e.Lang, PostID: e.PostID, URL: "https://sana.sy" + e.Path, Title: e.Title,
			Content: "<p>" + strings.Join(e.Body, "</p>\n<p>") + "</p>", Summary: summary(e),
			Dateline: e.Dateline, Tags: e.Tags, Categories: []sanafeed.Tag{e.Category}, From: sanafeed.FromPage,
			Published: e.Published, Modified: e.Modified}
		if e.Image != "" {
			arts[i].Image = "https://sana.sy" + e.Image
		}
	}
	return arts
}

// BenchmarkUsage stores 10,000 replica articles, in batches of 500 as
// polls would, and reports the bytes in use per article, in all and in
// the articles bucket (run with -benchtime 1x; -v lists every bucket).
func BenchmarkUsage(b *testing.B) {
	arts := replicaArticles(10000)
	for b.Loop() {
		db, _ := mustOpen(b)
		for i := 0; i < len(arts); i += 500 {
			testkit.Put(b, db, arts[i:min(i+500, len(arts))]...)
		}
		u, err := db.Usage(b.Context())
		testkit.Check(b, err)
		n := float64(u.Articles)
		b.ReportMetric(float64(u.Total)/n, "B/article")
		b.ReportMetric(float64(u.Buckets["articles"])/n, "B/record")
		for name, v := range u.Buckets {
			if v > 0 {
				b.Logf("%-16s %7.0f B/article", name, float64(v)/n)
			}
		}
		testkit.Check(b, db.Close())
	}
}

// summary returns the summary extraction gives e: its text after the
// dateline, cut.
func summary(e replica.Entry) string {
	text := strings.TrimPrefix(strings.Join(e.Body, " "), e.Dateline)
	return sanafeed.Summarize(strings.TrimLeft(text, " -–—:/|"))
}
