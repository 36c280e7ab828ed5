package replica

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sanafeed/sanafeed"
)

// syria is the offset SANA shows its times in.
var syria = time.FixedZone("+03:00", 3*3600)

// refTime is the replica's default clock at creation. Hand-written stories
// are dated relative to it and shifted with Options.Start.
func refTime() time.Time { return time.Date(2026, 2, 9, 12, 0, 0, 0, time.UTC) }

// A tag is a WordPress tag of one edition.
type tag struct {
	slug    string // as sanafeed.Slugify gives it: decoded, Arabic slugs are Arabic text
	name    string
	term    int    // WordPress term id
	concept string // what it means, the same key in every edition (concepts.go); never served
}

// An article is one post of one edition. Articles are never changed in
// place once served: an edit replaces the pointer, so that a frozen feed
// snapshot keeps showing the old version.
type article struct {
	lang      string
	id        int64
	story     string // story id; shared by the versions of one story
	cat       *category
	tags      []*tag
	title     string
	pub, mod  time.Time
	image     string // path of the featured image; "" for none
	dateline  string
	body      []string // paragraphs: dateline first, initials last; nil when gen is set
	gen       *genSpec // set for generated articles, whose body is made on demand
	guidHTTPS bool     // the feed GUID is the https permalink rather than ?p=ID
	quirk     quirk
	slug      string // the second theme's post slug, set by reindex; kept through edits
	// repostOf is the post id of the article of the same edition this one
	// reposts (Options.Reposts); siblingOf that of the article it was
	// written to resemble. 0 = none.
	repostOf, siblingOf int64
	updateFrom          *article // while planting: the generated article an updated version rewrites
}

// paragraphs returns the article's paragraphs as plain text.
func (a *article) paragraphs() []string {
	if a.gen != nil {
		return a.gen.body(a)
	}
	return a.body
}

// path returns the article's permalink path on its edition.
func (a *article) path(ed *edition) string {
	p := ed.root() + "/" + a.cat.path + "/" + strconv.FormatInt(a.id, 10)
	if ed.slashless() {
		return p
	}
	return p + "/"
}

// newer reports whether a sorts before b, newest first.
func newer(a, b *article) int {
	if c := b.pub.Compare(a.pub); c != 0 {
		return c
	}
	switch {
	case a.id > b.id:
		return -1
	case a.id < b.id:
		return 1
	}
	return 0
}

// An edState is the live state of one edition.
type edState struct {
	ed       *edition
	arts     []*article            // newest first
	byID     map[int64]*article    // post id → article
	byCat    map[string][]*article // category path → newest first, subcategories included
	byTag    map[string][]*article // tag slug → newest first
	tags     map[string]*tag       // slug → tag
	nextTerm int                   // term id of the next new tag
	snap     *snapshot             // the frozen plain feed; nil when the feed is fresh
	slugs    map[string]int64      // the second theme's post slugs → post id; nil under the first theme: no slugs
}

// A snapshot is a cached copy of a feed, frozen at a moment.
type snapshot struct {
	at    time.Time
	items []*article
}

func newEdState(ed *edition) *edState {
	es := &edState{ed: ed, byID: map[int64]*article{}, tags: map[string]*tag{}}
	es.nextTerm = ed.cats[len(ed.cats)-1].term + 1
	return es
}

// tag returns the edition's tag called name, creating it if needed.
func (es *edState) tag(name string) *tag {
	slug := sanafeed.Slugify(name)
	if t, ok := es.tags[slug]; ok {
		if t.name != name {
			panic(fmt.Sprintf("replica: tags %q and %q share the slug %q", t.name, name, slug))
		}
		return t
	}
	t := &tag{slug: slug, name: name, term: es.nextTerm, concept: conceptOf(es.ed.Lang, name)}
	es.nextTerm++
	es.tags[slug] = t
	return t
}

// maxID returns the highest post id of the edition.
func (es *edState) maxID() int64 {
	var m int64
	for id := range es.byID {
		m = max(m, id)
	}
	return m
}

// put adds a or replaces the article with its id. Call reindex after.
func (es *edState) put(a *article) {
	if old, ok := es.byID[a.id]; ok {
		i := slices.Index(es.arts, old)
		es.arts[i] = a
	} else {
		es.arts = append(es.arts, a)
	}
	es.byID[a.id] = a
}

// reindex sorts the articles, gives the new ones their slugs and
// rebuilds the category and tag indexes.
func (es *edState) reindex() {
	slices.SortFunc(es.arts, newer)
	es.assignSlugs()
	es.byCat = map[string][]*article{}
	es.byTag = map[string][]*article{}
	for _, a := range es.arts {
		p := a.cat.path
		for {
			es.byCat[p] = append(es.byCat[p], a)
			i := strings.LastIndexByte(p, '/')
			if i < 0 {
				break
			}
			p = p[:i]
		}
		for _, t := range a.tags {
			es.byTag[t.slug] = append(es.byTag[t.slug], a)
		}
	}
}

// feedItems returns what the edition's plain feed carries now.
func (es *edState) feedItems() []*article {
	if es.snap != nil {
		return es.snap.items
	}
	return latest(es.arts, feedSize)
}

// takeSnapshot freezes the plain feed as it was at t.
func (es *edState) takeSnapshot(t time.Time) {
	var items []*article
	for _, a := range es.arts {
		if !a.pub.After(t) {
			items = append(items, a)
			if len(items) == feedSize {
				break
			}
		}
	}
	es.snap = &snapshot{at: t, items: items}
}

func latest(arts []*article, n int) []*article {
	return arts[:min(n, len(arts))]
}

var (
	enMonths = [...]string{"Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."}
	esMonths = [...]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"}
)

// dateline returns the dateline of an article from city, published at
// pub, in the style of the edition lang.
func dateline(lang, city string, pub time.Time, id int64) string {
	t := pub.In(syria)
	switch lang {
	case "ar":
		return city + "-سانا"
	case "en":
		return fmt.Sprintf("%s, %s %d (SANA) –", strings.ToUpper(city), enMonths[t.Month()-1], t.Day())
	case "fr":
		if id%3 == 0 {
			return city + " – SANA /"
		}
		return city + ", (SANA) –"
	case "es":
		return fmt.Sprintf("%s, %d %s (SANA) –", city, t.Day(), esMonths[t.Month()-1])
	case "tr":
		return city + ", SANA –"
	}
	return city + ", (SANA) –"
}

// uploadPath returns the path of an uploaded file name in the month of t.
func uploadPath(t time.Time, name string) string {
	return "/wp-content/uploads/" + t.In(syria).Format("2006/01") + "/" + name
}
