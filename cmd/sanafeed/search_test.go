package main

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/replica"
)

// The ground truth of a word search is read from the replica's own texts
// with regular expressions written here, apart from link.Query: whether a
// word spelled as the replica spells it in an edition stands in an
// article's title, body or tag names as a whole word, allowing only what
// each edition's grammar attaches to a name.

// mentionRe returns a regular expression finding the name as a word of
// the edition lang: Arabic may prefix the clitics و ف ب ل ك and the
// article ال (وحلب, بحلب); Turkish adds case endings after an apostrophe
// (Halep'te), Kurmanji without one (Helebê); French elides before it
// (d'Alep: the apostrophe is no letter). Latin matching ignores case.
func mentionRe(lang, name string) *regexp.Regexp {
	n := regexp.QuoteMeta(name)
	switch lang {
	case "ar":
		return regexp.MustCompile(`(?:^|[^\p{L}])(?:[وف]?[بلك]?|لل)(?:ال)?` + n + `(?:$|[^\p{L}])`)
	case "tr":
		n += `(?:['’]\p{L}+)?`
	case "ku":
		n += `(?:ê|a|yê)?`
	}
	return regexp.MustCompile(`(?i)(?:^|[^\p{L}])` + n + `(?:$|[^\p{L}])`)
}

// entryText returns the text of a ground-truth article, Arabic
// diacritics and tatweel removed: title, body and tag names.
func entryText(e replica.Entry) string {
	var tags []string
	for _, t := range e.Tags {
		tags = append(tags, t.Name)
	}
	s := e.Title + "\n" + strings.Join(e.Body, "\n") + "\n" + strings.Join(tags, "\n")
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) || r == 'ـ' {
			return -1
		}
		return r
	}, s)
}

// mentioning returns the ids of the truth's articles whose text matches
// one of the expressions of their edition.
func mentioning(truth []replica.Entry, res map[string][]*regexp.Regexp) map[string]bool {
	out := map[string]bool{}
	for _, e := range truth {
		text := entryText(e)
		if slices.ContainsFunc(res[e.Lang], func(re *regexp.Regexp) bool { return re.MatchString(text) }) {
			out[sanafeed.ArticleID(e.Lang, e.PostID)] = true
		}
	}
	return out
}

// aleppoTruth returns the ids of the articles mentioning Aleppo, by the
// replica's name of the city in each edition.
func aleppoTruth(t *testing.T, truth []replica.Entry) map[string]bool {
	names := replica.CityNames("aleppo")
	if len(names) != len(sanafeed.Editions) {
		t.Fatalf("replica.CityNames(aleppo) = %v", names)
	}
	res := map[string][]*regexp.Regexp{}
	for lang, name := range names {
		res[lang] = []*regexp.Regexp{mentionRe(lang, name)}
	}
	return mentioning(truth, res)
}

// shaibaniTruth returns the ids of the articles mentioning the foreign
// minister, by the spellings his own story's versions tag him with (each
// version's first tag: الشيباني, Al-Shaibani, Şeybani, Chaibani, …),
// less the article al.
func shaibaniTruth(t *testing.T, truth []replica.Entry) map[string]bool {
	res := map[string][]*regexp.Regexp{}
	for _, e := range truth {
		if e.Story == "shaibani-icrc" {
			name := e.Tags[0].Name
			for _, al := range []string{"Al-", "Al ", "ال"} {
				name = strings.TrimPrefix(name, al)
			}
			res[e.Lang] = append(res[e.Lang], mentionRe(e.Lang, name))
		}
	}
	if len(res) < 4 {
		t.Fatalf("the replica's shaibani-icrc story has %d versions", len(res))
	}
	// Every edition may name him in any Latin spelling of the others.
	for lang := range res {
		if lang == "ar" {
			continue
		}
		for other, rs := range res {
			if other != "ar" && other != lang {
				res[lang] = append(res[lang], rs[:1]...)
			}
		}
	}
	return mentioning(truth, res)
}

// stored returns the ids of the articles of truth that the world's store
// holds, and every stored id.
func storedIDs(t *testing.T, w *world) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	w.served(func(srv *httptest.Server) {
		for _, e := range sanafeed.Editions {
			var f jsonFeed
			if err := json.Unmarshal([]byte(getBody(t, srv.URL, "/feeds/"+e.Lang+".json")), &f); err != nil {
				t.Fatal(err)
			}
			for _, it := range f.Items {
				ids[it.ID] = true
			}
		}
	})
	return ids
}

