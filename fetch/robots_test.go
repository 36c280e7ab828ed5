package fetch_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/fetch"
)

// robotsServer serves robotsHandler(code, robots) on loopback, recording
// every request.
func robotsServer(t *testing.T, code int, robots string) (*httptest.Server, *recorder) {
	t.Helper()
	rec := &recorder{next: robotsHandler(code, robots)}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return srv, rec
}

// robotsHandler serves robots.txt as given (status code code) and "ok"
// for everything else.
func robotsHandler(code int, robots string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			w.WriteHeader(code)
			fmt.Fprint(w, robots)
			return
		}
		fmt.Fprint(w, "ok")
	})
}

// TestRobots checks, on the fake clock of a synctest bubble, that
// robots.txt is read first, its rules obeyed, its Crawl-delay kept between
// every two requests (robots.txt's own included) and that it is read again
// once a day.
func TestRobots(t *testing.T) {
	t.Parallel()
	const robots = "# SANA\nUser-agent: *\nCrawl-delay: 0.1\nDisallow: /private/\nAllow: /private/ok\nDisallow: /*.pdf$\n\nSitemap: https://sana.sy/sitemap_index.xml\n"
	synctest.Test(t, func(t *testing.T) {
		rec := &recorder{next: robotsHandler(200, robots)}
		c := fetch.NewClient() // Robots on, CrawlDelay nil
		c.HTTP = &http.Client{Transport: fakeNet{"sana.test": rec}}

		if _, err := c.Get(t.Context(), "http://sana.test/en/feed/", sanafeed.FetchState{}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			path    string
			wantErr error
		}{
			{"/private/x", fetch.ErrDisallowed},
			{"/private/ok.html", nil}, // the longer Allow wins
			{"/files/report.pdf", fetch.ErrDisallowed},
			{"/files/report.pdf?x=1", nil},
			{"/en/syria/1/", nil},
		}
		for _, tt := range tests {
			resp, err := c.Get(t.Context(), "http://sana.test"+tt.path, sanafeed.FetchState{})
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("Get(%s) err = %v, want %v", tt.path, err, tt.wantErr)
			}
			if tt.wantErr != nil && (resp == nil || resp.State.Failures != 1) {
				t.Errorf("Get(%s) resp = %+v, want a failure state", tt.path, resp)
			}
		}
		times, paths := rec.snapshot()
		want := []string{"/robots.txt", "/en/feed/", "/private/ok.html", "/files/report.pdf?x=1", "/en/syria/1/"}
		if strings.Join(paths, " ") != strings.Join(want, " ") {
			t.Errorf("server saw %q, want %q", paths, want)
		}
		for i := 1; i < len(times); i++ {
			if d := times[i].Sub(times[i-1]); d != 100*time.Millisecond {
				t.Errorf("gap before %s = %v, want robots.txt's Crawl-delay, 100ms (robots.txt counts as a request)", paths[i], d)
			}
		}

		time.Sleep(25 * time.Hour) // the cached robots.txt expires
		if _, err := c.Get(t.Context(), "http://sana.test/en/feed/", sanafeed.FetchState{}); err != nil {
			t.Fatal(err)
		}
		if _, paths := rec.snapshot(); strings.Count(strings.Join(paths, " "), "/robots.txt") != 2 {
			t.Errorf("robots.txt fetched %d times after expiry, want 2", strings.Count(strings.Join(paths, " "), "/robots.txt"))
		}
	})
}

func TestRobotsOutcomes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		code    int
		robots  string
		wantErr error
		wantLog bool
	}{
		{"our group", 200, "User-agent: *\nAllow: /\n\nUser-agent: SanaFeed\nDisallow: /\n", fetch.ErrDisallowed, false},
		{"our group with version", 200, "User-agent: sanafeed/0.1\nDisallow: /en/\n", fetch.ErrDisallowed, false},
		{"other bot only", 200, "User-agent: GPTBot\nDisallow: /\n", nil, false},
		{"empty disallow", 200, "User-agent: *\nDisallow:\n", nil, false},
		{"not found", 404, "no", nil, false},
		{"server error", 503, "down", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, rec := robotsServer(t, tt.code, tt.robots)
			var logs bytes.Buffer
			c := fetch.NewClient()
			c.CrawlDelay = durationPtr(time.Millisecond)
			c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
			_, err := c.Get(t.Context(), srv.URL+"/en/feed/", sanafeed.FetchState{})
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("Get() err = %v, want %v", err, tt.wantErr)
			}
			if got := strings.Contains(logs.String(), "robots.txt"); got != tt.wantLog {
				t.Errorf("logged %q, want a robots.txt warning: %v", logs.String(), tt.wantLog)
			}
			_, paths := rec.snapshot()
			if paths[0] != "/robots.txt" {
				t.Errorf("first request %q, want /robots.txt", paths[0])
			}
		})
	}
}
