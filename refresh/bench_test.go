package refresh_test

import (
	"net/http/httptest"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/replica"
)

// BenchmarkFirstPoll polls the six editions of a replica with 1,200
// generated articles into an empty store: fetch over loopback, listings,
// extraction and storing, the ingest hot path. One op is one whole poll;
// articles/s is reported.
func BenchmarkFirstPoll(b *testing.B) {
	site := httptest.NewServer(replica.New(replica.Options{Synthetic: 1200}))
	defer site.Close()
	var srcs []sanafeed.Source
	for _, e := range sanafeed.Editions {
		srcs = append(srcs, sanafeed.Source{Lang: e.Lang, URL: site.URL + e.Path})
	}
	stored := 0
	for b.Loop() {
		b.StopTimer()
		p, db := newPoller(b, srcs...)
		b.StartTimer()
		for _, r := range p.PollOnce(b.Context()) {
			if r.Err != "" {
				b.Fatalf("%s: %s", r.Lang, r.Err)
			}
		}
		b.StopTimer()
		n := 0
		for _, e := range sanafeed.Editions {
			c, err := db.Count(b.Context(), e.Lang)
			if err != nil {
				b.Fatal(err)
			}
			n += c
		}
		stored += n
		b.StartTimer()
	}
	b.ReportMetric(float64(stored)/b.Elapsed().Seconds(), "articles/s")
}
