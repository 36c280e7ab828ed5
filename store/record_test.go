package store_test

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/server"
	"github.com/sanafeed/sanafeed/store"
)

// garbage is what a damaged article or cluster record holds instead of JSON.
var garbage = []byte(`{"title": "Story en 3", \x00\x17 garbage`)

// corruptStore returns a store holding en/1 to en/5 and ar/1 to ar/5,
// with the record of en/3 replaced by garbage and the cluster linking
// en/2 and ar/2 too, and the buffer its Logger writes to.
func corruptStore(t *testing.T) (*store.DB, *testkit.SyncBuffer) {
	t.Helper()
	db, _ := mustOpen(t)
	var log testkit.SyncBuffer
	db.Logger = slog.New(slog.NewTextHandler(&log, nil))
	for i := range 5 {
		testkit.Put(t, db, article("en", int64(i+1), i, "t"), article("ar", int64(i+1), i, "t"))
	}
	ctx := t.Context()
	_, err := db.SetClusters(ctx, map[string]string{"en/2": "c2", "ar/2": "c2", "en/4": "c4", "ar/4": "c4"})
	testkit.Check(t, err)
	testkit.Check(t, db.SetRawArticle("en/3", garbage))
	testkit.Check(t, db.SetRawCluster("c2", garbage))
	return db, &log
}

// TestCorruptRecordSkipped reads around a record that does not decode:
// every query that lists articles skips it (and a cluster that does not
// decode gives no translations), the store counts each such record once
// and logs it once.
func TestCorruptRecordSkipped(t *testing.T) {
	db, log := corruptStore(t)
	ctx := t.Context()
	for range 2 { // the second round meets them again: still counted once
		got, err := db.Latest(ctx, sanafeed.Query{Lang: "en"})
		testkit.Check(t, err)
		if want := []string{"en/5", "en/4", "en/2", "en/1"}; !slices.Equal(keys(got), want) {
			t.Errorf("Latest(en) = %v, want %v", keys(got), want)
		}
		for _, a := range got {
			if n := len(a.Translations); (a.Key() == "en/4") != (n == 1) {
				t.Errorf("Latest(en): %s has %d translations", a.Key(), n)
			}
		}
		got, err = db.Latest(ctx, sanafeed.Query{Tag: "t", Limit: 3})
		testkit.Check(t, err)
		if want := []string{"ar/5", "en/5", "ar/4"}; !slices.Equal(keys(got), want) {
			t.Errorf("Latest(tag t, 3) = %v, want %v", keys(got), want)
		}
		got, err = db.Since(ctx, t0)
		testkit.Check(t, err)
		if len(got) != 9 || slices.Contains(keys(got), "en/3") {
			t.Errorf("Since() = %v, want the 9 others", keys(got))
		}
		got, err = db.BetweenHeads(ctx, t0, t0.Add(time.Hour))
		testkit.Check(t, err)
		if len(got) != 9 || slices.Contains(keys(got), "en/3") {
			t.Errorf("BetweenHeads() = %v, want the 9 others", keys(got))
		}
		known, err := db.Known(ctx, []string{"en/3", "en/4"})
		testkit.Check(t, err)
		if _, ok := known["en/4"]; !ok || len(known) != 1 {
			t.Errorf("Known(en/3, en/4) = %v, want en/4 alone", known)
		}
		_, err = db.Article(ctx, "en/3")
		if !errors.Is(err, sanafeed.ErrNotFound) || !errors.Is(err, store.ErrCorrupt) {
			t.Errorf("Article(en/3) = %v, want an error matching ErrNotFound and ErrCorrupt", err)
		}
	}
	if n := db.Corrupt(); n != 2 {
		t.Errorf("Corrupt() = %d, want 2 (en/3 and cluster c2)", n)
	}
	for _, key := range []string{"key=en/3", "key=c2"} {
		if n := strings.Count(log.String(), key); n != 1 {
			t.Errorf("log names %s %d times, want once:\n%s", key, n, log.String())
		}
	}
}

// TestPutSkipsCorruptRecord stores a batch that observes an article whose
// record does not decode: the others are stored, that one is skipped and
// reported, as an invalid article would be.
func TestPutSkipsCorruptRecord(t *testing.T) {
	db, _ := corruptStore(t)
	edited := article("en", 3, 2, "t")
	edited.Title = "Story en 3, edited"
	changes, err := db.PutArticles(t.Context(), []sanafeed.Article{edited, article("en", 6, 6), edited})
	if !errors.Is(err, store.ErrCorrupt) || !strings.Contains(err.Error(), "en/3") {
		t.Errorf("PutArticles() err = %v, want one naming en/3 and matching ErrCorrupt", err)
	}
	if len(changes) != 1 || changes[0].Article.Key() != "en/6" || changes[0].Kind != sanafeed.Created {
		t.Errorf("PutArticles() changes = %v, want en/6 created", changes)
	}
	if n := db.Corrupt(); n != 1 {
		t.Errorf("Corrupt() = %d, want 1", n)
	}
}

// TestServeCorruptRecord serves the feeds and the index page of a store
// with a record that does not decode: they answer 200 with every other
// article, not 500 on every request, and /healthz reports the records
// skipped as "degraded", still 200.
func TestServeCorruptRecord(t *testing.T) {
	db, _ := corruptStore(t)
	srv := httptest.NewServer((&server.Server{Store: db, PublicURL: "http://feeds.test"}).Handler())
	defer srv.Close()
	if code, body := get(t, srv.URL+"/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Errorf("GET /healthz before any read = %d %q, want 200 ok", code, body)
	}
	for _, p := range []string{"/feeds/en.atom", "/feeds/all.json", "/feeds/en/tags/t.rss", "/"} {
		code, body := get(t, srv.URL+p)
		if code != http.StatusOK || !strings.Contains(body, "Story en 4") || strings.Contains(body, "Story en 3") {
			t.Errorf("GET %s = %d, want 200 with en/4 and without en/3:\n%.300s", p, code, body)
		}
	}
	code, body := get(t, srv.URL+"/healthz")
	if code != http.StatusOK || !strings.HasPrefix(body, "degraded\nstore: 2 corrupt records skipped") {
		t.Errorf("GET /healthz = %d %q, want 200 degraded with 2 records", code, body)
	}
	code, body = get(t, srv.URL+"/healthz?format=json")
	var rep struct {
		Status string
		Store  struct {
			Status         string
			CorruptRecords int `json:"corrupt_records"`
		}
	}
	testkit.Check(t, json.Unmarshal([]byte(body), &rep))
	if code != http.StatusOK || rep.Status != "degraded" || rep.Store.Status != "degraded" || rep.Store.CorruptRecords != 2 {
		t.Errorf("GET /healthz?format=json = %d %+v, want 200, degraded, store degraded with 2 corrupt records", code, rep)
	}
}

// get returns the status and body of a GET of u.
func get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	testkit.Check(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	testkit.Check(t, err)
	return resp.StatusCode, string(b)
}
