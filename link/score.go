package link

import (
	"math"
)

// Signals that Options.Disable may switch off.
const (
	SignalTime     = "time"     // publish-time proximity
	SignalImage    = "image"    // featured image file name
	SignalNumber   = "number"   // numbers, across digit scripts
	SignalDate     = "date"     // dates, months and weekdays across languages
	SignalDateline = "dateline" // the dateline's city
	SignalName     = "name"     // consonant-skeleton name keys
	SignalPlace    = "place"    // gazetteer places and bodies
	SignalGram     = "ngram"    // character 4-grams between Latin-script editions
	SignalLexicon  = "lexicon"  // common news words mapped to shared concepts
)

// AllSignals returns every signal name, in the order reports show them.
func AllSignals() []string {
	return []string{SignalTime, SignalImage, SignalNumber, SignalDate, SignalDateline, SignalName, SignalPlace, SignalGram, SignalLexicon}
}

// Pair features, in the order of a Model's weights. Dice and cover
// measure how much of the two articles' evidence agrees; sums measure how
// much rare evidence they share (IDF mass, capped at sumCap).
const (
	xNumber     = iota // dice of shared numbers, IDF-weighted
	xNumberSum         // IDF mass of shared numbers
	xNumberMiss        // IDF mass of numbers each has and the other lacks, the smaller of the two: numbers that disagree
	xDate              // dice of shared date keys
	xName              // dice of name keys; across scripts, the share of the Latin side's names found
	xNameSum           // IDF mass of shared name keys
	xPlace             // dice of shared gazetteer ids
	xPlaceSum          // IDF mass of shared gazetteer ids
	xGram              // cosine of character 4-grams (Latin pairs only)
	xWord              // dice of shared lexicon concepts
	xWordSum           // IDF mass of shared lexicon concepts
	xImage             // 1/reuse when the image stems agree (see imageMatch)
	xCitySame          // 1 when both datelines name the same city
	xCityDiff          // 1 when they name different cities
	xTime              // 2·exp(-Δt/TimeScale) - 1: +1 at once, 0 at TimeScale·ln 2, → -1
	// NFeatures is how many pair features there are: the length of a
	// Model's weights.
	NFeatures
)

// sumCap caps the IDF-mass features, so that long articles do not link on
// volume alone.
const sumCap = 30

// FeatureName names the i-th pair feature, the i-th weight of a Model.
func FeatureName(i int) string {
	names := [NFeatures]string{"number", "numberSum", "numberMiss", "date", "name", "nameSum",
		"place", "placeSum", "ngram", "word", "wordSum", "image", "citySame", "cityDiff", "time"}
	if i < 0 || i >= NFeatures {
		return ""
	}
	return names[i]
}

// Weights is a logistic model of "these two articles are one story" over
// the pair features: p = 1/(1+exp(-(Bias + Σ W[i]·x[i]))). Pairs of two
// Latin-script editions and pairs across scripts have their own.
type Weights struct {
	Latin, Cross Model
}

// A Model is one weight vector and its bias.
type Model struct {
	Bias float64
	W    [NFeatures]float64
}

// DefaultWeights returns the weights sanafeed links with. The text
// weights (numbers, dates, names, places, lexicon, n-grams, bias) were
// fitted on the tuning half of NTREX-128 (go run ./cmd/linkeval -tune).
// The weights of time, image and dateline, which NTREX cannot inform, are
// set by hand from what is known of SANA (SANA.md) and were tuned on no
// data: a shared photo is strong evidence, a shared dateline city weak
// (most of SANA is datelined Damascus), different cities strong evidence
// against, and versions come out within hours.
func DefaultWeights() Weights {
	hand := func(m Model) Model {
		m.W[xImage], m.W[xCitySame], m.W[xCityDiff], m.W[xTime] = 4, 0.5, -3, 1.5
		return m
	}
	return Weights{
		Latin: hand(Model{Bias: -7.170, W: [NFeatures]float64{
			xNumber: 2.515, xNumberSum: 0.095, xNumberMiss: -0.302, xDate: 0.921,
			xName: 5.872, xNameSum: 0.008, xPlace: 1.533, xPlaceSum: -0.176,
			xGram: 2.016, xWord: 7.089, xWordSum: 0.046,
		}}),
		Cross: hand(Model{Bias: -7.137, W: [NFeatures]float64{
			xNumber: 3.300, xNumberSum: 0.107, xNumberMiss: -0.475, xDate: 1.364,
			xName: 3.962, xNameSum: 0.095, xPlace: 1.420, xPlaceSum: -0.061,
			xWord: 7.190, xWordSum: 0.011,
		}}),
	}
}

// HandSet reports whether feature i has a hand-set weight that tuning on
// NTREX must leave alone (NTREX has no times, images or datelines).
func HandSet(i int) bool {
	return i == xImage || i == xCitySame || i == xCityDiff || i == xTime
}

func (m *Model) logit(x *[NFeatures]float64) float64 {
	s := m.Bias
	for i, v := range x {
		s += m.W[i] * v
	}
	return s
}

