package store

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
)

// A cluster's members are stored short (key, URL, title) and read back
// whole, lang and public id from the key; records in the first, long form
// still read the same.
func TestMemberStoredForm(t *testing.T) {
	m := member{Key: "en/2289847", Lang: "en", URL: "https://sana.sy/en/politics/2289847/", ID: "tag:sana.sy,2025:en/2289847", Title: "T"}
	buf, err := json.Marshal([]member{m})
	if err != nil {
		t.Fatal(err)
	}
	if want := `[{"k":"en/2289847","u":"https://sana.sy/en/politics/2289847/","t":"T"}]`; string(buf) != want {
		t.Errorf("stored %s, want %s", buf, want)
	}
	long := `[{"key":"en/2289847","lang":"en","url":"https://sana.sy/en/politics/2289847/","id":"tag:sana.sy,2025:en/2289847","title":"T"}]`
	for _, rec := range []string{string(buf), long} {
		var got []member
		if err := json.Unmarshal([]byte(rec), &got); err != nil || len(got) != 1 || got[0] != m {
			t.Errorf("read %s = %+v, %v; want %+v", rec, got, err, m)
		}
	}
	var bad []member
	if err := json.Unmarshal([]byte(`[{"k":"nokey"}]`), &bad); err == nil {
		t.Error("a member without a lang/id key read without error")
	}
}

// FirstSeen and Updated are kept to the second.
func TestStampSeconds(t *testing.T) {
	now := time.Date(2026, 2, 9, 12, 0, 0, 123456789, time.FixedZone("+03", 3*3600))
	if got := stamp(now); got.Nanosecond() != 0 || got.Location() != time.UTC || !got.Equal(now.Truncate(time.Second)) {
		t.Errorf("stamp(%v) = %v", now, got)
	}
}

// A GUID that is the post's ?p= shortlink is not stored (it follows from
// the post id); any other GUID is.
func TestGUIDStoredUnlessShortlink(t *testing.T) {
	for _, tt := range []struct{ guid, want string }{
		{"https://sana.sy/en/?p=2289847", ""},
		{"https://sana.sy/en/politics/2289847/", "https://sana.sy/en/politics/2289847/"},
		{"https://sana.sy/en/?p=1", "https://sana.sy/en/?p=1"},
	} {
		a := sanafeed.Article{Lang: "en", PostID: 2289847, URL: "https://sana.sy/en/politics/2289847/", GUID: tt.guid, Title: "T", From: sanafeed.FromFeed}
		buf, err := encodeArticle(&a)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeArticle(buf)
		if err != nil || got.GUID != tt.want || got.Title != "T" {
			t.Errorf("GUID %q stored as %q (%v), want %q", tt.guid, got.GUID, err, tt.want)
		}
	}
}
