package websub

import (
	"github.com/sanafeed/sanafeed"
)

// keepVersions is how many renderings of a topic the hub remembers the
// entries of: a subscriber behind by more gets the whole feed.
const keepVersions = 4

// A version is what the hub remembers of one rendering of a topic.
type version struct {
	hash    string               // sanafeed.Topic.Hash
	entries map[entryDigest]bool // nil when it could not be cut into entries
}

// A rendering is a topic's content as distribute found it, cut into
// entries when first needed, with the payloads computed for its
// subscribers. It is used by one goroutine.
type rendering struct {
	c        sanafeed.Topic
	doc      feedDoc
	cut      bool              // doc holds the entries
	tried    bool              // cutting was tried
	payloads map[string][]byte // by the hash of the version a subscriber has
}

// split cuts r's content into entries, once.
func (r *rendering) split() {
	if !r.tried {
		r.doc, r.cut = cutFeed(r.c.ContentType, r.c.Body)
		r.tried = true
	}
}

// remember records c as the latest rendering of topic, unless it is known
// already, and returns it.
func (h *Hub) remember(topic string, c sanafeed.Topic) *rendering {
	r := &rendering{c: c, payloads: map[string][]byte{}}
	h.vmu.Lock()
	defer h.vmu.Unlock()
	vs := h.versions[topic]
	for _, v := range vs {
		if v.hash == c.Hash {
			return r
		}
	}
	v := version{hash: c.Hash}
	if r.split(); r.cut {
		v.entries = r.doc.digests()
	}
	if len(vs) >= keepVersions {
		vs = vs[1:]
	}
	h.versions[topic] = append(vs, v)
	return r
}

// entries returns the digests of the entries of topic's version hash, or
// nil when the hub does not know them.
func (h *Hub) entries(topic, hash string) map[entryDigest]bool {
	h.vmu.Lock()
	defer h.vmu.Unlock()
	for _, v := range h.versions[topic] {
		if v.hash == hash {
			return v.entries
		}
	}
	return nil
}

// forget drops the versions of the topics that keep does not hold.
func (h *Hub) forget(keep map[string]*rendering) {
	h.vmu.Lock()
	defer h.vmu.Unlock()
	for t := range h.versions {
		if keep[t] == nil {
			delete(h.versions, t)
		}
	}
}

// payload returns what to send a subscriber of topic that has its version
// sent, now that it is r, and reports whether there is anything to send.
// It is r's document with only the entries that are not in sent (new or
// updated), none when there are none. It is the whole document when the
// hub does not know sent's entries, when r cannot be cut into entries or
// has none, or when every entry is new.
func (h *Hub) payload(topic, sent string, r *rendering) ([]byte, bool) {
	if p, ok := r.payloads[sent]; ok {
		return p, p != nil
	}
	p := r.c.Body
	if old := h.entries(topic, sent); old != nil {
		r.split()
		if r.cut && len(r.doc.spans) > 0 {
			keep := make([]bool, len(r.doc.spans))
			n := 0
			for i := range r.doc.spans {
				if keep[i] = !old[r.doc.digest(i)]; keep[i] {
					n++
				}
			}
			switch {
			case n == 0:
				p = nil
			case n < len(keep):
				p = r.doc.only(keep)
			}
		}
	}
	if p == nil {
		r.payloads[sent] = nil
		return nil, false
	}
	r.payloads[sent] = p
	return p, true
}
