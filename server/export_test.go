package server

import (
	"context"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
)

// TestExportStreams checks that Export hands each document to fn as it
// renders it and keeps none: the cache holds no more documents, and no
// more bytes, during and after an export of 60 tag feeds than before it,
// and each feed is handed over before the next is rendered.
func TestExportStreams(t *testing.T) {
	s, st, h := newTest(t)
	st.update(func(a []sanafeed.Article) []sanafeed.Article { return append(a, bigTagged(60, 2<<10)...) })
	do(h, "GET", "/feeds/en.rss") // a cached document, which the export may use
	before, docs0 := heldBytes(s.docs)
	maxHeld, maxDocs, tagFeeds := 0, 0, 0
	prev := st.latest.Load()
	err := s.Export(context.Background(), func(path string, body []byte) error {
		held, docs := heldBytes(s.docs)
		maxHeld, maxDocs = max(maxHeld, held), max(maxDocs, docs)
		n := st.latest.Load()
		if strings.HasPrefix(path, "/feeds/") && strings.Contains(path, "/tags/") {
			tagFeeds++
			if n-prev != 1 {
				t.Errorf("%s handed over after %d renders since the last, want 1", path, n-prev)
			}
		}
		prev = n
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if tagFeeds < 60*len(formats) {
		t.Errorf("%d tag feeds exported, want at least %d", tagFeeds, 60*len(formats))
	}
	if maxDocs > docs0 || maxHeld > before {
		t.Errorf("the cache held up to %d documents (%d bytes) during the export, %d (%d bytes) before: an export must not keep what it renders",
			maxDocs, maxHeld, docs0, before)
	}
}
