package extract

import (
	"bytes"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Sanitize returns html made safe to republish in a feed, whatever it holds.
//
// It works in three passes. First, on the parsed tree: scripts, styles,
// frames, objects, embeds, forms, SVG and MathML go with their content;
// lazy images get their real address (data-src, data-lazy-src,
// data-original → src; data-srcset, data-lazy-srcset → srcset); tracking
// pixels (1×1 or hidden images, images from known trackers) go; every URL
// (href, src, srcset, cite) is cleaned as a browser would (tabs and
// newlines dropped, ends trimmed), resolved against base (when base is an
// absolute URL), and dropped unless it is http, https or (href) mailto, so
// javascript:, vbscript: and data: URLs never survive. Second, a bluemonday
// allowlist close to its UGC policy (no class, style, id or on* attribute;
// dir and lang kept). Third, on the re-parsed tree: every link gets
// rel="nofollow noopener" and no target. The result is well-formed UTF-8
// (bytes that are not UTF-8, in s or in base, become U+FFFD first, so a
// URL resolved against a base carrying them cannot bring them back), and
// Sanitize(Sanitize(x)) == Sanitize(x).
func Sanitize(s string, base string) string {
	s, base = strings.ToValidUTF8(s, "\uFFFD"), strings.ToValidUTF8(base, "\uFFFD")
	var b *url.URL
	if u, err := url.Parse(strings.TrimSpace(base)); err == nil && u.IsAbs() &&
		(u.Scheme == "http" || u.Scheme == "https") {
		b = u
	}
	nodes := parseFragment(s)
	for _, n := range nodes {
		prepare(n, b)
	}
	safe := policy().Sanitize(render(nodes))
	nodes = parseFragment(safe)
	for _, n := range nodes {
		finish(n)
	}
	return render(nodes)
}

// parseFragment parses s as the content of a <div>.
func parseFragment(s string) []*html.Node {
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(s), ctx)
	if err != nil { // only on read errors, which a strings.Reader has none of
		return nil
	}
	// Detach the nodes so each renders alone.
	for _, n := range nodes {
		removeNode(n)
	}
	return nodes
}

func render(nodes []*html.Node) string {
	var buf bytes.Buffer
	for _, n := range nodes {
		_ = html.Render(&buf, n) // writes to a bytes.Buffer cannot fail
	}
	return buf.String()
}

// unsafeTags are removed with everything in them.
var unsafeTags = map[string]bool{
	"script": true, "style": true, "iframe": true, "frame": true, "frameset": true, "object": true,
	"embed": true, "applet": true, "form": true, "noscript": true, "noembed": true, "noframes": true,
	"template": true, "svg": true, "math": true, "base": true, "meta": true, "link": true, "title": true,
	"textarea": true, "select": true, "button": true, "input": true, "head": true, "xmp": true,
	"plaintext": true, "dialog": true, "portal": true, "param": true,
}

// prepare cleans the tree under n in place; see Sanitize.
func prepare(n *html.Node, base *url.URL) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && (unsafeTags[c.Data] || c.Namespace != "") {
			n.RemoveChild(c)
		} else {
			prepare(c, base)
		}
		c = next
	}
	if n.Type != html.ElementNode {
		return
	}
	if n.Data == "img" || n.Data == "source" {
		unlazy(n)
	}
	attrs := n.Attr[:0]
	for _, a := range n.Attr {
		k := strings.ToLower(a.Key)
		switch {
		case strings.HasPrefix(k, "on") || k == "style" || k == "formaction" || k == "background" || k == "xmlns":
			continue
		case k == "href" || k == "src" || k == "cite":
			v, ok := cleanURL(a.Val, base, k == "href")
			if !ok {
				continue
			}
			a.Val = v
		case k == "srcset":
			if a.Val = cleanSrcset(a.Val, base); a.Val == "" {
				continue
			}
		}
		attrs = append(attrs, a)
	}
	n.Attr = attrs
	if n.Data == "img" && (attr(n, "src") == "" || isPixel(n)) {
		removeNode(n)
	}
}

// unlazy gives a lazy-loaded image its real src and srcset.
func unlazy(n *html.Node) {
	if src := imgSrc(n); src != "" {
		setAttr(n, "src", src)
	} else if isDataURL(strings.TrimSpace(attr(n, "src"))) {
		delAttr(n, "src")
	}
	for _, k := range []string{"data-srcset", "data-lazy-srcset"} {
		if v := strings.TrimSpace(attr(n, k)); v != "" {
			setAttr(n, "srcset", v)
			break
		}
	}
}

// trackerHosts serve tracking pixels; subdomains included.
var trackerHosts = []string{"google-analytics.com", "googletagmanager.com", "doubleclick.net",
	"googlesyndication.com", "pixel.wp.com", "stats.wp.com", "scorecardresearch.com", "quantserve.com",
	"analytics.twitter.com", "bat.bing.com", "mc.yandex.ru", "facebook.com/tr", "facebook.net",
	"hotjar.com", "statcounter.com", "chartbeat.net", "mathtag.com", "adnxs.com", "gemius.pl",
	"feedburner.com/~r", "pixel.", "matomo.", "piwik."}

