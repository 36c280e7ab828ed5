package main

import (
	"fmt"
	"html"
	"io"
	"slices"
	"strings"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/link"
	"github.com/sanafeed/sanafeed/replica"
)

// A repostSet is the replica with its planted reposts and siblings
// (replica.Options.Reposts), after its first Advance, as sanafeed would
// store it, with the truth.
type repostSet struct {
	arts     []sanafeed.Article
	truth    map[string]string // repost key → key of the article it reposts
	siblings map[string]string // sibling key → key of the article it resembles
}

func newRepostSet() repostSet {
	site := replica.New(replica.Options{Reposts: true})
	site.Advance()
	set := repostSet{truth: map[string]string{}, siblings: map[string]string{}}
	for _, e := range site.Truth() {
		a := storedArticle(e)
		set.arts = append(set.arts, a)
		if e.RepostOf != 0 {
			set.truth[a.Key()] = sanafeed.ArticleKey(e.Lang, e.RepostOf)
		}
		if e.SiblingOf != 0 {
			set.siblings[a.Key()] = sanafeed.ArticleKey(e.Lang, e.SiblingOf)
		}
	}
	return set
}

// repostScores are the measures of one detection against the truth.
type repostScores struct {
	threshold        float64
	pairs            PRF
	siblingsFolded   int // siblings found to repost anything
	perEdition       map[string]PRF
	wrongs, missings []string
}

// scoreReposts runs detection on set at threshold, every article as new
// (the first poll's batch; the result does not depend on how the articles
// are split between news and recent), and compares with the truth.
func scoreReposts(set repostSet, threshold float64, textOnly bool) repostScores {
	pred := link.Reposts(set.arts, nil, link.RepostOptions{Threshold: threshold, TextOnly: textOnly})
	s := repostScores{threshold: threshold, perEdition: map[string]PRF{}}
	type counts struct{ tp, pred, truth int }
	by := map[string]*counts{}
	for _, e := range sanafeed.Editions {
		by[e.Lang] = &counts{}
	}
	tp := 0
	for k, of := range pred {
		lang, _, _ := sanafeed.SplitKey(k)
		by[lang].pred++
		if set.truth[k] == of {
			tp++
			by[lang].tp++
		} else {
			s.wrongs = append(s.wrongs, k+" → "+of)
		}
		if _, ok := set.siblings[k]; ok {
			s.siblingsFolded++
		}
	}
	for k, of := range set.truth {
		lang, _, _ := sanafeed.SplitKey(k)
		by[lang].truth++
		if pred[k] != of {
			s.missings = append(s.missings, k+" → "+of)
		}
	}
	s.pairs = prf(tp, len(pred), len(set.truth))
	for lang, c := range by {
		s.perEdition[lang] = prf(c.tp, c.pred, c.truth)
	}
	slices.Sort(s.wrongs)
	slices.Sort(s.missings)
	return s
}

// repostThresholds are the thresholds evalReposts sweeps.
var repostThresholds = []float64{0.1, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9}

