package feedgen_test

import (
	"encoding/json"
	"encoding/xml"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	gatom "github.com/mmcdole/gofeed/atom"
	gjson "github.com/mmcdole/gofeed/json"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/feedgen"
	"github.com/sanafeed/sanafeed/internal/testkit"
)

// parse reads b back with gofeed's universal parser.
func parse(t testing.TB, b []byte) *gofeed.Feed {
	t.Helper()
	pf, err := gofeed.NewParser().ParseString(string(b))
	if err != nil {
		t.Fatalf("gofeed cannot read the feed back: %v\n%s", err, b)
	}
	return pf
}

// wantUpdated returns the updated time feedgen serves for a.
func wantUpdated(a *sanafeed.Article) time.Time {
	if a.Modified.After(a.Published) {
		return a.Modified.UTC()
	}
	return a.Published.UTC()
}

// alsoIn is the start of the translations line in each edition's language.
var alsoIn = map[string]string{"ar": "اقرأ أيضاً بـ:", "en": "Also in:"}

// translationLangs returns the languages of a's translations.
func translationLangs(a *sanafeed.Article) []string {
	var langs []string
	for _, tr := range a.Translations {
		langs = append(langs, tr.Lang)
	}
	slices.Sort(langs)
	return langs
}

// wantCategories returns the names of a's tags then categories, once each.
func wantCategories(a *sanafeed.Article) []string {
	var names []string
	for _, tg := range append(slices.Clone(a.Tags), a.Categories...) {
		if !slices.Contains(names, tg.Name) {
			names = append(names, tg.Name)
		}
	}
	return names
}

// uniq returns s without repeats, in order.
func uniq(s []string) []string {
	var out []string
	for _, v := range s {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func TestReadBack(t *testing.T) {
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			f := twoEditions(t)
			pf := parse(t, render(t, f, format))
			if pf.Title != f.Title {
				t.Errorf("feed title = %q, want %q", pf.Title, f.Title)
			}
			if pf.FeedLink != f.SelfURL {
				t.Errorf("feed self link = %q, want %q", pf.FeedLink, f.SelfURL)
			}
			if pf.Link != f.HomeURL {
				t.Errorf("feed link = %q, want %q", pf.Link, f.HomeURL)
			}
			if pf.Language != "" {
				t.Errorf("all-editions feed language = %q, want none", pf.Language)
			}
			if len(pf.Items) != len(f.Articles) {
				t.Fatalf("got %d items, want %d", len(pf.Items), len(f.Articles))
			}
			for i, it := range pf.Items {
				checkItem(t, format, it, &f.Articles[i])
			}
		})
	}
}

// checkItem checks what gofeed reads of one item against the article.
func checkItem(t *testing.T, format string, it *gofeed.Item, a *sanafeed.Article) {
	t.Helper()
	if it.GUID != a.ID() {
		t.Errorf("%s: id = %q, want %q", a.Key(), it.GUID, a.ID())
	}
	if it.Link != a.URL {
		t.Errorf("%s: link = %q, want %q", a.Key(), it.Link, a.URL)
	}
	if it.Title != a.Title {
		t.Errorf("%s: title = %q, want %q", a.Key(), it.Title, a.Title)
	}
	if a.Content != "" && !strings.Contains(it.Content, a.Content) {
		t.Errorf("%s: content %q lacks the article's %q", a.Key(), it.Content, a.Content)
	}
	if label := alsoIn[a.Lang]; len(a.Translations) > 0 {
		if !strings.Contains(it.Content, `<p class="sanafeed-translations"`) || !strings.Contains(it.Content, label) {
			t.Errorf("%s: content %q lacks the translations line %q", a.Key(), it.Content, label)
		}
		for _, tr := range a.Translations {
			link := `<a href="` + tr.URL + `" hreflang="` + tr.Lang + `"`
			if !strings.Contains(it.Content, link) || !strings.Contains(it.Content, sanafeed.LangName(tr.Lang)+"</a>") {
				t.Errorf("%s: content %q lacks the link to %s", a.Key(), it.Content, tr.Lang)
			}
		}
	} else if strings.Contains(it.Content, "sanafeed-translations") {
		t.Errorf("%s: content %q has a translations line but no translations", a.Key(), it.Content)
	}
	if a.Lang == "ar" && !strings.HasPrefix(it.Content, `<div dir="rtl" lang="ar">`) {
		t.Errorf("%s: Arabic content %q not marked right-to-left", a.Key(), it.Content)
	}
	if it.PublishedParsed == nil || !it.PublishedParsed.Equal(a.Published) {
		t.Errorf("%s: published = %v, want %v", a.Key(), it.PublishedParsed, a.Published)
	}
	if format != feedgen.RSS { // RSS items have no updated time
		if it.UpdatedParsed == nil || !it.UpdatedParsed.Equal(wantUpdated(a)) {
			t.Errorf("%s: updated = %v, want %v", a.Key(), it.UpdatedParsed, wantUpdated(a))
		}
	}
	got, want := it.Categories, wantCategories(a)
	if format == feedgen.RSS || format == feedgen.Atom {
		got = uniq(got) // XML repeats a name that is both a tag and a category
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s: categories = %q, want %q", a.Key(), got, want)
	}
	if format == feedgen.RSS {
		checkRSSItemExt(t, it, a)
	}
}

