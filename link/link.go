// Package link groups SANA articles that are versions of one story in
// different editions into translation clusters.
//
// Nothing on SANA's pages names an article's translations, and the desks
// write for their audience rather than translate one to one, so linking
// weighs the evidence the articles carry: publish times, the featured
// image's file name, numbers and dates in any script, the dateline's city,
// names reduced to consonant skeletons that Arabic and Latin spellings
// share, a small gazetteer of places, a lexicon of common news words and,
// between Latin-script editions, character n-grams. Pairs are proposed
// only within a time window and when they share a rare key (blocking),
// scored by a logistic model, and merged strongest first (average
// linkage between clusters) by a union-find that never puts two articles
// of one edition in one cluster. Translations that pages declare
// (Options.Declared) are merged before any evidence is weighed.
//
// Features are computed once per article; Linker caches them between
// polls. The package is pure: no I/O, no clock.
package link

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/sanafeed/sanafeed"
)

// Options tune linking. The zero value links with the defaults.
type Options struct {
	// Window is the largest publish-time gap between two versions of a
	// story; 0 means DefaultWindow. Articles without a publish time are
	// compared with all others.
	Window time.Duration
	// TimeScale is how fast the time evidence fades with the gap; 0 means
	// DefaultTimeScale.
	TimeScale time.Duration
	// Threshold is the least probability at which a pair may be merged;
	// 0 means DefaultThreshold.
	Threshold float64
	// Disable switches signals off by name (SignalTime, SignalImage, …),
	// for ablation.
	Disable []string
	// Declared maps an article key to the keys of translations its page
	// declares (hreflang). Declared pairs are merged before any evidence
	// is weighed, as far as one article per edition allows.
	Declared map[string][]string
	// Weights replaces DefaultWeights when non-nil.
	Weights *Weights
	// MaxPostings bounds blocking: a key that more than this many articles
	// share within one window is too common to propose pairs; 0 means
	// DefaultMaxPostings.
	MaxPostings int
	// Linkage is how the pairs between two clusters combine when deciding
	// to merge them: LinkageAverage (the default, "") or LinkageSingle.
	Linkage string
	// Candidates is how many partners in each other edition an article
	// keeps after blocking, the best by the rarity of the keys they share;
	// 0 means DefaultCandidates.
	Candidates int
	// Workers is how many goroutines extract features and score pairs;
	// 0 means GOMAXPROCS.
	Workers int
}

// Linkages for Options.Linkage.
const (
	// LinkageAverage merges two clusters on the mean evidence of the
	// pairs of their members that blocking proposed.
	LinkageAverage = "average"
	// LinkageSingle merges two clusters on their strongest pair alone.
	LinkageSingle = "single"
)

// Defaults of Options.
const (
	DefaultWindow      = 48 * time.Hour
	DefaultTimeScale   = 12 * time.Hour
	DefaultThreshold   = 0.1
	DefaultMaxPostings = 80
	DefaultCandidates  = 8
)

// blockGrams is how many of an article's rarest n-grams propose pairs.
const blockGrams = 24

