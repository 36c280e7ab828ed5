package replica

import (
	"encoding/xml"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
)

func TestFeeds(t *testing.T) {
	s, srv := serve(t, Options{})
	truth := s.Truth()
	for _, e := range sanafeed.Editions {
		t.Run(e.Lang, func(t *testing.T) {
			resp, b := get(t, srv, e.Path+"feed/")
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/rss+xml") {
				t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			err := wellFormed(b)
			if e.Lang == "ar" {
				if err == nil || !strings.Contains(err.Error(), "duplicate attribute isPermaLink") {
					t.Errorf("ar feed: well-formedness error %v, want a duplicated attribute", err)
				}
			} else if err != nil {
				t.Errorf("feed not well-formed: %v", err)
			}
			d := parseRSS(t, b) // encoding/xml itself does not reject duplicated attributes
			ids := itemIDs(t, d)
			if want := s.FeedPostIDs(e.Lang); !slices.Equal(ids, want) {
				t.Errorf("feed carries %v, FeedPostIDs says %v", ids, want)
			}
			if len(ids) == 0 || len(ids) > 10 {
				t.Errorf("feed has %d items", len(ids))
			}
			byID := map[int64]Entry{}
			for _, en := range byLang(truth, e.Lang) {
				byID[en.PostID] = en
			}
			for i, it := range d.Channel.Items {
				en := byID[ids[i]]
				if it.Title != en.Title || it.Link != srv.URL+en.Path || it.Creator == "" {
					t.Errorf("item %d: %q %q, want %q %q", ids[i], it.Title, it.Link, en.Title, srv.URL+en.Path)
				}
				if want := srv.URL + e.Path + "?p=" + strconv.FormatInt(ids[i], 10); it.GUID != want {
					t.Errorf("guid %q, want %q", it.GUID, want)
				}
				pub, err := time.Parse(time.RFC1123Z, it.PubDate)
				if err != nil || !pub.Equal(en.Published) {
					t.Errorf("pubDate %q (%v), want %v", it.PubDate, err, en.Published)
				}
				if len(it.Categories) != 1+len(en.Tags) || it.Categories[0] != en.Category.Name {
					t.Errorf("categories %q", it.Categories)
				}
				if hasContent := it.Content != ""; hasContent != (e.Lang == "en" || e.Lang == "fr") {
					t.Errorf("content:encoded present: %v", hasContent)
				}
				if !strings.HasPrefix(it.Description, en.Dateline) {
					t.Errorf("description %q", it.Description)
				}
			}
		})
	}
}

func TestStaleFeeds(t *testing.T) {
	s, srv := serve(t, Options{})
	truth := s.Truth()
	for _, lang := range []string{"en", "tr", "fr", "es", "ku", "ar"} {
		newest := entryIDs(byLang(truth, lang))
		newest = newest[:min(10, len(newest))]
		_, plain := get(t, srv, edPath(lang)+"feed/", "Cache-Control", "no-cache", "Pragma", "no-cache")
		plainIDs := itemIDs(t, parseRSS(t, plain))
		resp, fresh := get(t, srv, edPath(lang)+"feed/?_cb=1700000000")
		if resp.StatusCode != 200 {
			t.Fatalf("%s: fresh feed status %d", lang, resp.StatusCode)
		}
		if got := itemIDs(t, parseRSS(t, fresh)); !slices.Equal(got, newest) {
			t.Errorf("%s: ?_cb= feed carries %v, want the newest %v", lang, got, newest)
		}
		missing := 0
		for _, id := range newest {
			if !slices.Contains(plainIDs, id) {
				missing++
			}
		}
		switch lang {
		case "en", "tr":
			if missing < 3 {
				t.Errorf("%s: stale feed misses %d of the newest articles, want ≥3", lang, missing)
			}
			if !slices.Equal(plainIDs, s.FeedPostIDs(lang)) {
				t.Errorf("%s: FeedPostIDs %v, feed %v", lang, s.FeedPostIDs(lang), plainIDs)
			}
		default:
			if !slices.Equal(plainIDs, newest) {
				t.Errorf("%s: feed %v is not fresh (%v)", lang, plainIDs, newest)
			}
		}
	}
}

