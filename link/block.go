package link

import (
	"cmp"
	"math"
	"slices"
	"sort"
)

// candidates returns the pairs worth scoring (blocking): two articles of
// different editions, published within the window of each other, that
// share at least one blocking key which no more than MaxPostings articles
// share within that window. Articles without a publish time pair with
// every article sharing a key, if the key is that rare overall. Of the
// pairs so found, each article keeps its Candidates best partners in each
// other edition, by the rarity of the keys they share.
//
// The pairs are pruned as they are found, not after: a window of 2,000
// articles finds hundreds of thousands (24 bytes each, and append's
// doubling), of which each article keeps at most Candidates per edition.
func (r *run) candidates() []pair {
	n := len(r.items)
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		return cmp.Compare(r.items[a].f.unix, r.items[b].f.unix)
	})
	postings := map[uint64][]int32{}
	pos := make([][]int32, n) // pos[i][k]: where item i sits in postings of its k-th key
	for _, i := range order {
		it := r.items[i]
		pos[i] = make([]int32, len(it.block))
		for k, key := range it.block {
			pos[i][k] = int32(len(postings[key]))
			postings[key] = append(postings[key], i)
		}
	}
	window := int64(r.opts.Window.Seconds())
	acc := make([]float64, n) // acc[j]: evidence item i shares with j so far
	var touched []int32
	top := r.newBest()
	for _, i := range order {
		it := r.items[i]
		add := func(j int32, w float64) {
			if r.items[j].bit == it.bit {
				return
			}
			if acc[j] == 0 {
				touched = append(touched, j)
			}
			acc[j] += w
		}
		for k, key := range it.block {
			p := postings[key]
			w := math.Log(float64(n+1) / float64(len(p)))
			if it.f.unix == 0 {
				if len(p) > r.opts.MaxPostings {
					continue
				}
				for at, j := range p {
					if j != i && (r.items[j].f.unix != 0 || int32(at) > pos[i][k]) {
						add(j, w)
					}
				}
				continue
			}
			rest := p[pos[i][k]+1:]
			end := sort.Search(len(rest), func(x int) bool { return r.items[rest[x]].f.unix-it.f.unix > window })
			if end > r.opts.MaxPostings {
				continue
			}
			for _, j := range rest[:end] {
				add(j, w)
			}
		}
		for _, j := range touched {
			top.offer(pair{a: min(i, j), b: max(i, j), z: acc[j]})
			acc[j] = 0
		}
		touched = touched[:0]
	}
	return top.pairs()
}

// best keeps, for each article and each other edition, its Candidates
// best pairs by their blocking evidence (carried in z until they are
// scored), the pair found first winning a tie.
type best struct {
	eds   []int // item → index of its edition
	neds  int
	k     int
	seen  int32 // pairs offered so far: their order, for ties
	top   []ranked
	count []int
}

// A ranked pair is one offered to best, with the order it came in.
type ranked struct {
	pair
	seq int32
}

func (x ranked) better(y ranked) bool { return x.z > y.z || x.z == y.z && x.seq < y.seq }

func (r *run) newBest() *best {
	ed := map[uint64]int{} // edition bit → index
	eds := make([]int, len(r.items))
	for i, it := range r.items {
		e, ok := ed[it.bit]
		if !ok {
			e = len(ed)
			ed[it.bit] = e
		}
		eds[i] = e
	}
	k := r.opts.Candidates
	return &best{eds: eds, neds: len(ed), k: k,
		top: make([]ranked, len(r.items)*len(ed)*k), count: make([]int, len(r.items)*len(ed))}
}

// offer offers p to the lists of both its articles.
func (b *best) offer(p pair) {
	c := ranked{p, b.seen}
	b.seen++
	b.into(int(p.a)*b.neds+b.eds[p.b], c)
	b.into(int(p.b)*b.neds+b.eds[p.a], c)
}

// into puts c in the list slot when it is among its k best.
func (b *best) into(slot int, c ranked) {
	top := b.top[slot*b.k : slot*b.k+b.k]
	n := b.count[slot]
	if n == b.k && !c.better(top[b.k-1]) {
		return
	}
	if n < b.k {
		b.count[slot]++
		n++
	}
	j := n - 1
	for j > 0 && c.better(top[j-1]) {
		top[j] = top[j-1]
		j--
	}
	top[j] = c
}

// pairs returns the pairs kept in some article's list, once each, ordered
// by their articles.
func (b *best) pairs() []pair {
	var out []pair
	for slot, n := range b.count {
		for _, c := range b.top[slot*b.k : slot*b.k+n] {
			out = append(out, c.pair)
		}
	}
	slices.SortFunc(out, func(x, y pair) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) })
	return slices.CompactFunc(out, func(x, y pair) bool { return x.a == y.a && x.b == y.b })
}

// score sets every pair's log-odds and evidence.
func (r *run) score(pairs []pair) {
	parallel(len(pairs), r.opts.Workers, func(k int) {
		a, b := r.items[pairs[k].a], r.items[pairs[k].b]
		x := r.pairFeatures(a, b)
		m := &r.weights.Cross
		if a.f.latin && b.f.latin {
			m = &r.weights.Latin
		}
		pairs[k].z = m.logit(&x)
		pairs[k].e = pairs[k].z - m.Bias
	})
}
