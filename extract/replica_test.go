package extract_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/extract"
	"github.com/sanafeed/sanafeed/replica"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// startReplica serves a replica of sana.sy on loopback, built from opts
// and moved forward advance steps.
func startReplica(t *testing.T, opts replica.Options, advance int) (*replica.Site, *httptest.Server) {
	t.Helper()
	site := replica.New(opts)
	for range advance {
		site.Advance()
	}
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	return site, srv
}

func get(t *testing.T, srv *httptest.Server, path string) []byte {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + path)
	check(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	check(t, err)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", path, resp.Status)
	}
	return b
}

// TestReplicaPages reads every article page of every edition of the
// replica, as built, after its clock moved (new stories, an edited one)
// and with generated articles, and compares what Page extracts with the
// replica's truth.
func TestReplicaPages(t *testing.T) {
	for _, rc := range []struct {
		name    string
		opts    replica.Options
		advance int
	}{
		{"start", replica.Options{}, 0},
		{"advanced", replica.Options{}, 3},
		{"synthetic", replica.Options{Synthetic: 60}, 1},
	} {
		t.Run(rc.name, func(t *testing.T) {
			t.Parallel()
			site, srv := startReplica(t, rc.opts, rc.advance)
			truth := site.Truth()
			if len(truth) == 0 {
				t.Fatal("replica has no articles")
			}
			for _, e := range truth {
				t.Run(e.Lang+"/"+strconv.FormatInt(e.PostID, 10), func(t *testing.T) {
					a, err := extract.Page(get(t, srv, e.Path), srv.URL+e.Path, e.Lang)
					check(t, err)
					checkAgainstTruth(t, srv.URL, a, e)
				})
			}
		})
	}
}

func checkAgainstTruth(t *testing.T, origin string, a sanafeed.Article, e replica.Entry) {
	t.Helper()
	if a.PostID != e.PostID || a.Lang != e.Lang {
		t.Errorf("id %s/%d, want %s/%d", a.Lang, a.PostID, e.Lang, e.PostID)
	}
	if want, _ := sanafeed.CanonicalURL(origin + e.Path); a.URL != want {
		t.Errorf("url %q, want %q", a.URL, want)
	}
	if a.Title != e.Title {
		t.Errorf("title %q, want %q", a.Title, e.Title)
	}
	var wantTags []string
	for _, tg := range e.Tags {
		wantTags = append(wantTags, tg.Slug)
	}
	if !slices.Equal(a.TagSlugs(), wantTags) {
		t.Errorf("tags %q, want %q", a.TagSlugs(), wantTags)
	}
	if !a.Published.Equal(e.Published) {
		t.Errorf("published %v, want %v", a.Published, e.Published)
	}
	if !a.Modified.Equal(e.Modified) {
		t.Errorf("modified %v, want %v", a.Modified, e.Modified)
	}
	if a.Dateline != e.Dateline {
		t.Errorf("dateline %q, want %q", a.Dateline, e.Dateline)
	}
	if e.Image != "" && a.Image != origin+e.Image {
		t.Errorf("image %q, want %q", a.Image, origin+e.Image)
	}
	if !slices.ContainsFunc(a.Categories, func(c sanafeed.Tag) bool { return c.Slug == e.Category.Slug }) {
		t.Errorf("categories %v lack %v", a.Categories, e.Category)
	}
	text := htmlText(a.Content)
	for _, p := range e.Body {
		if !strings.Contains(text, strings.Join(strings.Fields(p), " ")) {
			t.Errorf("content lacks paragraph %q", p)
		}
	}
	for _, s := range boilerplate {
		if strings.Contains(a.Content, s) {
			t.Errorf("content holds boilerplate %q", s)
		}
	}
	if msg := unsafeHTML(a.Content); msg != "" {
		t.Errorf("content holds %s", msg)
	}
}

