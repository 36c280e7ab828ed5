package feedgen_test

import (
	"strings"
	"testing"
)

// TestImageURLsChecked checks that an article image that is not an
// absolute http or https URL is written nowhere: not as RSS or Atom
// <media:content>, not as JSON Feed image. What the store holds from
// before the poller checked images must not reach a reader.
func TestImageURLsChecked(t *testing.T) {
	for _, img := range []string{"javascript:alert(1)", "data:image/svg+xml;base64,PHN2Zz4=", " JavaScript:alert(1)", "/relative.jpg", "ftp://sana.sy/p.jpg"} {
		a := article("en", 7)
		a.Image = img
		for _, format := range formats {
			b := string(render(t, feedOf(a), format))
			if strings.Contains(b, strings.TrimSpace(img)) || strings.Contains(b, "media:content") || strings.Contains(b, `"image"`) {
				t.Errorf("%s: image %q written:\n%s", format, img, b)
			}
		}
	}
	a := article("en", 8)
	a.Image = "https://sana.sy/wp-content/uploads/2026/02/p.jpg"
	for _, format := range formats {
		if b := string(render(t, feedOf(a), format)); !strings.Contains(b, a.Image) {
			t.Errorf("%s: the https image %q is missing:\n%s", format, a.Image, b)
		}
	}
}
