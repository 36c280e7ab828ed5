package websub

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"mime"
	"strings"
)

// A feedDoc is a feed document cut into its entries (Atom entries, RSS
// items, JSON Feed items), so that a content distribution can carry only
// some of them: WebSub lets a hub send just the new and updated entries of
// a feed, in a document of the feed's format.
type feedDoc struct {
	body  []byte
	spans []span // the entries, in document order
	json  bool   // a JSON Feed: the entries are the elements of its items array
}

// A span is where one entry is in a document: body[start:end]. What lies
// between cut and start (whitespace; in JSON, after the comma) goes with it.
type span struct{ cut, start, end int }

// An entryDigest identifies the bytes of an entry: an updated entry has a
// new digest.
type entryDigest [16]byte

// cutFeed cuts body, of content type ct, into its entries. It reports
// false when body is not an XML (Atom or RSS) or JSON feed it can read.
func cutFeed(ct string, body []byte) (feedDoc, bool) {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return feedDoc{}, false
	}
	d := feedDoc{body: body, json: strings.HasSuffix(mt, "json")}
	var ok bool
	switch {
	case d.json:
		d.spans, ok = cutJSON(body)
	case strings.HasSuffix(mt, "xml"):
		d.spans, ok = cutXML(body)
	}
	return d, ok
}

// digests returns the set of the digests of d's entries.
func (d *feedDoc) digests() map[entryDigest]bool {
	m := make(map[entryDigest]bool, len(d.spans))
	for i := range d.spans {
		m[d.digest(i)] = true
	}
	return m
}

// digest returns the digest of entry i.
func (d *feedDoc) digest(i int) entryDigest {
	sum := sha256.Sum256(d.body[d.spans[i].start:d.spans[i].end])
	return entryDigest(sum[:16])
}

// only returns the document with only the entries whose keep is true,
// everything else as it is.
func (d *feedDoc) only(keep []bool) []byte {
	var b bytes.Buffer
	if d.json {
		if len(d.spans) == 0 {
			return d.body
		}
		b.Write(d.body[:d.spans[0].cut])
		n := 0
		for i, sp := range d.spans {
			if keep[i] {
				if n > 0 {
					b.WriteByte(',')
				}
				b.Write(d.body[sp.cut:sp.end])
				n++
			}
		}
		b.Write(d.body[d.spans[len(d.spans)-1].end:])
		return b.Bytes()
	}
	at := 0
	for i, sp := range d.spans {
		if !keep[i] {
			b.Write(d.body[at:sp.cut])
			at = sp.end
		}
	}
	b.Write(d.body[at:])
	return b.Bytes()
}

// cutXML finds the entries of an Atom or RSS document: the entry or item
// elements of its root, and the item elements of its channel.
func cutXML(body []byte) ([]span, bool) {
	d := xml.NewDecoder(bytes.NewReader(body))
	var stack []string // the open elements' local names
	var spans []span
	last := 0 // the end of the last token but whitespace
	for {
		off := int(d.InputOffset())
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return spans, len(stack) == 0
		}
		if err != nil {
			return nil, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := t.Name.Local
			if len(stack) == 1 && (n == "entry" || n == "item") || len(stack) == 2 && stack[1] == "channel" && n == "item" {
				if err := d.Skip(); err != nil {
					return nil, false
				}
				spans = append(spans, span{cut: last, start: off, end: int(d.InputOffset())})
				last = int(d.InputOffset())
				continue
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(bytes.TrimSpace(t)) == 0 {
				continue // goes with the next entry, if one follows
			}
		}
		last = int(d.InputOffset())
	}
}

// cutJSON finds the entries of a JSON Feed: the elements of the items
// array of its top-level object.
func cutJSON(body []byte) ([]span, bool) {
	d := json.NewDecoder(bytes.NewReader(body))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	var spans []span
	found := false
	for d.More() {
		t, err := d.Token()
		key, ok := t.(string)
		if err != nil || !ok {
			return nil, false
		}
		if key != "items" || found {
			var skip json.RawMessage
			if err := d.Decode(&skip); err != nil {
				return nil, false
			}
			continue
		}
		found = true
		if t, err := d.Token(); err != nil || t != json.Delim('[') {
			return nil, false
		}
		cut := int(d.InputOffset())
		for d.More() {
			var raw json.RawMessage
			if err := d.Decode(&raw); err != nil {
				return nil, false
			}
			end := int(d.InputOffset())
			start := end - len(raw)
			if len(spans) > 0 {
				prev := spans[len(spans)-1].end
				comma := bytes.IndexByte(body[prev:max(start, prev)], ',')
				if comma < 0 {
					return nil, false
				}
				cut = prev + comma + 1
			}
			if start < cut || !bytes.Equal(body[start:end], raw) {
				return nil, false
			}
			spans = append(spans, span{cut: cut, start: start, end: end})
		}
		if t, err := d.Token(); err != nil || t != json.Delim(']') {
			return nil, false
		}
	}
	if t, err := d.Token(); err != nil || t != json.Delim('}') {
		return nil, false
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return nil, false
	}
	return spans, found
}
