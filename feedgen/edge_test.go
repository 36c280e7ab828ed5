package feedgen_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/feedgen"
	"github.com/sanafeed/sanafeed/internal/testkit"
)

// feedOf returns an English edition feed of arts.
func feedOf(arts ...sanafeed.Article) *feedgen.Feed {
	return &feedgen.Feed{
		Title:    "SANA English",
		Lang:     "en",
		SelfURL:  "https://feeds.example.org/feeds/en.atom",
		HomeURL:  "https://sana.sy/en/",
		Articles: arts,
	}
}

func TestEscaping(t *testing.T) {
	a := article("en", 7)
	a.Title = `Tom & Jerry <b>"quoted"</b> > 'x' — الرئيس & ]]> end`
	a.Content = `<p>a ]]> b ]]]]> c &amp; d <a href="https://sana.sy/en/?p=1&amp;q=2">x</a></p>`
	a.Summary = `1 < 2 & "three" ]]>`
	a.Tags = []sanafeed.Tag{{Slug: "r-d", Name: "R&D <lab>"}}
	a.Translations = []sanafeed.Link{{Lang: "ar", URL: "https://sana.sy/?p=9&x=<y>", ID: "tag:sana.sy,2025:ar/9"}}
	f := feedOf(a)
	f.Title = `SANA & "friends" <en> ]]>`
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			b := render(t, f, format)
			if format != feedgen.JSON {
				wellFormed(t, b)
			}
			pf := parse(t, b)
			if pf.Title != f.Title {
				t.Errorf("feed title = %q, want %q", pf.Title, f.Title)
			}
			it := pf.Items[0]
			if it.Title != a.Title {
				t.Errorf("title = %q, want %q", it.Title, a.Title)
			}
			if !strings.Contains(it.Content, a.Content) {
				t.Errorf("content = %q, want it to contain %q", it.Content, a.Content)
			}
			if !strings.Contains(it.Content, `<a href="https://sana.sy/?p=9&amp;x=&lt;y&gt;" hreflang="ar"`) {
				t.Errorf("content %q lacks the escaped translation link", it.Content)
			}
			if len(it.Categories) != 1 || it.Categories[0] != "R&D <lab>" {
				t.Errorf("categories = %q, want [R&D <lab>]", it.Categories)
			}
		})
	}
}

func TestInvalidCharacters(t *testing.T) {
	a := article("en", 8)
	a.Title = "bad\x00control\x0bchars\xffhere"
	a.Content = "<p>nul\x00 in CDATA \x1f and \uFFFE</p>"
	f := feedOf(a)
	for _, format := range formats {
		b := render(t, f, format)
		if format != feedgen.JSON {
			wellFormed(t, b)
		}
		it := parse(t, b).Items[0]
		if want := "bad\uFFFDcontrol\uFFFDchars\uFFFDhere"; it.Title != want {
			t.Errorf("%s: title = %q, want %q", format, it.Title, want)
		}
		if !strings.Contains(it.Content, "nul\uFFFD in CDATA \uFFFD and \uFFFD") {
			t.Errorf("%s: content = %q", format, it.Content)
		}
	}
}

func TestEmptyFeed(t *testing.T) {
	f := feedOf()
	for _, format := range formats {
		b := render(t, f, format)
		pf := parse(t, b)
		if len(pf.Items) != 0 || pf.Title != f.Title {
			t.Errorf("%s: got %d items, title %q", format, len(pf.Items), pf.Title)
		}
		if format == feedgen.Atom {
			x := decodeAtom(t, b)
			if x.Lang != "en" {
				t.Errorf("Atom xml:lang = %q, want en", x.Lang)
			}
			if !strings.Contains(string(b), "<updated>1970-01-01T00:00:00Z</updated>") {
				t.Errorf("empty Atom feed without updated time:\n%s", b)
			}
		}
		if format == feedgen.JSON {
			var x map[string]any
			testkit.Check(t, json.Unmarshal(b, &x))
			if items, ok := x["items"].([]any); !ok || len(items) != 0 {
				t.Errorf("JSON items = %#v, want []", x["items"])
			}
		}
	}
}

func TestManyItems(t *testing.T) {
	arts := make([]sanafeed.Article, 1000)
	for i := range arts {
		arts[i] = article("en", int64(1000000+i))
		arts[i].Published = time.Date(2026, 2, 9, 0, 0, 0, 0, time.UTC).Add(-time.Duration(i) * time.Minute)
	}
	f := feedOf(arts...)
	for _, format := range formats {
		pf := parse(t, render(t, f, format))
		if len(pf.Items) != len(arts) {
			t.Fatalf("%s: got %d items, want %d", format, len(pf.Items), len(arts))
		}
		seen := make(map[string]bool)
		for i, it := range pf.Items {
			if it.GUID != arts[i].ID() || seen[it.GUID] {
				t.Fatalf("%s: item %d id %q, want unique %q", format, i, it.GUID, arts[i].ID())
			}
			seen[it.GUID] = true
		}
	}
}