// checkRSSItemExt checks an RSS item's dc:language, dc:creator and
// <atom:link rel="related"> elements.
func checkRSSItemExt(t *testing.T, it *gofeed.Item, a *sanafeed.Article) {
	t.Helper()
	if dc := it.DublinCoreExt; dc == nil || !slices.Equal(dc.Language, []string{a.Lang}) || len(dc.Creator) != 1 {
		t.Errorf("%s: dc extension = %+v, want language %s and one creator", a.Key(), dc, a.Lang)
	}
	var langs []string
	for _, l := range it.Extensions["atom"]["link"] {
		if l.Attrs["rel"] != "related" {
			t.Errorf("%s: atom:link rel=%q, want related", a.Key(), l.Attrs["rel"])
		}
		if l.Attrs["title"] != sanafeed.LangName(l.Attrs["hreflang"]) {
			t.Errorf("%s: atom:link title %q for hreflang %q", a.Key(), l.Attrs["title"], l.Attrs["hreflang"])
		}
		langs = append(langs, l.Attrs["hreflang"])
	}
	slices.Sort(langs)
	if want := translationLangs(a); !slices.Equal(langs, want) {
		t.Errorf("%s: related atom:links hreflang = %q, want %q", a.Key(), langs, want)
	}
}

func TestAtomLinks(t *testing.T) {
	f := twoEditions(t)
	af, err := (&gatom.Parser{}).Parse(strings.NewReader(string(render(t, f, feedgen.Atom))))
	testkit.Check(t, err)
	var self []string
	for _, l := range af.Links {
		if l.Rel == "self" {
			self = append(self, l.Href)
			if l.Type != "application/atom+xml" {
				t.Errorf("self link type = %q", l.Type)
			}
		}
	}
	if !slices.Equal(self, []string{f.SelfURL}) {
		t.Errorf("self links = %q, want [%s]", self, f.SelfURL)
	}
	for i, e := range af.Entries {
		a := &f.Articles[i]
		var alternates, related []string
		for _, l := range e.Links {
			switch l.Rel {
			case "alternate":
				alternates = append(alternates, l.Href)
			case "related":
				related = append(related, l.Hreflang)
				if l.Title != sanafeed.LangName(l.Hreflang) {
					t.Errorf("%s: related link title %q for hreflang %q", a.Key(), l.Title, l.Hreflang)
				}
			default:
				t.Errorf("%s: unexpected link rel=%q", a.Key(), l.Rel)
			}
		}
		if !slices.Equal(alternates, []string{a.URL}) {
			t.Errorf("%s: alternate links = %q, want exactly [%s]", a.Key(), alternates, a.URL)
		}
		slices.Sort(related)
		if want := translationLangs(a); !slices.Equal(related, want) {
			t.Errorf("%s: related links hreflang = %q, want %q", a.Key(), related, want)
		}
		for _, c := range e.Categories {
			if c.Term == "" {
				t.Errorf("%s: category with empty term %+v", a.Key(), c)
			}
		}
	}
}

