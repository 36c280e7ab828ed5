package sanafeed

import (
	"testing"
	"time"
)

func TestTextChanged(t *testing.T) {
	page := Article{Title: "Road reopened", Content: "<p>Open.</p>", From: FromPage}
	feed := Article{Title: "Road reopened", Content: "<p>Open…</p>", From: FromFeed}
	tests := []struct {
		name     string
		old, cur Article
		want     bool
	}{
		{"same", page, page, false},
		{"title", page, Article{Title: "Road closed", Content: page.Content, From: FromPage}, true},
		{"title spacing", page, Article{Title: " Road  reopened", Content: page.Content, From: FromPage}, false},
		{"page text", page, Article{Title: page.Title, Content: "<p>Open again.</p>", From: FromPage}, true},
		{"first page read", feed, page, false},
	}
	for _, tt := range tests {
		if got := TextChanged(&tt.old, &tt.cur); got != tt.want {
			t.Errorf("%s: TextChanged() = %t, want %t", tt.name, got, tt.want)
		}
	}
}

// TestRevisedCountsRevisions: an article with a kept past text is revised
// when its current text was stored; one without, as SANA tells; webhook
// events say the same.
func TestRevisedCountsRevisions(t *testing.T) {
	pub := time.Date(2026, 2, 9, 13, 0, 0, 0, time.UTC)
	a := Article{Published: pub, Modified: pub.Add(time.Hour), Updated: pub.Add(3 * time.Hour)}
	if got := a.Revised(); !got.Equal(a.Modified) {
		t.Errorf("never edited: Revised() = %v, want Modified %v", got, a.Modified)
	}
	a.Revisions = 1
	if got := a.Revised(); !got.Equal(a.Updated) {
		t.Errorf("edited: Revised() = %v, want Updated %v", got, a.Updated)
	}
	if ev := NewEvent(EventUpdated, &a, a.Updated); !ev.Data.Updated.Equal(a.Updated) {
		t.Errorf("event updated %v, want %v", ev.Data.Updated, a.Updated)
	}
	a.Revisions, a.Reposts = 0, []string{"https://sana.sy/en/2/"}
	if got := a.Revised(); !got.Equal(a.Updated) {
		t.Errorf("repost folded: Revised() = %v, want Updated %v", got, a.Updated)
	}
}
