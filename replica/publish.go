package replica

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Publish publishes n new articles in the edition lang, as its desk does
// while a poller is away (Arabic runs 200 to 400 a day): one a minute
// from Now, the clock moving a minute for each, so that the last is
// published at the new Now. They are generated stories that run in that
// edition only (no translations), in the categories of the generator's
// topics, with the tags of their topic and city, each with a title no
// other article of the edition has and a body of its own; their post ids
// climb from the edition's highest. The home page, category and tag
// listings, the feeds and the sitemaps follow at once, except the stale
// cached plain feeds (English, Turkish), which keep serving their snapshot
// as they do after Advance. Publish returns the new articles' entries,
// newest first, as Truth reports them; nil for an unknown edition or n < 1.
// It is safe for concurrent use.
func (s *Site) Publish(lang string, n int) []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	es, ok := s.eds[lang]
	if !ok || n < 1 {
		return nil
	}
	titles, bodies := es.texts()
	added := make([]*article, 0, n)
	first := s.drawn
	for i := range n {
		s.now = s.now.Add(time.Minute)
		added = append(added, s.publishOne(lang, first+i, titles, bodies))
	}
	es.reindex()
	out := make([]Entry, 0, n)
	for _, a := range slices.Backward(added) {
		out = append(out, s.entryOf(es, a, false))
	}
	return out
}

// PublishAt publishes one new article in the edition lang at t, as Publish
// does, the clock moving to t (or staying where it is, when later), and
// returns its entry; false for an unknown edition. It is for a desk
// publishing on a schedule of its own (the freshness benchmark's day).
func (s *Site) PublishAt(lang string, t time.Time) (Entry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	es, ok := s.eds[lang]
	if !ok {
		return Entry{}, false
	}
	s.now = later(s.now, t)
	titles, bodies := es.texts()
	a := s.publishOne(lang, s.drawn, titles, bodies)
	es.reindex()
	return s.entryOf(es, a, false), true
}

// Edit edits the article id of the edition lang at t, as an editor does
// after publication: a new title (the old one and "(updated)") and a new
// last paragraph before the editor's initials, Modified set to t, the same
// id and URL. The clock moves to t (or stays where it is, when later).
// It returns the edited entry; false when there is no such article.
func (s *Site) Edit(lang string, id int64, t time.Time) (Entry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	es, ok := s.eds[lang]
	if !ok || es.byID[id] == nil {
		return Entry{}, false
	}
	s.now = later(s.now, t)
	edited := *es.byID[id]
	edited.title += " (updated)"
	body := edited.paragraphs()
	n := len(body)
	edited.body = append(slices.Clone(body[:n-1]), "Updated at "+t.Format("15:04")+" with more details.", body[n-1])
	edited.gen = nil // the body is written out now
	edited.mod = t
	es.put(&edited)
	es.reindex()
	return s.entryOf(es, &edited, false), true
}

// texts returns the titles and bodies of the edition's articles, which a
// new one must not repeat.
func (es *edState) texts() (titles, bodies map[string]bool) {
	titles = map[string]bool{}
	for _, a := range es.arts {
		titles[a.title] = true
	}
	return titles, map[string]bool{}
}

// publishOne adds a generated article to the edition lang, published at
// the clock's time, on the topic that draw number n goes round to. Call
// with s.mu held, and reindex after.
func (s *Site) publishOne(lang string, n int, titles, bodies map[string]bool) *article {
	es := s.eds[lang]
	a, r := s.draw(lang, n%len(topicKeys), titles, bodies)
	a.id = es.maxID() + int64(1+r.intn(6)) // revisions and uploads take ids too
	a.dateline = dateline(lang, a.gen.lt.cities[a.gen.facts.city], a.pub, a.id)
	es.put(a)
	return a
}

// draw returns a generated article on topic for lang published now,
// whose title is not in titles and whose body is not in bodies, and adds
// both; and the generator to draw its post id from. Call with s.mu held.
func (s *Site) draw(lang string, topic int, titles, bodies map[string]bool) (*article, rng) {
	es := s.eds[lang]
	for {
		s.drawn++
		r := rng{uint64(s.drawn)*0xD1B54A32D192ED03 ^ langSalt(lang)<<48}
		f := newFacts(r.next(), 100000+s.drawn)
		f.topic = topic // the burst goes round the topics and so their categories
		term := es.nextTerm
		a := s.genArticle(f, lang, fmt.Sprintf("pub-%s-%05d", lang, s.drawn), s.now)
		body := strings.Join(a.paragraphs(), "\n") // dateline not yet set: the same for all
		if titles[a.title] || bodies[body] {
			for slug, t := range es.tags { // drop the tags this draw made
				if t.term >= term {
					delete(es.tags, slug)
				}
			}
			es.nextTerm = term
			continue
		}
		titles[a.title], bodies[body] = true, true
		return a, r
	}
}
