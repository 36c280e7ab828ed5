package fetch_test

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/fetch"
	"github.com/sanafeed/sanafeed/internal/testkit"
)

var (
	srcEN = sanafeed.Source{Lang: "en", URL: "https://sana.sy/en/"}
	srcAR = sanafeed.Source{Lang: "ar", URL: "https://sana.sy/"}
	srcFR = sanafeed.Source{Lang: "fr", URL: "https://sana.sy/fr/"}
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	testkit.Check(t, err)
	return b
}

func mustParse(t *testing.T, body []byte, ct string, src sanafeed.Source) *sanafeed.Feed {
	t.Helper()
	f, err := fetch.ParseFeed(body, ct, src)
	if err != nil {
		t.Fatalf("ParseFeed() err = %v", err)
	}
	return f
}

func slugs(tags []sanafeed.Tag) []string {
	var s []string
	for _, t := range tags {
		s = append(s, t.Slug)
	}
	return s
}

func TestParseFeedWordPress(t *testing.T) {
	t.Parallel()
	f := mustParse(t, readFixture(t, "wp_en.xml"), "application/rss+xml; charset=UTF-8", srcEN)
	if f.Repaired || f.Skipped != 1 || len(f.Articles) != 3 {
		t.Fatalf("Repaired=%v Skipped=%d articles=%d, want false 1 3", f.Repaired, f.Skipped, len(f.Articles))
	}
	if f.Title != "Syrian Arab News Agency" {
		t.Errorf("Title = %q", f.Title)
	}
	if want := time.Date(2026, 2, 9, 13, 15, 0, 0, time.UTC); !f.Newest.Equal(want) {
		t.Errorf("Newest = %v, want %v", f.Newest, want)
	}
	tests := []struct {
		postID              int64
		url, title, image   string
		cats, tags          []string
		contentHas, summary string
	}{
		{2333749, "https://sana.sy/en/politics/2333749/",
			"President al-Sharaa receives Jordan’s Foreign Minister in Damascus",
			"https://sana.sy/en/wp-content/uploads/2026/02/sharaa-safadi-1024x683.jpg",
			[]string{"politics"}, []string{"ahmad-al-sharaa", "counterterrorism"},
			"<p>R.B</p>", "Damascus, Feb. 9 (SANA) – President Ahmad al-Sharaa received on Monday Jordan’s Foreign Minister Ayman Safadi at the People’s Palace in Damascus."},
		{2289847, "https://sana.sy/en/syria/2289847/", "Damascus International Fair to resume in August",
			"https://sana.sy/en/wp-content/uploads/2026/02/fair.jpg",
			[]string{"syria"}, []string{"damascus", "arts-culture"},
			"Damascus International Fair will resume", "Damascus, SANA – The Damascus International Fair will resume in August after a long pause, the Ministry of Economy said on Monday."},
		{2400001, "https://sana.sy/en/economy/wheat-harvest-expected-to-rise/", "Wheat harvest expected to rise", "",
			[]string{"economy"}, []string{"agriculture"},
			"Farmers expect", "Homs, SANA – Farmers expect a larger wheat harvest this year."},
	}
	for i, tt := range tests {
		a := f.Articles[i]
		if err := a.Validate(); err != nil {
			t.Errorf("article %d: %v", i, err)
		}
		if a.PostID != tt.postID || a.URL != tt.url || a.Title != tt.title || a.Image != tt.image {
			t.Errorf("article %d = %d %q %q %q, want %d %q %q %q", i, a.PostID, a.URL, a.Title, a.Image,
				tt.postID, tt.url, tt.title, tt.image)
		}
		if got := slugs(a.Categories); !slices.Equal(got, tt.cats) {
			t.Errorf("article %d categories = %q, want %q", i, got, tt.cats)
		}
		if got := slugs(a.Tags); !slices.Equal(got, tt.tags) {
			t.Errorf("article %d tags = %q, want %q", i, got, tt.tags)
		}
		if !strings.Contains(a.Content, tt.contentHas) {
			t.Errorf("article %d content = %q, want it to contain %q", i, a.Content, tt.contentHas)
		}
		if a.Summary != tt.summary {
			t.Errorf("article %d summary = %q, want %q", i, a.Summary, tt.summary)
		}
		if a.Lang != "en" || a.From != sanafeed.FromFeed || a.Author != "SANA" {
			t.Errorf("article %d lang, from, author = %q %q %q", i, a.Lang, a.From, a.Author)
		}
	}
	if g := f.Articles[0].GUID; g != "https://sana.sy/en/?p=2333749" {
		t.Errorf("GUID = %q", g)
	}
	if n := f.Articles[1].Tags[1].Name; n != "Arts & Culture" {
		t.Errorf("tag name = %q, want entities decoded", n)
	}
}