// evalReposts measures repost detection on the replica's planted reposts
// and siblings: precision and recall of the (repost, original) pairs at
// the default threshold, per edition, and over a sweep of thresholds. It
// returns the targets missed: precision 1.0 and no sibling folded at the
// default.
func evalReposts(c config, w io.Writer) []string {
	set := newRepostSet()
	th := c.repostThreshold
	if th <= 0 {
		th = link.DefaultRepostThreshold
	}
	s := scoreReposts(set, th, false)
	fmt.Fprintf(w, "reposts: replica with planted reposts and siblings (replica.Options{Reposts: true}, one Advance): %d articles, %d reposts, %d siblings\n",
		len(set.arts), len(set.truth), len(set.siblings))
	fmt.Fprintf(w, "  threshold %.2f (window %v): P %.3f  R %.3f  F1 %.3f  (%d/%d found, %d predicted), siblings folded %d\n",
		th, link.DefaultRepostWindow, s.pairs.P, s.pairs.R, s.pairs.F, s.pairs.TP, s.pairs.True, s.pairs.Predicted, s.siblingsFolded)
	for _, e := range sanafeed.Editions {
		p := s.perEdition[e.Lang]
		fmt.Fprintf(w, "    %s: P %.3f  R %.3f  (%d reposts)\n", e.Lang, p.P, p.R, p.True)
	}
	for _, x := range s.wrongs {
		fmt.Fprintf(w, "    wrong: %s\n", x)
	}
	for _, x := range s.missings {
		fmt.Fprintf(w, "    missed: %s\n", x)
	}
	lo, hi, hiSib := margins(set)
	fmt.Fprintf(w, "  scores (link.RepostScore): lowest repost %.3f; highest other pair %.3f, highest sibling %.3f\n", lo, hi, hiSib)
	fmt.Fprintln(w, "  sweep: threshold  P      R      siblings folded | text alone (numbers ignored): P      R      siblings folded")
	for _, t := range repostThresholds {
		x, y := scoreReposts(set, t, false), scoreReposts(set, t, true)
		fmt.Fprintf(w, "         %.2f       %.3f  %.3f  %-15d |                               %.3f  %.3f  %d\n",
			t, x.pairs.P, x.pairs.R, x.siblingsFolded, y.pairs.P, y.pairs.R, y.siblingsFolded)
	}
	folds, highest := syntheticFolds(th)
	fmt.Fprintf(w, "  synthetic replica (replica.Options{Synthetic: %d}: formulaic generated reports, none a repost): %d folded at %.2f; highest score of a fold proposed at 0.10: %.3f\n",
		syntheticArticles, folds, th, highest)
	var missed []string
	if folds > 0 {
		missed = append(missed, fmt.Sprintf("%d generated articles folded at %.2f", folds, th))
	}
	if s.pairs.P < 1 {
		missed = append(missed, fmt.Sprintf("repost precision %.3f < 1", s.pairs.P))
	}
	if s.siblingsFolded > 0 {
		missed = append(missed, fmt.Sprintf("%d siblings folded", s.siblingsFolded))
	}
	return missed
}

// margins returns the lowest score of a true (repost, original) pair, the
// highest of any other pair of one edition within the window, and the
// highest of a sibling and the article it resembles.
func margins(set repostSet) (lowRepost, highOther, highSibling float64) {
	lowRepost = 1
	for i := range set.arts {
		for j := range set.arts {
			a, b := &set.arts[i], &set.arts[j]
			if i >= j || a.Lang != b.Lang || a.Time().Sub(b.Time()).Abs() > link.DefaultRepostWindow {
				continue
			}
			s := link.RepostScore(a, b)
			switch ka, kb := a.Key(), b.Key(); {
			case set.truth[ka] == kb || set.truth[kb] == ka:
				lowRepost = min(lowRepost, s)
			default:
				highOther = max(highOther, s)
				if set.siblings[ka] == kb || set.siblings[kb] == ka {
					highSibling = max(highSibling, s)
				}
			}
		}
	}
	return lowRepost, highOther, highSibling
}

// storedArticle returns the article sanafeed stores from a replica
// entry's page.
func storedArticle(e replica.Entry) sanafeed.Article {
	return sanafeed.Article{
		Lang:      e.Lang,
		PostID:    e.PostID,
		URL:       "https://sana.sy" + e.Path,
		Title:     e.Title,
		Content:   paragraphsHTML(e.Body),
		Dateline:  e.Dateline,
		Image:     e.Image,
		Tags:      e.Tags,
		Published: e.Published,
		Modified:  e.Modified,
		From:      sanafeed.FromPage,
	}
}

// paragraphsHTML returns paragraphs as the HTML of an article's body.
func paragraphsHTML(paras []string) string {
	var b strings.Builder
	for _, p := range paras {
		b.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
	}
	return b.String()
}

// syntheticArticles is the size of the generated replica syntheticFolds
// reads: the ingest benchmark's.
const syntheticArticles = 10000

// syntheticFolds runs detection over the generated replica, whose
// reports share sentence templates, cities, ministries and numbers but
// of which none reposts another: it returns how many fold at threshold
// and the highest score of any pair proposed at a low threshold. The
// planted set alone let 31 of them fold at 0.35, before the dateline
// rule (scores up to 0.51).
func syntheticFolds(threshold float64) (folds int, highest float64) {
	site := replica.New(replica.Options{Synthetic: syntheticArticles})
	var arts []sanafeed.Article
	for _, e := range site.Truth() {
		arts = append(arts, storedArticle(e))
	}
	by := map[string]*sanafeed.Article{}
	for i := range arts {
		by[arts[i].Key()] = &arts[i]
	}
	for k, of := range link.Reposts(arts, nil, link.RepostOptions{Threshold: 0.1}) {
		sc := link.RepostScore(by[k], by[of])
		highest = max(highest, sc)
		if sc >= threshold {
			folds++
		}
	}
	return folds, highest
}