// TestMatchWebhookAndSearchFeed polls the replica with a webhook matching
// Aleppo, and checks it receives exactly the articles that mention the
// city in any edition, as the replica's texts tell; then that the search
// feeds for Aleppo and for Shaibani hold exactly theirs, and that queries
// out of bounds get 400 with a reason.
func TestMatchWebhookAndSearchFeed(t *testing.T) {
	t.Parallel()
	w := newWorldWith(t, replica.Options{Synthetic: 48})
	var mu sync.Mutex
	got := map[string]int{} // article id → article.created events
	recv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var ev sanafeed.Event
		if err := json.Unmarshal(body, &ev); err != nil {
			t.Errorf("body: %v", err)
		}
		mu.Lock()
		defer mu.Unlock()
		got[ev.Data.ID]++
	}))
	defer recv.Close()
	cfg, err := os.ReadFile(w.config)
	if err != nil {
		t.Fatal(err)
	}
	cfg = append(cfg, "[[webhook]]\nurl = \""+recv.URL+"\"\nsecret = \""+testSecret+"\"\nevents = [\"article.created\"]\nmatch = [\"Aleppo\"]\n"...)
	if err := os.WriteFile(w.config, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	w.poll()

	truth := w.site.Truth()
	stored := storedIDs(t, w)
	restrict := func(ids map[string]bool) map[string]bool {
		out := map[string]bool{}
		for id := range ids {
			if stored[id] {
				out[id] = true
			}
		}
		return out
	}
	aleppo, shaibani := restrict(aleppoTruth(t, truth)), restrict(shaibaniTruth(t, truth))
	langs := map[string]bool{}
	for id := range aleppo {
		langs[strings.SplitN(strings.TrimPrefix(id, "tag:sana.sy,2025:"), "/", 2)[0]] = true
	}
	if len(langs) != len(sanafeed.Editions) {
		t.Fatalf("the replica mentions Aleppo in the editions %v only: the test would not test every script", slices.Sorted(maps.Keys(langs)))
	}
	mu.Lock()
	for id, n := range got {
		if !aleppo[id] || n != 1 {
			t.Errorf("webhook: %s arrived %d times; mentions Aleppo: %v", id, n, aleppo[id])
		}
	}
	for id := range aleppo {
		if got[id] == 0 {
			t.Errorf("webhook: %s mentions Aleppo and never arrived", id)
		}
	}
	mu.Unlock()
	t.Logf("%d of %d stored articles (of %d in the replica) mention Aleppo in %d editions, %d Shaibani", len(aleppo), len(stored), len(truth), len(langs), len(shaibani))

	w.served(func(srv *httptest.Server) {
		for _, c := range []struct {
			q    string
			want map[string]bool
		}{{"Aleppo", aleppo}, {"حلب", aleppo}, {"Shaibani", shaibani}, {"الشيباني", shaibani}} {
			path := "/feeds/search.atom?q=" + url.QueryEscape(c.q)
			if p := checkAtomSchema([]byte(getBody(t, srv.URL, path))); len(p) > 0 {
				t.Errorf("%s breaks the Atom schema: %q", path, p)
			}
			f := getFeed(t, srv, path)
			ids := map[string]bool{}
			for _, it := range f.Items {
				ids[it.GUID] = true
			}
			if len(c.want) == 0 || !maps.Equal(ids, c.want) {
				t.Errorf("search.atom?q=%s: %d items %v\nwant the %d mentioning it: %v", c.q, len(ids),
					slices.Sorted(maps.Keys(ids)), len(c.want), slices.Sorted(maps.Keys(c.want)))
			}
		}
		for _, c := range []struct{ query, reason string }{
			{"", "q: no words to search for"},
			{"q=a", "fewer than 2 letters or digits"},
			{"q=" + url.QueryEscape(strings.Repeat("Aleppo ", 30)), "bytes long; at most 200"},
			{"q=" + url.QueryEscape("a1 a2 a3 a4 a5 a6 a7 a8 a9"), "9 terms; at most 8"},
			{"q=Aleppo&lang=de", `lang: unknown edition "de"`},
		} {
			code, body := fetchBody(t, srv.URL+"/feeds/search.rss?"+c.query)
			if code != http.StatusBadRequest || !strings.Contains(body, c.reason) {
				t.Errorf("search.rss?%s: %d %q, want 400 saying %q", c.query, code, body, c.reason)
			}
		}
	})
}
