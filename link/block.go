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
	var pairs []pair
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
			pairs = append(pairs, pair{a: min(i, j), b: max(i, j), z: acc[j]})
			acc[j] = 0
		}
		touched = touched[:0]
	}
	return r.prune(pairs)
}

// prune keeps the pairs that are among the Candidates best of one of
// their articles in the other's edition, by their blocking evidence
// (carried in z until they are scored), and returns them in a
// deterministic order.
func (r *run) prune(pairs []pair) []pair {
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
	type cand struct {
		z float64
		p int32
	}
	best := make([]cand, len(r.items)*len(ed)*k) // per item and edition, the k best, best first
	count := make([]int, len(r.items)*len(ed))
	better := func(x, y cand) bool { return x.z > y.z || x.z == y.z && x.p < y.p }
	offer := func(i, e int, c cand) {
		slot := i*len(ed) + e
		top := best[slot*k : slot*k+k]
		n := count[slot]
		if n == k && !better(c, top[k-1]) {
			return
		}
		if n < k {
			count[slot]++
			n++
		}
		j := n - 1
		for j > 0 && better(c, top[j-1]) {
			top[j] = top[j-1]
			j--
		}
		top[j] = c
	}
	for p, pr := range pairs {
		c := cand{pr.z, int32(p)}
		offer(int(pr.a), eds[pr.b], c)
		offer(int(pr.b), eds[pr.a], c)
	}
	keep := make([]bool, len(pairs))
	for slot, n := range count {
		for _, c := range best[slot*k : slot*k+n] {
			keep[c.p] = true
		}
	}
	out := pairs[:0]
	for p, pr := range pairs {
		if keep[p] {
			out = append(out, pr)
		}
	}
	slices.SortFunc(out, func(x, y pair) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) })
	return out
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
