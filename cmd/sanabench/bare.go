package main

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"

	"github.com/sanafeed/sanafeed/config"
	"github.com/sanafeed/sanafeed/server"
)

// A bareServer is the control of the serving comparison: a minimal Go
// net/http handler, with no timeouts, routing or metrics, that answers
// each path with the bytes and headers sanafeed answered it with, read
// once into memory: the 200's, and the 304's for an If-None-Match equal
// to the ETag. So it writes the same response as sanafeed, and the table
// tells sanafeed's own overhead from net/http's.
type bareServer struct {
	srv  *http.Server
	addr string
}

// A bareDoc is one path's answers.
type bareDoc struct {
	body      []byte
	etag      string
	ok, unmod http.Header // of the 200 and of the 304, without Date
}

// startBare serves the paths (escaped, as in a URL) with the answers base
// (sanafeed's URL) gives to a GET without gzip and to a conditional GET.
// With limited, it is held to the limits serve is held to by default
// (server.NewHTTPServer's timeouts, server.LimitListener's connection
// limit): the reference that tells what those cost from what sanafeed's
// own code costs.
func startBare(base string, paths []string, limited bool) (*bareServer, error) {
	docs := map[string]bareDoc{}
	for _, p := range paths {
		var d bareDoc
		var err error
		if d.body, d.ok, err = fetchAnswer(base+p, "", http.StatusOK); err != nil {
			return nil, err
		}
		d.etag = d.ok.Get("Etag")
		if _, d.unmod, err = fetchAnswer(base+p, d.etag, http.StatusNotModified); err != nil {
			return nil, err
		}
		key, err := url.PathUnescape(p) // as r.URL.Path has it
		if err != nil {
			return nil, err
		}
		docs[key] = d
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, ok := docs[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		if r.Header.Get("If-None-Match") == d.etag {
			for k, v := range d.unmod {
				h[k] = v
			}
			w.WriteHeader(http.StatusNotModified)
			return
		}
		for k, v := range d.ok {
			h[k] = v
		}
		w.Write(d.body)
	})
	b := &bareServer{srv: &http.Server{Handler: h}, addr: ln.Addr().String()}
	if limited {
		lim := config.Default().Server
		b.srv = server.NewHTTPServer(lim, h, slog.New(slog.DiscardHandler))
		ln = server.LimitListener(ln, lim)
	}
	go b.srv.Serve(ln)
	return b, nil
}

// fetchAnswer GETs u without gzip, with If-None-Match: etag when etag is
// not "", and returns the body and the header without Date, which
// net/http writes itself; the status must be want.
func fetchAnswer(u, etag string, want int) ([]byte, http.Header, error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Accept-Encoding", "identity")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode != want {
		return nil, nil, fmt.Errorf("GET %s (If-None-Match %q): %s, want %d", u, etag, resp.Status, want)
	}
	resp.Header.Del("Date")
	return body, resp.Header, nil
}

func (b *bareServer) close() { b.srv.Close() }
