package extract_test

import (
	"testing"

	"github.com/sanafeed/sanafeed/extract"
)

// BenchmarkPage extracts a realistic English Foxiz page (~22 KB).
func BenchmarkPage(b *testing.B) {
	body := readFile(b, "testdata/en.html")
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := extract.Page(body, "https://sana.sy/en/syria/2290113/", "en"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPageReadability extracts a page of unknown markup through the
// readability fallback.
func BenchmarkPageReadability(b *testing.B) {
	body := readFile(b, "testdata/unknown-markup.html")
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := extract.Page(body, "https://sana.sy/en/culture/2290555/", "en"); err != nil {
			b.Fatal(err)
		}
	}
}