func TestConditional(t *testing.T) {
	s, srv := serve(t, Options{})
	paths := []string{"/en/feed/", "/feed/", "/fr/feed/?_cb=1", "/en/", "/economy/", "/en/syria/2289847/", "/fr/syrie/31288",
		"/tr/tag/halep/", "/tr/tag/halep/feed/", "/es/sitemap_index.xml", "/ku/post-sitemap1.xml", "/robots.txt"}
	for _, p := range paths {
		resp, body := get(t, srv, p)
		etag, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
		if resp.StatusCode != 200 || etag == "" || lm == "" {
			t.Fatalf("%s: status %d, ETag %q, Last-Modified %q", p, resp.StatusCode, etag, lm)
		}
		if r2, b2 := get(t, srv, p, "If-None-Match", etag); r2.StatusCode != 304 || len(b2) != 0 || r2.Header.Get("ETag") != etag {
			t.Errorf("%s: If-None-Match: %d, %d bytes", p, r2.StatusCode, len(b2))
		}
		if r2, _ := get(t, srv, p, "If-Modified-Since", lm); r2.StatusCode != 304 {
			t.Errorf("%s: If-Modified-Since: %d", p, r2.StatusCode)
		}
		if r2, b2 := get(t, srv, p, "If-None-Match", `"other"`, "If-Modified-Since", lm); r2.StatusCode != 200 || string(b2) != string(body) {
			t.Errorf("%s: a stale ETag with a matching date: %d, want 200", p, r2.StatusCode)
		}
	}
	log := s.Requests()
	if n := len(log); n != 4*len(paths) || !log[1].Conditional || log[1].Status != 304 || log[0].Conditional {
		t.Errorf("request log: %v", log[:2])
	}

	// After Advance, fresh feeds change and stale ones do not.
	_, enOld := get(t, srv, "/en/feed/")
	frResp, _ := get(t, srv, "/fr/feed/")
	enResp, _ := get(t, srv, "/en/feed/")
	s.Advance()
	if r, _ := get(t, srv, "/fr/feed/", "If-None-Match", frResp.Header.Get("ETag")); r.StatusCode != 200 {
		t.Errorf("fr feed after Advance: %d, want 200", r.StatusCode)
	}
	if r, _ := get(t, srv, "/en/feed/", "If-None-Match", enResp.Header.Get("ETag")); r.StatusCode != 304 {
		t.Errorf("stale en feed after Advance: %d, want 304", r.StatusCode)
	}
	if _, b := get(t, srv, "/en/feed/"); string(b) != string(enOld) {
		t.Error("stale en feed changed after Advance")
	}
}

func TestTagFeeds(t *testing.T) {
	t.Parallel()
	s, srv := serve(t, Options{})
	for _, e := range s.Truth() {
		for _, tg := range e.Tags {
			p := edPath(e.Lang) + "tag/" + tg.Slug + "/feed/"
			d := parseRSS(t, mustGet(t, srv, p, 200))
			if !slices.Contains(itemIDs(t, d), e.PostID) && len(d.Channel.Items) < 10 {
				t.Errorf("%s does not carry %s %d", p, e.Lang, e.PostID)
			}
		}
	}
	d := parseRSS(t, mustGet(t, srv, "/en/economy/feed/", 200))
	if len(d.Channel.Items) < 3 {
		t.Errorf("category feed has %d items", len(d.Channel.Items))
	}
	var raw struct {
		XMLName xml.Name
	}
	if err := xml.Unmarshal(mustGet(t, srv, "/tag/حلب/feed/", 200), &raw); err != nil || raw.XMLName.Local != "rss" {
		t.Errorf("Arabic tag feed: %v %v", raw.XMLName, err)
	}
}

func TestFeedRedirects(t *testing.T) {
	_, srv := serve(t, Options{})
	for _, tt := range []struct{ from, to string }{
		{"/en/?feed=rss2", "/en/feed/"},
		{"/?feed=rss2", "/feed/"},
		{"/rss", "/feed/"},
		{"/en/feed", "/en/feed/"},
		{"/en/feed?_cb=7", "/en/feed/?_cb=7"},
	} {
		resp, _ := get(t, srv, tt.from)
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != srv.URL+tt.to {
			t.Errorf("%s: %d → %q, want 301 → %s", tt.from, resp.StatusCode, resp.Header.Get("Location"), tt.to)
		}
	}
}