func TestTimes(t *testing.T) {
	ist := time.FixedZone("+03", 3*3600)
	a := article("en", 1) // no time at all
	b := article("en", 2) // modified before published: updated is published
	b.Published = time.Date(2026, 2, 9, 16, 15, 30, 999, ist)
	b.Modified = b.Published.Add(-time.Hour)
	c := article("en", 3) // only seen: published is when sanafeed first saw it
	c.FirstSeen = time.Date(2026, 2, 8, 9, 0, 0, 0, time.UTC)
	f := feedOf(a, b, c)
	f.Updated = time.Date(2026, 2, 10, 12, 0, 0, 0, ist)

	atom := string(render(t, f, feedgen.Atom))
	for _, want := range []string{
		"<updated>2026-02-10T09:00:00Z</updated>",                                     // feed
		"<updated>2026-02-10T09:00:00Z</updated>\n    <id>tag:sana.sy,2025:en/1</id>", // a: the feed's
		"<updated>2026-02-09T13:15:30Z</updated>",                                     // b: published, in UTC, whole seconds
		"<published>2026-02-09T13:15:30Z</published>",                                 // b
		"<published>2026-02-08T09:00:00Z</published>",                                 // c
	} {
		if !strings.Contains(atom, want) {
			t.Errorf("Atom lacks %s:\n%s", want, atom)
		}
	}
	rss := string(render(t, f, feedgen.RSS))
	for _, want := range []string{
		"<lastBuildDate>Tue, 10 Feb 2026 09:00:00 +0000</lastBuildDate>",
		"<pubDate>Mon, 09 Feb 2026 13:15:30 +0000</pubDate>",
	} {
		if !strings.Contains(rss, want) {
			t.Errorf("RSS lacks %s", want)
		}
	}
	js := string(render(t, f, feedgen.JSON))
	if !strings.Contains(js, `"date_published": "2026-02-09T13:15:30Z"`) {
		t.Errorf("JSON lacks date_published in UTC:\n%s", js)
	}
}

func TestTranslationLabels(t *testing.T) {
	tests := map[string]string{
		"ar": "اقرأ أيضاً بـ:", "en": "Also in:", "fr": "Aussi en\u00a0:",
		"es": "También en:", "tr": "Diğer dillerde:", "ku": "Bi zimanên din:",
	}
	for lang, label := range tests {
		a := article(lang, 5)
		a.Translations = []sanafeed.Link{{Lang: "xx", URL: "https://example.org/xx/5/"}, {Lang: "ar", URL: "https://sana.sy/syria/5/"}}
		if lang == "ar" {
			a.Translations[1] = sanafeed.Link{Lang: "en", URL: "https://sana.sy/en/syria/5/"}
		}
		b := render(t, feedOf(a), feedgen.JSON)
		var x struct {
			Items []struct {
				ContentHTML string `json:"content_html"`
			} `json:"items"`
		}
		testkit.Check(t, json.Unmarshal(b, &x))
		if !strings.Contains(x.Items[0].ContentHTML, label+" <a ") {
			t.Errorf("%s: content %q lacks %q", lang, x.Items[0].ContentHTML, label)
		}
		// Editions first, in their order; unknown languages after.
		if i, j := strings.Index(x.Items[0].ContentHTML, `hreflang="xx"`), strings.Index(x.Items[0].ContentHTML, `hreflang="`+a.Translations[1].Lang+`"`); i < j {
			t.Errorf("%s: unknown language listed before an edition: %q", lang, x.Items[0].ContentHTML)
		}
	}
}

// benchFeed returns an English feed of n articles of realistic size.
func benchFeed(n int) *feedgen.Feed {
	body := strings.Repeat(`<p>DAMASCUS, Feb. 9 (SANA) – President Ahmad al-Sharaa received a delegation at the People's Palace, discussing "cooperation" &amp; trade.</p>`, 20)
	arts := make([]sanafeed.Article, n)
	for i := range arts {
		a := article("en", int64(2000000+i))
		a.Content = body
		a.Summary = "President al-Sharaa received a delegation."
		a.Published = time.Date(2026, 2, 9, 0, 0, 0, 0, time.UTC).Add(-time.Duration(i) * time.Hour)
		a.Tags = []sanafeed.Tag{{Slug: "damascus", Name: "Damascus"}, {Slug: "ahmad-al-sharaa", Name: "Ahmad Al-Sharaa"}}
		a.Categories = []sanafeed.Tag{{Slug: "syria", Name: "Syria"}}
		a.Image = "https://sana.sy/wp-content/uploads/2026/02/p.jpg"
		a.Translations = []sanafeed.Link{
			{Lang: "ar", URL: "https://sana.sy/syria/1/", ID: "tag:sana.sy,2025:ar/1"},
			{Lang: "fr", URL: "https://sana.sy/fr/syrie/1/", ID: "tag:sana.sy,2025:fr/1"},
		}
		arts[i] = a
	}
	return feedOf(arts...)
}

func BenchmarkRender(b *testing.B) {
	f := benchFeed(50)
	for _, format := range formats {
		b.Run(format, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				out, err := feedgen.Render(f, format)
				if err != nil {
					b.Fatal(err)
				}
				n = len(out)
			}
			b.ReportMetric(float64(n), "bytes/feed")
		})
	}
}