func TestParseFeedDuplicatedAttribute(t *testing.T) {
	t.Parallel()
	f := mustParse(t, readFixture(t, "ar_dupattr.xml"), "application/rss+xml; charset=UTF-8", srcAR)
	if !f.Repaired || len(f.Articles) != 2 {
		t.Fatalf("Repaired=%v articles=%d, want true 2", f.Repaired, len(f.Articles))
	}
	if !strings.Contains(strings.Join(f.Repairs, "\n"), `line 20: duplicated attribute "isPermaLink"`) {
		t.Errorf("Repairs = %q, want the guid's duplicated attribute named with its line", f.Repairs)
	}
	a := f.Articles[0]
	if a.PostID != 2519276 || a.Title != "ارتفاع صادرات القطن السوري" || a.Lang != "ar" {
		t.Errorf("article = %d %q %q", a.PostID, a.Title, a.Lang)
	}
	// Nested Arabic categories: the slug matching a path segment is a category.
	if got := slugs(a.Categories); !slices.Equal(got, []string{"syrian-economy"}) {
		t.Errorf("categories = %q", got)
	}
	if got := slugs(a.Tags); !slices.Equal(got, []string{"اقتصاد", "القطن"}) {
		t.Errorf("tags = %q", got)
	}
}

func TestParseFeedTruncated(t *testing.T) {
	t.Parallel()
	f := mustParse(t, readFixture(t, "truncated.xml"), "", srcEN)
	if !f.Repaired {
		t.Error("Repaired = false, want true")
	}
	var ids []int64
	for _, a := range f.Articles {
		ids = append(ids, a.PostID)
	}
	if want := []int64{2400010, 2400011}; !slices.Equal(ids, want) {
		t.Errorf("post ids = %v, want %v (the cut-off third item dropped)", ids, want)
	}
}

func TestParseFeedAtom(t *testing.T) {
	t.Parallel()
	f := mustParse(t, readFixture(t, "atom.xml"), "application/atom+xml", srcFR)
	if f.Repaired || len(f.Articles) != 2 {
		t.Fatalf("Repaired=%v articles=%d", f.Repaired, len(f.Articles))
	}
	a := f.Articles[0]
	wantPub := time.Date(2026, 2, 9, 11, 30, 0, 0, time.UTC)
	if a.PostID != 2100500 || a.URL != "https://sana.sy/fr/presidency/2100500/" || !a.Published.Equal(wantPub) {
		t.Errorf("article = %d %q %v", a.PostID, a.URL, a.Published)
	}
	if a.Modified.IsZero() || a.Author != "SANA" || a.Image == "" {
		t.Errorf("modified, author, image = %v %q %q", a.Modified, a.Author, a.Image)
	}
	if got := slugs(a.Categories); !slices.Equal(got, []string{"presidency"}) {
		t.Errorf("categories = %q", got)
	}
	if got := slugs(a.Tags); !slices.Equal(got, []string{"jordanie"}) {
		t.Errorf("tags = %q", got)
	}
}

