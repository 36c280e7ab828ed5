package replica

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
)

var update = flag.Bool("update", false, "rewrite golden files")

// pinHost is the host the pinned pages are asked of, so that their
// absolute links do not depend on a test server's port.
const pinHost = "sana.test"

// linkRE finds the links of pages, feeds and sitemaps.
var linkRE = regexp.MustCompile(`(?:href="|<loc>|<link>)([^"<]*)`)

// pinScenarios are the sites whose every reachable answer is pinned:
// each builds a site and moves it as a test would.
var pinScenarios = []struct {
	name string
	site func() *Site
}{
	{"default", func() *Site { return New(Options{}) }},
	{"advanced", func() *Site {
		s := New(Options{})
		s.Publish("ar", 5)
		s.Advance()
		s.Advance()
		s.Publish("ku", 2)
		return s
	}},
	{"variants", func() *Site {
		return New(Options{Synthetic: 40, PlainMarkup: true, NoNextLink: true, CrawlDelay: 5})
	}},
	{"home-items", func() *Site { return New(Options{Synthetic: 20, HomeItems: 4}) }},
}

// pinCrawl answers every path reachable from the edition homes, their
// feeds and sitemaps, robots.txt and every article's ?p= form, and
// returns one line per answer: path, status, Location and a hash of the
// body, sorted by path.
func pinCrawl(s *Site) []string {
	var queue []string
	for _, e := range sanafeed.Editions {
		queue = append(queue, e.Path, e.Path+"feed/", e.Path+"sitemap_index.xml", e.Path+"wp-sitemap.xml")
	}
	queue = append(queue, "/robots.txt")
	for _, e := range s.Truth() {
		queue = append(queue, edPath(e.Lang)+"?p="+strconv.FormatInt(e.PostID, 10))
	}
	seen := map[string]string{}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if _, ok := seen[p]; ok {
			continue
		}
		r := httptest.NewRequest(http.MethodGet, "http://"+pinHost+p, nil)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		loc := w.Header().Get("Location")
		sum := sha256.Sum256(w.Body.Bytes())
		seen[p] = fmt.Sprintf("%s %d %s %x", p, w.Code, loc, sum[:8])
		if loc != "" {
			queue = append(queue, strings.TrimPrefix(loc, "http://"+pinHost))
		}
		for _, m := range linkRE.FindAllStringSubmatch(w.Body.String(), -1) {
			u := strings.TrimPrefix(html.UnescapeString(m[1]), "http://"+pinHost)
			if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") && !strings.HasPrefix(u, "/wp-content/") {
				queue = append(queue, u)
			}
		}
	}
	lines := make([]string, 0, len(seen))
	for _, l := range seen {
		lines = append(lines, l)
	}
	slices.Sort(lines)
	return lines
}

// TestFirstThemePinned checks that the replica answers every reachable
// path of a few sites byte for byte as it did when the golden files were
// written, before the second theme was added.
func TestFirstThemePinned(t *testing.T) {
	t.Parallel()
	for _, sc := range pinScenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			got := strings.Join(pinCrawl(sc.site()), "\n") + "\n"
			golden := "testdata/pin_" + sc.name + ".txt"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				diffLines(t, got, string(want))
				t.Errorf("answers differ from %s", golden)
			}
		})
	}
}

// diffLines reports the first few lines where got and want differ.
func diffLines(t *testing.T, got, want string) {
	t.Helper()
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i, n := 0, 0; i < max(len(gl), len(wl)) && n < 10; i++ {
		g, w := "", ""
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Errorf("line %d:\n got %s\nwant %s", i+1, g, w)
			n++
		}
	}
}
