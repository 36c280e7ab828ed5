package server

import (
	_ "embed"
	"net/http"
	"time"
)

// faviconPath is where the site's icon is served and exported.
const faviconPath = "/favicon.svg"

// faviconSVG is the site's icon: a feed sign on the pages' green. Every
// page names it with <link rel="icon">, which browsers prefer to asking
// for /favicon.ico.
//
//go:embed favicon.svg
var faviconSVG []byte

// serveFavicon serves /favicon.svg.
func (s *Server) serveFavicon(w http.ResponseWriter, r *http.Request) {
	s.serveCached(w, r, docKey{kind: kindFavicon}, s.gen())
}

// renderFavicon makes the icon's document. Its Last-Modified is when the
// server first rendered it: the icon changes only with the binary.
func (s *Server) renderFavicon(prev *doc) *doc {
	return newDoc(faviconSVG, "image/svg+xml", time.Time{}, s.now(), prev)
}

// iconURL returns the URL of the site's icon.
func (s *Server) iconURL() string {
	return s.base + faviconPath
}
