package link_test

import (
	"html"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/link"
	"github.com/sanafeed/sanafeed/replica"
)

// replicaArticles returns the replica's articles with n synthetic ones, as
// sanafeed stores them, and their true stories.
func replicaArticles(n int) ([]sanafeed.Article, map[string]string) {
	var arts []sanafeed.Article
	story := map[string]string{}
	for _, e := range replica.New(replica.Options{Synthetic: n}).Truth() {
		var b strings.Builder
		for _, p := range e.Body {
			b.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
		}
		a := sanafeed.Article{
			Lang: e.Lang, PostID: e.PostID, URL: "https://sana.sy" + e.Path, Title: e.Title,
			Content: b.String(), Dateline: e.Dateline, Image: e.Image, Tags: e.Tags, Published: e.Published,
		}
		arts = append(arts, a)
		story[a.Key()] = e.Story
	}
	return arts, story
}

var bench10k = sync.OnceValues(func() ([]sanafeed.Article, map[string]string) { return replicaArticles(10000) })

// BenchmarkLink10k links 10,000 synthetic replica articles (six editions,
// about a third of the stories translated) from scratch: feature
// extraction, blocking, scoring and clustering. The target is under 5 s
// per op on a 2-core machine.
func BenchmarkLink10k(b *testing.B) {
	arts, _ := bench10k()
	if len(arts) < 10000 {
		b.Fatalf("replica gave %d articles, want 10000 or more", len(arts))
	}
	arts = arts[:10000]
	b.ResetTimer()
	for b.Loop() {
		link.Link(arts, link.Options{})
	}
}

// BenchmarkQueryMatch matches a query that no article satisfies (Aleppo
// and a made-up name) against 1,000 synthetic replica articles: the work
// of a search feed per article read.
func BenchmarkQueryMatch(b *testing.B) {
	arts, _ := bench10k()
	arts = arts[:1000]
	q, err := link.CompileQuery([]string{"Aleppo", "Zqarbani"})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for i := range arts {
			q.Match(&arts[i])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(arts)), "ns/article")
}

// BenchmarkRepostsPoll is repost detection as one poll of the Arabic
// edition runs it: 20 new articles against the 1,000 the edition
// published before them (three days of SANA's busiest edition).
func BenchmarkRepostsPoll(b *testing.B) {
	all, _ := bench10k()
	var ar []sanafeed.Article
	for _, a := range all {
		if a.Lang == "ar" {
			ar = append(ar, a)
		}
	}
	if len(ar) < 1020 {
		b.Fatalf("replica gave %d Arabic articles, want 1020", len(ar))
	}
	news, recent := ar[:20], ar[20:1020] // newest first
	b.ResetTimer()
	for b.Loop() {
		link.Reposts(news, recent, link.RepostOptions{Window: 365 * 24 * time.Hour})
	}
}

// BenchmarkRepostsFirstPoll is repost detection as a first poll over
// 10,000 synthetic replica articles runs it: all of them new, every
// edition compared with itself.
func BenchmarkRepostsFirstPoll(b *testing.B) {
	arts, _ := bench10k()
	arts = arts[:10000]
	b.ResetTimer()
	for b.Loop() {
		link.Reposts(arts, nil, link.RepostOptions{})
	}
}
