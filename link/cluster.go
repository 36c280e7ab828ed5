package link

import (
	"cmp"
	"slices"
	"strconv"
)

// A unionFind holds disjoint sets of items, each with the set of editions
// its members come from, and refuses to join two sets that share an
// edition.
type unionFind struct {
	parent []int32
	eds    []uint64 // at a root: the editions of its set, one bit each
}

func newUnionFind(items []*item) *unionFind {
	u := &unionFind{parent: make([]int32, len(items)), eds: make([]uint64, len(items))}
	for i, it := range items {
		u.parent[i] = int32(i)
		u.eds[i] = it.bit
	}
	return u
}

func (u *unionFind) find(i int32) int32 {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

// union joins the sets of a and b and reports whether it did: it does
// not when they are one set already or share an edition.
func (u *unionFind) union(a, b int32) bool {
	ra, rb := u.find(a), u.find(b)
	if ra == rb || u.eds[ra]&u.eds[rb] != 0 {
		return false
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	u.parent[rb] = ra
	u.eds[ra] |= u.eds[rb]
	return true
}

// merge joins declared translations first, then clusters by the evidence
// between them, the strongest first, while it reaches the threshold; it
// never puts two articles of one edition together.
func (r *run) merge(pairs []pair) *unionFind {
	u := newUnionFind(r.items)
	r.mergeDeclared(u)
	a := newAgglomerator(u, r.opts.Threshold, r.opts.Linkage == LinkageSingle)
	for _, p := range pairs {
		a.add(p)
	}
	a.run()
	return u
}

// mergeDeclared joins the translations that pages declare.
func (r *run) mergeDeclared(u *unionFind) {
	if len(r.opts.Declared) == 0 {
		return
	}
	index := make(map[string]int32, len(r.items))
	for i, it := range r.items {
		index[it.f.key] = int32(i)
	}
	declared := make([]string, 0, len(r.opts.Declared))
	for k := range r.opts.Declared {
		declared = append(declared, k)
	}
	slices.Sort(declared)
	for _, k := range declared {
		a, ok := index[k]
		if !ok {
			continue
		}
		for _, t := range r.opts.Declared[k] {
			if b, ok := index[t]; ok {
				u.union(a, b)
			}
		}
	}
}

// clusterIDs names the sets of u and returns every item's cluster id, ""
// for one alone. A set keeps an old id its members carry (the one most of
// them carry; between sets claiming one id, the set with more of its
// holders wins); any other set is named after its smallest member key
// that no kept id uses. An article left alone keeps its old id when no
// other article of the run carries it: the rest of its cluster lies
// outside the run (older than the window), and the run has no evidence
// against it.
func (r *run) clusterIDs(u *unionFind, old map[string]string) map[string]string {
	groups := map[int32][]int32{}
	holders := map[string]int{} // old id → articles of the run carrying it
	for i, it := range r.items {
		root := u.find(int32(i))
		groups[root] = append(groups[root], int32(i))
		if id := old[it.f.key]; id != "" {
			holders[id]++
		}
	}
	type claim struct {
		id    string
		root  int32
		count int
	}
	var claims []claim
	var roots []int32
	for root, members := range groups {
		if len(members) < 2 {
			continue
		}
		roots = append(roots, root)
		counts := map[string]int{}
		for _, m := range members {
			if id := old[r.items[m].f.key]; id != "" {
				counts[id]++
			}
		}
		for id, c := range counts {
			claims = append(claims, claim{id, root, c})
		}
	}
	slices.Sort(roots) // items are sorted by key: a root is its set's smallest key
	slices.SortFunc(claims, func(a, b claim) int {
		return cmp.Or(cmp.Compare(b.count, a.count), cmp.Compare(a.root, b.root), cmp.Compare(a.id, b.id))
	})
	name := map[int32]string{}
	taken := map[string]bool{}
	for root, members := range groups {
		if id := old[r.items[root].f.key]; len(members) == 1 && id != "" && holders[id] == 1 {
			name[root], taken[id] = id, true
		}
	}
	for _, c := range claims {
		if name[c.root] == "" && !taken[c.id] {
			name[c.root], taken[c.id] = c.id, true
		}
	}
	for _, root := range roots {
		if name[root] != "" {
			continue
		}
		id := ""
		for _, m := range groups[root] {
			if k := r.items[m].f.key; !taken[k] {
				id = k
				break
			}
		}
		for n := 2; id == ""; n++ {
			if k := r.items[root].f.key + "#" + strconv.Itoa(n); !taken[k] {
				id = k
			}
		}
		name[root], taken[id] = id, true
	}
	out := make(map[string]string, len(r.items))
	for i, it := range r.items {
		out[it.f.key] = name[u.find(int32(i))]
	}
	return out
}
