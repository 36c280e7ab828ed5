package extract_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/extract"
	"github.com/sanafeed/sanafeed/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite golden files")

// pageCase is one fixture page with what must be found in it.
type pageCase struct {
	file, url, lang string
	text            []string // article text the content must hold
}

var pageCases = []pageCase{
	{"en", "https://sana.sy/en/syria/2290113/", "en", []string{
		"The Damascus Water Supply and Sewage Authority on Monday opened a new pumping station in Al-Mazzeh",
		"Engineer Samer Haddad, head of the authority", "A second station in Kafr Sousa is scheduled to open in the spring.",
		"Residents of the Western Villas area", "Solar power for the night shift", "Staff trained: 18", "R.B"}},
	{"ar", "https://sana.sy/economy/syrian-economy/2519402/", "ar", []string{
		"افتتحت المؤسسة العامة لمياه الشرب", "بنحو ٤٠٠٠ متر مكعب يومياً", "في ١٥ آذار المقبل",
		"لأول مرة منذ صيفين", "م.ع"}},
	{"tr", "https://sana.sy/tr/suriye/98765/", "tr", []string{
		"Şam Su ve Kanalizasyon İdaresi pazartesi günü", "ilkbaharda açılması planlanıyor", "A.K"}},
	{"fr", "https://sana.sy/fr/syrie/412345", "fr", []string{
		"a inauguré lundi une nouvelle station de pompage", "doit ouvrir au printemps", "R.Kh / M.Ch."}},
	{"es", "https://sana.sy/es/siria/76543/", "es", []string{
		"inauguró el lunes una nueva estación de bombeo", "abrirá en primavera", "<td>Mazzeh</td>", "L.M"}},
	{"ku", "https://sana.sy/ku/suriye/12345/", "ku", []string{
		"Rêveberiya Avê ya Şamê roja Duşemê", "dê di biharê de vebe", "H.S"}},
	{"jsonld-only", "https://sana.sy/en/syria/2290377/", "en", []string{
		"Apricot orchards in the western Hama countryside", "most of them sold fresh in Damascus and Aleppo markets."}},
	{"seed-like", "https://sana.sy/en/syria/2291550/", "en", []string{
		"Syrian and Jordanian transport officials agreed on Monday", "Traders in Daraa welcomed the agreement",
		"R.Kh / M.Ch."}},
	{"unknown-markup", "https://sana.sy/en/culture/2290555/", "en", []string{
		"The eastern gate of Aleppo’s covered market reopened on Saturday",
		"guided tours for school groups start next week.", "souk-gate-inside.jpg"}},
}

// boilerplate must never be in an article's content: the site's texts
// around the article, in every edition's words, and what is unsafe.
var boilerplate = []string{
	"By using this site", "Privacy Policy", "Terms of Use", "Accept", "Urgent:", "عاجل:", "Reading:", "يقرأ:",
	"Latest News", "Syrian Arab News Agency (SANA)", "TAGGED", "الوسوم:", "Share This Article", "شارك هذا المقال",
	"SHARE", "Facebook", "Whatsapp", "LinkedIn", "Telegram", "Copy Link", "Editors Choice", "اختيارات المحرر",
	"Most read", "Welcome Back!", "Sign in to your account", "Username or Email Address", "Password",
	"Lost your password?", "All rights reserved", "Science &amp; Technology", "Photos", "Related", "Read also",
	// related posts and picks of the fixtures
	"Aleppo bakeries receive", "Latakia port handles", "توزيع مخصصات جديدة", "مرفأ اللاذقية", "Halep fırınlarına",
	"Alep : nouvelles allocations", "Nuevas asignaciones de harina", "Ji bo firinên Helebê", "Social affairs ministry",
	"Rain season begins early", "Damascus book fair", "New bus line", "Citadel museum reopens", "Heavy rain expected",
	"Central bank announces", "Exhibition of Syrian handicrafts",
	// unsafe or tracking
	"<script", "adsbygoogle", "onclick", "onerror", "alert(", "facebook.com/tr", "pixel.wp.com", "stats.example-tracker",
	"data:image", "data-src", "lazyload", "class=", "style=", "<noscript", "<form", "<input", "<button", "<iframe",
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	testkit.Check(t, err)
	return b
}

