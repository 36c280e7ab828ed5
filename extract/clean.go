package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/sanafeed/sanafeed"
)

// clean removes from the article body root everything that is not the
// article: the first element page.cut finds and all that follows it (the
// tag bar, the share box), what page.remove finds, and, whatever the
// theme, scripts, forms and embeds, inline related-post blocks, share
// buttons and ads (by class or id), the tag bar's "TAGGED:" label and
// what follows, "Editors Choice", "Reading:", "Urgent:" and cookie-bar
// texts, comments, and elements left with nothing visible. Last, the
// page.strip patterns are removed from its text.
func (r *Rules) clean(root *html.Node) {
	if stop := r.cutAt(root); stop != nil {
		cutFrom(root, stop)
	}
	for _, sl := range r.remove {
		for _, n := range sl.sel.MatchAll(root) {
			if n != root {
				removeNode(n)
			}
		}
	}
	elements(root, func(n *html.Node) bool {
		if dropTags[n.Data] || isBoilerplate(n) {
			removeNode(n)
			return false
		}
		return true
	})
	r.stripText(root)
	prune(root)
}

// cutAt returns the first element under root, in document order, that
// page.cut finds or that opens a tag bar by its label; nil when none.
func (r *Rules) cutAt(root *html.Node) *html.Node {
	return find(root, func(n *html.Node) bool {
		for _, sl := range r.cut {
			if sl.sel.Match(n) {
				return true
			}
		}
		return isStop(n)
	})
}

// stripText removes the page.strip patterns from the text under root.
func (r *Rules) stripText(root *html.Node) {
	if len(r.strip) == 0 {
		return
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				for _, re := range r.strip {
					c.Data = re.ReplaceAllString(c.Data, "")
				}
				continue
			}
			walk(c)
		}
	}
	walk(root)
}

// dropTags are elements that never hold article text.
var dropTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "iframe": true, "frame": true, "form": true,
	"button": true, "input": true, "select": true, "textarea": true, "label": true, "svg": true,
	"math": true, "object": true, "embed": true, "applet": true, "link": true, "meta": true,
	"template": true, "nav": true, "footer": true, "header": true, "aside": true, "dialog": true,
	"title": true, "base": true, "head": true,
}

// stopPrefixes open the tag bar, in the editions' words.
var stopPrefixes = []string{"tagged:", "tags:", "etiketler:", "étiquettes:", "etiquetas:", "etîket:", "الوسوم:", "وسوم:"}

// stopLabels head what comes after an article's body.
var stopLabels = []string{"share this article", "editors choice", "editor's choice", "editors' choice",
	"partager cet article", "bu makaleyi paylaş", "compartir este artículo", "شارك هذا المقال", "اختيارات المحرر"}

// boilerPrefixes open the site's texts around an article.
var boilerPrefixes = []string{"reading:", "urgent:", "by using this site, you agree", "sign in to your account",
	"welcome back!", "lost your password?", "en utilisant ce site", "bu siteyi kullanarak", "al utilizar este sitio",
	"باستخدام هذا الموقع", "عاجل:", "يقرأ:", "جاري القراءة:"}

// boilerLabels are whole texts of the site's buttons.
var boilerLabels = []string{"accept", "copy link", "follow us", "share", "read more", "print"}

// isStop reports whether n begins what follows an article's body by its
// text: a tag bar's label, a share box's heading.
func isStop(n *html.Node) bool {
	lead, more := leadText(n, 48)
	lead = strings.ReplaceAll(strings.ToLower(lead), " :", ":")
	for _, p := range stopPrefixes {
		if strings.HasPrefix(lead, p) {
			return true
		}
	}
	if !more {
		for _, l := range stopLabels {
			if strings.TrimRight(lead, ": ") == l {
				return true
			}
		}
	}
	return false
}

// cutFrom removes stop and everything after it in document order under root.
func cutFrom(root, stop *html.Node) {
	for n := stop; n != nil && n != root; n = n.Parent {
		for n.NextSibling != nil {
			n.Parent.RemoveChild(n.NextSibling)
		}
	}
	removeNode(stop)
}

