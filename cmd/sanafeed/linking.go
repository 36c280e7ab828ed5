package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/link"
	"github.com/sanafeed/sanafeed/store"
)

// linkWindow is how far around the changed articles translations are
// sought: SANA's desks publish their versions of a story within a day or
// two, and a late translation must still find its story.
const linkWindow = 72 * time.Hour

// A linker keeps translation clusters up to date: polls note what they
// stored, and flush links it with the articles published around it. It is
// safe for concurrent use.
type linker struct {
	db      *store.DB
	log     *slog.Logger
	linked  func(context.Context) // called after every flush of stored articles (wakes webhooks, WebSub); may be nil
	wake    chan struct{}
	mu      sync.Mutex         // guards pending, prepQ and preparing
	pending []sanafeed.Article // stored since the last flush
	// While preparing (see prepareWhile), noted articles also queue in
	// prepQ and prepWake wakes the goroutine computing their features.
	preparing bool
	prepQ     []sanafeed.Article
	prepWake  chan struct{}
	runMu     sync.Mutex   // serialises flushes and guards lk
	lk        *link.Linker // caches features across flushes
}

func newLinker(db *store.DB, log *slog.Logger, linked func(context.Context)) *linker {
	return &linker{db: db, log: log, linked: linked, wake: make(chan struct{}, 1), prepWake: make(chan struct{}, 1),
		lk: link.NewLinker(link.Options{})}
}

// note records articles a poll stored; flush (or run) links them.
func (k *linker) note(_ context.Context, changes []sanafeed.Change) {
	k.mu.Lock()
	for _, c := range changes {
		k.pending = append(k.pending, c.Article)
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

// flush links the noted articles with those published within linkWindow
// of them and stores the clusters that changed.
func (k *linker) flush(ctx context.Context) error {
	k.runMu.Lock()
	defer k.runMu.Unlock()
	k.mu.Lock()
	fresh := k.pending
	k.pending = nil
	k.mu.Unlock()
	if len(fresh) == 0 {
		return nil
	}
	earliest := fresh[0].Published
	for _, a := range fresh {
		if a.Published.Before(earliest) {
			earliest = a.Published
		}
	}
	start := time.Now()
	recent, err := k.db.Since(ctx, earliest.Add(-linkWindow))
	if err != nil {
		return fmt.Errorf("link: %w", err)
	}
	assign := k.lk.Add(fresh, recent)
	changed, err := k.db.SetClusters(ctx, assign)
	if err != nil {
		return fmt.Errorf("link: %w", err)
	}
	k.log.Info("linked translations", "articles", len(assign), "clusters_changed", len(changed),
		"took", time.Since(start).Round(time.Millisecond).String())
	if k.linked != nil {
		k.linked(ctx)
	}
	return nil
}
