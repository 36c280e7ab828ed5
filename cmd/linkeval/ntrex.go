package main

import (
	"bufio"
	"errors"
	"fmt"
	"hash/fnv"
	"html"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sanafeed/sanafeed"
)

// ntrexFiles names NTREX-128's file for each edition.
var ntrexFiles = []struct{ lang, file string }{
	{"ar", "newstest2019-ref.arb.txt"},
	{"en", "newstest2019-src.eng.txt"},
	{"tr", "newstest2019-ref.tur.txt"},
	{"fr", "newstest2019-ref.fra.txt"},
	{"es", "newstest2019-ref.spa.txt"},
	{"ku", "newstest2019-ref.kmr.txt"},
}

// ntrexKeep is the share of stories that have a version in each edition
// in the hard setting: every story in Arabic, fewer in the others.
var ntrexKeep = map[string]float64{"ar": 1, "en": 0.70, "tr": 0.50, "fr": 0.35, "es": 0.35, "ku": 0.35}

// errNoNTREX reports that the NTREX directory is absent.
var errNoNTREX = errors.New("ntrex: data not found")

// A doc is one NTREX document: its id and its sentences in each edition.
type doc struct {
	id    string
	lines map[string][]string
}

// loadNTREX reads the documents of NTREX-128 from dir.
func loadNTREX(dir string) ([]doc, error) {
	ids, err := readLines(filepath.Join(dir, "DOCUMENT_IDS.tsv"))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", dir, errNoNTREX)
		}
		return nil, err
	}
	text := map[string][]string{}
	for _, f := range ntrexFiles {
		ls, err := readLines(filepath.Join(dir, f.file))
		if err != nil {
			return nil, err
		}
		if len(ls) != len(ids) {
			return nil, fmt.Errorf("ntrex %s: %d lines, want %d", f.file, len(ls), len(ids))
		}
		text[f.lang] = ls
	}
	var docs []doc
	for i, line := range ids {
		id := strings.Fields(line + " ?")[0]
		if len(docs) == 0 || docs[len(docs)-1].id != id {
			docs = append(docs, doc{id: id, lines: map[string][]string{}})
		}
		d := &docs[len(docs)-1]
		for _, f := range ntrexFiles {
			d.lines[f.lang] = append(d.lines[f.lang], text[f.lang][i])
		}
	}
	return docs, nil
}

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	s := bufio.NewScanner(f)
	s.Buffer(make([]byte, 1<<20), 1<<20)
	for s.Scan() {
		out = append(out, s.Text())
	}
	return out, s.Err()
}

// tuneHalf reports whether a document belongs to the tuning half: a fixed
// split by the FNV-1a hash of its id.
func tuneHalf(id string) bool {
	h := fnv.New32a()
	h.Write([]byte(id))
	return h.Sum32()%2 == 0
}

// hardConfig describes the hard setting built on NTREX.
type hardConfig struct {
	seed uint64
	days int // the documents of a half are spread over this many days
}

// hardSet builds the hard setting from the documents of one half: each
// document split into 2–3 contiguous parts of about equal length, each part a story with a
// version in Arabic and, by ntrexKeep, in the other editions. Publish
// times are SYNTHETIC: all documents (both halves) spread over cfg.days, the parts of one
// document within six hours of each other (siblings are as close in time
// as translations), the versions of one story within three hours. There
// are no images and no datelines.
func hardSet(docs []doc, tune bool, cfg hardConfig) labelled {
	name := "ntrex-test"
	if tune {
		name = "ntrex-tune"
	}
	rng := rand.New(rand.NewPCG(cfg.seed, 0x5a4a))
	set := labelled{name: name, story: map[string]string{}}
	start := time.Date(2026, 1, 5, 6, 0, 0, 0, time.UTC)
	span := time.Duration(cfg.days) * 24 * time.Hour
	nextID := map[string]int64{}
	for _, d := range docs {
		// Every document is drawn for, in both halves, so that a document
		// gets the same parts, editions and times whichever half is built.
		keep := tuneHalf(d.id) == tune
		base := start.Add(time.Duration(rng.Int64N(int64(span))))
		parts := splitDoc(len(d.lines["en"]), rng)
		for p, r := range parts {
			storyTime := base.Add(time.Duration(rng.Int64N(int64(6 * time.Hour))))
			storyID := fmt.Sprintf("%s#%d", d.id, p)
			var keys []string
			for _, f := range ntrexFiles {
				if rng.Float64() >= ntrexKeep[f.lang] {
					continue
				}
				nextID[f.lang] += 1 + rng.Int64N(40)
				a := article(f.lang, nextID[f.lang], d.lines[f.lang][r[0]:r[1]])
				a.Published = storyTime
				if f.lang != "ar" {
					a.Published = storyTime.Add(time.Duration(rng.Int64N(int64(3 * time.Hour))))
				}
				if !keep {
					continue
				}
				set.arts = append(set.arts, a)
				keys = append(keys, a.Key())
			}
			for _, k := range keys {
				if len(keys) > 1 {
					set.story[k] = storyID
				}
			}
		}
	}
	return set
}

// splitDoc cuts n sentences into contiguous parts of about equal length
// (the cuts jittered by a sentence): three when there are nine sentences or
// more, else two; every part has two sentences or more. It returns their
// [start, end) ranges.
func splitDoc(n int, rng *rand.Rand) [][2]int {
	k := 2
	if n >= 9 {
		k = 3
	}
	cuts := []int{0}
	for i := 1; i < k; i++ {
		c := (n*i+k/2)/k + rng.IntN(3) - 1
		c = max(c, cuts[i-1]+2)
		c = min(c, n-2*(k-i))
		cuts = append(cuts, c)
	}
	cuts = append(cuts, n)
	var out [][2]int
	for i := 0; i < k; i++ {
		out = append(out, [2]int{cuts[i], cuts[i+1]})
	}
	return out
}

// article makes a sanafeed.Article of sentences: the first is its title,
// the rest its paragraphs.
func article(lang string, id int64, sents []string) sanafeed.Article {
	var b strings.Builder
	for _, s := range sents[1:] {
		b.WriteString("<p>" + html.EscapeString(s) + "</p>\n")
	}
	return sanafeed.Article{
		Lang:    lang,
		PostID:  id,
		URL:     fmt.Sprintf("https://ntrex.invalid/%s/%d/", lang, id),
		Title:   sents[0],
		Content: b.String(),
		From:    sanafeed.FromPage,
	}
}