// A vec is one kind of an article's keys with their weights in this run.
type vec struct {
	keys []uint64  // sorted, unique
	w    []float32 // IDF of each key among the run's articles of its script
	sum  float64   // Σ w
	sq   float64   // Σ w²
}

// overlap returns the weight of the keys a and b share (by a's weights and
// by b's) and the Σ w² over shared keys.
func overlap(a, b *vec) (sa, sb, sq float64) {
	i, j := 0, 0
	for i < len(a.keys) && j < len(b.keys) {
		switch {
		case a.keys[i] < b.keys[j]:
			i++
		case a.keys[i] > b.keys[j]:
			j++
		default:
			sa += float64(a.w[i])
			sb += float64(b.w[j])
			sq += float64(a.w[i]) * float64(b.w[j])
			i++
			j++
		}
	}
	return sa, sb, sq
}

// crossNames returns the weight of the name keys an Arabic article ar and
// a Latin one la share, each key weighted by the smaller of its IDF among
// Arabic articles and among Latin ones: a key is evidence only when rare
// in both scripts (common Arabic words share skeletons with names).
func crossNames(ar, la *vec) float64 {
	s := 0.0
	i, j := 0, 0
	for i < len(ar.keys) && j < len(la.keys) {
		switch {
		case ar.keys[i] < la.keys[j]:
			i++
		case ar.keys[i] > la.keys[j]:
			j++
		default:
			s += float64(min(ar.w[i], la.w[j]))
			i++
			j++
		}
	}
	return s
}

// pairFeatures computes the features of the pair of items a and b.
func (r *run) pairFeatures(a, b *item) (x [NFeatures]float64) {
	if r.on[SignalNumber] {
		x[xNumber], x[xNumberSum] = setMatch(&a.nums, &b.nums)
		sa, sb, _ := overlap(&a.nums, &b.nums)
		x[xNumberMiss] = min(sumCap, a.nums.sum-sa, b.nums.sum-sb)
	}
	if r.on[SignalDate] {
		x[xDate], _ = setMatch(&a.dates, &b.dates)
	}
	if r.on[SignalPlace] {
		x[xPlace], x[xPlaceSum] = setMatch(&a.places, &b.places)
	}
	if r.on[SignalName] {
		r.nameFeatures(a, b, &x)
	}
	if r.on[SignalLexicon] {
		x[xWord], x[xWordSum] = setMatch(&a.words, &b.words)
	}
	if r.on[SignalGram] && a.f.latin && b.f.latin && a.grams.sq > 0 && b.grams.sq > 0 {
		_, _, sq := overlap(&a.grams, &b.grams)
		x[xGram] = sq / math.Sqrt(a.grams.sq*b.grams.sq)
	}
	if r.on[SignalImage] && a.f.image != "" {
		x[xImage] = r.imageMatch(a.f, b.f)
	}
	if r.on[SignalDateline] && a.f.city != "" && b.f.city != "" {
		if a.f.city == b.f.city {
			x[xCitySame] = 1
		} else {
			x[xCityDiff] = 1
		}
	}
	if r.on[SignalTime] && a.f.unix != 0 && b.f.unix != 0 {
		dt := math.Abs(float64(a.f.unix - b.f.unix))
		x[xTime] = 2*math.Exp(-dt/r.opts.TimeScale.Seconds()) - 1
	}
	return x
}

// setMatch returns the IDF-weighted dice of two key sets and the IDF mass
// they share (the mean of both sides' weights), capped at sumCap.
func setMatch(a, b *vec) (dice, mass float64) {
	sa, sb, _ := overlap(a, b)
	if a.sum+b.sum == 0 {
		return 0, 0
	}
	return (sa + sb) / (a.sum + b.sum), min(sumCap, (sa+sb)/2)
}

// imageMatch returns the image evidence of a pair: 1 for one photo used
// once per edition, less the more stories of an edition use it; half that
// when the names agree only without their upload counters.
func (r *run) imageMatch(a, b *features) float64 {
	switch {
	case a.image == b.image:
		return 1 / float64(max(1, r.imageUse[a.image]))
	case a.loose == b.loose:
		return 0.5 / float64(max(1, r.imageUse["~"+a.loose]))
	}
	return 0
}

// nameFeatures fills the name features: between Latin editions the dice of
// shared skeletons; across scripts how much of the Latin article's names
// the Arabic one has.
func (r *run) nameFeatures(a, b *item, x *[NFeatures]float64) {
	if a.f.latin && b.f.latin {
		x[xName], x[xNameSum] = setMatch(&a.names, &b.names)
		return
	}
	ar, la := a, b
	if a.f.latin {
		ar, la = b, a
	}
	if ar.f.latin || !la.f.latin {
		return // two Arabic articles are never compared
	}
	s := crossNames(&ar.names, &la.names)
	if la.names.sum > 0 {
		x[xName] = min(1, s/la.names.sum)
	}
	x[xNameSum] = min(sumCap, s)
}