func TestPageGolden(t *testing.T) {
	for _, tc := range pageCases {
		t.Run(tc.file, func(t *testing.T) {
			a, err := extract.Page(readFile(t, filepath.Join("testdata", tc.file+".html")), tc.url, tc.lang)
			testkit.Check(t, err)
			checkContent(t, a, tc.text)
			golden(t, filepath.Join("testdata", tc.file+".golden.json"), a)
		})
	}
}

// checkContent checks that a's content and summary hold text and none of
// the boilerplate.
func checkContent(t *testing.T, a sanafeed.Article, text []string) {
	t.Helper()
	for _, s := range text {
		if !strings.Contains(a.Content, s) {
			t.Errorf("content lacks %q", s)
		}
	}
	for _, s := range boilerplate {
		if strings.Contains(a.Content, s) {
			t.Errorf("content holds boilerplate %q", s)
		}
		if strings.Contains(a.Summary, s) {
			t.Errorf("summary holds boilerplate %q", s)
		}
	}
	if a.Dateline != "" && strings.Contains(a.Summary, a.Dateline) {
		t.Errorf("summary %q holds the dateline", a.Summary)
	}
	if err := a.Validate(); err != nil {
		t.Error(err)
	}
	if a.From != sanafeed.FromPage {
		t.Errorf("From = %q, want %q", a.From, sanafeed.FromPage)
	}
}

// golden compares v as indented JSON with the file name, rewriting it
// under -update.
func golden(t *testing.T, name string, v any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	testkit.Check(t, enc.Encode(v))
	if *update {
		testkit.Check(t, os.WriteFile(name, buf.Bytes(), 0o644))
	}
	want := readFile(t, name)
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("output differs from %s; run go test -update and review the diff\ngot:\n%s", name, buf.Bytes())
	}
}

