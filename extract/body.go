package extract

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"codeberg.org/readeck/go-readability/v2"
	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/sanafeed/sanafeed"
)

// An articleBody is the cleaned body of an article: a detached copy of its
// container with the boilerplate removed.
type articleBody struct {
	root *html.Node
}

// body returns the article's cleaned body: what page.body finds (even if
// it holds nothing but boilerplate), else what readability finds, cleaned
// the same way; nil when there is neither.
func (p *page) body() *articleBody {
	if n, rule := p.ruleBody(); n != nil {
		p.note("body", rule, false)
		return &articleBody{root: n}
	}
	if n := p.readabilityBody(); n != nil {
		p.guessed("body", "fallback: readability")
		return &articleBody{root: n}
	}
	p.note("body", "", true)
	return nil
}

// ruleBody returns a cleaned copy of the element page.body finds: for
// the first selector that finds one, the first in the <article>, else
// the page's with the most text. It returns the selector too.
func (p *page) ruleBody() (*html.Node, string) {
	for _, sl := range p.r.body {
		if s := p.art.FindMatcher(sl.sel); s.Length() > 0 && p.art.Nodes[0].Data == "article" {
			return p.cleaned(s.Nodes[0]), sl.text
		}
		var best *html.Node
		bestLen := -1
		p.doc.FindMatcher(sl.sel).Each(func(_ int, s *goquery.Selection) {
			if l := len(s.Text()); l > bestLen {
				best, bestLen = s.Nodes[0], l
			}
		})
		if best != nil {
			return p.cleaned(best), sl.text
		}
	}
	return nil, ""
}

// cleaned returns a copy of n cleaned with the page's rules.
func (p *page) cleaned(n *html.Node) *html.Node {
	c := cloneNode(n)
	p.r.clean(c)
	return c
}

// readabilityBody returns the cleaned content that go-readability finds in
// the page, or nil.
func (p *page) readabilityBody() (n *html.Node) {
	defer func() {
		if recover() != nil { // a fault in the library must not stop a poll
			n = nil
		}
	}()
	base := p.base
	if base == nil {
		base = &url.URL{}
	}
	art, err := readability.FromDocument(p.doc.Nodes[0], base)
	if err != nil || art.Node == nil {
		return nil
	}
	p.r.clean(art.Node)
	if !hasContent(art.Node) {
		return nil
	}
	return art.Node
}

// html returns the body's inner HTML, wrapped in a <div> carrying the
// container's dir and lang attributes when it has them.
func (b *articleBody) html() string {
	var buf bytes.Buffer
	var wrap []string
	for _, k := range []string{"dir", "lang"} {
		if v := attr(b.root, k); v != "" {
			wrap = append(wrap, fmt.Sprintf(`%s="%s"`, k, html.EscapeString(v)))
		}
	}
	if wrap != nil {
		fmt.Fprintf(&buf, "<div %s>", strings.Join(wrap, " "))
	}
	for c := b.root.FirstChild; c != nil; c = c.NextSibling {
		_ = html.Render(&buf, c) // writes to a bytes.Buffer cannot fail
	}
	if wrap != nil {
		buf.WriteString("</div>")
	}
	return buf.String()
}

// paragraphs returns the text of the body's paragraphs, or of the whole
// body when it has no <p>.
func (b *articleBody) paragraphs() []string {
	var ps []string
	elements(b.root, func(n *html.Node) bool {
		if n.Data != "p" {
			return true
		}
		if t := nodeText(n); t != "" {
			ps = append(ps, t)
		}
		return false
	})
	if len(ps) == 0 {
		if t := nodeText(b.root); t != "" {
			ps = append(ps, t)
		}
	}
	return ps
}

// datelineSummary returns the dateline opening the body's first paragraph
// and a plain-text summary of the body without it.
func (b *articleBody) datelineSummary() (dateline, summary string) {
	ps := b.paragraphs()
	if len(ps) == 0 {
		return "", ""
	}
	dateline = findDateline(ps[0])
	if dateline != "" {
		ps[0] = strings.TrimLeft(strings.TrimPrefix(sanafeed.CollapseSpace(ps[0]), dateline), " -–—:/|")
	}
	return dateline, sanafeed.Summarize(strings.Join(ps, " "))
}

var datelineREs = []*regexp.Regexp{
	// DAMASCUS, Feb. 9 (SANA) –   Damas, (SANA) –   دمشق، ٩ شباط (سانا) -
	regexp.MustCompile(`^[^()]{1,100}?\(\s*(?:SANA|Sana|سانا)\s*\)\s*[-–—:]+`),
	// Damas – SANA /   دمشق-سانا   ريف دمشق – سانا
	regexp.MustCompile(`^[^()]{1,60}?\s*[-–—]\s*(?:SANA|سانا)(?:\s*[/|:])?`),
	// Halep, SANA –   حلب، سانا -
	regexp.MustCompile(`^[^()]{1,60}?[,،]\s*(?:SANA|سانا)\s*[-–—:/]+`),
}

// findDateline returns the SANA dateline that opens text ("DAMASCUS, Feb. 9
// (SANA) –", "Damas – SANA /", "دمشق-سانا"), or "" when there is none.
func findDateline(text string) string {
	text = sanafeed.CollapseSpace(text)
	for _, re := range datelineREs {
		m := re.FindString(text)
		if m == "" {
			continue
		}
		last, _ := utf8.DecodeLastRuneInString(m)
		next, _ := utf8.DecodeRuneInString(text[len(m):])
		if unicode.IsLetter(last) && unicode.IsLetter(next) {
			continue // "– SANAX…" is not a dateline
		}
		return strings.TrimSpace(m)
	}
	return ""
}