// isBoilerplate reports whether n is an element around the article rather
// than in it: by its class or id, or by its text.
func isBoilerplate(n *html.Node) bool {
	if boilerName(attr(n, "class")) || boilerName(attr(n, "id")) {
		return true
	}
	lead, more := leadText(n, 48)
	lead = strings.ToLower(lead)
	if !more {
		for _, l := range boilerLabels {
			if lead == l {
				return true
			}
		}
	}
	for _, p := range boilerPrefixes {
		if strings.HasPrefix(lead, p) {
			t := nodeText(n)
			return utf8.RuneCountInString(t) <= 300 || linkDensity(n, len(t)) > 0.5
		}
	}
	return false
}

// boilerParts are parts of the class names and ids that themes and
// plugins give related-post blocks, share buttons, ads, forms and bars
// (a theme's own names are page.remove rules).
var boilerParts = []string{"related", "share", "social", "newsletter",
	"subscribe", "comment", "login", "user-form", "privacy", "cookie", "breadcrumb", "sponsor", "advert",
	"adsbygoogle", "editors-choice", "editor-choice", "sticky", "popup",
	"yarpp", "breaking-news", "widget"}

// boilerName reports whether a class or id attribute names boilerplate.
func boilerName(v string) bool {
	for _, tok := range strings.Fields(strings.ToLower(v)) {
		for _, p := range boilerParts {
			if strings.Contains(tok, p) {
				return true
			}
		}
		if tok == "ad" || tok == "ads" || strings.HasPrefix(tok, "ad-") || strings.HasPrefix(tok, "ads-") ||
			strings.HasSuffix(tok, "-ad") || strings.HasSuffix(tok, "-ads") || strings.Contains(tok, "-ad-") {
			return true
		}
	}
	return false
}

// leadText returns the first limit bytes or so of n's text, collapsed,
// and reports whether n has more text than that.
func leadText(n *html.Node, limit int) (string, bool) {
	var b strings.Builder
	more := false
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.TextNode {
			if b.Len() >= limit {
				if !isBlank(n.Data) {
					more = true
				}
				return !more
			}
			b.WriteString(n.Data)
			return true
		}
		if n.Type == html.ElementNode && isBlock(n.Data) {
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !walk(c) {
				return false
			}
		}
		return true
	}
	walk(n)
	s := sanafeed.CollapseSpace(b.String())
	if len(s) > limit {
		s, more = s[:limit], true
	}
	return s, more
}

// linkDensity returns the share of n's text (total bytes long) in links.
func linkDensity(n *html.Node, total int) float64 {
	if total == 0 {
		return 0
	}
	links := 0
	elements(n, func(c *html.Node) bool {
		if c.Data == "a" {
			links += len(nodeText(c))
			return false
		}
		return true
	})
	return float64(links) / float64(total)
}

// prune removes the elements under n that show nothing (no text, no
// image), comments, and reports whether n shows anything.
func prune(n *html.Node) bool {
	has := false
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch c.Type {
		case html.TextNode:
			if !isBlank(c.Data) {
				has = true
			} else if p := c.PrevSibling; p != nil && p.Type == html.TextNode && isBlank(p.Data) {
				if strings.Contains(p.Data+c.Data, "\n") {
					p.Data = "\n"
				}
				n.RemoveChild(c)
			}
		case html.CommentNode:
			n.RemoveChild(c)
		case html.ElementNode:
			sub := prune(c)
			switch {
			case isMedia(c):
				has = true
			case sub:
				has = true
			case !keepEmpty[c.Data]:
				n.RemoveChild(c)
			}
		}
		c = next
	}
	return has
}

// keepEmpty are elements kept when empty: they shape text or tables.
var keepEmpty = map[string]bool{
	"br": true, "hr": true, "td": true, "th": true, "tr": true, "col": true, "colgroup": true, "wbr": true,
}

// isMedia reports whether n shows something without text: an image with an
// address, a picture, a video.
func isMedia(n *html.Node) bool {
	switch n.Data {
	case "img":
		return (imgSrc(n) != "" || attr(n, "srcset") != "" || attr(n, "data-srcset") != "") && !isPixel(n)
	case "picture", "video", "audio":
		return true
	}
	return false
}

// hasContent reports whether n shows any text or image.
func hasContent(n *html.Node) bool {
	if !isBlank(nodeText(n)) {
		return true
	}
	return find(n, isMedia) != nil
}
