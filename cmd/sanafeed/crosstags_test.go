package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/replica"
)

// conceptTruth returns, from the replica's ground truth, the ids of the
// articles carrying a tag of the concept c, and the slug of that tag in
// each edition.
func conceptTruth(truth []replica.Entry, c string) (ids []string, slugs map[string]string) {
	slugs = map[string]string{}
	for _, e := range truth {
		for i, tc := range e.Concepts {
			if tc == c {
				ids = append(ids, sanafeed.ArticleID(e.Lang, e.PostID))
				slugs[e.Lang] = e.Tags[i].Slug
				break
			}
		}
	}
	slices.Sort(ids)
	return ids, slugs
}

// TestCrossEditionTagFeed polls a replica with generated stories and
// checks that /feeds/tags/{slug} of the Damascus tag, asked by its slug
// in any edition, holds exactly the replica's Damascus-tagged articles of
// every edition, newest first, in every format; the langs filter, the
// errors, the validators and the pages that show a tag's equivalents.
func TestCrossEditionTagFeed(t *testing.T) {
	t.Parallel()
	w := newWorldWith(t, replica.Options{Synthetic: 600})
	// Read the whole archive (the imported old stories too), and serve
	// every Damascus story in one feed.
	b, err := os.ReadFile(w.config)
	if err != nil {
		t.Fatal(err)
	}
	cfg := strings.Replace(string(b), "[poll]\n", "[poll]\ncatch_up = \"8760h\"\n", 1) + "[feeds]\nitems = 1000\n"
	if err := os.WriteFile(w.config, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	w.poll()
	want, slugs := conceptTruth(w.site.Truth(), "damascus")
	if len(slugs) < len(sanafeed.Editions) {
		t.Fatalf("the replica tags Damascus in %d editions (%v), want all six: the test would prove little", len(slugs), slugs)
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"tags", "-config", w.config}, &out, &errOut); code != 0 {
		t.Fatalf("tags exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "ar:دمشق = en:damascus (Damascus) = tr:sam (Şam) = fr:damas (Damas)") {
		t.Errorf("sanafeed tags does not print the Damascus group:\n%s", out.String())
	}
	t.Logf("sanafeed tags:\n%s", out.String())
	w.served(func(srv *httptest.Server) {
		for _, lang := range []string{"ar", "en", "tr", "fr"} {
			path := "/feeds/tags/" + url.PathEscape(slugs[lang]) + ".atom"
			feed := getFeed(t, srv, path)
			got := itemIDs(feed)
			for i := 1; i < len(feed.Items); i++ {
				if feed.Items[i].PublishedParsed.After(*feed.Items[i-1].PublishedParsed) {
					t.Errorf("%s: item %d is newer than item %d", path, i, i-1)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s: %d items, want the replica's %d Damascus-tagged articles\n got %v\nwant %v", path, len(got), len(want), got, want)
			}
		}
		for _, ext := range []string{"rss", "json"} {
			got := itemIDs(getFeed(t, srv, "/feeds/tags/damascus."+ext))
			if len(got) != len(want) {
				t.Errorf("damascus.%s: %d items, want %d", ext, len(got), len(want))
			}
		}

		var wantEnFr []string
		for _, id := range want {
			if k := id[strings.LastIndexByte(id, ':')+1:]; strings.HasPrefix(k, "en/") || strings.HasPrefix(k, "fr/") {
				wantEnFr = append(wantEnFr, id)
			}
		}
		got := itemIDs(getFeed(t, srv, "/feeds/tags/damascus.atom?langs=fr,en"))
		slices.Sort(got)
		if !slices.Equal(got, wantEnFr) || len(got) == 0 {
			t.Errorf("?langs=fr,en: %v, want %v", got, wantEnFr)
		}

		for _, tt := range []struct {
			path, reason string
			code         int
		}{
			{"/feeds/tags/damascus.atom?langs=en,xx", `unknown language "xx"`, http.StatusBadRequest},
			{"/feeds/tags/no-such-tag.atom", `unknown tag "no-such-tag"`, http.StatusNotFound},
			{"/feeds/tags/damascus.txt", "unknown feed format", http.StatusNotFound},
		} {
			code, body := fetchBody(t, srv.URL+tt.path)
			if code != tt.code || !strings.Contains(body, tt.reason) {
				t.Errorf("GET %s: %d %q, want %d with %q", tt.path, code, body, tt.code, tt.reason)
			}
		}
		checkValidators(t, srv.URL+"/feeds/tags/damascus.atom")

		idx := getBody(t, srv.URL, "/")
		if !strings.Contains(idx, "/feeds/tags/"+slugs["en"]+".atom") || !strings.Contains(idx, "Across editions") {
			t.Errorf("index page shows no tag equivalents")
		}
		page := getBody(t, srv.URL, "/tags/en/"+url.PathEscape(slugs["en"])+"/")
		for _, lang := range []string{"ar", "fr", "es"} {
			if !strings.Contains(page, ">"+w.tagName(lang, slugs[lang])+"</a>") {
				t.Errorf("the English Damascus tag page does not name the %s tag %q", lang, slugs[lang])
			}
		}
	})
}

// tagName returns the name of the tag slug of edition lang in the replica.
func (w *world) tagName(lang, slug string) string {
	for _, e := range w.site.Truth() {
		for _, tg := range e.Tags {
			if e.Lang == lang && tg.Slug == slug {
				return tg.Name
			}
		}
	}
	return slug
}

// checkValidators checks that u answers a repeat request with its ETag
// 304, and a request accepting gzip with a gzip body that decodes.
func checkValidators(t *testing.T, u string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	etag := resp.Header.Get("ETag")
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("If-None-Match", etag)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if etag == "" || resp.StatusCode != http.StatusNotModified {
		t.Errorf("GET %s with If-None-Match %s: %d, want 304", u, etag, resp.StatusCode)
	}
	req, _ = http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err = (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	zr, err := gzip.NewReader(resp.Body)
	if err != nil || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("GET %s accepting gzip: Content-Encoding %q, %v", u, resp.Header.Get("Content-Encoding"), err)
	}
	if b, err := io.ReadAll(zr); err != nil || !strings.Contains(string(b), "<feed") {
		t.Errorf("GET %s: gzip body does not decode to a feed: %v", u, err)
	}
}
