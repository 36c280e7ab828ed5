package main

import (
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
)

// A bareServer is the control of the serving comparison: a minimal Go
// net/http handler that answers each path with bytes read once from the
// export into memory, an ETag and a 304 for a matching If-None-Match, and
// nothing else. It shows how close any Go server on net/http can come to
// nginx on this machine, so the table tells sanafeed's own overhead from
// net/http's.
type bareServer struct {
	srv  *http.Server
	addr string
}

// startBare serves the files under root named by paths from memory.
func startBare(root string, paths []string) (*bareServer, error) {
	type entry struct {
		body []byte
		etag string
		size string
	}
	docs := map[string]entry{}
	for _, p := range paths {
		body, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(body)
		docs[p] = entry{body: body, etag: `"` + hex.EncodeToString(sum[:16]) + `"`, size: strconv.Itoa(len(body))}
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
		w.Header()["Etag"] = []string{d.etag}
		if r.Header.Get("If-None-Match") == d.etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header()["Content-Type"] = []string{"application/octet-stream"}
		w.Header()["Content-Length"] = []string{d.size}
		w.Write(d.body)
	})
	b := &bareServer{srv: &http.Server{Handler: h}, addr: ln.Addr().String()}
	go b.srv.Serve(ln)
	return b, nil
}

func (b *bareServer) close() { b.srv.Close() }
