package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// damascus is the offset assumed for SANA times that state none. SANA's
// offset is a guess (+03:00, Syria's year-round time since 2022).
var damascus = time.FixedZone("+03:00", 3*60*60)

// times returns when the article was published and last modified, each
// from the first of: page.published / page.modified, the
// article:published_time / article:modified_time meta (og:updated_time,
// itemprop too), JSON-LD datePublished / dateModified, a <time datetime>
// in the article's header.
//
// Only when none of these exists for a value is the visible text read as a
// last resort: "Published: 2026/02/09 4:15 PM", "Updated: …" (in any
// edition's words, Eastern Arabic digits too), taken in +03:00, a guess.
// A value found nowhere is the zero time.
func (p *page) times() (pub, mod time.Time) {
	hdrPub, hdrMod := p.headerTimes()
	pub = p.ruleTime("published", p.r.published, []namedValue{
		{"article:published_time", p.meta["article:published_time"]}, {"og:article:published_time", p.meta["og:article:published_time"]},
		{"itemprop datePublished", p.meta["datepublished"]}, {"JSON-LD datePublished", p.ld.published}, {"<time> in the header", hdrPub}})
	mod = p.ruleTime("modified", p.r.modified, []namedValue{
		{"article:modified_time", p.meta["article:modified_time"]}, {"og:article:modified_time", p.meta["og:article:modified_time"]},
		{"og:updated_time", p.meta["og:updated_time"]}, {"itemprop dateModified", p.meta["datemodified"]},
		{"JSON-LD dateModified", p.ld.modified}, {"<time> in the header", hdrMod}})
	if pub.IsZero() || mod.IsZero() {
		dPub, dMod := displayTimes(p.headerText())
		if pub.IsZero() && !dPub.IsZero() {
			pub = dPub
			p.guessed("published", "fallback: the visible text")
		}
		if mod.IsZero() && !dMod.IsZero() {
			mod = dMod
			p.guessed("modified", "fallback: the visible text")
		}
	}
	if pub.IsZero() {
		p.note("published", "", true)
	}
	return pub, mod
}

// A namedValue is a fallback's value and what it is called in a trace.
type namedValue struct{ name, v string }

// ruleTime returns the first time the selectors sels find, else the first
// of the fallbacks, noting which gave it.
func (p *page) ruleTime(field string, sels []selector, fallbacks []namedValue) time.Time {
	for _, sl := range sels {
		for _, scope := range []*goquery.Selection{p.art, p.doc.Selection} {
			for _, n := range scope.FindMatcher(sl.sel).Nodes {
				if t, ok := parseTime(sl.value(n)); ok {
					p.note(field, sl.text, false)
					return t
				}
			}
		}
	}
	for _, f := range fallbacks {
		if t, ok := parseTime(f.v); ok {
			p.note(field, "fallback: "+f.name, true)
			return t
		}
	}
	return time.Time{}
}

// inBody reports whether s sits in the article's body or in a block about
// other posts, where times are not the article's.
func inBody(s *goquery.Selection) bool {
	return s.Closest(".entry-content, .rbct, .p-wrap, [class*='related'], .block-wrap, footer, aside").Length() > 0
}

// headerTimes returns the datetime attributes of the article's own <time>
// elements: the published one and the updated one.
func (p *page) headerTimes() (pub, mod string) {
	p.art.Find("time[datetime]").Each(func(_ int, s *goquery.Selection) {
		if inBody(s) {
			return
		}
		dt := s.AttrOr("datetime", "")
		cls := s.AttrOr("class", "") + " " + s.Parent().AttrOr("class", "")
		switch {
		case strings.Contains(cls, "published"):
			if pub == "" {
				pub = dt
			}
		case strings.Contains(cls, "update") || strings.Contains(cls, "modified"):
			if mod == "" {
				mod = dt
			}
		case pub == "":
			pub = dt
		}
	})
	return pub, mod
}

// headerText returns the article's text outside its body, where the
// visible publication times are.
func (p *page) headerText() string {
	var b strings.Builder
	for _, n := range p.art.Nodes {
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.TextNode {
				b.WriteString(n.Data)
				b.WriteByte(' ')
				return
			}
			if n.Type == html.ElementNode {
				switch n.Data {
				case "script", "style", "noscript":
					return
				}
				cls := attr(n, "class")
				if strings.Contains(cls, "entry-content") || strings.Contains(cls, "related") || strings.Contains(cls, "p-wrap") {
					return
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(n)
	}
	return b.String()
}

var displayTimeRE = regexp.MustCompile(`(?i)(\d{4})/(\d{1,2})/(\d{1,2})\s+(\d{1,2}):(\d{2})\s*(am|pm|ص|م)?`)

// updatedWords mark a visible time as the last update rather than the publication.
var updatedWords = []string{"updat", "mis à jour", "güncel", "actualiz", "nûkir", "rojane", "تحديث", "حدث", "حُدّث", "تعديل"}

// displayTimes reads the visible "Published: 2026/02/09 4:15 PM" and
// "Updated: …" times of text in +03:00; see times.
func displayTimes(s string) (pub, mod time.Time) {
	s = asciiDigits(s)
	last := 0
	for _, m := range displayTimeRE.FindAllStringSubmatchIndex(s, 8) {
		label := strings.ToLower(s[max(last, m[0]-40):m[0]])
		last = m[1]
		t, ok := displayTime(s, m)
		if !ok {
			continue
		}
		updated := false
		for _, w := range updatedWords {
			updated = updated || strings.Contains(label, w)
		}
		switch {
		case updated && mod.IsZero():
			mod = t
		case !updated && pub.IsZero():
			pub = t
		}
	}
	return pub, mod
}

func displayTime(s string, m []int) (time.Time, bool) {
	n := make([]int, 5)
	for i := range n {
		v, err := strconv.Atoi(s[m[2+2*i]:m[3+2*i]])
		if err != nil {
			return time.Time{}, false
		}
		n[i] = v
	}
	hour := n[3]
	if m[12] >= 0 {
		switch strings.ToLower(s[m[12]:m[13]]) {
		case "pm", "م":
			if hour < 12 {
				hour += 12
			}
		default:
			if hour == 12 {
				hour = 0
			}
		}
	}
	if n[1] < 1 || n[1] > 12 || n[2] < 1 || n[2] > 31 || hour > 23 || n[4] > 59 {
		return time.Time{}, false
	}
	return time.Date(n[0], time.Month(n[1]), n[2], hour, n[4], 0, 0, damascus), true
}

// timeLayouts are the machine-readable forms SANA's pages and sitemaps use.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04:05Z07:00",
	time.RFC1123Z,
	time.RFC1123,
}

// localLayouts carry no offset; they are read in +03:00.
var localLayouts = []string{
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
}

// parseTime parses a machine-readable time (ISO 8601 / RFC 3339 and
// relatives); one without an offset is taken in +03:00.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(asciiDigits(s))
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, s, damascus); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// asciiDigits replaces Eastern Arabic and Persian digits with ASCII ones.
func asciiDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '٠' && r <= '٩':
			return '0' + r - '٠'
		case r >= '۰' && r <= '۹':
			return '0' + r - '۰'
		}
		return r
	}, s)
}
