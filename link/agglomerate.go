package link

import (
	"container/heap"
	"math"
	"slices"
)

// An edge is the evidence between two clusters: the pairs of their members
// that blocking proposed.
type edge struct {
	sum  float64 // Σ evidence of the pairs
	n    int     // number of pairs
	best float64 // the largest log-odds of a pair
	bias float64 // the bias of the model that scored the best pair
}

func (e *edge) addPair(p pair) {
	e.sum += p.e
	e.n++
	if e.n == 1 || p.z > e.best {
		e.best, e.bias = p.z, p.z-p.e
	}
}

func (e *edge) addEdge(o *edge) {
	if e.n == 0 || o.best > e.best {
		e.best, e.bias = o.best, o.bias
	}
	e.sum += o.sum
	e.n += o.n
}

// score returns the log-odds that the two clusters are one story: under
// average linkage the bias plus the mean evidence of their pairs (a
// cluster is joined only when its members agree on the whole), under
// single linkage the log-odds of their best pair.
func (e *edge) score(single bool) float64 {
	if single {
		return e.best
	}
	return e.bias + e.sum/float64(e.n)
}

// An agglomerator merges clusters by their edges, strongest first.
type agglomerator struct {
	single bool // single linkage, else average
	u      *unionFind
	edges  map[int32]map[int32]*edge // root → neighbour root → edge
	ver    map[int32]int32           // root → times it has grown
	queue  edgeQueue
	min    float64 // least score merged: the threshold's log-odds
}

func newAgglomerator(u *unionFind, threshold float64, single bool) *agglomerator {
	return &agglomerator{
		single: single,
		u:      u,
		edges:  map[int32]map[int32]*edge{},
		ver:    map[int32]int32{},
		min:    math.Log(threshold / (1 - threshold)),
	}
}

// add records the evidence of one pair.
func (g *agglomerator) add(p pair) {
	a, b := g.u.find(p.a), g.u.find(p.b)
	if a == b {
		return
	}
	g.edge(a, b).addPair(p)
}

// edge returns the edge between roots a and b, creating it.
func (g *agglomerator) edge(a, b int32) *edge {
	if b < a {
		a, b = b, a
	}
	if g.edges[a] == nil {
		g.edges[a] = map[int32]*edge{}
	}
	if g.edges[b] == nil {
		g.edges[b] = map[int32]*edge{}
	}
	e := g.edges[a][b]
	if e == nil {
		e = &edge{}
		g.edges[a][b], g.edges[b][a] = e, e
	}
	return e
}

// run merges until no edge between two clusters of different editions
// reaches the threshold.
func (g *agglomerator) run() {
	roots := make([]int32, 0, len(g.edges))
	for a := range g.edges {
		roots = append(roots, a)
	}
	slices.Sort(roots)
	for _, a := range roots {
		g.push(a, true)
	}
	for g.queue.Len() > 0 {
		q := heap.Pop(&g.queue).(queued)
		if g.u.find(q.a) != q.a || g.u.find(q.b) != q.b || g.ver[q.a] != q.va || g.ver[q.b] != q.vb {
			continue // stale
		}
		if q.score < g.min {
			break
		}
		if g.u.eds[q.a]&g.u.eds[q.b] != 0 {
			g.drop(q.a, q.b) // they share an edition, now and forever
			continue
		}
		g.join(q.a, q.b)
	}
}

// push queues the edges of root a that reach the threshold: only those to
// neighbours with a larger id when larger is set (at the start, each edge
// is queued from its smaller end), else all of them (after a merge).
func (g *agglomerator) push(a int32, larger bool) {
	ns := make([]int32, 0, len(g.edges[a]))
	for b, e := range g.edges[a] {
		if (!larger || b > a) && e.score(g.single) >= g.min {
			ns = append(ns, b)
		}
	}
	slices.Sort(ns)
	for _, b := range ns {
		x, y := min(a, b), max(a, b)
		heap.Push(&g.queue, queued{score: g.edges[a][b].score(g.single), a: x, b: y, va: g.ver[x], vb: g.ver[y]})
	}
}

func (g *agglomerator) drop(a, b int32) {
	delete(g.edges[a], b)
	delete(g.edges[b], a)
}

// join merges the clusters of roots a and b and moves b's edges to a.
func (g *agglomerator) join(a, b int32) {
	g.drop(a, b)
	g.u.union(a, b)
	root, gone := g.u.find(a), a
	if root == a {
		gone = b
	}
	ns := make([]int32, 0, len(g.edges[gone]))
	for n := range g.edges[gone] {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	for _, n := range ns {
		e := g.edges[gone][n]
		g.drop(gone, n)
		g.edge(root, n).addEdge(e)
	}
	delete(g.edges, gone)
	g.ver[root]++
	g.push(root, false)
}

// A queued edge waits in the queue with the versions of its two clusters
// when it was scored.
type queued struct {
	score  float64
	a, b   int32
	va, vb int32
}

// edgeQueue is a max-heap of queued edges; ties go to the smaller ids.
type edgeQueue []queued

func (q edgeQueue) Len() int { return len(q) }
func (q edgeQueue) Less(i, j int) bool {
	if q[i].score != q[j].score {
		return q[i].score > q[j].score
	}
	if q[i].a != q[j].a {
		return q[i].a < q[j].a
	}
	return q[i].b < q[j].b
}
func (q edgeQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *edgeQueue) Push(x any)   { *q = append(*q, x.(queued)) }
func (q *edgeQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}