func (o Options) withDefaults() Options {
	if o.Window <= 0 {
		o.Window = DefaultWindow
	}
	if o.TimeScale <= 0 {
		o.TimeScale = DefaultTimeScale
	}
	if o.Threshold <= 0 {
		o.Threshold = DefaultThreshold
	}
	if o.MaxPostings <= 0 {
		o.MaxPostings = DefaultMaxPostings
	}
	if o.Candidates <= 0 {
		o.Candidates = DefaultCandidates
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return o
}

// Link groups arts into translation clusters and returns, for every
// article key, its cluster id, or "" when the article stands alone. A
// cluster holds at most one article per edition.
//
// Ids are stable across runs: a cluster keeps the id (Article.Cluster)
// most of its members already carry, unless a part of that old cluster
// with more of its holders claims it; a new cluster is named after its
// smallest member key. An article left alone keeps its id when no other
// article given carries it, since the rest of its cluster was not given
// (it lies beyond the window) and the run has no evidence against it.
//
// The result depends only on the set of articles, not their order; of
// articles with one key, the first is used.
func Link(arts []sanafeed.Article, opts Options) map[string]string {
	opts = opts.withDefaults()
	fs := make([]*features, len(arts))
	parallel(len(arts), opts.Workers, func(i int) { fs[i] = extract(&arts[i]) })
	return linkFeatures(fs, clustersOf(arts), opts)
}

// A Linker links incrementally: after each poll, the new articles with the
// recent ones of the time window. It caches each article's features, so
// only new or changed articles are read again. A Linker is safe for
// concurrent use.
type Linker struct {
	Options Options // read at each Add

	mu       sync.Mutex           // guards cache and prepared
	cache    map[string]*features // by article key; only the last Add's
	prepared map[string]*features // by article key; from Prepare, until an Add uses them
}

// NewLinker returns a Linker that links with opts.
func NewLinker(opts Options) *Linker {
	return &Linker{Options: opts, cache: map[string]*features{}}
}

// Add links the fresh articles with the recent ones and returns the
// cluster id of every one of them, recent ones included: a late
// translation joins its story, and an earlier mistake may be repaired.
// Recent articles are those stored with a publish time within the window
// before the fresh ones, with their Cluster ids; adding the other members
// of their clusters lets a mistake that spans the window's edge be
// repaired too. An article in both slices is taken from fresh. The result
// is exactly that of Link over the same articles; only fresh or changed
// articles have their features computed.
func (l *Linker) Add(fresh, recent []sanafeed.Article) map[string]string {
	arts := make([]sanafeed.Article, 0, len(fresh)+len(recent))
	seen := make(map[string]bool, len(fresh)+len(recent))
	for _, batch := range [][]sanafeed.Article{fresh, recent} {
		for _, a := range batch {
			if k := a.Key(); !seen[k] {
				seen[k] = true
				arts = append(arts, a)
			}
		}
	}
	opts := l.Options.withDefaults()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cache == nil {
		l.cache = map[string]*features{}
	}
	fs := make([]*features, len(arts))
	var todo []int
	for i := range arts {
		if fs[i] = l.known(&arts[i]); fs[i] == nil {
			todo = append(todo, i)
		}
		delete(l.prepared, arts[i].Key()) // used, or stale
	}
	parallel(len(todo), opts.Workers, func(k int) { fs[todo[k]] = extract(&arts[todo[k]]) })
	clear(l.cache)
	for _, f := range fs {
		l.cache[f.key] = f
	}
	return linkFeatures(fs, clustersOf(arts), opts)
}

// Missing returns the indexes of the articles in arts whose features
// Add would have to compute: not cached, not prepared, or changed since.
// A caller holding articles without their text can read just these in
// full before calling Add.
func (l *Linker) Missing(arts []sanafeed.Article) []int {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []int
	for i := range arts {
		if l.known(&arts[i]) == nil {
			out = append(out, i)
		}
	}
	return out
}

// known returns the features of a cached or prepared for its current
// version, or nil. The caller holds l.mu.
func (l *Linker) known(a *sanafeed.Article) *features {
	k, finger := a.Key(), fingerprint(a)
	if f := l.cache[k]; f != nil && f.finger == finger {
		return f
	}
	if f := l.prepared[k]; f != nil && f.finger == finger {
		return f
	}
	return nil
}

// Prepare computes the features of arts that are not cached yet (or
// changed since), on Options.Workers goroutines, and keeps them for Add,
// which then only scores and clusters. A caller that stores articles over
// a long stretch (a poll) can prepare them as they arrive, while it waits
// on the network, instead of all at once at the end. The Linker holds them
// until an Add that includes them, however many Adds come first.
func (l *Linker) Prepare(arts []sanafeed.Article) {
	todo := l.Missing(arts)
	fs := make([]*features, len(todo))
	// Outside the lock: Add may run meanwhile.
	parallel(len(todo), l.Options.withDefaults().Workers, func(n int) { fs[n] = extract(&arts[todo[n]]) })
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.prepared == nil {
		l.prepared = map[string]*features{}
	}
	for _, f := range fs {
		l.prepared[f.key] = f
	}
}

// Adopt tells the Linker that arts, read in full, were stored: features
// prepared from the same text before it was stored (Prepare of an article
// with no Version, as a poll extracts it from its page) are kept for the
// stored version, which is what Add and Missing then ask for. Features
// prepared from another text are left to be computed again.
func (l *Linker) Adopt(arts []sanafeed.Article) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range arts {
		a := &arts[i]
		if a.Version == 0 {
			continue
		}
		if f := l.prepared[a.Key()]; f != nil && f.finger == textFingerprint(a) {
			f.finger = fingerprint(a)
		}
	}
}