// isPixel reports whether the <img> n is a tracking pixel: 1×1 or smaller,
// hidden, or from a tracker.
func isPixel(n *html.Node) bool {
	w, wok := dimension(attr(n, "width"))
	h, hok := dimension(attr(n, "height"))
	if (wok && hok && w <= 1 && h <= 1) || (wok && w == 0) || (hok && h == 0) {
		return true
	}
	style := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", "")
	if strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden") ||
		(strings.Contains(style, "width:1px") && strings.Contains(style, "height:1px")) {
		return true
	}
	u, err := url.Parse(imgSrc(n))
	if err != nil {
		return true
	}
	hostPath := strings.ToLower(u.Host + u.Path)
	for _, t := range trackerHosts {
		if strings.HasPrefix(hostPath, t) || strings.Contains(hostPath, "."+t) {
			return true
		}
	}
	file := hostPath[strings.LastIndexByte(hostPath, '/')+1:]
	switch file {
	case "pixel.gif", "pixel.png", "1x1.gif", "1x1.png", "spacer.gif", "blank.gif", "transparent.gif", "tracking.gif":
		return true
	}
	return false
}

// dimension parses an HTML width or height ("1", "1px").
func dimension(v string) (int, bool) {
	v = strings.TrimSuffix(strings.TrimSpace(strings.ToLower(v)), "px")
	n, err := strconv.Atoi(strings.TrimSpace(v))
	return n, err == nil
}

// cleanURL cleans a URL as a browser reads it (ASCII tabs and newlines
// removed, leading and trailing controls and spaces trimmed), resolves it
// against base, and reports whether it is safe: http or https, or mailto
// when mailto is true, or relative when there is no base.
func cleanURL(raw string, base *url.URL, mailto bool) (string, bool) {
	s := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, raw)
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	if s == "" {
		return "", false
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", false
	}
	if u.Scheme == "" {
		if u.Opaque != "" || strings.Contains(strings.SplitN(s, "/", 2)[0], ":") {
			return "", false
		}
		if base == nil {
			return u.String(), true
		}
		u = base.ResolveReference(u)
	}
	switch u.Scheme {
	case "http", "https":
		if u.Host == "" {
			return "", false
		}
	case "mailto":
		if !mailto {
			return "", false
		}
	default:
		return "", false
	}
	return u.String(), true
}

// cleanSrcset returns srcset with each URL cleaned by cleanURL (dropping
// unsafe candidates), or "".
func cleanSrcset(v string, base *url.URL) string {
	var out []string
	for _, cand := range strings.Split(v, ",") {
		f := strings.Fields(cand)
		if len(f) == 0 || len(f) > 2 {
			continue
		}
		u, ok := cleanURL(f[0], base, false)
		if !ok || !strings.HasPrefix(u, "http") || strings.ContainsAny(u, ", ") {
			continue
		}
		if len(f) == 2 {
			if !srcsetDescriptor.MatchString(f[1]) {
				continue
			}
			u += " " + f[1]
		}
		out = append(out, u)
	}
	return strings.Join(out, ", ")
}

var srcsetDescriptor = regexp.MustCompile(`^\d+(\.\d+)?[wx]$`)

// srcsetRE matches the srcset values cleanSrcset writes.
var srcsetRE = regexp.MustCompile(`^https?://[^\s,]+(\s\d+(\.\d+)?[wx])?(, https?://[^\s,]+(\s\d+(\.\d+)?[wx])?)*$`)

// finish gives every link rel="nofollow noopener" and drops targets.
func finish(n *html.Node) {
	if n.Type == html.ElementNode && (n.Data == "a" || n.Data == "area") {
		delAttr(n, "target")
		delAttr(n, "rel")
		if hasAttr(n, "href") {
			n.Attr = append(n.Attr, html.Attribute{Key: "rel", Val: "nofollow noopener"})
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		finish(c)
	}
}

// policy returns the bluemonday allowlist Sanitize uses: UGC's elements
// and attributes without id, class or image maps, plus srcset.
var policy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowStandardURLs()
	p.AllowAttrs("dir").Matching(bluemonday.Direction).Globally()
	p.AllowAttrs("lang").Matching(regexp.MustCompile(`^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$`)).Globally()
	p.AllowAttrs("title").Globally() // any text: values are escaped on output
	p.AllowAttrs("alt").OnElements("img")
	p.AllowElements("article", "section", "figure", "figcaption", "summary", "hgroup",
		"h1", "h2", "h3", "h4", "h5", "h6", "br", "div", "hr", "p", "span", "wbr",
		"abbr", "acronym", "cite", "code", "dfn", "em", "mark", "s", "samp", "strong", "sub", "sup",
		"var", "b", "i", "pre", "small", "strike", "tt", "u", "rp", "rt", "ruby", "bdi", "blockquote", "q")
	p.AllowAttrs("open").Matching(regexp.MustCompile(`(?i)^(|open)$`)).OnElements("details")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("cite").OnElements("blockquote", "q", "del", "ins")
	p.AllowAttrs("datetime").Matching(bluemonday.ISO8601).OnElements("time", "del", "ins")
	p.AllowAttrs("dir").Matching(bluemonday.Direction).OnElements("bdo")
	p.AllowLists()
	p.AllowTables()
	p.AllowImages()
	p.AllowAttrs("srcset").Matching(srcsetRE).OnElements("img")
	return p
})
