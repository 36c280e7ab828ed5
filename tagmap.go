package sanafeed

import "slices"

// A TagRef names one tag of one edition.
type TagRef struct {
	Lang string `json:"lang"`
	Slug string `json:"slug"`
	Name string `json:"name,omitempty"`
}

// TagClusters are the tags that the articles of the stored translation
// clusters carry: the evidence from which tags of different editions are
// learnt to mean the same thing. Only clusters of two editions or more
// are in it.
type TagClusters struct {
	Langs    []string     // the editions, numbered by the bits of TagCluster.Langs (at most 64)
	Tags     []TagRef     // the tags, numbered by TagCluster.Tags
	Clusters []TagCluster // one per translation cluster
}

// A TagCluster is one translation cluster as TagClusters holds it.
type TagCluster struct {
	Langs uint64  // bit i set: an article of edition TagClusters.Langs[i] is in the cluster
	Tags  []int32 // the tags its articles carry, as indexes in TagClusters.Tags, ascending, distinct
}

// A TagLink is the evidence that two tags of different editions mean the
// same thing.
type TagLink struct {
	A, B    TagRef
	Support int     // translation clusters in which both occur
	Score   float64 // their association, 0 to 1 (Dice: 2·both / (A's + B's))
	Place   string  // the gazetteer place both names are, if any
}

// A TagGroup is a set of tags of different editions, at most one per
// edition, found to mean the same thing.
type TagGroup struct {
	Tags  []TagRef  // in edition order (sanafeed.Editions)
	Links []TagLink // the links that joined them, strongest first
}

// TagGroups are the groups of equivalent tags across editions, with an
// index to find a tag's group. The zero value holds no groups. A
// TagGroups is not changed once made: it is safe for concurrent reads.
type TagGroups struct {
	Groups []TagGroup
	byTag  map[[2]string]int // lang, slug → index in Groups
}

// NewTagGroups returns the groups gs, indexed.
func NewTagGroups(gs []TagGroup) *TagGroups {
	g := &TagGroups{Groups: gs, byTag: map[[2]string]int{}}
	for i, gr := range gs {
		for _, t := range gr.Tags {
			g.byTag[[2]string{t.Lang, t.Slug}] = i
		}
	}
	return g
}

// Group returns the group of the tag slug of edition lang and reports
// whether it has one.
func (g *TagGroups) Group(lang, slug string) (TagGroup, bool) {
	if g == nil {
		return TagGroup{}, false
	}
	i, ok := g.byTag[[2]string{lang, slug}]
	if !ok {
		return TagGroup{}, false
	}
	return g.Groups[i], true
}

// Equivalents returns the tags of other editions that mean the same as
// the tag slug of edition lang, in edition order; none when it is in no
// group.
func (g *TagGroups) Equivalents(lang, slug string) []TagRef {
	gr, ok := g.Group(lang, slug)
	if !ok {
		return nil
	}
	return slices.DeleteFunc(slices.Clone(gr.Tags), func(t TagRef) bool { return t.Lang == lang && t.Slug == slug })
}
