package fetch

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mmcdole/gofeed"
	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/charset"
	"github.com/sanafeed/sanafeed/xmlrepair"
)

// Errors returned by ParseFeed. Check them with errors.Is.
var (
	// ErrNotAFeed means the body is empty, HTML, or another document than
	// an RSS, Atom or JSON feed.
	ErrNotAFeed = errors.New("fetch: not a feed")
	// ErrMalformed means the feed could be neither parsed, nor repaired,
	// nor salvaged item by item, or that it declares XML entities. The
	// message says what was wrong and where.
	ErrMalformed = errors.New("fetch: malformed feed")
)

// ParseFeed parses body, an RSS, Atom or JSON feed of the edition src, and
// maps its items to articles (see sanafeed.Feed). contentType is the HTTP
// Content-Type, whose charset is used when the body is not UTF-8; the XML
// declaration's encoding is used next, else the charset is guessed.
//
// A feed that is not well-formed XML is repaired, and if it still does not
// parse, its items are salvaged one by one; either way Feed.Repaired is
// set. ParseFeed returns ErrNotAFeed for an empty body, HTML or another
// document, and ErrMalformed when nothing could be salvaged or the feed
// declares XML entities (refused before parsing: entity bombs). It never
// panics and runs in time linear in len(body).
func ParseFeed(body []byte, contentType string, src sanafeed.Source) (*sanafeed.Feed, error) {
	text, invalid := charset.DecodeXML(body, contentType, src.Lang)
	d, err := prepare(text)
	if err != nil {
		return nil, err
	}
	if d.kind == kindJSON {
		return parseJSON(d, src)
	}
	if invalid >= 0 {
		d.faults = slices.Insert(d.faults, 0, xmlrepair.Fault{Offset: invalid, Msg: "invalid UTF-8"})
	}
	return parseXML(d, src)
}

// parseJSON parses d, a JSON Feed.
func parseJSON(d *document, src sanafeed.Source) (*sanafeed.Feed, error) {
	gf, err := parseGofeed(d.text)
	if err != nil {
		return nil, fmt.Errorf("%w: json feed: %w", ErrMalformed, err)
	}
	return newFeed(gf.Title, gf.Items, src), nil
}

// parseXML parses d, an RSS or Atom feed: whole, as served or repaired
// (see parseWhole), else item by item (see salvage).
func parseXML(d *document, src sanafeed.Source) (*sanafeed.Feed, error) {
	fixed, faults, n := xmlrepair.Repair(d.text)
	p := parseWhole(d.text, fixed, len(d.faults)+n > 0)
	if p.err == nil && (len(p.feed.Items) > 0 || !hasItems(d)) {
		f := newFeed(p.feed.Title, p.feed.Items, src)
		if p.repaired {
			f.Repaired, f.Repairs = true, describe(d.text, d.faults, faults, p.servedErr)
		}
		return f, nil
	}
	// Nothing parsed, or items the parser did not see (under a misspelt
	// <channel>, say): take the items one by one.
	items, title, skipped := salvage(d)
	switch {
	case len(items) > 0:
		f := newFeed(title, items, src)
		f.Skipped += skipped
		f.Repaired, f.Repairs = true, describe(d.text, d.faults, faults, p.servedErr)
		return f, nil
	case p.err == nil && !p.repaired:
		return newFeed(p.feed.Title, nil, src), nil // well-formed: "<item" was in some text
	}
	return nil, malformed(d.text, d.faults, faults, p.cause())
}

// A wholeParse is gofeed's reading of a whole feed.
type wholeParse struct {
	feed *gofeed.Feed // what was read; nil when err is set
	err  error        // why the text read last did not parse
	// repaired reports that the text read last was the repaired one.
	repaired bool
	// servedErr is why the feed as served did not parse; nil when it
	// did, or was not tried because it was known to be faulty.
	servedErr error
}

// parseWhole parses a feed as served, unless faulty says it is not
// well-formed, and else, or when that fails, as repaired (fixed).
func parseWhole(served, fixed string, faulty bool) wholeParse {
	var p wholeParse
	if !faulty {
		if p.feed, p.servedErr = parseGofeed(served); p.servedErr == nil {
			return p
		}
	}
	p.repaired = true
	p.feed, p.err = parseGofeed(fixed)
	return p
}

// cause returns why nothing could be read from the feed: the parser's
// error on the feed as served, else on the repaired feed, else that it
// holds no complete item.
func (p wholeParse) cause() error {
	switch {
	case p.servedErr != nil:
		return p.servedErr
	case p.err != nil:
		return p.err
	}
	return errors.New("no complete item")
}

// parseGofeed parses text with gofeed, turning a panic of the parser on
// hostile input into an error.
func parseGofeed(text string) (f *gofeed.Feed, err error) {
	defer func() {
		if p := recover(); p != nil {
			f, err = nil, fmt.Errorf("feed parser panicked: %v", p)
		}
	}()
	p := gofeed.NewParser()
	// image() scans the content for an <img> more cheaply than gofeed's
	// full HTML parse.
	p.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	f, err = p.Parse(strings.NewReader(text))
	if err == nil && f == nil {
		err = errors.New("feed parser returned nothing")
	}
	return f, err
}

// newFeed maps gofeed items to a sanafeed.Feed.
func newFeed(title string, items []*gofeed.Item, src sanafeed.Source) *sanafeed.Feed {
	f := &sanafeed.Feed{Title: cleanTitle(title)}
	for _, it := range items {
		a, ok := toArticle(it, src)
		if !ok {
			f.Skipped++
			continue
		}
		f.Articles = append(f.Articles, a)
		if a.Published.After(f.Newest) {
			f.Newest = a.Published
		}
	}
	return f
}

// malformed returns the ErrMalformed error for a feed nothing could be
// salvaged from.
func malformed(text string, pre, faults []xmlrepair.Fault, perr error) error {
	msg := "no item could be salvaged"
	if d := describe(text, pre, faults, nil); len(d) > 0 {
		msg += "; first fault: " + d[0]
		if len(d) > 1 {
			msg += fmt.Sprintf(" (and %d more)", len(d)-1)
		}
	}
	return fmt.Errorf("%w: %w; %s", ErrMalformed, perr, msg)
}

// describe renders faults for people: pre (found while decoding and
// finding the feed) by offset, faults (found by repair) by line in text,
// then the parser's error perr, if any.
func describe(text string, pre, faults []xmlrepair.Fault, perr error) []string {
	var out []string
	for _, f := range pre {
		out = append(out, fmt.Sprintf("offset %d: %s", f.Offset, f.Msg))
	}
	sorted := slices.SortedFunc(slices.Values(faults), func(a, b xmlrepair.Fault) int { return a.Offset - b.Offset })
	line, pos := 1, 0
	for _, f := range sorted {
		off := min(max(f.Offset, pos), len(text))
		line += strings.Count(text[pos:off], "\n")
		pos = off
		out = append(out, fmt.Sprintf("line %d: %s", line, f.Msg))
	}
	if perr != nil {
		out = append(out, "parser: "+perr.Error())
	}
	return out
}