func TestPageFields(t *testing.T) {
	tests := []struct {
		file, url, lang string
		want            sanafeed.Article
		tags            []string
	}{
		{"en", "https://sana.sy/en/syria/2290113/", "en", sanafeed.Article{
			PostID: 2290113, URL: "https://sana.sy/en/syria/2290113/", Dateline: "DAMASCUS, Feb. 9 (SANA) –",
			Published: mustTime("2026-02-09T16:15:21+03:00"), Modified: mustTime("2026-02-09T20:32:10+03:00"),
			Image: "https://sana.sy/en/wp-content/uploads/2026/02/mazzeh-station-1024x683.jpg"},
			[]string{"damascus", "water", "solar-energy"}},
		{"ar", "https://sana.sy/economy/syrian-economy/2519402/", "ar", sanafeed.Article{
			PostID: 2519402, URL: "https://sana.sy/economy/syrian-economy/2519402/", Dateline: "دمشق-سانا",
			Published: mustTime("2026-02-09T14:05:00+03:00"), Modified: mustTime("2026-02-09T15:40:00+03:00"),
			Image: "https://sana.sy/wp-content/uploads/2026/02/%D9%85%D8%B2%D8%A9-%D9%85%D8%AD%D8%B7%D8%A9-scaled.jpg"},
			[]string{"دمشق", "مياه", "الطاقة-الشمسية"}},
		{"fr", "https://sana.sy/fr/syrie/412345", "fr", sanafeed.Article{
			PostID: 412345, URL: "https://sana.sy/fr/syrie/412345/", Dateline: "Damas, (SANA) –",
			Published: mustTime("2026-02-09T18:02:00+03:00"), Modified: mustTime("2026-02-10T09:11:00+03:00"),
			Image: "https://sana.sy/fr/wp-content/uploads/2026/02/mazzeh-station-fr.jpg"},
			[]string{"damas", "eau", "energie-solaire"}},
		{"tr", "https://sana.sy/tr/suriye/98765/", "tr", sanafeed.Article{ // no og:image: the lazy featured image
			PostID: 98765, URL: "https://sana.sy/tr/suriye/98765/", Dateline: "ŞAM, 9 Şubat (SANA) –",
			Published: mustTime("2026-02-09T17:20:00+03:00"), Modified: mustTime("2026-02-09T17:20:00+03:00"),
			Image: "https://sana.sy/tr/wp-content/uploads/2026/02/mezze-istasyon-1024x683.jpg"},
			[]string{"sam", "su", "gunes-enerjisi"}},
		{"ku", "https://sana.sy/ku/suriye/12345/", "ku", sanafeed.Article{ // upper-case percent-encoding
			PostID: 12345, URL: "https://sana.sy/ku/suriye/12345/", Dateline: "Şam – SANA /",
			Published: mustTime("2026-02-09T20:10:00+03:00"), Modified: mustTime("2026-02-09T20:10:00+03:00"),
			Image: "https://sana.sy/ku/wp-content/uploads/2026/02/mezze-stasyon.jpg"},
			[]string{"şam", "av"}},
		{"jsonld-only", "https://sana.sy/en/syria/2290377/", "en", sanafeed.Article{ // visible times differ: not used
			PostID: 2290377, URL: "https://sana.sy/en/syria/2290377/", Dateline: "HAMA, Feb. 12 (SANA) –",
			Published: mustTime("2026-02-12T11:05:00+03:00"), Modified: mustTime("2026-02-12T13:30:00+03:00"),
			Image: "https://sana.sy/en/wp-content/uploads/2026/02/hama-apricot.jpg"},
			[]string{"hama", "agriculture"}},
		{"unknown-markup", "https://sana.sy/en/culture/2290555/?utm_source=x#top", "en", sanafeed.Article{
			PostID: 2290555, URL: "https://sana.sy/en/culture/2290555/", Dateline: "ALEPPO, Feb. 14 (SANA) –",
			Published: mustTime("2026-02-14T10:20:00+03:00"), Modified: mustTime("2026-02-14T12:00:00+03:00"),
			Image: "https://sana.sy/en/media/2026/02/souk-gate.jpg"},
			[]string{"aleppo", "heritage", "restoration"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a, err := extract.Page(readFile(t, filepath.Join("testdata", tt.file+".html")), tt.url, tt.lang)
			testkit.Check(t, err)
			w := tt.want
			if a.PostID != w.PostID || a.URL != w.URL || a.Dateline != w.Dateline || a.Image != w.Image || a.Lang != tt.lang {
				t.Errorf("got id %d url %q dateline %q image %q lang %q, want %d %q %q %q %q",
					a.PostID, a.URL, a.Dateline, a.Image, a.Lang, w.PostID, w.URL, w.Dateline, w.Image, tt.lang)
			}
			if !a.Published.Equal(w.Published) || !a.Modified.Equal(w.Modified) {
				t.Errorf("got published %v modified %v, want %v %v", a.Published, a.Modified, w.Published, w.Modified)
			}
			if got := strings.Join(a.TagSlugs(), ","); got != strings.Join(tt.tags, ",") {
				t.Errorf("tags = %s, want %s", got, strings.Join(tt.tags, ","))
			}
		})
	}
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestPageSeed simulates the page of shared/data/seed: its feed item has no
// tags, times or dateline; reading the page recovers them, and merging the
// page into the feed's article fills them in.
func TestPageSeed(t *testing.T) {
	url := "https://sana.sy/en/syria/2291550/"
	feed := sanafeed.Article{Lang: "en", PostID: 2291550, URL: url, From: sanafeed.FromFeed,
		Title:   "Syria and Jordan agree on a joint plan to reopen a border crossing to trucks",
		Content: "<p>Syrian and Jordanian transport officials agreed on Monday…</p>"}
	a, err := extract.Page(readFile(t, "testdata/seed-like.html"), url, "en")
	testkit.Check(t, err)
	wantTags := "ahmad-al-sharaa,jordan,damascus,trade,syria,transport"
	if got := strings.Join(a.TagSlugs(), ","); got != wantTags {
		t.Errorf("tags = %s, want %s (from the TAGGED bar)", got, wantTags)
	}
	if a.Tags[0].Name != "Ahmad Al-Sharaa" {
		t.Errorf("first tag name = %q, want Ahmad Al-Sharaa", a.Tags[0].Name)
	}
	if !a.Published.Equal(mustTime("2026-02-09T16:15:00+03:00")) || !a.Modified.Equal(mustTime("2026-02-09T20:32:00+03:00")) {
		t.Errorf("times %v %v, want 2026-02-09 16:15 and 20:32 +03:00 (from meta)", a.Published, a.Modified)
	}
	if a.Dateline != "DAMASCUS, Feb. 9 (SANA) –" {
		t.Errorf("dateline = %q", a.Dateline)
	}
	if !feed.Merge(a) {
		t.Fatal("merging the page changed nothing")
	}
	if len(feed.Tags) != 6 || feed.Published.IsZero() || feed.Dateline == "" || feed.From != sanafeed.FromPage {
		t.Errorf("merged article lacks what the page gave: %+v", feed)
	}
	if strings.Contains(feed.Content, "…</p>") || !strings.Contains(feed.Content, "Traders in Daraa") {
		t.Errorf("merged content is not the page's: %s", feed.Content)
	}
}

// TestPageDisplayTimes strips every machine-readable time from a page: the
// visible "Published:" / "Updated:" texts are then read in +03:00.
func TestPageDisplayTimes(t *testing.T) {
	for _, tc := range []struct{ file, url, lang, pub, mod string }{
		{"en", "https://sana.sy/en/syria/2290113/", "en", "2026-02-09T16:15:00+03:00", "2026-02-09T20:32:00+03:00"},
		{"fr", "https://sana.sy/fr/syrie/412345", "fr", "2026-02-09T18:02:00+03:00", "2026-02-10T09:11:00+03:00"},
		{"ar", "https://sana.sy/economy/syrian-economy/2519402/", "ar", "2026-02-09T14:05:00+03:00", "2026-02-09T15:40:00+03:00"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			b := string(readFile(t, filepath.Join("testdata", tc.file+".html")))
			b = regexp.MustCompile(`(?s)<script type="application/ld\+json".*?</script>`).ReplaceAllString(b, "")
			b = regexp.MustCompile(`<meta property="article:[a-z_]+_time"[^>]*>`).ReplaceAllString(b, "")
			b = regexp.MustCompile(` datetime="[^"]*"`).ReplaceAllString(b, "")
			a, err := extract.Page([]byte(b), tc.url, tc.lang)
			testkit.Check(t, err)
			if !a.Published.Equal(mustTime(tc.pub)) || !a.Modified.Equal(mustTime(tc.mod)) {
				t.Errorf("got %v %v, want %s %s", a.Published, a.Modified, tc.pub, tc.mod)
			}
		})
	}
}

