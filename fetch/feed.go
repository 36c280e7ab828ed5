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
	var faults []xmlrepair.Fault
	if invalid >= 0 {
		faults = append(faults, xmlrepair.Fault{Offset: invalid, Msg: "invalid UTF-8"})
	}
	d, err := prepare(text)
	if err != nil {
		return nil, err
	}
	if d.kind == kindJSON {
		gf, err := parseGofeed(d.text)
		if err != nil {
			return nil, fmt.Errorf("%w: json feed: %w", ErrMalformed, err)
		}
		return newFeed(gf.Title, gf.Items, src), nil
	}
	faults = append(faults, d.faults...)
	fixed, rfaults, nr := xmlrepair.Repair(d.text)

	repaired := len(faults)+nr > 0
	var gf *gofeed.Feed
	var perr error // why the feed as served did not parse
	if !repaired {
		gf, perr = parseGofeed(d.text)
		repaired = perr != nil
	}
	if repaired {
		gf, err = parseGofeed(fixed)
	}
	var f *sanafeed.Feed
	switch {
	case err == nil && (len(gf.Items) > 0 || !hasItems(d)):
		f = newFeed(gf.Title, gf.Items, src)
	default:
		// Nothing parsed, or items the parser did not see (under a
		// misspelt <channel>, say): take the items one by one.
		items, title, skipped := salvage(d)
		switch {
		case len(items) > 0:
			f = newFeed(title, items, src)
			f.Skipped += skipped
			repaired = true
		case err == nil && !repaired:
			f = newFeed(gf.Title, nil, src) // well-formed: "<item" was in some text
		default:
			if perr == nil {
				perr = err
			}
			if perr == nil {
				perr = errors.New("no complete item")
			}
			return nil, malformed(d.text, faults, rfaults, perr)
		}
	}
	if repaired {
		f.Repaired = true
		f.Repairs = describe(d.text, faults, rfaults, perr)
	}
	return f, nil
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
