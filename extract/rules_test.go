package extract_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/extract"
)

// The built-in rules compile for every edition, and their article
// pattern takes today's permalinks and ?p= links of its own edition only.
func TestDefaultRulesArticles(t *testing.T) {
	r := extract.Default("https://sana.sy/en/")
	for _, tt := range []struct {
		link string
		id   int64
		ok   bool
	}{
		{"https://sana.sy/en/politics/2289847/", 2289847, true},
		{"https://www.sana.sy/en/politics/2289847", 2289847, true},
		{"https://sana.sy/en/?p=2289847", 2289847, true},
		{"https://sana.sy/en/page/2/", 0, false},
		{"https://sana.sy/en/tag/123/", 0, false},
		{"https://sana.sy/en/2026/02/", 0, false},
		{"https://sana.sy/en/wp-content/uploads/2026/02/1234/", 0, false},
		{"https://sana.sy/fr/syrie/412345", 0, false},
		{"https://sana.sy/politics/2519402/", 0, false},
		{"https://example.org/en/politics/2289847/", 0, false},
		{"https://sana.sy/en/politics/", 0, false},
	} {
		_, id, ok := r.Article("https://sana.sy/en/", tt.link)
		if id != tt.id || ok != tt.ok {
			t.Errorf("Article(%s) = %d, %t; want %d, %t", tt.link, id, ok, tt.id, tt.ok)
		}
	}
}

// slugRules are rules for a theme whose permalinks hold no id (the post
// id is in the shortlink), with its own classes and boilerplate.
func slugRules() sanafeed.Rules {
	r := sanafeed.DefaultRules("https://news.example/en/")
	r.Article = `^/en/[0-9]{4}/[0-9]{2}/[0-9]{2}/[^/]+/$`
	r.Skip = []string{`^/en/[0-9/]+/video-`}
	r.Page.Title = []string{"h2.story-headline"}
	r.Page.Body = []string{"section.story-text"}
	r.Page.Remove = []string{".xbox-live", ".xbox-app"}
	r.Page.Tags = []string{".story-topics"}
	r.Page.Categories = []string{".story-section a"}
	r.Page.Published = []string{".story-date@data-published"}
	r.Page.Modified = []string{".story-date@data-modified"}
	r.Page.Image = []string{".story-lead img"}
	r.Page.Strip = []string{`^Editor's note: `}
	r.Listing.Item = []string{"a.card-link"}
	r.Listing.Next = []string{"a.older@href"}
	return r
}

const slugPage = `<!DOCTYPE html><html lang="en"><head><title>Water station opens | Newsline</title>
<link rel="canonical" href="https://news.example/en/2026/02/09/water-station-opens/">
<link rel="shortlink" href="https://news.example/en/?p=4242"></head>
<body class="story-page"><h1 class="brand"><a href="/en/">Newsline</a></h1>
<main class="story"><h2 class="story-headline">Water station opens</h2>
<span class="story-date" data-published="2026-02-09T16:15:00+03:00" data-modified="2026-02-09T17:00:00+03:00">9 February</span>
<span class="story-section"><a href="/en/section/local/">Local</a></span>
<figure class="story-lead"><img src="/img/lead.jpg" alt=""></figure>
<section class="story-text"><p>Editor's note: A new pumping station opened in Damascus on Monday.</p>
<div class="xbox-live">Watch SANA TV live, all day, every day</div>
<p>It serves 40,000 people.</p><div class="xbox-app"><p>Get the SANA app for your phone</p></div></section>
<ul class="story-topics"><li><a href="/en/topic/water/">Water</a></li><li><a href="/en/topic/damascus/">Damascus</a></li></ul>
</main></body></html>`

