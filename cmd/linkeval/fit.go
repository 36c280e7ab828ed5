package main

import (
	"math"

	"github.com/sanafeed/sanafeed/link"
)

// fit returns base with the text weights (numbers, dates, names, places,
// n-grams and the bias) of both models fitted to labelled articles by
// L2-regularised logistic regression over the pairs blocking proposes.
// story maps an article key to its story id; articles that share an id are
// versions of one story, an article absent or with "" stands alone. The
// hand-set weights (link.HandSet) are left as in base.
func fit(samples []link.Sample, story map[string]string, base link.Weights) link.Weights {
	var latin, cross fitSet
	for _, s := range samples {
		sa, sb := story[s.A], story[s.B]
		y := 0.0
		if sa != "" && sa == sb {
			y = 1
		}
		if s.Latin {
			latin.add(s.X, y)
		} else {
			cross.add(s.X, y)
		}
	}
	w := base
	latin.fit(&w.Latin)
	cross.fit(&w.Cross)
	return w
}

// A fitSet holds labelled pair features.
type fitSet struct {
	x [][link.NFeatures]float64
	y []float64
}

func (s *fitSet) add(x [link.NFeatures]float64, y float64) {
	s.x = append(s.x, x)
	s.y = append(s.y, y)
}

// fit sets the bias and the weights of the text features of m by Newton's
// method on the L2-penalised log-likelihood; hand-set features keep their
// weights and, being switched off, contribute nothing.
func (s *fitSet) fit(m *link.Model) {
	var free []int
	for i := range link.NFeatures {
		if !link.HandSet(i) && !allZero(s.x, i) {
			free = append(free, i)
		}
	}
	d := len(free) + 1 // bias last
	beta := make([]float64, d)
	for i, f := range free {
		beta[i] = m.W[f]
	}
	beta[d-1] = m.Bias
	const lambda = 1.0 // on the sum over pairs
	row := func(x *[link.NFeatures]float64) []float64 {
		v := make([]float64, d)
		for i, f := range free {
			v[i] = x[f]
		}
		v[d-1] = 1
		return v
	}
	for iter := 0; iter < 50 && len(s.y) > 0; iter++ {
		grad := make([]float64, d)
		hess := make([][]float64, d)
		for i := range hess {
			hess[i] = make([]float64, d)
		}
		for n := range s.y {
			v := row(&s.x[n])
			z := 0.0
			for i := range v {
				z += beta[i] * v[i]
			}
			p := sigmoid(z)
			for i := range v {
				grad[i] += (s.y[n] - p) * v[i]
				for j := range v {
					hess[i][j] += p * (1 - p) * v[i] * v[j]
				}
			}
		}
		for i := 0; i < d-1; i++ {
			grad[i] -= lambda * beta[i]
			hess[i][i] += lambda
		}
		hess[d-1][d-1] += 1e-9
		step := solve(hess, grad)
		change := 0.0
		for i := range beta {
			beta[i] += step[i]
			change = math.Max(change, math.Abs(step[i]))
		}
		if change < 1e-6 {
			break
		}
	}
	for i, f := range free {
		m.W[f] = round3(beta[i])
	}
	m.Bias = round3(beta[d-1])
}

func allZero(x [][link.NFeatures]float64, i int) bool {
	for _, v := range x {
		if v[i] != 0 {
			return false
		}
	}
	return true
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

// solve returns the solution of a·x = b by Gaussian elimination with
// partial pivoting; a and b are overwritten.
func solve(a [][]float64, b []float64) []float64 {
	n := len(b)
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		a[c], a[p] = a[p], a[c]
		b[c], b[p] = b[p], b[c]
		if a[c][c] == 0 {
			continue
		}
		for r := c + 1; r < n; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k < n; k++ {
				a[r][k] -= f * a[c][k]
			}
			b[r] -= f * b[c]
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := b[r]
		for k := r + 1; k < n; k++ {
			s -= a[r][k] * x[k]
		}
		if a[r][r] != 0 {
			x[r] = s / a[r][r]
		}
	}
	return x
}

// sigmoid is the logistic function.
func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
