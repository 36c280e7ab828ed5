package server

import (
	"container/list"
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

// errLoadPanicked is what waiters get when the load they waited for panicked.
var errLoadPanicked = errors.New("server: render panicked")

// maxCacheBytes bounds the bytes of the values one cache holds, when its
// values tell their size (see sizer): the rendered documents. The server
// has three such caches, feeds, story pages and search feeds, so 48 MiB
// in all. A count bound alone let 300 tag feeds of 2 MB each take 600 MB.
const maxCacheBytes = 16 << 20

// entryShare: a sized cache keeps no value larger than 1/entryShare of
// its bytes. A larger one is served to those who asked for it and not
// kept, so that one huge document cannot evict all the others.
const entryShare = 8

// A sizer is a cached value that tells how many bytes it holds.
type sizer interface {
	cacheSize() int
}

// cacheSize returns the bytes d holds: its bodies, plain and gzipped.
func (d *doc) cacheSize() int {
	if d == nil {
		return 0
	}
	return len(d.body) + len(d.gz)
}

// A cache holds one value per key, each stamped with the store generation
// it was loaded at. A lookup at the same generation is served from memory;
// otherwise the value is loaded again, once however many requests ask for
// it at the same time (the others wait for that load). It holds at most max
// keys and, when its values tell their size (sizer), at most maxBytes of
// them, none larger than maxBytes/entryShare; it evicts with the clock (second
// chance) algorithm: the oldest key not read since the hand last passed it
// goes first.
//
// The hit path takes a read lock and two atomic loads, nothing more.
type cache[K comparable, V any] struct {
	// load makes the value of k at generation gen; prev is the value it
	// had before (the zero V if none). ctx is the first asker's.
	load func(ctx context.Context, k K, gen uint64, prev V) (V, error)
	max  int
	// maxBytes bounds the sum of the values' sizes; 0 when V is no
	// sizer (values are not counted).
	maxBytes int

	mu    sync.RWMutex      // guards m, order, bytes, and every item's call, el and size
	m     map[K]*item[K, V] // every cached key
	order *list.List        // of *item[K, V], the clock: oldest first
	bytes int               // the sum of the items' sizes
}

// An item is one key's slot in a cache.
type item[K comparable, V any] struct {
	key  K
	val  atomic.Pointer[stamped[V]] // the last load, nil until one succeeds
	ref  atomic.Bool                // read since the clock hand last passed
	call *call[V]                   // load in flight; guarded by cache.mu
	el   *list.Element              // place in cache.order; guarded by cache.mu
	size int                        // of val's value, counted in cache.bytes; guarded by cache.mu
}

// A stamped value is a value with the generation it was loaded at.
type stamped[V any] struct {
	gen uint64
	v   V
}

// A call is one load in flight, shared by everyone who asks for its key
// and generation while it runs.
type call[V any] struct {
	gen  uint64
	done chan struct{} // closed when v and err are set
	v    V
	err  error
}

// newCache returns an empty cache of at most max keys that loads with
// load; when V is a sizer, of at most maxCacheBytes too.
func newCache[K comparable, V any](max int, load func(context.Context, K, uint64, V) (V, error)) *cache[K, V] {
	c := &cache[K, V]{load: load, max: max, m: map[K]*item[K, V]{}, order: list.New()}
	var zero V
	if _, ok := any(zero).(sizer); ok {
		c.maxBytes = maxCacheBytes
	}
	return c
}

// sizeOf returns the bytes v holds, 0 when the cache does not count them.
func (c *cache[K, V]) sizeOf(v V) int {
	if c.maxBytes == 0 {
		return 0
	}
	return any(v).(sizer).cacheSize()
}

// peek returns the value of k if it was loaded at generation gen.
func (c *cache[K, V]) peek(k K, gen uint64) (V, bool) {
	c.mu.RLock()
	it := c.m[k]
	c.mu.RUnlock()
	if it != nil {
		if s := it.val.Load(); s != nil && s.gen == gen {
			if !it.ref.Load() { // write only when needed: keep the line shared
				it.ref.Store(true)
			}
			return s.v, true
		}
	}
	var zero V
	return zero, false
}

// get returns the value of k at generation gen, loading it unless it is
// cached at gen or a load of it at gen is already running, in which case
// it waits for that load. Errors are returned, never cached.
func (c *cache[K, V]) get(ctx context.Context, k K, gen uint64) (V, error) {
	if v, ok := c.peek(k, gen); ok {
		return v, nil
	}
	c.mu.Lock()
	it := c.m[k]
	if it == nil {
		it = c.insert(k)
	}
	var prev V
	if s := it.val.Load(); s != nil {
		if s.gen == gen {
			c.mu.Unlock()
			return s.v, nil
		}
		prev = s.v
	}
	if cl := it.call; cl != nil && cl.gen == gen {
		c.mu.Unlock()
		<-cl.done
		return cl.v, cl.err
	}
	cl := &call[V]{gen: gen, done: make(chan struct{})}
	it.call = cl
	c.mu.Unlock()

	c.do(ctx, it, cl, prev)
	return cl.v, cl.err
}

// do runs the load of cl, stores its value in it and releases the waiters,
// even if the load panics.
func (c *cache[K, V]) do(ctx context.Context, it *item[K, V], cl *call[V], prev V) {
	defer func() {
		c.mu.Lock()
		if cl.err == nil {
			c.keep(it, cl)
		}
		if it.call == cl {
			it.call = nil
		}
		c.mu.Unlock()
		close(cl.done)
	}()
	cl.err = errLoadPanicked // stays if load panics
	cl.v, cl.err = c.load(ctx, it.key, cl.gen, prev)
}

// keep stores the value cl loaded in it and counts its size, evicting to
// stay within maxBytes. A value larger than maxBytes/entryShare is not kept, and
// it leaves the cache: its waiters have it, the next ask loads it again.
// The caller holds c.mu for writing.
func (c *cache[K, V]) keep(it *item[K, V], cl *call[V]) {
	n := c.sizeOf(cl.v)
	cached := c.m[it.key] == it // not evicted while it loaded
	if c.maxBytes > 0 && n > c.maxBytes/entryShare {
		if cached {
			c.remove(it)
		}
		return
	}
	it.val.Store(&stamped[V]{gen: cl.gen, v: cl.v})
	if !cached || c.maxBytes == 0 {
		return
	}
	c.bytes += n - it.size
	it.size = n
	for c.bytes > c.maxBytes && c.order.Len() > 0 {
		c.evict()
	}
}

// insert adds an empty item for k, evicting to stay within max. The caller
// holds c.mu for writing.
func (c *cache[K, V]) insert(k K) *item[K, V] {
	it := &item[K, V]{key: k}
	it.ref.Store(true) // a second chance, so it outlives the next eviction
	it.el = c.order.PushBack(it)
	c.m[k] = it
	for c.order.Len() > c.max {
		c.evict()
	}
	return it
}

// evict removes one item: the first from the hand not read since the hand
// last passed it. The caller holds c.mu for writing.
func (c *cache[K, V]) evict() {
	for range c.order.Len() {
		el := c.order.Front()
		it := el.Value.(*item[K, V])
		if !it.ref.Load() {
			c.remove(it)
			return
		}
		it.ref.Store(false)
		c.order.MoveToBack(el)
	}
	c.remove(c.order.Front().Value.(*item[K, V])) // all had been read: the hand came round
}

// remove drops it from the cache. A load in flight for it still completes
// for its waiters. The caller holds c.mu for writing.
func (c *cache[K, V]) remove(it *item[K, V]) {
	c.order.Remove(it.el)
	delete(c.m, it.key)
	c.bytes -= it.size
	it.size = 0
}

// len returns how many keys the cache holds.
func (c *cache[K, V]) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}