// Rules set for another theme read its pages field by field, and the
// trace names the rule behind each field.
func TestRulesPage(t *testing.T) {
	r, err := extract.Compile(slugRules())
	if err != nil {
		t.Fatal(err)
	}
	a, trace, err := r.Explain([]byte(slugPage), "https://news.example/en/2026/02/09/water-station-opens/", "en")
	if err != nil {
		t.Fatal(err)
	}
	pub := time.Date(2026, 2, 9, 13, 15, 0, 0, time.UTC)
	if a.PostID != 4242 || a.Title != "Water station opens" || a.URL != "https://news.example/en/2026/02/09/water-station-opens/" ||
		!a.Published.Equal(pub) || a.Image != "https://news.example/img/lead.jpg" {
		t.Errorf("got id %d, title %q, url %q, published %v, image %q", a.PostID, a.Title, a.URL, a.Published, a.Image)
	}
	for _, bad := range []string{"Watch SANA TV", "SANA app", "Editor's note"} {
		if strings.Contains(a.Content, bad) {
			t.Errorf("content holds %q: %s", bad, a.Content)
		}
	}
	if !strings.Contains(a.Content, "It serves 40,000 people.") || !strings.Contains(a.Content, "A new pumping station") {
		t.Errorf("content lost the article's text: %s", a.Content)
	}
	if len(a.Tags) != 2 || a.Tags[0].Slug != "water" || a.Tags[1].Name != "Damascus" {
		t.Errorf("tags = %v, want water, damascus", a.Tags)
	}
	if len(a.Categories) != 1 || a.Categories[0].Slug != "local" {
		t.Errorf("categories = %v, want local", a.Categories)
	}
	want := map[string]string{"id": `link[rel~="shortlink"]@href`, "title": "h2.story-headline", "body": "section.story-text",
		"tags": ".story-topics", "published": ".story-date@data-published", "image": ".story-lead img"}
	for _, st := range trace {
		if w, ok := want[st.Field]; ok {
			if st.Rule != w || st.Fallback {
				t.Errorf("trace %s = %q (fallback %t), want %q", st.Field, st.Rule, st.Fallback, w)
			}
			delete(want, st.Field)
		}
	}
	if len(want) > 0 {
		t.Errorf("trace lacks %v", want)
	}

	// The built-in rules read the same page only through fallbacks, and
	// keep the boilerplate: the trace says so.
	a, trace, err = extract.Default("https://news.example/en/").Explain([]byte(slugPage), "https://news.example/en/2026/02/09/water-station-opens/", "en")
	if err != nil {
		t.Fatal(err)
	}
	fell, guessed := map[string]bool{}, map[string]bool{}
	for _, st := range trace {
		fell[st.Field], guessed[st.Field] = st.Fallback, st.Guess
	}
	if !guessed["body"] || !guessed["title"] || guessed["id"] {
		t.Errorf("built-in rules on another theme: guessed %v; want the body (readability) and title (<title>) marked guesses, not the id (the shortlink)", guessed)
	}
	if !fell["title"] || !fell["body"] || !fell["published"] || a.PostID != 4242 {
		t.Errorf("built-in rules on another theme: trace %+v, id %d; want title, body and published from fallbacks", trace, a.PostID)
	}
}

// A listing of another theme: its links hold no id, the next page is the
// theme's own link, skipped articles are left out.
func TestRulesListing(t *testing.T) {
	r, err := extract.Compile(slugRules())
	if err != nil {
		t.Fatal(err)
	}
	body := `<html><body><nav><a href="/en/section/local/">Local</a></nav>
	<div class="card"><a class="card-link" href="/en/2026/02/09/water-station-opens/">Water station opens</a></div>
	<div class="card"><a class="card-link" href="/en/2026/02/09/video-the-station/">Video</a></div>
	<div class="card"><a class="card-link" href="/en/2026/02/08/road-reopens/">Road reopens</a></div>
	<a href="/en/2026/02/07/not-a-card/">elsewhere</a>
	<a class="older" href="/en/page/2/">Older posts</a></body></html>`
	l, err := r.Listing([]byte(body), "https://news.example/en/", "https://news.example/en/")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range l.Articles {
		if it.PostID != 0 {
			t.Errorf("%s: id %d from a slug link", it.URL, it.PostID)
		}
		got = append(got, it.URL)
	}
	want := []string{"https://news.example/en/2026/02/09/water-station-opens/", "https://news.example/en/2026/02/08/road-reopens/"}
	if strings.Join(got, " ") != strings.Join(want, " ") || l.Next != "https://news.example/en/page/2/" {
		t.Errorf("listing = %v, next %q; want %v, next /en/page/2/", got, l.Next, want)
	}
	sections, err := r.Listings([]byte(body), "https://news.example/en/", "https://news.example/en/")
	if err != nil || len(sections) != 1 || sections[0] != "https://news.example/en/section/local/" {
		t.Errorf("Listings = %v, %v; want the section only, no article", sections, err)
	}
}

// Every rule that does not compile is one *RuleError naming its key.
func TestCompileErrors(t *testing.T) {
	r := sanafeed.DefaultRules("https://sana.sy/en/")
	r.Article = "^/en/(?P<id>[0-9]+"
	r.Page.Title = []string{"h1", "h1[["}
	r.Page.Body = []string{"div.story@class"}
	r.Page.Strip = []string{"("}
	r.Listing.Next = []string{""}
	_, err := extract.Compile(r)
	var keys []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var re *extract.RuleError
		if !errors.As(e, &re) {
			t.Fatalf("%v is a %T, want a *RuleError", e, e)
		}
		keys = append(keys, re.Key)
	}
	want := "page.title[2] page.body page.strip listing.next article"
	if strings.Join(keys, " ") != want {
		t.Errorf("error keys = %v, want %s (%v)", keys, want, err)
	}

	r = sanafeed.DefaultRules("https://sana.sy/en/")
	r.Article, r.Page.ID = "^/en/[^/]+/$", nil
	if _, err := extract.Compile(r); err == nil || !strings.Contains(err.Error(), "no group named id") {
		t.Errorf("an article pattern without id and no page.id: %v", err)
	}
}
