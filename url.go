package sanafeed

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// CanonicalURL returns the one form of a SANA URL that sanafeed stores and
// serves: sana.sy in any spelling (www., upper case, trailing dot) becomes
// https://sana.sy; the fragment and every query parameter but p go; a
// path ends in one slash. Hosts other than sana.sy (a replica) keep their
// scheme and host.
func CanonicalURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("canonical url: %w", err)
	}
	if u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("canonical url %q: not an absolute http url", raw)
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	host = strings.TrimPrefix(host, "www.")
	port := u.Port()
	if host == "sana.sy" {
		u.Scheme, port = "https", ""
	}
	if port != "" && !(u.Scheme == "http" && port == "80") && !(u.Scheme == "https" && port == "443") {
		host += ":" + port
	}
	u.Host = host
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	if p := u.Query().Get("p"); p != "" {
		u.RawQuery = "p=" + url.QueryEscape(p)
	} else {
		u.RawQuery = ""
	}
	u.ForceQuery = false
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		if u.RawPath != "" {
			u.RawPath += "/"
		}
	}
	u.Path = collapseSlashes(u.Path)
	if u.RawPath != "" {
		u.RawPath = collapseSlashes(u.RawPath)
	}
	return u.String(), nil
}

func collapseSlashes(p string) string {
	for strings.Contains(p, "//") {
		p = strings.ReplaceAll(p, "//", "/")
	}
	return p
}

// PostID returns the SANA post id that a permalink or a GUID names:
// the p query parameter ("/en/?p=2289847"), else the last path segment
// when it is all digits and not a listing page number ("/en/syria/2289847/").
// It returns ErrNoPostID when there is none.
func PostID(raw string) (int64, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return 0, fmt.Errorf("post id: %w", err)
	}
	if p := u.Query().Get("p"); p != "" {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil && id > 0 {
			return id, nil
		}
		return 0, fmt.Errorf("post id %q: %w", raw, ErrNoPostID)
	}
	segs := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	if len(segs) < 2 {
		return 0, fmt.Errorf("post id %q: %w", raw, ErrNoPostID)
	}
	last, prev := segs[len(segs)-1], segs[len(segs)-2]
	switch prev {
	case "page", "tag", "feed", "author":
		return 0, fmt.Errorf("post id %q: %w", raw, ErrNoPostID)
	}
	id, err := strconv.ParseInt(last, 10, 64)
	if err != nil || id <= 0 || strings.HasPrefix(last, "+") {
		return 0, fmt.Errorf("post id %q: %w", raw, ErrNoPostID)
	}
	return id, nil
}

// InEdition reports whether the URL u lies in the edition whose root is
// root: same host (sana.sy spellings folded), under root's path, and, when
// root is the site's top (SANA's Arabic edition lives at "/"), not under
// another edition's path such as /en/.
func InEdition(root, u string) bool {
	cr, err1 := CanonicalURL(root)
	cu, err2 := CanonicalURL(u)
	if err1 != nil || err2 != nil {
		return false
	}
	ru, _ := url.Parse(cr)
	uu, _ := url.Parse(cu)
	if ru.Host != uu.Host || !strings.HasPrefix(uu.Path, ru.Path) {
		return false
	}
	rest := strings.TrimPrefix(uu.Path, ru.Path)
	first, _, _ := strings.Cut(rest, "/")
	for _, e := range Editions {
		if e.Path != "/" && "/"+first+"/" == e.Path && ru.Path+first+"/" != ru.Path {
			// rest starts with another edition's segment: only acceptable
			// when root itself is deeper than the site's top.
			return strings.Count(ru.Path, "/") > 1
		}
	}
	return true
}

// HTTPURL returns raw, trimmed, when it is an absolute http or https URL
// with a host, else "". Every URL sanafeed takes from a page or a feed to
// write into its own feeds as an address to load (an image) passes
// through it: a javascript:, data: or relative URL must never reach a
// reader.
func HTTPURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return raw
}

// ResolveHTTPURL returns ref resolved against base when that gives an
// absolute http or https URL (see HTTPURL), else "". base may be "" (ref
// must then be absolute).
func ResolveHTTPURL(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if r.IsAbs() || base == "" {
		return HTTPURL(ref)
	}
	b, err := url.Parse(strings.TrimSpace(base))
	if err != nil || !b.IsAbs() {
		return ""
	}
	return HTTPURL(b.ResolveReference(r).String())
}
