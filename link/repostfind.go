package link

import (
	"cmp"
	"slices"

	"github.com/sanafeed/sanafeed"
)

// A RepostFinder finds the reposts among a poll's new articles against
// the edition's recent articles given in batches (Add), so that a poll
// never holds the whole window's text: only the new articles' features,
// an index of their shingles and, per new article, its best original so
// far. The result is Reposts' for the same articles.
type RepostFinder struct {
	opts     RepostOptions
	news     []*repostText
	postings map[uint64][]int32 // shingle → the news holding it
	stored   map[string]bool    // keys given to Add
	best     []candidate        // per news, its best stored original so far
	shared   []int32            // scratch: shingles shared with each news
}

// A candidate is an original proposed for a new article, with its score.
type candidate struct {
	t     *repostText
	score float64
}

// better reports whether c beats d as the original of the same article:
// the higher score, and on a tie the older.
func (c candidate) better(d candidate) bool {
	if d.t == nil || c.score > d.score {
		return c.t != nil
	}
	return c.score == d.score && olderFirst(c.t, d.t)
}

// NewRepostFinder returns a finder of the reposts among news.
func NewRepostFinder(news []sanafeed.Article, opts RepostOptions) *RepostFinder {
	f := &RepostFinder{opts: opts.withDefaults(), postings: map[uint64][]int32{}, stored: map[string]bool{}}
	seen := map[string]bool{}
	var arts []*sanafeed.Article
	for i := range news {
		if k := news[i].Key(); !seen[k] {
			seen[k] = true
			arts = append(arts, &news[i])
		}
	}
	f.news = repostTexts(arts, f.opts.Workers)
	f.best = make([]candidate, len(f.news))
	f.shared = make([]int32, len(f.news))
	for i, t := range f.news {
		for _, sh := range t.body {
			f.postings[sh] = append(f.postings[sh], int32(i))
		}
	}
	return f
}

// Add compares the new articles with recent, stored articles of the
// edition (any order, any number of batches): each becomes the original
// of a new article it reposts when it scores best so far. A new article
// given here too is taken as stored, as Reposts takes it.
func (f *RepostFinder) Add(recent []sanafeed.Article) {
	var arts []*sanafeed.Article
	for i := range recent {
		if k := recent[i].Key(); !f.stored[k] {
			f.stored[k] = true
			arts = append(arts, &recent[i])
		}
	}
	var touched []int32
	for _, r := range repostTexts(arts, f.opts.Workers) {
		touched = touched[:0]
		for _, sh := range r.body {
			for _, j := range f.postings[sh] {
				if f.shared[j] == 0 {
					touched = append(touched, j)
				}
				f.shared[j]++
			}
		}
		for _, j := range touched {
			n := f.shared[j]
			f.shared[j] = 0
			t := f.news[j]
			if n < minCandidateShingles || t.lang != r.lang || !olderFirst(r, t) ||
				!t.at.IsZero() && !r.at.IsZero() && t.at.Sub(r.at) > f.opts.Window {
				continue
			}
			c := candidate{r, repostScore(r, t, f.opts.TextOnly)}
			if c.score >= f.opts.Threshold && c.better(f.best[j]) {
				f.best[j] = c
			}
		}
	}
}

// Reposts returns, for each repost among the new articles, the key of
// the article it folds into: its best original, stored or new, the
// oldest of its chain (an updated version of a re-run folds into the
// first post). New articles given to Add are stored, never reposts.
func (f *RepostFinder) Reposts() map[string]string {
	order := make([]int, 0, len(f.news))
	for i, t := range f.news {
		if !f.stored[t.key] {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		switch {
		case olderFirst(f.news[a], f.news[b]):
			return -1
		case olderFirst(f.news[b], f.news[a]):
			return 1
		}
		return cmp.Compare(f.news[a].key, f.news[b].key)
	})
	out := map[string]string{}
	done := make([]bool, len(f.news)) // earlier in order: a possible original
	shared := map[int32]int32{}
	for _, i := range order {
		t := f.news[i]
		clear(shared)
		for _, sh := range t.body {
			if p := f.postings[sh]; len(p) <= maxShinglePostings {
				for _, j := range p {
					if done[j] {
						shared[j]++
					}
				}
			}
		}
		best := f.best[i]
		for j, n := range shared {
			o := f.news[j]
			if n < minCandidateShingles || o.lang != t.lang || !t.at.IsZero() && !o.at.IsZero() && t.at.Sub(o.at) > f.opts.Window {
				continue
			}
			if c := (candidate{o, repostScore(o, t, f.opts.TextOnly)}); c.score >= f.opts.Threshold && c.better(best) {
				best = c
			}
		}
		done[i] = true
		if best.t == nil {
			continue
		}
		root := best.t.key
		if r, ok := out[root]; ok {
			root = r
		}
		out[t.key] = root
	}
	return out
}
