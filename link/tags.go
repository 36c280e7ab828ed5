package link

import (
	"cmp"
	"math/bits"
	"slices"

	"github.com/sanafeed/sanafeed"
)

// Defaults of TagOptions.
const (
	// DefaultTagSupport is how many translation clusters two tags must
	// share before they can be taken as equivalent.
	DefaultTagSupport = 2
	// DefaultTagScore is the least association (Dice coefficient) of two
	// equivalent tags whose names the gazetteer does not both know.
	DefaultTagScore = 0.5
	// catchAllShare: a tag carried by more than this share of the
	// clusters of its edition is a catch-all (a category-like tag on
	// every article); it is linked to none, whatever it co-occurs with,
	// once its edition has catchAllMin clusters or more to tell by.
	catchAllShare = 0.5
	catchAllMin   = 10
	// maxClusterTags: a cluster whose articles carry more tags than this
	// is left out, so that the pairs counted stay few (a cluster of n
	// tags has n² pairs) and a tag-stuffed article does not vouch for
	// hundreds of pairs at once.
	maxClusterTags = 64
)

// TagOptions tune LearnTags. The zero value means the defaults.
type TagOptions struct {
	Support  int     // least clusters shared; 0 means DefaultTagSupport
	MinScore float64 // least Dice coefficient; 0 means DefaultTagScore
}

// LearnTags returns the groups of tags of different editions that mean the
// same thing, learnt from the translation clusters tc. Two tags of
// different editions are linked when the articles of at least
// opts.Support clusters carry both and their association is strong: the
// Dice coefficient 2·both / (A's + B's), where A's counts the clusters
// carrying A that have an article of B's edition (and the other way
// round), is at least opts.MinScore. A tag that co-occurs with everything
// meets every tag of the other editions but scores low with each; one on
// more than half its edition's clusters (catchAllShare, once it has
// catchAllMin), a catch-all, is linked to none, not even to another
// edition's catch-all. The gazetteer
// (place names in every edition) vetoes a link between two different
// places and admits one between the same place whatever the score. Links
// are taken strongest first, and one that would put two tags of one
// edition in a group is refused: a group holds at most one tag per
// edition. It is a pure function of tc; time and memory grow with the
// pairs of tags that share a cluster.
func LearnTags(tc *sanafeed.TagClusters, opts TagOptions) *sanafeed.TagGroups {
	if opts.Support <= 0 {
		opts.Support = DefaultTagSupport
	}
	if opts.MinScore <= 0 {
		opts.MinScore = DefaultTagScore
	}
	l := newTagLearner(tc)
	l.count()
	links := l.links(opts)
	return sanafeed.NewTagGroups(l.group(links))
}

// A tagLearner counts, over the clusters, how often tags meet.
type tagLearner struct {
	tc    *sanafeed.TagClusters
	nl    int     // editions
	lang  []int   // tag → its edition's number in tc.Langs
	seen  []int32 // tag*nl + edition → clusters carrying the tag that have an article of the edition
	of    []int32 // edition → clusters that have an article of it
	pairs map[uint64]int32
}

func newTagLearner(tc *sanafeed.TagClusters) *tagLearner {
	l := &tagLearner{tc: tc, nl: max(1, len(tc.Langs)), lang: make([]int, len(tc.Tags)), pairs: map[uint64]int32{}}
	for i, t := range tc.Tags {
		l.lang[i] = slices.Index(tc.Langs, t.Lang)
	}
	l.seen = make([]int32, len(tc.Tags)*l.nl)
	l.of = make([]int32, l.nl)
	return l
}

// count fills seen and pairs.
func (l *tagLearner) count() {
	for _, c := range l.tc.Clusters {
		if len(c.Tags) > maxClusterTags {
			continue
		}
		for m := c.Langs; m != 0; m &= m - 1 {
			if e := bits.TrailingZeros64(m); e < l.nl {
				l.of[e]++
			}
		}
		for _, t := range c.Tags {
			if l.lang[t] < 0 {
				continue
			}
			for m := c.Langs; m != 0; m &= m - 1 {
				if e := bits.TrailingZeros64(m); e < l.nl {
					l.seen[int(t)*l.nl+e]++
				}
			}
		}
		for i, a := range c.Tags {
			for _, b := range c.Tags[i+1:] {
				if l.lang[a] != l.lang[b] && l.lang[a] >= 0 && l.lang[b] >= 0 {
					l.pairs[uint64(a)<<32|uint64(b)]++
				}
			}
		}
	}
}

// A tagCandidate is a pair of tags that may be linked.
type tagCandidate struct {
	a, b  int32
	link  sanafeed.TagLink
	place bool // the gazetteer names both the same place
}

