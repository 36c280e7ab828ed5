package refresh_test

import (
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A fakeEdition is an English edition at /en/ with the feed items of
// feed, the article pages of pages (by path) and a home listing those
// pages: enough to put one hostile feed item or page before the poller.
type fakeEdition struct {
	mu    sync.Mutex
	feed  []string          // the feed's <item> elements
	pages map[string][]byte // article pages by path
	ctype string            // of the pages; "" is text/html; charset=UTF-8
}

// serve starts e on loopback and returns its URL.
func (e *fakeEdition) serve(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv.URL
}

func (e *fakeEdition) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch p := r.URL.Path; {
	case p == "/en/":
		var b strings.Builder
		b.WriteString("<html><body><main>")
		for _, path := range slices.Sorted(maps.Keys(e.pages)) {
			fmt.Fprintf(&b, `<article><h3><a href="%s">A story</a></h3></article>`, path)
		}
		b.WriteString("</main></body></html>")
		w.Write([]byte(b.String()))
	case p == "/en/feed/":
		w.Header().Set("Content-Type", "application/rss+xml; charset=UTF-8")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" `+
			`xmlns:media="http://search.yahoo.com/mrss/"><channel><title>SANA</title>%s</channel></rss>`,
			strings.Join(e.feed, ""))
	case e.pages[p] != nil:
		ct := e.ctype
		if ct == "" {
			ct = "text/html; charset=UTF-8"
		}
		w.Header().Set("Content-Type", ct)
		w.Write(e.pages[p])
	default:
		http.NotFound(w, r)
	}
}

// setFeed replaces the feed's items.
func (e *fakeEdition) setFeed(items ...string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.feed = items
}

// setPage serves body at path.
func (e *fakeEdition) setPage(path string, body []byte) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.pages == nil {
		e.pages = map[string][]byte{}
	}
	e.pages[path] = body
}

// rssItem returns an RSS <item>; extra is put inside it as it is.
func rssItem(link, guid, title string, published time.Time, extra string) string {
	return fmt.Sprintf(`<item><title>%s</title><link>%s</link><guid isPermaLink="false">%s</guid>`+
		`<pubDate>%s</pubDate><description>An excerpt.</description>%s</item>`,
		html.EscapeString(title), html.EscapeString(link), html.EscapeString(guid),
		published.Format(time.RFC1123Z), extra)
}

// articlePage returns a page of post id for the default rules, published
// at published, with its title and a paragraph; head is put in its
// <head>, tags inside its <article>.
func articlePage(id int64, published time.Time, title, head, tags string) []byte {
	return fmt.Appendf(nil, `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><title>%[2]s</title>`+
		`<link rel="shortlink" href="/en/?p=%[1]d"><meta property="article:published_time" content="%[5]s">%[3]s`+
		`</head><body class="single-post postid-%[1]d"><article id="post-%[1]d"><h1 class="s-title">%[2]s</h1>`+
		`<div class="entry-content"><p>DAMASCUS, (SANA) – The whole of story %[1]d, told at length so that it reads as an article.</p>`+
		`</div>%[4]s</article></body></html>`, id, title, head, tags, published.Format(time.RFC3339))
}

// countingHost is a host that must not be asked anything: it counts
// what it is asked.
type countingHost struct{ n atomic.Int64 }

func (h *countingHost) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.n.Add(1)
	http.NotFound(w, r)
}
