package link

import (
	"slices"

	"github.com/sanafeed/sanafeed"
)

// A Sample is one candidate pair that blocking proposes, with its
// features: what weights are fitted on (cmd/linkeval -tune).
type Sample struct {
	A, B  string // the two articles' keys
	Latin bool   // both in Latin-script editions: scored by Weights.Latin, else Weights.Cross
	X     [NFeatures]float64
}

// Samples returns the features of every pair of arts that blocking
// proposes. The time, image and dateline signals are switched off: an
// evaluation set such as NTREX carries no real times or images, and no
// weight may be learnt from synthetic ones (see HandSet).
func Samples(arts []sanafeed.Article, opts Options) []Sample {
	opts = opts.withDefaults()
	opts.Disable = append(slices.Clone(opts.Disable), SignalTime, SignalImage, SignalDateline)
	fs := make([]*features, len(arts))
	parallel(len(arts), opts.Workers, func(i int) { fs[i] = extract(&arts[i]) })
	r := newRun(fs, opts)
	pairs := r.candidates()
	out := make([]Sample, 0, len(pairs))
	for _, p := range pairs {
		a, b := r.items[p.a], r.items[p.b]
		out = append(out, Sample{A: a.f.key, B: b.f.key, Latin: a.f.latin && b.f.latin, X: r.pairFeatures(a, b)})
	}
	return out
}