func TestPageNotArticle(t *testing.T) {
	tests := []struct{ name, body, url string }{
		{"empty", "", "https://sana.sy/en/syria/1/"},
		{"listing", `<html><body class="archive category category-syria"><div class="p-wrap"><h3><a href="/en/syria/5/">A</a></h3></div>
			<div class="p-wrap"><h3><a href="/en/syria/6/">B</a></h3></div></body></html>`, "https://sana.sy/en/syria/"},
		{"404", `<html><head><title>Page not found - SANA</title></head><body class="error404"><h1>Oops</h1></body></html>`,
			"https://sana.sy/en/syria/2290113/"},
		{"home", `<html><body class="home blog"><article id="post-5"><h2>x</h2></article><article id="post-6"></article></body></html>`,
			"https://sana.sy/en/"},
		{"no post id", `<html><head><title>About us</title></head><body><h1>About us</h1><p>Text.</p></body></html>`,
			"https://sana.sy/en/about/"},
		{"no title", `<html><body class="single-post postid-7"><article id="post-7"><div class="entry-content"><p>x</p></div></article></body></html>`,
			"https://sana.sy/en/syria/7/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := extract.Page([]byte(tt.body), tt.url, "en")
			if !errors.Is(err, extract.ErrNotArticle) {
				t.Errorf("Page() err = %v, want ErrNotArticle", err)
			}
		})
	}
}

