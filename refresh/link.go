package refresh

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/link"
)

// linkWindow is how far around the changed articles translations are
// sought: SANA's desks publish their versions of a story within a day or
// two, and a late translation must still find its story.
const linkWindow = 72 * time.Hour

// LinkStore is what translation linking needs of the store; *store.DB
// satisfies it.
type LinkStore interface {
	// CountBetween returns how many articles count at a time in [from, to]
	// (see sanafeed.Article.Time).
	CountBetween(ctx context.Context, from, to time.Time) (int, error)
	// BetweenHeads returns those articles without their text.
	BetweenHeads(ctx context.Context, from, to time.Time) ([]sanafeed.Article, error)
	// Known returns the stored articles among keys, in full.
	Known(ctx context.Context, keys []string) (map[string]sanafeed.Article, error)
	// SetClusters stores the cluster of each article key and returns the
	// clusters that changed.
	SetClusters(ctx context.Context, assign map[string]string) (changed []string, err error)
}

// defaultMaxLinkArticles bounds the articles one stretch links at once
// (see stretchEnd): some 7 KB each while linked, features, heads and the
// run's weights, on top of the heap serve holds anyway. 2,000 is about
// four days of SANA's six editions: a catch-up of a day's articles links
// with the 72 h before it in one or two stretches, within [server]
// memory_limit's default. A stretch of one noted article links its whole
// window whatever its size.
const defaultMaxLinkArticles = 2000

// A linker keeps translation clusters up to date: polls note what they
// stored, and flush links it with the articles published around it. It is
// safe for concurrent use.
type linker struct {
	db      LinkStore
	log     *slog.Logger
	linked  func(context.Context) // called after every flush of stored articles (wakes webhooks, WebSub); may be nil
	maxArts int                   // see defaultMaxLinkArticles; a field so tests can lower it
	wake    chan struct{}
	mu      sync.Mutex           // guards pending, prepQ and preparing
	pending map[string]time.Time // keys stored since the last flush, at their link times
	// While preparing (see prepareWhile), noted articles also queue in
	// prepQ and prepWake wakes the goroutine computing their features.
	preparing bool
	prepQ     []sanafeed.Article
	prepWake  chan struct{}
	runMu     sync.Mutex   // serialises flushes and guards lk
	lk        *link.Linker // caches features across flushes
}

func newLinker(db LinkStore, log *slog.Logger, linked func(context.Context)) *linker {
	return &linker{db: db, log: log, linked: linked, maxArts: defaultMaxLinkArticles,
		wake: make(chan struct{}, 1), prepWake: make(chan struct{}, 1),
		pending: map[string]time.Time{}, lk: link.NewLinker(link.Options{})}
}

// note records articles a poll stored; flush (or run) links them. Only
// their keys and times are kept: a backfill may store years of articles
// before its flush.
func (k *linker) note(changes []sanafeed.Change) {
	arts := make([]sanafeed.Article, len(changes))
	for i, c := range changes {
		arts[i] = c.Article
	}
	k.lk.Adopt(arts) // what early prepared from the pages
	k.mu.Lock()
	for _, c := range changes {
		k.pending[c.Article.Key()] = c.Article.Time()
		if k.preparing {
			k.prepQ = append(k.prepQ, c.Article)
		}
	}
	preparing := k.preparing
	k.mu.Unlock()
	poke(k.wake)
	if preparing {
		poke(k.prepWake)
	}
}

// early queues the features of a, an article just read from its page and
// not stored yet, to be computed while preparing (see prepareWhile): a
// poll stores an edition's articles when it has read all its pages, and
// the busiest edition's, read last, would otherwise all be left to the
// flush. note then keeps them for the stored article (link.Linker.Adopt)
// when the store kept the text as read.
func (k *linker) early(a sanafeed.Article) {
	k.mu.Lock()
	preparing := k.preparing
	if preparing {
		k.prepQ = append(k.prepQ, a)
	}
	k.mu.Unlock()
	if preparing {
		poke(k.prepWake)
	}
}

// poke wakes whoever waits on ch, unless a wake is already pending.
func poke(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// prepareWhile computes the translation features of noted articles in
// the background, as polls note them, until stop is called; the flush
// that follows then only scores and clusters. A one-shot poll fetches one
// page at a time per host, so the features are computed while it waits on
// the network instead of after its last fetch. Articles not reached by
// stop are computed by the flush as usual.
func (k *linker) prepareWhile(ctx context.Context) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	k.mu.Lock()
	k.preparing = true
	k.mu.Unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-k.prepWake:
			}
			k.mu.Lock()
			q := k.prepQ
			k.prepQ = nil
			k.mu.Unlock()
			for len(q) > 0 && ctx.Err() == nil {
				n := min(len(q), 16) // small steps: stop does not wait long
				k.lk.Prepare(q[:n])
				q = q[n:]
			}
		}
	}()
	return func() {
		cancel()
		<-done
		k.mu.Lock()
		k.preparing, k.prepQ = false, nil
		k.mu.Unlock()
	}
}

// run flushes whenever a poll noted changes, until ctx ends.
func (k *linker) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-k.wake:
			if err := k.flush(ctx); err != nil {
				k.log.Error("link translations", "err", err)
			}
		}
	}
}

