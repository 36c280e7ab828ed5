package extract_test

import (
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed/extract"
)

// bidiControls are the bidi embedding, override and isolate controls
// (U+202A–U+202E, U+2066–U+2069): in a title they reverse how a reader
// shows the text after them ("gpj.exe" for "exe.jpg").
const bidiControls = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

// TestBidiControlsStripped checks that the titles, tag and category names
// and author of a page, and the titles of a listing, carry no bidi
// controls.
func TestBidiControlsStripped(t *testing.T) {
	page := "<!DOCTYPE html><html lang='en'><head><title>x</title><meta name='author' content='\u202eSANA\u202c'>" +
		"</head><body class='single-post postid-5'><div class='breadcrumb-inner'><a href='https://sana.sy/en/syria/'>Sy\u2067ria\u2069</a></div>" +
		"<article id='post-5'><h1 class='s-title'>Minister \u202ereceives\u202c envoy</h1>" +
		"<div class='entry-content'><p>DAMASCUS, (SANA) – The text.</p></div>" +
		"<div class='efoot'><div class='tag-bar'><a href='https://sana.sy/en/tag/damascus/' rel='tag'>\u202dDamascus\u202c</a></div></div>" +
		"</article></body></html>"
	a, err := extract.Page([]byte(page), "https://sana.sy/en/syria/5/", "en")
	if err != nil {
		t.Fatal(err)
	}
	got := []string{a.Title, a.Author}
	for _, tg := range append(a.Tags, a.Categories...) {
		got = append(got, tg.Name)
	}
	want := []string{"Minister receives envoy", "SANA", "Damascus", "Syria"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("title, author, tags, categories = %q, want %q", got, want)
	}

	listing := "<html><body><main><a href='https://sana.sy/en/syria/7/'>Story \u202eseven\u202c</a>" +
		"<a href='https://sana.sy/en/syria/8/' title='\u2066Story eight\u2069'></a></main></body></html>"
	l, err := extract.ListingPage([]byte(listing), "https://sana.sy/en/", "https://sana.sy/en/")
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range l.Articles {
		if strings.ContainsAny(it.Title, bidiControls) {
			t.Errorf("listing title %q carries bidi controls", it.Title)
		}
	}
}