// rawAtom is what gofeed does not keep of an Atom document: xml:lang.
type rawAtom struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Entries []struct {
		Lang    string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		ID      string `xml:"http://www.w3.org/2005/Atom id"`
		Content struct {
			Type string `xml:"type,attr"`
		} `xml:"http://www.w3.org/2005/Atom content"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

// decodeAtom checks that b is well-formed XML and decodes it as Atom.
func decodeAtom(t testing.TB, b []byte) rawAtom {
	t.Helper()
	wellFormed(t, b)
	var x rawAtom
	testkit.Check(t, xml.Unmarshal(b, &x))
	return x
}

// wellFormed fails the test unless b is one well-formed XML document.
func wellFormed(t testing.TB, b []byte) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(b)))
	for {
		_, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				return
			}
			t.Fatalf("not well-formed XML: %v", err)
		}
	}
}

func TestLanguages(t *testing.T) {
	f := twoEditions(t)
	x := decodeAtom(t, render(t, f, feedgen.Atom))
	if x.Lang != "" {
		t.Errorf("all-editions Atom feed has xml:lang=%q, want none", x.Lang)
	}
	for i, e := range x.Entries {
		if e.Lang != f.Articles[i].Lang || e.ID != f.Articles[i].ID() {
			t.Errorf("entry %d: xml:lang=%q id=%q, want %q %q", i, e.Lang, e.ID, f.Articles[i].Lang, f.Articles[i].ID())
		}
		if e.Content.Type != "html" {
			t.Errorf("entry %d: content type %q, want html", i, e.Content.Type)
		}
	}

	// One edition's feed carries its language at the feed level.
	f.Lang = "ar"
	f.Articles = f.Articles[:1]
	x = decodeAtom(t, render(t, f, feedgen.Atom))
	if x.Lang != "ar" || len(x.Entries) != 1 || x.Entries[0].Lang != "ar" {
		t.Errorf("Arabic Atom feed: xml:lang=%q, entries %+v; want ar throughout", x.Lang, x.Entries)
	}
	for _, format := range formats {
		if got := parse(t, render(t, f, format)).Language; got != "ar" {
			t.Errorf("%s: feed language = %q, want ar", format, got)
		}
	}
	jf, err := (&gjson.Parser{}).Parse(strings.NewReader(string(render(t, f, feedgen.JSON))))
	testkit.Check(t, err)
	if jf.Language != "ar" || jf.Items[0].Language != "ar" {
		t.Errorf("JSON Feed language %q, item language %q; want ar", jf.Language, jf.Items[0].Language)
	}
}

// rawJSON is the part of a JSON Feed gofeed does not keep.
type rawJSON struct {
	Version string `json:"version"`
	Hubs    []struct {
		Type string `json:"type"`
		URL  string `json:"url"`
	} `json:"hubs"`
	Items []struct {
		ID       string `json:"id"`
		Language string `json:"language"`
		Image    string `json:"image"`
		Sanafeed *struct {
			Translations []sanafeed.Link `json:"translations"`
		} `json:"_sanafeed"`
	} `json:"items"`
}

func TestJSONFeed(t *testing.T) {
	f := twoEditions(t)
	var x rawJSON
	testkit.Check(t, json.Unmarshal(render(t, f, feedgen.JSON), &x))
	if x.Version != "https://jsonfeed.org/version/1.1" {
		t.Errorf("version = %q", x.Version)
	}
	if len(x.Hubs) != 1 || x.Hubs[0].URL != f.HubURL || x.Hubs[0].Type != "WebSub" {
		t.Errorf("hubs = %+v, want one WebSub hub %s", x.Hubs, f.HubURL)
	}
	for i, it := range x.Items {
		a := &f.Articles[i]
		if it.ID != a.ID() || it.Language != a.Lang || it.Image != a.Image {
			t.Errorf("item %d: id %q language %q image %q", i, it.ID, it.Language, it.Image)
		}
		if it.Sanafeed == nil || it.Sanafeed.Translations == nil {
			t.Fatalf("%s: no _sanafeed.translations", a.Key())
		}
		got := it.Sanafeed.Translations
		if len(got) != len(a.Translations) {
			t.Fatalf("%s: translations = %+v, want %+v", a.Key(), got, a.Translations)
		}
		for _, tr := range a.Translations {
			tr.Title = "" // not served
			if !slices.Contains(got, tr) {
				t.Errorf("%s: translations %+v lack %+v", a.Key(), got, tr)
			}
		}
	}
}

func TestHubAndSelf(t *testing.T) {
	f := twoEditions(t)
	rss := string(render(t, f, feedgen.RSS))
	for _, want := range []string{
		`<atom:link rel="self" type="application/rss+xml" href="` + f.SelfURL + `">`,
		`<atom:link rel="hub" href="` + f.HubURL + `">`,
		`xmlns:atom="http://www.w3.org/2005/Atom"`,
		`xmlns:dc="http://purl.org/dc/elements/1.1/"`,
		`<generator>sanafeed</generator>`,
	} {
		if !strings.Contains(rss, want) {
			t.Errorf("RSS lacks %s", want)
		}
	}
	atom := string(render(t, f, feedgen.Atom))
	for _, want := range []string{`<link rel="hub" href="` + f.HubURL + `">`, `<generator>sanafeed</generator>`} {
		if !strings.Contains(atom, want) {
			t.Errorf("Atom lacks %s", want)
		}
	}
	f.HubURL = ""
	for _, format := range formats {
		if b := render(t, f, format); strings.Contains(string(b), "hub") {
			t.Errorf("%s: hub present without HubURL", format)
		}
	}
}
