package charset_test

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/sanafeed/sanafeed/charset"
)

// encode returns s in enc, failing the test when it cannot.
func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeXML(t *testing.T) {
	const (
		ar = "ارتفاع صادرات القطن السوري"
		fr = "Syrie : réouverture"
	)
	feed := func(decl, title string) string {
		return decl + "<rss><channel><title>" + title + "</title></channel></rss>"
	}
	win1256 := func(decl string) []byte { return encode(t, charmap.Windows1256, feed(decl, ar)) }
	tests := []struct {
		name, ctype, lang string
		body              []byte
		want              string // in the text
		invalid           int
	}{
		{"utf-8", "text/xml; charset=windows-1256", "ar", []byte(feed("", ar)), ar, -1},
		{"http header", "text/xml; charset=windows-1256", "", win1256(""), ar, -1},
		{"xml declaration", "text/xml", "", win1256(`<?xml version="1.0" encoding="windows-1256"?>`), ar, -1},
		{"header beats declaration", "text/xml; charset=cp1256", "", win1256(`<?xml version="1.0" encoding="iso-8859-1"?>`), ar, -1},
		{"header says utf-8 wrongly", "text/xml; charset=utf-8", "", win1256(`<?xml version="1.0" encoding="windows-1256"?>`), ar, -1},
		{"guessed for the edition", "text/xml", "ar", win1256(""), ar, -1},
		{"guessed from the bytes", "text/xml", "", win1256(""), ar, -1},
		{"latin-1 declared", "application/xml; charset=iso-8859-1", "fr", encode(t, charmap.ISO8859_1, feed("", fr)), fr, -1},
		{"latin-1 guessed", "", "", encode(t, charmap.ISO8859_1, feed("", fr)), fr, -1},
		{"utf-16 bom", "", "", encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), feed("", ar)), ar, -1},
		{"utf-8 bom", "", "", []byte("\xef\xbb\xbf" + feed("", ar)), ar, -1},
		{"damaged utf-8", "text/xml; charset=utf-8", "en", []byte(feed("", "Minister\u2019s visit\xc3\x28")), "Minister\u2019s visit\ufffd(", len("<rss><channel><title>Minister\u2019s visit")},
		// ASCII but for a broken byte: declared UTF-8, it is damaged UTF-8,
		// not windows-1252 ("visitÃ(").
		{"damaged ascii, header", "text/xml; charset=utf-8", "en", []byte(feed("", "Minister visit\xc3\x28")), "Minister visit\ufffd(", len("<rss><channel><title>Minister visit")},
		{"damaged ascii, declaration", "text/xml", "en", []byte(feed(`<?xml version="1.0" encoding="UTF-8"?>`, "Minister visit\xff")), "Minister visit\ufffd", len(`<?xml version="1.0" encoding="UTF-8"?><rss><channel><title>Minister visit`)},
		{"undeclared latin-1", "text/xml", "fr", encode(t, charmap.ISO8859_1, feed("", fr)), fr, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, invalid := charset.DecodeXML(tt.body, tt.ctype, tt.lang)
			if !strings.Contains(got, "<title>"+tt.want+"</title>") || invalid != tt.invalid {
				t.Errorf("DecodeXML() = %q, %d; want the title %q, %d", got, invalid, tt.want, tt.invalid)
			}
		})
	}
}

func TestDecodeHTML(t *testing.T) {
	const title = "استئناف الرحلات في مطار حلب"
	page := func(meta string) []byte {
		return encode(t, charmap.Windows1256, "<!DOCTYPE html><html><head>"+meta+"<title>"+title+"</title></head><body></body></html>")
	}
	tests := []struct {
		name, ctype, lang string
		body              []byte
	}{
		{"header", "text/html; charset=windows-1256", "", page("")},
		{"meta charset", "text/html", "", page(`<meta charset="windows-1256">`)},
		{"meta http-equiv", "text/html", "", page(`<meta http-equiv="Content-Type" content="text/html; charset=Windows-1256">`)},
		{"undeclared, Arabic edition", "text/html", "ar", page("")},
		{"utf-8 as it is", "text/html; charset=windows-1256", "", []byte("<title>" + title + "</title>")},
	}
	for _, tt := range tests {
		got := string(charset.DecodeHTML(tt.body, tt.ctype, tt.lang))
		if !strings.Contains(got, "<title>"+title+"</title>") {
			t.Errorf("%s: DecodeHTML() = %q", tt.name, got)
		}
	}
}

// TestDecodeHTMLDeclaredUTF8 checks that a page declared UTF-8, by its
// header or its <meta>, is read as UTF-8 however few valid sequences it
// has: its invalid bytes become U+FFFD, for the poller to refuse, never
// a legacy charset's letters.
func TestDecodeHTMLDeclaredUTF8(t *testing.T) {
	const damaged = "<title>Minister visits Aleppo\xc3\x28\xff</title>"
	const want = "<title>Minister visits Aleppo\ufffd(\ufffd</title>"
	for _, tt := range []struct{ name, ctype, body string }{
		{"header", "text/html; charset=UTF-8", "<html><head>" + damaged},
		{"meta charset", "text/html", `<html><head><meta charset="utf-8">` + damaged},
		{"meta http-equiv", "text/html", `<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">` + damaged},
	} {
		if got := string(charset.DecodeHTML([]byte(tt.body), tt.ctype, "en")); !strings.Contains(got, want) {
			t.Errorf("%s: DecodeHTML() = %q, want %q in it", tt.name, got, want)
		}
	}
	// Undeclared, the same bytes are a legacy charset's.
	if got := string(charset.DecodeHTML([]byte("<html><head>"+damaged), "text/html", "en")); !strings.Contains(got, "Aleppo\u00c3(\u00ff") {
		t.Errorf("undeclared: DecodeHTML() = %q, want windows-1252", got)
	}
}
