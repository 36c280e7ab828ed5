package refresh

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
)

// prepareWhile queues noted articles only while it runs, and stop leaves
// nothing behind: a long-running serve must not grow a queue nobody reads.
func TestPrepareWhileStops(t *testing.T) {
	k := newLinker(nil, slog.New(slog.DiscardHandler), nil)
	stop := k.prepareWhile(t.Context())
	arts := []sanafeed.Change{
		{Article: sanafeed.Article{Lang: "en", PostID: 1, Title: "Minister meets delegation", Content: "<p>Talks in Damascus.</p>"}},
		{Article: sanafeed.Article{Lang: "fr", PostID: 2, Title: "Le ministre reçoit une délégation", Content: "<p>Entretiens à Damas.</p>"}},
	}
	k.note(arts)
	stop()
	k.note(arts)
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.preparing || k.prepQ != nil {
		t.Errorf("after stop: preparing %v, %d queued", k.preparing, len(k.prepQ))
	}
	if len(k.pending) != 2 {
		t.Errorf("pending = %d, want both noted articles (noted twice) kept for the flush", len(k.pending))
	}
}

// A flush reads the articles around what was noted, not the whole store:
// an undated article, or one from weeks back, once pulled every stored
// article into memory (2.7 GB for a 100,000-article store). Past the 72 h
// around each noted article, a stretch grows only while its window holds
// at most maxArts.
func TestFlushReadsOnlyAround(t *testing.T) {
	db := testkit.OpenStore(t, "")
	now := time.Now().UTC().Truncate(time.Second)
	var arts []sanafeed.Article
	for i := range 300 { // one every 5 hours over ~62 days
		arts = append(arts, sanafeed.Article{Lang: sanafeed.Editions[i%6].Lang, PostID: int64(1000 + i),
			URL: "https://sana.sy/en/?p=" + strconv.Itoa(1000+i), Title: "Story " + strconv.Itoa(i),
			Content: "<p>Officials met in Damascus on day " + strconv.Itoa(i) + ".</p>", From: sanafeed.FromPage,
			Published: now.Add(-time.Duration(i) * 5 * time.Hour)})
	}
	undated := sanafeed.Article{Lang: "fr", PostID: 9, URL: "https://sana.sy/fr/?p=9", Title: "Sans date",
		Content: "<p>Un texte.</p>", From: sanafeed.FromFeed}
	changes, err := db.PutArticles(t.Context(), append(arts, undated))
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	k := newLinker(db, slog.New(slog.NewJSONHandler(&logs, nil)), nil)
	k.maxArts = 40 // the store holds 301: a window of 40 would take it whole
	var noted []sanafeed.Change
	for _, c := range changes {
		if c.Article.PostID == 9 || c.Article.PostID == 1290 { // undated (first seen now), and ~60 days back
			noted = append(noted, c)
		}
	}
	if len(noted) != 2 {
		t.Fatalf("%d changes picked, want 2", len(noted))
	}
	k.note(noted)
	if err := k.flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	var line struct {
		Noted, Articles int
	}
	if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
		t.Fatalf("log %q: %v", logs.String(), err)
	}
	// Within 72 h either side: about 29 around each, 60 at most.
	if line.Noted != 2 || line.Articles < 20 || line.Articles > 60 {
		t.Errorf("flush linked %d articles for %d noted; want those within 72 h of them only (20-60 of 301)", line.Articles, line.Noted)
	}
}