// clustersOf returns the cluster id of each article key, the first
// article's of a key.
func clustersOf(arts []sanafeed.Article) map[string]string {
	m := make(map[string]string, len(arts))
	for i := range arts {
		if k := arts[i].Key(); !hasKey(m, k) {
			m[k] = arts[i].Cluster
		}
	}
	return m
}

func hasKey(m map[string]string, k string) bool {
	_, ok := m[k]
	return ok
}

// An item is one article within a run: its features weighted by the
// run's statistics.
type item struct {
	f                          *features
	bit                        uint64 // the article's edition, as one bit
	nums, dates, names, places vec
	words                      vec
	grams                      vec
	block                      []uint64 // keys that propose pairs
}

// A run is one linking pass over a set of articles.
type run struct {
	opts     Options
	on       map[string]bool // signals switched on
	weights  Weights
	items    []*item        // sorted by key
	imageUse map[string]int // image stem (or loose stem, prefixed "~") → most articles of one edition using it
}

// A pair is a candidate pair of items with its log-odds of being one
// story, and its evidence: the log-odds less the model's bias (what the
// pair's shared keys add to knowing nothing).
type pair struct {
	a, b int32
	z, e float64
}

// linkFeatures links the articles described by fs; old maps keys to their
// cluster ids before this run.
func linkFeatures(fs []*features, old map[string]string, opts Options) map[string]string {
	r := newRun(fs, opts)
	pairs := r.candidates()
	r.score(pairs)
	uf := r.merge(pairs)
	return r.clusterIDs(uf, old)
}

func newRun(fs []*features, opts Options) *run {
	r := &run{opts: opts, on: map[string]bool{}, weights: DefaultWeights()}
	if opts.Weights != nil {
		r.weights = *opts.Weights
	}
	for _, s := range AllSignals() {
		r.on[s] = !slices.Contains(opts.Disable, s)
	}
	fs = slices.Clone(fs)
	slices.SortStableFunc(fs, func(a, b *features) int { return cmp.Compare(a.key, b.key) })
	fs = slices.CompactFunc(fs, func(a, b *features) bool { return a.key == b.key })
	bits := editionBits(fs)
	r.items = make([]*item, len(fs))
	for i, f := range fs {
		r.items[i] = &item{f: f, bit: bits[f.lang]}
	}
	r.weigh()
	return r
}

// editionBits gives each language of fs one bit, SANA's editions first.
func editionBits(fs []*features) map[string]uint64 {
	bits := map[string]uint64{}
	next := 0
	for _, e := range sanafeed.Editions {
		bits[e.Lang] = 1 << next
		next++
	}
	var other []string
	for _, f := range fs {
		if _, ok := bits[f.lang]; !ok && !slices.Contains(other, f.lang) {
			other = append(other, f.lang)
		}
	}
	slices.Sort(other)
	for _, l := range other {
		bits[l] = 1 << min(next, 63)
		next++
	}
	return bits
}

