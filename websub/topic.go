package websub

import (
	"net/url"
	"path"
	"strings"
)

// canonicalTopic returns the topic URL raw in canonical form: scheme and
// host in lower case, without a trailing dot on the host or the scheme's
// default port, percent-escapes of unreserved characters decoded and the
// others in upper case, and the path without empty, "." or ".." segments.
// It reports false when raw is not an absolute http(s) URL, or has a user
// name, password or fragment: not a feed of any server.
func canonicalTopic(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" || u.User != nil || u.Fragment != "" || strings.Contains(raw, "#") {
		return "", false
	}
	u.Scheme = strings.ToLower(u.Scheme)
	host, port := strings.TrimSuffix(strings.ToLower(u.Hostname()), "."), u.Port()
	if host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", false
	}
	if u.Scheme == "http" && port == "80" || u.Scheme == "https" && port == "443" {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	u.Host = host
	if port != "" {
		u.Host += ":" + port
	}
	p := normalEscapes(u.EscapedPath())
	trailing := strings.HasSuffix(p, "/")
	p = path.Clean("/" + p)
	if trailing && p != "/" {
		p += "/"
	}
	// p is escaped already: the URL takes it as it is.
	unescaped, err := url.PathUnescape(p)
	if err != nil {
		return "", false
	}
	u.Path, u.RawPath = unescaped, p
	u.RawQuery = normalEscapes(u.RawQuery)
	return u.String(), true
}

// normalEscapes decodes the percent-escapes of unreserved characters
// (RFC 3986 2.3) in s and writes the others' hex digits in upper case.
func normalEscapes(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' || i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			b.WriteByte(s[i])
			continue
		}
		c := unhex(s[i+1])<<4 | unhex(s[i+2])
		if isUnreserved(c) {
			b.WriteByte(c)
		} else {
			b.WriteString(strings.ToUpper(s[i : i+3]))
		}
		i += 2
	}
	return b.String()
}

// isUnreserved reports whether c is an unreserved URL character.
func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// isHex reports whether c is a hex digit.
func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// unhex returns the value of the hex digit c.
func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