// htmlText returns the text of an HTML fragment, blocks separated by
// spaces, white space collapsed.
func htmlText(s string) string {
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, _ := html.ParseFragment(strings.NewReader(s), ctx)
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		inline := n.Type != html.ElementNode || slices.Contains([]string{"a", "strong", "em", "b", "i", "span", "sub", "sup"}, n.Data)
		if !inline {
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if !inline {
			b.WriteByte(' ')
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// TestReplicaListings reads the replica's edition homes, the category
// listings they link to (Sections) and every category's listing, following
// Next: every item is a live article of the edition with its title and
// time, and each listing holds every article of its category.
func TestReplicaListings(t *testing.T) {
	t.Parallel()
	site, srv := startReplica(t, replica.Options{Synthetic: 60}, 2)
	byURL := make(map[string]replica.Entry)
	cats := make(map[string][]string) // listing path → canonical URLs of its articles
	for _, e := range site.Truth() {
		u, err := sanafeed.CanonicalURL(srv.URL + e.Path)
		check(t, err)
		byURL[u] = e
		ed, _ := sanafeed.EditionByLang(e.Lang)
		i := strings.LastIndex(strings.TrimSuffix(e.Path, "/"), "/")
		cat := e.Path[:i+1]
		if cat != ed.Path {
			cats[cat] = append(cats[cat], u)
		}
	}
	for _, ed := range sanafeed.Editions {
		t.Run("home "+ed.Lang, func(t *testing.T) {
			items := walkListing(t, srv, ed, ed.Path, byURL, 1)
			if len(items) == 0 {
				t.Fatal("home lists no article")
			}
			sections, err := extract.Sections(get(t, srv, ed.Path), srv.URL+ed.Path, srv.URL+ed.Path)
			check(t, err)
			if len(sections) == 0 {
				t.Fatal("home links to no category listing")
			}
			for _, u := range sections {
				if len(walkListing(t, srv, ed, strings.TrimPrefix(u, srv.URL), byURL, 1)) == 0 {
					t.Errorf("section %s lists no article", u)
				}
			}
		})
	}
	for path, want := range cats {
		ed := editionOf(path)
		t.Run("category "+path, func(t *testing.T) {
			got := walkListing(t, srv, ed, path, byURL, 30)
			for _, u := range want {
				if !slices.Contains(got, u) {
					t.Errorf("listing %s and its next pages lack %s", path, u)
				}
			}
		})
	}
}

func editionOf(path string) sanafeed.Edition {
	for _, ed := range sanafeed.Editions[1:] {
		if strings.HasPrefix(path, ed.Path) {
			return ed
		}
	}
	return sanafeed.Editions[0]
}

// walkListing reads the listing at path and up to pages-1 next pages and
// returns the canonical URLs they list, checking each item against byURL.
func walkListing(t *testing.T, srv *httptest.Server, ed sanafeed.Edition, path string, byURL map[string]replica.Entry, pages int) []string {
	t.Helper()
	var urls []string
	next := srv.URL + path
	for range pages {
		if next == "" {
			break
		}
		if !strings.HasPrefix(next, srv.URL) {
			t.Fatalf("next %q is not on the replica", next)
		}
		l, err := extract.ListingPage(get(t, srv, strings.TrimPrefix(next, srv.URL)), next, srv.URL+ed.Path)
		check(t, err)
		for _, it := range l.Articles {
			e, ok := byURL[it.URL]
			switch {
			case !ok:
				t.Errorf("%s lists %s, not a live article", next, it.URL)
			case e.Lang != ed.Lang:
				t.Errorf("%s lists %s of edition %s", next, it.URL, e.Lang)
			case slices.Contains(urls, it.URL) && pages == 1:
				t.Errorf("%s lists %s twice", next, it.URL)
			case !it.Published.IsZero() && !it.Published.Equal(e.Published):
				t.Errorf("%s: %s published %v, want %v", next, it.URL, it.Published, e.Published)
			case it.Title != "" && it.Title != e.Title:
				t.Errorf("%s: %s titled %q, want %q", next, it.URL, it.Title, e.Title)
			}
			urls = append(urls, it.URL)
		}
		next = l.Next
	}
	return urls
}