// weigh computes the run's document frequencies and gives every item's
// keys their IDF weights; it also counts image reuse and picks each
// item's blocking keys.
func (r *run) weigh() {
	df := map[uint64]int32{}
	nameAr, nameLat := map[uint64]int32{}, map[uint64]int32{}
	nAr, nLat := 0, 0
	use := map[[2]string]int{}
	for _, it := range r.items {
		for _, ks := range [][]uint64{it.f.nums, it.f.dates, it.f.places, it.f.words, it.f.grams} {
			for _, k := range ks {
				df[k]++
			}
		}
		names := nameAr
		nAr++
		if it.f.latin {
			names = nameLat
			nAr--
			nLat++
		}
		for _, k := range it.f.names {
			names[k]++
		}
		if it.f.image != "" {
			use[[2]string{it.f.image, it.f.lang}]++
			use[[2]string{"~" + it.f.loose, it.f.lang}]++
		}
	}
	r.imageUse = map[string]int{}
	for k, n := range use {
		r.imageUse[k[0]] = max(r.imageUse[k[0]], n)
	}
	n := len(r.items)
	// IDF, smoothed so that a key shared by every article weighs nothing
	// in a large run but a small run still counts what two articles share.
	idf := func(df map[uint64]int32, n int) func(uint64) float32 {
		return func(k uint64) float32 {
			return float32(max(0, math.Log(float64(n+10)/float64(df[k]+1))))
		}
	}
	all, ar, lat := idf(df, n), idf(nameAr, nAr), idf(nameLat, nLat)
	parallel(len(r.items), r.opts.Workers, func(i int) {
		it := r.items[i]
		it.nums = newVec(it.f.nums, all)
		it.dates = newVec(it.f.dates, all)
		it.places = newVec(it.f.places, all)
		it.words = newVec(it.f.words, all)
		it.grams = newVec(it.f.grams, all)
		if it.f.latin {
			it.names = newVec(it.f.names, lat)
		} else {
			it.names = newVec(it.f.names, ar)
		}
		it.block = r.blockKeys(it, df)
	})
}

func newVec(keys []uint64, idf func(uint64) float32) vec {
	v := vec{keys: keys, w: make([]float32, len(keys))}
	for i, k := range keys {
		w := idf(k)
		v.w[i] = w
		v.sum += float64(w)
		v.sq += float64(w) * float64(w)
	}
	return v
}

// blockKeys returns the keys that propose pairs for it: its numbers,
// dates, names, places and image, and its rarest n-grams (among those
// some other article shares). Disabled signals propose nothing.
func (r *run) blockKeys(it *item, df map[uint64]int32) []uint64 {
	var ks []uint64
	add := func(sig string, keys []uint64) {
		if r.on[sig] {
			ks = append(ks, keys...)
		}
	}
	add(SignalNumber, it.f.nums)
	add(SignalDate, it.f.dates)
	add(SignalPlace, it.f.places)
	if it.f.image != "" && r.on[SignalImage] {
		ks = append(ks, hashKey(kindImage, it.f.loose))
	}
	if r.on[SignalName] {
		ks = append(ks, it.f.names...)
	}
	if r.on[SignalGram] {
		ks = appendRarest(ks, it.f.grams, blockGrams, func(k uint64) int32 { return df[k] })
	}
	return sortUnique(ks)
}

// appendRarest appends to dst the n keys of keys with the smallest
// document frequency df of two or more (shared with another article).
func appendRarest(dst, keys []uint64, n int, df func(uint64) int32) []uint64 {
	type key struct {
		df  int32
		key uint64
	}
	ks := make([]key, 0, len(keys))
	for _, k := range keys {
		if d := df(k); d >= 2 {
			ks = append(ks, key{d, k})
		}
	}
	slices.SortFunc(ks, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.df, b.df), cmp.Compare(a.key, b.key))
	})
	for _, k := range ks[:min(len(ks), n)] {
		dst = append(dst, k.key)
	}
	return dst
}

// parallel calls fn(0) … fn(n-1) on up to workers goroutines and waits for
// them all.
func parallel(n, workers int, fn func(i int)) {
	if workers <= 1 || n < 64 {
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for w := 0; w < n; w += chunk {
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				fn(i)
			}
		}(w, min(w+chunk, n))
	}
	wg.Wait()
}
