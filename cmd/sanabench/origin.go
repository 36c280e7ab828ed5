package main

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/sanafeed/sanafeed/replica"
)

// An origin is the replica on loopback, counting what it is asked and
// what it sends.
type origin struct {
	site  *replica.Site
	url   string
	srv   *http.Server
	pages map[string]replica.Entry // article page path → entry

	requests, bytes, articles, feeds, feed304 atomic.Int64

	mu   sync.Mutex
	seen map[string]bool // article page and feed paths (with query) requested
}

// startOrigin serves a replica with n synthetic articles on loopback.
func startOrigin(n int) (*origin, error) {
	site := replica.New(replica.Options{Synthetic: n})
	o := &origin{site: site, pages: map[string]replica.Entry{}, seen: map[string]bool{}}
	for _, e := range site.Truth() {
		o.pages[e.Path] = e
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	o.url = "http://" + ln.Addr().String()
	o.srv = &http.Server{Handler: o}
	go o.srv.Serve(ln)
	return o, nil
}

func (o *origin) close() { o.srv.Close() }

// reset zeroes the counters and forgets what was requested.
func (o *origin) reset() {
	o.mu.Lock()
	o.seen = map[string]bool{}
	o.mu.Unlock()
	o.requests.Store(0)
	o.bytes.Store(0)
	o.articles.Store(0)
	o.feeds.Store(0)
	o.feed304.Store(0)
}

// isFeed reports whether path is a feed's.
func isFeed(path string) bool {
	return strings.HasSuffix(path, "/feed/") || strings.HasSuffix(path, "/feed")
}

func (o *origin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	o.requests.Add(1)
	_, page := o.pages[r.URL.Path]
	feed := isFeed(r.URL.Path)
	if page {
		o.articles.Add(1)
	}
	if page || feed {
		o.mu.Lock()
		o.seen[r.URL.RequestURI()] = true
		o.mu.Unlock()
	}
	cw := &countWriter{ResponseWriter: w}
	o.site.ServeHTTP(cw, r)
	o.bytes.Add(cw.n)
	if feed {
		o.feeds.Add(1)
		if cw.code == http.StatusNotModified {
			o.feed304.Add(1)
		}
	}
}

// countWriter counts body bytes and keeps the status.
type countWriter struct {
	http.ResponseWriter
	n    int64
	code int
}

func (c *countWriter) WriteHeader(code int) {
	if c.code == 0 {
		c.code = code
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.code == 0 {
		c.code = http.StatusOK
	}
	n, err := c.ResponseWriter.Write(p)
	c.n += int64(n)
	return n, err
}
