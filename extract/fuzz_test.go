package extract_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/sanafeed/sanafeed/extract"
)

// FuzzPage feeds arbitrary pages to Page, ListingPage and Sitemap: none may
// panic, and an article Page returns has an id, a title and content that
// Sanitize leaves as it is.
func FuzzPage(f *testing.F) {
	// The fixtures cut to their <article> keep inputs small (the fuzzer
	// minimises every new input it finds); the seed corpus in
	// testdata/fuzz/FuzzPage adds a <head>, a sitemap and odd pages.
	for _, tc := range pageCases {
		b, err := os.ReadFile(filepath.Join("testdata", tc.file+".html"))
		if err != nil {
			f.Fatal(err)
		}
		if i, j := bytes.Index(b, []byte("<article")), bytes.Index(b, []byte("</article>")); i >= 0 && j > i {
			b = b[i : j+len("</article>")]
		}
		f.Add(b, tc.url)
	}
	f.Fuzz(func(t *testing.T, body []byte, pageURL string) {
		a, err := extract.Page(body, pageURL, "en")
		if err == nil {
			if a.PostID <= 0 || a.Title == "" {
				t.Errorf("Page() = id %d title %q and no error", a.PostID, a.Title)
			}
			if again := extract.Sanitize(a.Content, pageURL); again != a.Content {
				t.Errorf("content not stable under Sanitize:\n%q\n%q", a.Content, again)
			}
			if msg := unsafeHTML(a.Content); msg != "" {
				t.Errorf("content holds %s: %q", msg, a.Content)
			}
		}
		_, _ = extract.ListingPage(body, pageURL, "https://sana.sy/en/")
		_, _ = extract.Sitemap(body)
	})
}

// FuzzSanitize checks that Sanitize never panics, that its output is
// stable under Sanitize and that it holds nothing executable.
func FuzzSanitize(f *testing.F) {
	for _, v := range xssVectors {
		f.Add(v, "https://sana.sy/en/syria/1/")
	}
	f.Fuzz(func(t *testing.T, s, base string) {
		out := extract.Sanitize(s, base)
		if again := extract.Sanitize(out, base); again != out {
			t.Errorf("Sanitize(%q, %q) not stable:\n once  %q\n twice %q", s, base, out, again)
		}
		if msg := unsafeHTML(out); msg != "" {
			t.Errorf("Sanitize(%q, %q) = %q holds %s", s, base, out, msg)
		}
	})
}
