package store

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
)

// recordArticle returns an article with a story-sized Content.
func recordArticle() sanafeed.Article {
	t := time.Date(2026, 2, 9, 13, 0, 0, 0, time.UTC)
	return sanafeed.Article{Lang: "en", PostID: 1, URL: "https://sana.sy/en/syria/1/", Title: "Story <1>",
		Content:  strings.Repeat("<p>DAMASCUS, Feb. 9 (SANA) – A paragraph of a SANA story & more.</p>\n", 40),
		Summary:  "A paragraph of a SANA story & more.",
		Dateline: "DAMASCUS", Tags: []sanafeed.Tag{{Slug: "syria", Name: "Syria"}}, From: sanafeed.FromPage,
		Published: t, FirstSeen: t, Updated: t, Version: 3, Cluster: "c1",
		Translations: []sanafeed.Link{{Lang: "ar", URL: "https://sana.sy/?p=2"}}}
}

// TestArticleRecord pins the second record format: the format byte, the
// head without the text, the text compressed; decodeHead reads the head
// alone, and records of the first format (JSON) still decode.
func TestArticleRecord(t *testing.T) {
	a := recordArticle()
	rec, err := encodeArticle(&a)
	if err != nil {
		t.Fatal(err)
	}
	if rec[0] != articleFormat || len(rec) > len(a.Content)/4 {
		t.Fatalf("record of %d bytes starting %#x; want %#x and under a quarter of the %d of Content",
			len(rec), rec[0], articleFormat, len(a.Content))
	}
	want := a
	want.Translations = nil
	got, err := decodeArticle(rec)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeArticle() = %+v, %v; want %+v", got, err, want)
	}
	head := want
	head.Summary, head.Content = "", ""
	r, err := splitArticle(rec)
	if err != nil {
		t.Fatal(err)
	}
	// A frame that does not decompress: the head does not read it.
	for i := len(rec) - len(r.z); i < len(rec); i++ {
		rec[i] ^= 0x5a
	}
	if got, err := decodeHead(rec); err != nil || !reflect.DeepEqual(got, head) {
		t.Errorf("decodeHead(spoiled frame) = %+v, %v; want %+v", got, err, head)
	}
	if _, err := decodeArticle(rec); err == nil {
		t.Error("decodeArticle(spoiled frame): no error")
	}

	old, err := json.Marshal(want) // the first format
	if err != nil {
		t.Fatal(err)
	}
	if got, err := decodeArticle(old); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("decodeArticle(JSON) = %+v, %v; want %+v", got, err, want)
	}
	if got, err := decodeHead(old); err != nil || !reflect.DeepEqual(got, head) {
		t.Errorf("decodeHead(JSON) = %+v, %v; want %+v", got, err, head)
	}
}

// TestArticleRecordEmptyText stores no frame for an article without
// Summary or Content.
func TestArticleRecordEmptyText(t *testing.T) {
	a := recordArticle()
	a.Summary, a.Content, a.Translations = "", "", nil
	rec, err := encodeArticle(&a)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(rec, []byte("}\x00\x00")) {
		t.Errorf("record ends % x; want the head then two zero lengths", rec[max(0, len(rec)-4):])
	}
	if got, err := decodeArticle(rec); err != nil || !reflect.DeepEqual(got, a) {
		t.Errorf("decodeArticle() = %+v, %v; want %+v", got, err, a)
	}
}

// TestArticleRecordShort fails on every truncation of a record, without
// panicking.
func TestArticleRecordShort(t *testing.T) {
	a := recordArticle()
	rec, err := encodeArticle(&a)
	if err != nil {
		t.Fatal(err)
	}
	for n := 1; n < len(rec); n++ {
		if _, err := decodeArticle(rec[:n]); err == nil {
			t.Fatalf("decodeArticle(first %d of %d bytes): no error", n, len(rec))
		}
	}
}