func TestParseFeedCharset(t *testing.T) {
	t.Parallel()
	const title = "ارتفاع صادرات القطن السوري"
	tests := []struct {
		name, file, contentType string
	}{
		{"http header", "ar_win1256_nodecl.xml", "text/xml; charset=windows-1256"},
		{"xml declaration", "ar_win1256_decl.xml", "text/xml"},
		{"header beats declaration", "ar_win1256_decl.xml", "text/xml; charset=cp1256"},
		{"sniffed", "ar_win1256_nodecl.xml", "text/xml"},
		{"header says utf-8 wrongly", "ar_win1256_decl.xml", "text/xml; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := srcAR
			if tt.name == "sniffed" {
				src.Lang = "" // guessed from the bytes alone
			}
			f := mustParse(t, readFixture(t, tt.file), tt.contentType, src)
			if len(f.Articles) != 1 || f.Articles[0].Title != title {
				t.Fatalf("articles = %+v, want one titled %q", f.Articles, title)
			}
			if f.Title != "الوكالة العربية السورية للأنباء" {
				t.Errorf("feed title = %q", f.Title)
			}
		})
	}
	// Latin-1 declared in the header, and UTF-8 bodies mislabelled Latin-1.
	latin := []byte("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Agence</title><item><title>Syrie : r\xe9ouverture</title><link>https://sana.sy/fr/syrie/7/</link></item></channel></rss>")
	if f := mustParse(t, latin, "application/xml; charset=iso-8859-1", srcFR); f.Articles[0].Title != "Syrie : réouverture" {
		t.Errorf("latin-1 title = %q", f.Articles[0].Title)
	}
	if f := mustParse(t, latin, "", sanafeed.Source{URL: "https://sana.sy/fr/"}); f.Articles[0].Title != "Syrie : réouverture" {
		t.Errorf("sniffed latin-1 title = %q", f.Articles[0].Title)
	}
	utf := []byte("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Agence</title><item><title>Syrie : réouverture</title><link>https://sana.sy/fr/syrie/7/</link></item></channel></rss>")
	if f := mustParse(t, utf, "application/xml; charset=iso-8859-1", srcFR); f.Articles[0].Title != "Syrie : réouverture" {
		t.Errorf("mislabelled utf-8 title = %q", f.Articles[0].Title)
	}
}

func TestParseFeedErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    []byte
		wantErr error
		wantMsg string
	}{
		{"empty", nil, fetch.ErrNotAFeed, "empty body"},
		{"blank", []byte(" \r\n\t"), fetch.ErrNotAFeed, "empty body"},
		{"html page", readFixture(t, "html_page.html"), fetch.ErrNotAFeed, "got an HTML page"},
		{"plain text", []byte("Service temporarily unavailable"), fetch.ErrNotAFeed, "no markup"},
		{"sitemap", []byte(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://sana.sy/en/syria/1/</loc></url></urlset>`), fetch.ErrNotAFeed, "root element <urlset>"},
		// Refused before any parser expands the entities.
		{"entity bomb", readFixture(t, "entity_bomb.xml"), fetch.ErrMalformed, "DOCTYPE declares entities at line 3 (refused: entity expansion)"},
		{"nothing to salvage", []byte(`<rss version="2.0"><channel><title>x</title><item><title>cut`), fetch.ErrMalformed, "no item could be salvaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := fetch.ParseFeed(tt.body, "", srcEN)
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("ParseFeed() = %+v, %v, want error %v saying %q", f, err, tt.wantErr, tt.wantMsg)
			}
		})
	}
}

