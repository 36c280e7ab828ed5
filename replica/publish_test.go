package replica

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// PublishAt publishes at the time asked, which the home page and the
// fresh feed show at once; Edit changes the title and body in place.
func TestPublishAtAndEdit(t *testing.T) {
	s, srv := serve(t, Options{})
	at := s.Now().Add(90 * time.Second)
	e, ok := s.PublishAt("fr", at)
	if !ok || !e.Published.Equal(at) || !s.Now().Equal(at) {
		t.Fatalf("PublishAt = %+v, %v; clock %v; want published at %v", e, ok, s.Now(), at)
	}
	if _, ok := s.PublishAt("xx", at); ok {
		t.Error("PublishAt in an unknown edition succeeded")
	}
	id := strconv.FormatInt(e.PostID, 10)
	if _, home := get(t, srv, "/fr/"); !strings.Contains(string(home), e.Path) {
		t.Errorf("home page does not list %s", e.Path)
	}
	if _, feed := get(t, srv, "/fr/feed/"); !strings.Contains(string(feed), "?p="+id) {
		t.Errorf("feed does not carry post %s", id)
	}
	later := at.Add(20 * time.Minute)
	ed, ok := s.Edit("fr", e.PostID, later)
	if !ok || ed.Title != e.Title+" (updated)" || !ed.Modified.Equal(later) || ed.Path != e.Path || len(ed.Body) != len(e.Body)+1 {
		t.Fatalf("Edit = %+v, %v", ed, ok)
	}
	if _, page := get(t, srv, e.Path); !strings.Contains(string(page), "Updated at") {
		t.Error("edited page lacks its new paragraph")
	}
	if _, ok := s.Edit("fr", 1, later); ok {
		t.Error("Edit of a post that does not exist succeeded")
	}
}