// flush links the noted articles with those stored within linkWindow of
// them and stores the clusters that changed. It works through the noted
// articles in time order, a stretch at a time (see stretchEnd), each
// linked with the articles stored from linkWindow before it to linkWindow
// after: what is read and held at once stays bounded however long the
// stretch a poll or backfill stored (an undated article or one from years
// back used to pull in the whole store). Clusters found in one stretch are
// stored before the next is read, so a story across two stretches is
// joined as incremental linking joins a late translation.
func (k *linker) flush(ctx context.Context) error {
	k.runMu.Lock()
	defer k.runMu.Unlock()
	k.mu.Lock()
	refs := make([]noted, 0, len(k.pending))
	for key, at := range k.pending {
		refs = append(refs, noted{key, at})
	}
	clear(k.pending)
	k.mu.Unlock()
	if len(refs) == 0 {
		return nil
	}
	slices.SortFunc(refs, func(a, b noted) int { return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.key, b.key)) })
	start := time.Now()
	articles, changedN := 0, 0
	for i := 0; i < len(refs); {
		j, err := k.stretchEnd(ctx, refs, i)
		if err != nil {
			k.requeue(refs[i:])
			return fmt.Errorf("link: %w", err)
		}
		n, changed, err := k.linkStretch(ctx, refs[i:j])
		if err != nil {
			k.requeue(refs[i:]) // linked at the next flush
			return fmt.Errorf("link: %w", err)
		}
		articles += n
		changedN += changed
		i = j
	}
	k.log.Info("linked translations", "noted", len(refs), "articles", articles, "clusters_changed", changedN,
		"took", time.Since(start).Round(time.Millisecond).String())
	if k.linked != nil {
		k.linked(ctx)
	}
	return nil
}

// stretchEnd returns where the stretch starting at refs[i] ends: as far
// as the stretch's window holds at most k.maxArts stored articles, and at
// least one noted article on. Fewer, longer stretches link each article
// fewer times (a first poll's noted articles span weeks); the cap keeps
// what one stretch holds in memory in bounds. Where refs[i]'s window
// alone is over the cap (a store denser than SANA's), a stretch may hold
// a quarter more than that window: stretches of one article each would
// link the same thousands again for every noted one.
func (k *linker) stretchEnd(ctx context.Context, refs []noted, i int) (int, error) {
	count := func(end int) (int, error) {
		return k.db.CountBetween(ctx, refs[i].at.Add(-linkWindow), refs[end-1].at.Add(linkWindow))
	}
	least, err := count(i + 1)
	if err != nil {
		return 0, err
	}
	limit := max(k.maxArts, least+least/4)
	fits := func(end int) (bool, error) {
		n, err := count(end)
		return n <= limit, err
	}
	if ok, err := fits(len(refs)); err != nil || ok {
		return len(refs), err
	}
	lo, hi := i+1, len(refs)-1 // a stretch takes refs[i] whatever its window; find the largest end that fits
	for lo < hi {
		mid := (lo + hi + 1) / 2
		ok, err := fits(mid)
		if err != nil {
			return 0, err
		}
		if ok {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo, nil
}

// prepareBatch is how many articles a flush reads in full at a time to
// compute the features its window lacks.
const prepareBatch = 256

// A noted article is one a poll stored, by key, at its link time.
type noted struct {
	key string
	at  time.Time
}

// linkStretch links the noted articles refs, sorted by time (a stretch:
// see stretchEnd), with the articles stored from linkWindow before the
// first to linkWindow after the last, stores the clusters and returns how
// many articles took part and how many clusters changed.
func (k *linker) linkStretch(ctx context.Context, refs []noted) (articles, changed int, err error) {
	// Read without their text: most have their features cached from the
	// last flush (or prepared during the poll); only the rest are read in
	// full. A steady poll's flush decodes a handful of articles, not the
	// thousands in its window.
	around, err := k.db.BetweenHeads(ctx, refs[0].at.Add(-linkWindow), refs[len(refs)-1].at.Add(linkWindow))
	if err != nil {
		return 0, 0, err
	}
	// Features of the rest are computed from their full text a batch at
	// a time, so a restarted serve's first flush does not hold thousands
	// of full articles at once.
	miss := k.lk.Missing(around)
	gone := false
	for len(miss) > 0 {
		batch := miss[:min(len(miss), prepareBatch)]
		miss = miss[len(batch):]
		keys := make([]string, len(batch))
		for n, i := range batch {
			keys[n] = around[i].Key()
		}
		full, err := k.db.Known(ctx, keys)
		if err != nil {
			return 0, 0, err
		}
		texts := make([]sanafeed.Article, 0, len(batch))
		for _, i := range batch {
			switch a, ok := full[around[i].Key()]; {
			case !ok:
				around[i], gone = sanafeed.Article{}, true
			case a.Version == around[i].Version:
				texts = append(texts, a)
			default:
				// Changed between the two reads: linked as it is now (its
				// change is noted too), from its own text.
				around[i] = a
			}
		}
		k.lk.Prepare(texts)
	}
	if gone { // never a head without its text: Add would take it as empty
		around = slices.DeleteFunc(around, func(a sanafeed.Article) bool { return a.Lang == "" })
	}
	want := make(map[string]bool, len(refs))
	for _, r := range refs {
		want[r.key] = true
	}
	fresh := make([]sanafeed.Article, 0, len(refs))
	for _, a := range around {
		if want[a.Key()] {
			fresh = append(fresh, a)
		}
	}
	assign := k.lk.Add(fresh, around)
	ch, err := k.db.SetClusters(ctx, assign)
	if err != nil {
		return 0, 0, err
	}
	return len(assign), len(ch), nil
}

// requeue puts noted articles back for the next flush, unless noted again
// since.
func (k *linker) requeue(refs []noted) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, r := range refs {
		if _, again := k.pending[r.key]; !again {
			k.pending[r.key] = r.at
		}
	}
}