// catchAll reports whether the tag t is carried by so many of its
// edition's clusters that its co-occurring with a tag says nothing.
func (l *tagLearner) catchAll(t int32) bool {
	e := l.lang[t]
	n := l.of[e]
	return n >= catchAllMin && float64(l.seen[int(t)*l.nl+e]) > catchAllShare*float64(n)
}

// links returns the pairs that pass opts and the gazetteer, strongest
// first.
func (l *tagLearner) links(opts TagOptions) []tagCandidate {
	placeOf := make([]string, len(l.tc.Tags))
	for i, t := range l.tc.Tags {
		placeOf[i] = tagPlace(t.Lang, t.Name)
	}
	var out []tagCandidate
	for k, n := range l.pairs {
		if int(n) < opts.Support {
			continue
		}
		a, b := int32(k>>32), int32(k&0xFFFFFFFF)
		if l.catchAll(a) || l.catchAll(b) {
			continue
		}
		na, nb := l.seen[int(a)*l.nl+l.lang[b]], l.seen[int(b)*l.nl+l.lang[a]]
		score := 2 * float64(n) / float64(na+nb)
		pa, pb := placeOf[a], placeOf[b]
		same := pa != "" && pa == pb
		switch {
		case pa != "" && pb != "" && pa != pb:
			continue // two different places
		case !same && score < opts.MinScore:
			continue
		}
		c := tagCandidate{a: a, b: b, place: same, link: sanafeed.TagLink{A: l.tc.Tags[a], B: l.tc.Tags[b], Support: int(n), Score: score}}
		if same {
			c.link.Place = pa
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(x, y tagCandidate) int {
		if x.place != y.place {
			if x.place {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(y.link.Score, x.link.Score), cmp.Compare(y.link.Support, x.link.Support),
			cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b))
	})
	return out
}

// group joins the tags of cands, strongest first, refusing a join that
// would give a group two tags of one edition, and returns the groups of
// two tags or more, the most supported first.
func (l *tagLearner) group(cands []tagCandidate) []sanafeed.TagGroup {
	parent := map[int32]int32{}
	mask := map[int32]uint64{} // root → its group's editions
	find := func(x int32) int32 {
		if _, ok := parent[x]; !ok {
			parent[x] = x
			mask[x] = 1 << uint(l.lang[x]) // a number below 64: see count
		}
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	links := map[int32][]sanafeed.TagLink{}
	for _, c := range cands {
		ra, rb := find(c.a), find(c.b)
		if ra == rb || mask[ra]&mask[rb] != 0 {
			continue
		}
		parent[rb] = ra
		mask[ra] |= mask[rb]
		links[ra] = append(append(links[ra], links[rb]...), c.link)
		delete(links, rb)
	}
	members := map[int32][]sanafeed.TagRef{}
	for x := range parent {
		r := find(x)
		members[r] = append(members[r], l.tc.Tags[x])
	}
	var out []sanafeed.TagGroup
	for r, ts := range members {
		if len(ts) < 2 {
			continue
		}
		slices.SortFunc(ts, func(x, y sanafeed.TagRef) int {
			return cmp.Or(cmp.Compare(editionRank(x.Lang), editionRank(y.Lang)), cmp.Compare(x.Lang, y.Lang), cmp.Compare(x.Slug, y.Slug))
		})
		ls := links[r]
		slices.SortStableFunc(ls, func(x, y sanafeed.TagLink) int {
			return cmp.Or(cmp.Compare(y.Support, x.Support), cmp.Compare(y.Score, x.Score))
		})
		out = append(out, sanafeed.TagGroup{Tags: ts, Links: ls})
	}
	slices.SortFunc(out, func(x, y sanafeed.TagGroup) int {
		return cmp.Or(cmp.Compare(support(y), support(x)), cmp.Compare(len(y.Tags), len(x.Tags)),
			cmp.Compare(x.Tags[0].Lang, y.Tags[0].Lang), cmp.Compare(x.Tags[0].Slug, y.Tags[0].Slug))
	})
	return out
}

// support returns the clusters behind g's links, summed.
func support(g sanafeed.TagGroup) int {
	n := 0
	for _, l := range g.Links {
		n += l.Support
	}
	return n
}

// editionRank returns the place of lang in sanafeed.Editions, unknown last.
func editionRank(lang string) int {
	if i := slices.IndexFunc(sanafeed.Editions, func(e sanafeed.Edition) bool { return e.Lang == lang }); i >= 0 {
		return i
	}
	return len(sanafeed.Editions)
}

// tagPlace returns the gazetteer id of the place the whole tag name is in
// the edition lang ("Damascus", "دمشق", "Şam"), or "" when it is none.
func tagPlace(lang, name string) string {
	toks := tokenize(name)
	if len(toks) == 0 || len(toks) > places.maxLen {
		return ""
	}
	prepare(lang, toks)
	if len(toks) == 1 {
		return places.word(lang, &toks[0])
	}
	return places.phraseAt(lang, toks)
}
