package extract

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"

	"github.com/sanafeed/sanafeed"
)

// Rules are a source's sanafeed.Rules compiled: what reads its article
// pages (Page, Explain), its listing pages (Listing) and its links
// (Article). A *Rules is safe for concurrent use.
type Rules struct {
	src     sanafeed.Rules
	article *regexp.Regexp
	skip    []*regexp.Regexp
	strip   []*regexp.Regexp

	id, title, body, cut, remove, tags, categories []selector
	author, published, modified, image             []selector
	item, next                                     []selector
}

// A selector is one compiled "selector" or "selector@attr".
type selector struct {
	text string // as written
	sel  cascadia.Selector
	attr string // "" takes the element's text
}

// A RuleError is a rule that does not compile. Key names it as the config
// file does, relative to its [[source]] table: "page.title[2]", "article".
type RuleError struct {
	Key string
	Msg string
}

func (e *RuleError) Error() string { return e.Key + ": " + e.Msg }

// Compile compiles r. The error joins one *RuleError per rule that does
// not compile: a selector cascadia cannot parse, an @attr where none is
// taken, a regular expression that does not compile, an article pattern
// without an id group when the page rules name no id.
func Compile(r sanafeed.Rules) (*Rules, error) {
	c := &Rules{src: r}
	var errs []error
	fail := func(key, format string, args ...any) {
		errs = append(errs, &RuleError{Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	sels := func(key string, list []string, attrOK bool) []selector {
		var out []selector
		for i, s := range list {
			k := key
			if len(list) > 1 {
				k = fmt.Sprintf("%s[%d]", key, i+1)
			}
			sel, err := compileSelector(s, attrOK)
			if err != nil {
				fail(k, "%s", err)
				continue
			}
			out = append(out, sel)
		}
		return out
	}
	res := func(key string, list []string) []*regexp.Regexp {
		var out []*regexp.Regexp
		for i, s := range list {
			k := key
			if len(list) > 1 {
				k = fmt.Sprintf("%s[%d]", key, i+1)
			}
			re, err := regexp.Compile(s)
			if err != nil {
				fail(k, "bad regular expression %q: %s", s, reason(err))
				continue
			}
			out = append(out, re)
		}
		return out
	}
	p := r.Page
	c.id = sels("page.id", p.ID, true)
	c.title = sels("page.title", p.Title, true)
	c.body = sels("page.body", p.Body, false)
	c.cut = sels("page.cut", p.Cut, false)
	c.remove = sels("page.remove", p.Remove, false)
	c.tags = sels("page.tags", p.Tags, false)
	c.categories = sels("page.categories", p.Categories, false)
	c.author = sels("page.author", p.Author, true)
	c.published = sels("page.published", p.Published, true)
	c.modified = sels("page.modified", p.Modified, true)
	c.image = sels("page.image", p.Image, true)
	c.strip = res("page.strip", p.Strip)
	c.item = sels("listing.item", r.Listing.Item, false)
	c.next = sels("listing.next", r.Listing.Next, true)
	c.skip = res("skip", r.Skip)
	switch re, err := regexp.Compile(r.Article); {
	case strings.TrimSpace(r.Article) == "":
		fail("article", "empty (want a regular expression matching the paths of article links)")
	case err != nil:
		fail("article", "bad regular expression %q: %s", r.Article, reason(err))
	case re.SubexpIndex("id") < 0 && len(p.ID) == 0:
		fail("article", "has no group named id, and page.id is empty: nothing would give an article's post id")
	default:
		c.article = re
	}
	for i, f := range r.Feeds {
		if _, err := url.Parse(f); err != nil {
			fail(fmt.Sprintf("feeds[%d]", i+1), "bad URL %q", f)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c, nil
}

// reason returns a regexp error's message without the package's prefix.
func reason(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, ": "); i >= 0 && strings.HasPrefix(msg, "error parsing regexp") {
		return msg[i+2:]
	}
	return msg
}

// attrName matches what may follow the @ of "selector@attr".
var attrName = regexp.MustCompile(`^[A-Za-z_:][-A-Za-z0-9_:.]*$`)

// compileSelector compiles "selector" or, with attrOK, "selector@attr".
func compileSelector(s string, attrOK bool) (selector, error) {
	text := strings.TrimSpace(s)
	if text == "" {
		return selector{}, errors.New("empty selector")
	}
	css, attr := text, ""
	if i := strings.LastIndexByte(text, '@'); i > 0 && attrName.MatchString(text[i+1:]) {
		css, attr = strings.TrimSpace(text[:i]), strings.ToLower(text[i+1:])
		if !attrOK {
			return selector{}, fmt.Errorf("%q: takes no @%s (this rule selects elements, not values)", text, attr)
		}
	}
	sel, err := cascadia.Compile(css)
	if err != nil {
		return selector{}, fmt.Errorf("bad CSS selector %q: %s", css, err)
	}
	return selector{text: text, sel: sel, attr: attr}, nil
}

// value returns what the selector takes from n: its attribute, else for
// an image its address, else its text.
func (s selector) value(n *html.Node) string {
	switch {
	case s.attr != "":
		return strings.TrimSpace(attr(n, s.attr))
	case n.Data == "img":
		return imgSrc(n)
	case n.Data == "meta":
		return strings.TrimSpace(attr(n, "content"))
	}
	return nodeText(n)
}

// Source returns the rules r was compiled from.
func (r *Rules) Source() sanafeed.Rules { return r.src }

// The compiled default rules, by source URL.
var (
	defaultsMu sync.Mutex
	defaults   = map[string]*Rules{}
)

// Default returns the compiled DefaultRules of a source at sourceURL.
func Default(sourceURL string) *Rules {
	defaultsMu.Lock()
	defer defaultsMu.Unlock()
	if r, ok := defaults[sourceURL]; ok {
		return r
	}
	r, err := Compile(sanafeed.DefaultRules(sourceURL))
	if err != nil {
		panic("extract: default rules do not compile: " + err.Error())
	}
	if len(defaults) < 64 {
		defaults[sourceURL] = r
	}
	return r
}

// first returns the first value a selector of sels finds, looking in
// each scope in turn for each selector, and the selector.
func first(sels []selector, scopes ...*goquery.Selection) (string, string) {
	for _, s := range sels {
		for _, scope := range scopes {
			for _, n := range scope.FindMatcher(s.sel).Nodes {
				if v := s.value(n); v != "" {
					return v, s.text
				}
			}
		}
	}
	return "", ""
}

// Article reports whether the link u (absolute) is an article of the
// source rooted at root: inside its edition (sanafeed.InEdition), not a
// WordPress file, matched by the article pattern (or WordPress's
// root?p=ID shortlink), not skipped. It returns the article's canonical
// URL and its post id, 0 when the link does not hold one (the page
// does).
func (r *Rules) Article(root, u string) (canon string, id int64, ok bool) {
	pu, err := url.Parse(strings.TrimSpace(u))
	if err != nil || !pu.IsAbs() || !sanafeed.InEdition(root, u) || strings.Contains(pu.Path, "/wp-") {
		return "", 0, false
	}
	canon, err = sanafeed.CanonicalURL(u)
	if err != nil {
		return "", 0, false
	}
	cu, _ := url.Parse(canon)
	asGiven, canonical := pathQuery(pu), pathQuery(cu)
	if r.skipped(asGiven) || r.skipped(canonical) {
		return "", 0, false
	}
	if p := cu.Query().Get("p"); p != "" && cu.Path == rootPath(root) {
		id, err := strconv.ParseInt(p, 10, 64)
		return canon, id, err == nil && id > 0
	}
	id, ok = r.matchPaths([]string{asGiven, canonical}, true)
	if !ok {
		return "", 0, false
	}
	return canon, id, true
}

// pathID returns the post id the article pattern finds in the URL u,
// whatever its edition, and whether the pattern matches u at all (an
// article pattern without an id group matches with id 0).
func (r *Rules) pathID(u string) (int64, bool) {
	pu, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return 0, false
	}
	cands := []string{pathQuery(pu)}
	if c, err := sanafeed.CanonicalURL(u); err == nil {
		cu, _ := url.Parse(c)
		cands = append(cands, pathQuery(cu))
	}
	return r.matchPaths(cands, false)
}

// matchPaths returns the post id the article pattern finds in the first
// of paths (a link's path and query as given, then canonical) it matches
// as an article, and whether one matched: a number the pattern took from
// the path after page/, tag/ or a year is a listing's, not a post's. With
// needID, a match of a pattern that has an id group but yields no id does
// not count.
func (r *Rules) matchPaths(paths []string, needID bool) (int64, bool) {
	for _, s := range paths {
		m := r.article.FindStringSubmatchIndex(s)
		if m == nil {
			continue
		}
		id, fromPath := r.matchID(s, m)
		if fromPath && isListingSegment(s, m) {
			continue
		}
		if needID && id == 0 && r.article.SubexpIndex("id") >= 0 {
			continue
		}
		return id, true
	}
	return 0, false
}

// Skipped reports whether the article at u is one of those the skip
// rules leave out.
func (r *Rules) Skipped(u string) bool {
	pu, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return false
	}
	return r.skipped(pathQuery(pu))
}

func (r *Rules) skipped(pq string) bool {
	for _, re := range r.skip {
		if re.MatchString(pq) {
			return true
		}
	}
	return false
}

// matchID returns the post id that the article pattern's id groups hold
// in the match m of s, and whether it was in the path (not ?p=).
func (r *Rules) matchID(s string, m []int) (int64, bool) {
	for i, name := range r.article.SubexpNames() {
		if name != "id" || m[2*i] < 0 {
			continue
		}
		id, err := strconv.ParseInt(s[m[2*i]:m[2*i+1]], 10, 64)
		if err != nil || id <= 0 {
			return 0, false
		}
		q := strings.IndexByte(s, '?')
		return id, q < 0 || m[2*i] < q
	}
	return 0, false
}

// isListingSegment reports whether the id the pattern found in the path
// of s (match m) is a WordPress listing's number rather than a post's: it
// follows page/, tag/, feed/, author/, or is a month or day after
// another number (a date archive such as /2026/02/ or /2026/02/09/). A
// longer number after a number is a post id (/%year%/%monthnum%/%post_id%/).
func isListingSegment(s string, m []int) bool {
	path, _, _ := strings.Cut(s, "?")
	segs := strings.FieldsFunc(path, func(r rune) bool { return r == '/' })
	if len(segs) < 2 {
		return false
	}
	last, prev := segs[len(segs)-1], segs[len(segs)-2]
	if !isNumber(last) {
		return false
	}
	switch prev {
	case "page", "tag", "feed", "author", "category":
		return true
	}
	return isNumber(prev) && len(last) <= 2
}

// pathQuery returns u's path and, when it has one, its query.
func pathQuery(u *url.URL) string { return u.RequestURI() }

// rootPath returns the path of the source root, canonical.
func rootPath(root string) string {
	c, err := sanafeed.CanonicalURL(root)
	if err != nil {
		return "/"
	}
	u, _ := url.Parse(c)
	return u.Path
}

// lastNumber returns the last run of digits in s as a post id, or 0.
func lastNumber(s string) int64 {
	end := -1
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] >= '0' && s[i] <= '9' {
			end = i + 1
			break
		}
	}
	if end < 0 {
		return 0
	}
	start := end - 1
	for start > 0 && s[start-1] >= '0' && s[start-1] <= '9' {
		start--
	}
	id, err := strconv.ParseInt(s[start:end], 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}
