package store_test

import (
	"io"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/replica"
)

// replicaPages returns n article pages of the replica, spread over its
// editions, as a poll keeps them, and the articles read from them.
func replicaPages(b *testing.B, n int) ([]sanafeed.KeptPage, []sanafeed.Article) {
	b.Helper()
	site := replica.New(replica.Options{Synthetic: n})
	srv := httptest.NewServer(site)
	defer srv.Close()
	truth := site.Truth()
	pages := make([]sanafeed.KeptPage, n)
	arts := make([]sanafeed.Article, n)
	for i := range n {
		e := truth[i*len(truth)/n]
		resp, err := srv.Client().Get(srv.URL + e.Path)
		testkit.Check(b, err)
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		testkit.Check(b, err)
		key := sanafeed.ArticleKey(e.Lang, e.PostID)
		pages[i] = sanafeed.KeptPage{Key: key, URL: srv.URL + e.Path, ContentType: resp.Header.Get("Content-Type"),
			Fetched: t0, Body: body}
		arts[i] = sanafeed.Article{Lang: e.Lang, PostID: e.PostID, URL: "https://sana.sy" + e.Path, Title: e.Title,
			Content: "<p>" + strings.Join(e.Body, "</p>\n<p>") + "</p>", Dateline: e.Dateline, Tags: e.Tags,
			From: sanafeed.FromPage, Published: e.Published, Modified: e.Modified}
	}
	return pages, arts
}

// seedKept returns n copies of the real SANA page under keys en/1 to en/n.
func seedKept(b *testing.B, n int) []sanafeed.KeptPage {
	b.Helper()
	seed, err := os.ReadFile(seedPage)
	testkit.Check(b, err)
	pages := make([]sanafeed.KeptPage, n)
	for i := range pages {
		pages[i] = kept(sanafeed.ArticleKey("en", int64(i+1)), t0, string(seed))
	}
	return pages
}

// BenchmarkPutPages keeps batches of 10 replica article pages (about 25
// KB each) under new keys: compression, one transaction and one fsync
// per batch.
func BenchmarkPutPages(b *testing.B) {
	src, _ := replicaPages(b, 200)
	db, _ := mustOpen(b)
	batch := make([]sanafeed.KeptPage, 10)
	raw, n := 0, 0
	for b.Loop() {
		for i := range batch {
			p := src[n%len(src)]
			p.Key = sanafeed.ArticleKey("en", int64(n+1))
			batch[i] = p
			raw += len(p.Body)
			n++
		}
		if err := db.PutPages(b.Context(), batch...); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(raw / b.N))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/page")
}

// BenchmarkPage reads one of 200 kept replica pages.
func BenchmarkPage(b *testing.B) {
	pages, _ := replicaPages(b, 200)
	db, _ := mustOpen(b)
	testkit.Check(b, db.PutPages(b.Context(), pages...))
	i := 0
	for b.Loop() {
		if _, ok, err := db.Page(b.Context(), pages[i%len(pages)].Key); !ok || err != nil {
			b.Fatalf("Page() = _, %v, %v", ok, err)
		}
		i++
	}
}

// BenchmarkKeptPageSize reports what keeping pages costs in the file,
// per page: the raw body (raw-B/page), its record (record-B/page), what
// the pages bucket allocates (bucket-B/page), and the growth of the
// file's used part over a store of the same articles without pages
// (file-B/page) and of the file itself (disk-B/page: bbolt grows a file
// under 16 MB to the next power of two), beside the used part of the
// store without pages per article (articles-B/page). "seed" is 200 copies of the real SANA page (its
// visible text only) without articles, "replica" 200 rendered replica
// article pages and their articles, stored in polls of 10 articles then
// their 10 pages.
func BenchmarkKeptPageSize(b *testing.B) {
	b.Run("seed", func(b *testing.B) {
		pages := seedKept(b, 200)
		for b.Loop() {
			keepSize(b, pages, nil)
		}
	})
	b.Run("replica", func(b *testing.B) {
		pages, arts := replicaPages(b, 200)
		for b.Loop() {
			keepSize(b, pages, arts)
		}
	})
}

// keepSize stores arts and pages in polls of 10 in a fresh store, arts
// alone in another, and reports the sizes BenchmarkKeptPageSize does.
func keepSize(b *testing.B, pages []sanafeed.KeptPage, arts []sanafeed.Article) {
	with, _ := mustOpen(b)
	without, _ := mustOpen(b)
	raw, rec := 0, 0
	for i := 0; i < len(pages); i += 10 {
		j := min(i+10, len(pages))
		if arts != nil {
			testkit.Put(b, with, arts[i:j]...)
			testkit.Put(b, without, arts[i:j]...)
		}
		testkit.Check(b, with.PutPages(b.Context(), pages[i:j]...))
	}
	for _, p := range pages {
		raw += len(p.Body)
		rec += len(with.RawPage(p.Key))
	}
	dataWith, bucket := with.Sizes()
	dataWithout, _ := without.Sizes()
	diskWith, diskWithout := fileSize(b, with.Path), fileSize(b, without.Path)
	n := float64(len(pages))
	b.ReportMetric(float64(raw)/n, "raw-B/page")
	b.ReportMetric(float64(rec)/n, "record-B/page")
	b.ReportMetric(float64(bucket)/n, "bucket-B/page")
	b.ReportMetric(float64(dataWith-dataWithout)/n, "file-B/page")
	b.ReportMetric(float64(diskWith-diskWithout)/n, "disk-B/page")
	if arts != nil {
		b.ReportMetric(float64(dataWithout)/n, "articles-B/page")
	}
}

// fileSize returns the size of the file at path.
func fileSize(b *testing.B, path string) int64 {
	fi, err := os.Stat(path)
	testkit.Check(b, err)
	return fi.Size()
}

// BenchmarkPageLevels compresses the real SANA page and 200 replica
// pages at the zstd levels considered for kept pages (store uses
// SpeedDefault): bytes per page, time per page, and the heap one encoder
// holds.
func BenchmarkPageLevels(b *testing.B) {
	seed := seedKept(b, 1)
	replicaSet, _ := replicaPages(b, 200)
	for _, lv := range []zstd.EncoderLevel{zstd.SpeedFastest, zstd.SpeedDefault, zstd.SpeedBetterCompression, zstd.SpeedBestCompression} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(lv), zstd.WithEncoderConcurrency(1))
		testkit.Check(b, err)
		enc.EncodeAll(replicaSet[0].Body, nil) // tables are made on first use
		runtime.GC()
		runtime.ReadMemStats(&after)
		encMB := float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
		for _, set := range []struct {
			name  string
			pages []sanafeed.KeptPage
		}{{"seed", seed}, {"replica", replicaSet}} {
			b.Run(set.name+"/"+lv.String(), func(b *testing.B) {
				z, raw, n := 0, 0, 0
				for b.Loop() {
					p := set.pages[n%len(set.pages)]
					z += len(enc.EncodeAll(p.Body, nil))
					raw += len(p.Body)
					n++
				}
				b.SetBytes(int64(raw / n))
				b.ReportMetric(float64(z)/float64(n), "B/page")
				b.ReportMetric(float64(raw)/float64(z), "ratio")
				b.ReportMetric(encMB, "encoder-MB")
			})
		}
	}
}