func TestPageFallbacks(t *testing.T) {
	tests := []struct {
		name, body, url string
		id              int64
		wantURL, title  string
		tags            string
	}{
		{"canonical names the post", `<html><head><link rel="canonical" href="https://www.sana.sy./en/politics/88/"><title>T - SANA</title></head>
			<body><div class="entry-content"><p>x</p></div></body></html>`, "https://sana.sy/en/?p=88", 88,
			"https://sana.sy/en/politics/88/", "T", ""},
		{"canonical names another post", `<html><head><link rel="canonical" href="https://sana.sy/en/"><meta property="og:title" content="OG title | Syrian Arab News Agency"></head>
			<body class="single-post postid-91"><div class="entry-content"><p>x</p></div></body></html>`, "https://sana.sy/en/syria/91", 91,
			"https://sana.sy/en/syria/91/", "OG title", ""},
		{"tag classes without a bar", `<html><head><title>Title</title></head><body><article id="post-12" class="post tag-damascus tag-1234 tag-- category-syria">
			<h1 class="entry-title">Entry title</h1><div class="entry-content"><p>x</p></div></article></body></html>`, "https://sana.sy/en/syria/12/", 12,
			"https://sana.sy/en/syria/12/", "Entry title", "damascus"},
		{"rel tag outside a bar, category links skipped", `<html><body><article id="post-13"><h1 class="s-title">S</h1><div class="entry-content"><p>x</p></div>
			<a href="/en/syria/" rel="category tag">Syria</a> <a href="/en/tag/%D8%AD%D9%85%D8%B5/" rel="tag">حمص</a></article></body></html>`,
			"https://sana.sy/en/syria/13/", 13, "https://sana.sy/en/syria/13/", "S", "حمص"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := extract.Page([]byte(tt.body), tt.url, "en")
			testkit.Check(t, err)
			if a.PostID != tt.id || a.URL != tt.wantURL || a.Title != tt.title || strings.Join(a.TagSlugs(), ",") != tt.tags {
				t.Errorf("got %d %q %q %v, want %d %q %q %s", a.PostID, a.URL, a.Title, a.TagSlugs(), tt.id, tt.wantURL, tt.title, tt.tags)
			}
		})
	}
}

func TestPageCleansBody(t *testing.T) {
	long := strings.Repeat(`<a href="/en/syria/9/">A very long headline about something else entirely</a> `, 8)
	tests := []struct {
		name, body string
		want, not  []string
	}{
		{"tag label without classes ends the body",
			`<p>Body one.</p><p><span>TAGGED:</span><a href="/en/tag/x/">X</a></p><p>After the bar.</p>`,
			[]string{"Body one."}, []string{"TAGGED", "After the bar."}},
		{"share label ends the body", `<p>Body one.</p><h4>Share This Article</h4><p>Facebook</p>`,
			[]string{"Body one."}, []string{"Share", "Facebook"}},
		{"long link-dense ticker goes", `<p>Body one.</p><div><strong>Urgent:</strong> ` + long + `</div><p>Body two.</p>`,
			[]string{"Body one.", "Body two."}, []string{"Urgent", "very long headline"}},
		{"reading header goes", `<div class="x"><span>Reading:</span> The title</div><p>Body one.</p>`,
			[]string{"Body one."}, []string{"Reading", "The title"}},
		{"ads, empty paragraphs and comments go", `<p>Body one.</p><div class="ad-slot">Advertisement</div><p> &nbsp; </p><!-- c --><p><br></p><p>Body two.</p>`,
			[]string{"<p>Body one.</p><p>Body two.</p>"}, []string{"Advertisement", "<br", "<!--"}},
		{"editors choice ends the body", `<p>Body one.</p><div><h3>Editors Choice</h3><ul><li><a href="/en/syria/8/">Pick</a></li></ul></div>`,
			[]string{"Body one."}, []string{"Editors", "Pick"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := `<html><body class="single-post postid-7"><article id="post-7"><h1 class="s-title">T</h1><div class="entry-content rbct">` +
				tt.body + `</div></article></body></html>`
			a, err := extract.Page([]byte(page), "https://sana.sy/en/syria/7/", "en")
			testkit.Check(t, err)
			for _, s := range tt.want {
				if !strings.Contains(a.Content, s) {
					t.Errorf("content %q lacks %q", a.Content, s)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(a.Content, s) {
					t.Errorf("content %q holds %q", a.Content, s)
				}
			}
		})
	}
}

func TestPageKeepsDirection(t *testing.T) {
	page := `<html lang="ar" dir="rtl"><body class="single-post postid-7"><article id="post-7"><h1 class="s-title">عنوان</h1>
		<div class="entry-content rbct" dir="rtl" lang="ar"><p>دمشق-سانا نص الخبر.</p><p dir="ltr" lang="en">Quoted English.</p></div></article></body></html>`
	a, err := extract.Page([]byte(page), "https://sana.sy/syria/7/", "")
	testkit.Check(t, err)
	want := `<div dir="rtl" lang="ar"><p>دمشق-سانا نص الخبر.</p><p dir="ltr" lang="en">Quoted English.</p></div>`
	if a.Content != want || a.Lang != "ar" || a.Dateline != "دمشق-سانا" || a.Summary != "نص الخبر. Quoted English." {
		t.Errorf("got content %q lang %q dateline %q summary %q", a.Content, a.Lang, a.Dateline, a.Summary)
	}
}