func TestParseFeedRepairs(t *testing.T) {
	t.Parallel()
	const head = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>SANA</title>`
	item := func(id, title string) string {
		return `<item><title>` + title + `</title><link>https://sana.sy/en/syria/` + id + `/</link></item>`
	}
	tests := []struct {
		name   string
		body   string
		titles []string
	}{
		{"bare ampersand", head + item("1", "Trade & industry") + `</channel></rss>`, []string{"Trade & industry"}},
		{"html entity", head + item("1", "Damascus&nbsp;fair") + `</channel></rss>`, []string{"Damascus fair"}},
		{"control characters", head + item("1", "Aleppo\x01\x0b news") + `</channel></rss>`, []string{"Aleppo news"}},
		{"invalid utf-8", head + item("1", "Homs \xff\xfe report") + item("2", "Hama: élection à Ḥamā, ça réussit") + `</channel></rss>`, []string{"Homs \uFFFD report", "Hama: élection à Ḥamā, ça réussit"}},
		{"junk before declaration", "<br />\n<b>Warning</b>: headers already sent\n" + head + item("1", "One") + `</channel></rss>`, []string{"One"}},
		{"junk without declaration", "Warning: x\n" + head[len(`<?xml version="1.0" encoding="UTF-8"?>`):] + item("1", "One") + `</channel></rss>`, []string{"One"}},
		{"bom", "\uFEFF" + head + item("1", "One") + `</channel></rss>`, nil},
		{"unquoted attribute", head + `<item><title>One</title><guid isPermaLink=false>https://sana.sy/en/?p=5</guid></item></channel></rss>`, []string{"One"}},
		{"stray end tag", head + item("1", "One") + `</div></channel></rss>`, []string{"One"}},
		{"unclosed channel", head + item("1", "One") + item("2", "Two"), []string{"One", "Two"}},
		{"misspelt channel salvaged", `<rss version="2.0"><chanel><title>SANA</title>` + item("1", "One") + `<item><title>Two</ti></item>` + item("3", "Three") + `</chanel></rss>`, []string{"One", "Three"}},
		{"text after root", head + item("1", "One") + `</channel></rss><!-- cached --> trailing junk <rss>`, []string{"One"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParse(t, []byte(tt.body), "", srcEN)
			if want := tt.titles != nil; f.Repaired != want {
				t.Errorf("Repaired = %v, want %v (repairs %q)", f.Repaired, want, f.Repairs)
			}
			var titles []string
			for _, a := range f.Articles {
				titles = append(titles, a.Title)
			}
			if tt.titles != nil && !slices.Equal(titles, tt.titles) {
				t.Errorf("titles = %q, want %q (repairs %q)", titles, tt.titles, f.Repairs)
			}
		})
	}
}

func TestParseFeedSummaryCut(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("word ", 200)
	body := `<rss version="2.0"><channel><title>SANA</title><item><title>T</title><link>https://sana.sy/en/syria/9/</link><description><![CDATA[<p>` + long + `</p>]]></description></item></channel></rss>`
	f := mustParse(t, []byte(body), "", srcEN)
	s := f.Articles[0].Summary
	if n := len([]rune(s)); n > 300 || n < 250 || !strings.HasSuffix(s, "…") {
		t.Errorf("summary has %d runes: %q", n, s)
	}
}

func TestParseFeedEmpty(t *testing.T) {
	t.Parallel()
	body := `<rss version="2.0"><channel><title>Kurdî</title><description><![CDATA[Wrap each story in <item> tags]]></description></channel></rss>`
	f := mustParse(t, []byte(body), "", sanafeed.Source{Lang: "ku", URL: "https://sana.sy/ku/"})
	if len(f.Articles) != 0 || f.Repaired || f.Title != "Kurdî" || !f.Newest.IsZero() {
		t.Errorf("ParseFeed() = %+v, want an empty, unrepaired feed", f)
	}
}

func TestParseFeedMalformedMessage(t *testing.T) {
	t.Parallel()
	body := "<rss version=\"2.0\">\n<channel>\n<title>x</title>\n<item a=\"1\" a=\"2\"><title>cut"
	_, err := fetch.ParseFeed([]byte(body), "", srcEN)
	if !errors.Is(err, fetch.ErrMalformed) {
		t.Fatalf("ParseFeed() err = %v, want ErrMalformed", err)
	}
	for _, want := range []string{"no item could be salvaged", "line 4: duplicated attribute", "and 1 more"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}
