package store

import (
	"bytes"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
)

// TestPageRecord pins the layout of a page record: the format byte, the
// fetch time, the URL and content type, the body's length, the body.
func TestPageRecord(t *testing.T) {
	c, err := pageCodec()
	if err != nil {
		t.Fatal(err)
	}
	p := sanafeed.KeptPage{Key: "en/1", URL: "u", ContentType: "ct",
		Fetched: time.Date(2026, 2, 9, 13, 0, 0, 5, time.UTC), Body: []byte("<p>body</p>")}
	rec := c.encodePage(&p)
	head := append([]byte{pageFormat}, u64(sortTime(p.Fetched))...)
	head = append(head, 1, 'u', 2, 'c', 't', byte(len(p.Body)))
	if !bytes.HasPrefix(rec, head) {
		t.Fatalf("record starts % x, want % x", rec[:min(len(rec), len(head))], head)
	}
	got, err := c.dec.DecodeAll(rec[len(head):], make([]byte, 0, len(p.Body)))
	if err != nil || !bytes.Equal(got, p.Body) {
		t.Errorf("after the header: %q, %v; want the body as one zstd frame", got, err)
	}
	if empty := c.encodePage(&sanafeed.KeptPage{Key: "en/1"}); len(empty) != 1+8+3 {
		t.Errorf("record of an empty page is %d bytes, want %d: no frame for no body", len(empty), 1+8+3)
	}
}

// FuzzPageRecord decodes arbitrary records: an error or a page, never a
// panic nor a body longer than the record says.
func FuzzPageRecord(f *testing.F) {
	c, err := pageCodec()
	if err != nil {
		f.Fatal(err)
	}
	t0 := time.Date(2026, 2, 9, 13, 0, 0, 0, time.UTC)
	for _, p := range []sanafeed.KeptPage{
		{Key: "en/1", URL: "https://sana.sy/en/1/", ContentType: "text/html", Fetched: t0, Body: bytes.Repeat([]byte("<p>SANA</p>"), 300)},
		{Key: "ar/2", Body: []byte("x")},
		{Key: "fr/3", Fetched: t0},
	} {
		f.Add(c.encodePage(&p))
	}
	f.Fuzz(func(t *testing.T, rec []byte) {
		h, err := decodePageHead("en/1", rec)
		if err != nil {
			return
		}
		body, err := c.body(&h)
		if err == nil && uint64(len(body)) != h.size {
			t.Errorf("body of %d bytes, record says %d", len(body), h.size)
		}
	})
}
