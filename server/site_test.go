package server

import (
	"encoding/xml"
	"strings"
	"testing"
)

// exportAll runs Export and returns every document by path.
func exportAll(t *testing.T, s *Server) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := s.Export(t.Context(), func(p string, body []byte) error {
		if _, dup := files[p]; dup {
			t.Errorf("Export wrote %s twice", p)
		}
		files[p] = body
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestFavicon(t *testing.T) {
	s, _, h := newTest(t)
	w := do(h, "GET", "/favicon.svg")
	if w.Code != 200 || w.Header().Get("Content-Type") != "image/svg+xml" || w.Header().Get("ETag") == "" {
		t.Fatalf("GET /favicon.svg = %d %q, ETag %q", w.Code, w.Header().Get("Content-Type"), w.Header().Get("ETag"))
	}
	var svg struct {
		XMLName xml.Name
		ViewBox string `xml:"viewBox,attr"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &svg); err != nil || svg.XMLName.Local != "svg" || svg.ViewBox == "" {
		t.Errorf("favicon: %v %+v, want an <svg> with a viewBox", err, svg)
	}
	if n := w.Body.Len(); n > 1024 {
		t.Errorf("favicon is %d bytes, want a small one", n)
	}
	if c := do(h, "GET", "/favicon.svg", "If-None-Match", w.Header().Get("ETag")).Code; c != 304 {
		t.Errorf("conditional GET /favicon.svg = %d, want 304", c)
	}
	link := `<link rel="icon" type="image/svg+xml" href="http://feeds.test/favicon.svg">`
	for _, path := range []string{"/", "/stories/en/103"} {
		if body := do(h, "GET", path).Body.String(); !strings.Contains(body, link) {
			t.Errorf("GET %s lacks %s", path, link)
		}
	}
	if got := exportAll(t, s)["/favicon.svg"]; string(got) != w.Body.String() {
		t.Errorf("exported favicon %q, want the served one", got)
	}
}
