package server

import (
	"slices"
	"strings"
	"unicode"

	xhtml "golang.org/x/net/html"
)

// A word is one unit of a word-level diff: a run of letters, digits and
// marks (Arabic's short vowels are marks), or one punctuation mark or
// symbol, with the white space that followed it. Words compare by text.
type word struct {
	text  string
	space string // "", " ", or "\n" ending a paragraph
}

// splitWords cuts text into words at Unicode white space and punctuation;
// the paragraphs of paras end in a "\n".
func splitWords(paras []string) []word {
	var out []word
	for _, p := range paras {
		start := len(out)
		cur := -1 // start of the word being read in p, or -1
		flush := func(end int) {
			if cur >= 0 {
				out = append(out, word{text: p[cur:end]})
				cur = -1
			}
		}
		for i, r := range p {
			switch {
			case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.Is(unicode.Cf, r) && r != '\u200f' && r != '\u200e':
				if cur < 0 {
					cur = i
				}
			case unicode.IsSpace(r):
				flush(i)
				if n := len(out); n > start {
					out[n-1].space = " "
				}
			default:
				flush(i)
				out = append(out, word{text: string(r)})
			}
		}
		flush(len(p))
		if n := len(out); n > start {
			out[n-1].space = "\n"
		}
	}
	return out
}

// paragraphs returns the text of the HTML fragment s, one string per
// block (paragraph, heading, list item, line break), entities decoded.
func paragraphs(s string) []string {
	z := xhtml.NewTokenizer(strings.NewReader(s))
	var out []string
	var b strings.Builder
	skip := 0
	end := func() {
		if t := strings.Join(strings.Fields(b.String()), " "); t != "" {
			out = append(out, t)
		}
		b.Reset()
	}
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			end()
			return out
		case xhtml.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case xhtml.StartTagToken, xhtml.EndTagToken, xhtml.SelfClosingTagToken:
			name, _ := z.TagName()
			n := string(name)
			if n == "script" || n == "style" {
				if tt == xhtml.StartTagToken {
					skip++
				} else if tt == xhtml.EndTagToken && skip > 0 {
					skip--
				}
			}
			if blockTags[n] {
				end()
			} else {
				b.WriteByte(' ')
			}
		}
	}
}

// blockTags are the elements that begin or end a paragraph of a diff.
var blockTags = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "blockquote": true, "figure": true, "figcaption": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "tr": true, "table": true, "ul": true, "ol": true,
}

// Kinds of diff segment.
const (
	segSame = ""
	segDel  = "del"
	segIns  = "ins"
)

// A diffSeg is a run of words a diff keeps, deletes or inserts; a Break
// segment ends a paragraph.
type diffSeg struct {
	Op    string // segSame, segDel or segIns
	Text  string
	Break bool
}

// maxDiffEdits bounds a diff: two texts further apart than this many
// words inserted or deleted are shown as one replaced by the other (the
// diff's time and memory grow with it: (n+m)·d steps, d² ints).
const maxDiffEdits = 2000

// wordDiff returns the word-level diff turning the old text into the new
// one: runs of kept words, and in each changed place the deleted words
// before the inserted ones.
func wordDiff(old, cur []word) []diffSeg {
	pre := 0
	for pre < len(old) && pre < len(cur) && old[pre].text == cur[pre].text {
		pre++
	}
	suf := 0
	for suf < len(old)-pre && suf < len(cur)-pre && old[len(old)-1-suf].text == cur[len(cur)-1-suf].text {
		suf++
	}
	ops, ok := myers(old[pre:len(old)-suf], cur[pre:len(cur)-suf], maxDiffEdits)
	if !ok {
		ops = nil
		for range len(old) - pre - suf {
			ops = append(ops, segDel)
		}
		for range len(cur) - pre - suf {
			ops = append(ops, segIns)
		}
	}
	var b segBuilder
	for _, w := range cur[:pre] {
		b.add(segSame, w)
	}
	i, j := pre, pre
	for k := 0; k < len(ops); {
		if ops[k] == segSame {
			b.add(segSame, cur[j])
			i, j, k = i+1, j+1, k+1
			continue
		}
		var del, ins []word
		for ; k < len(ops) && ops[k] != segSame; k++ {
			if ops[k] == segDel {
				del, i = append(del, old[i]), i+1
			} else {
				ins, j = append(ins, cur[j]), j+1
			}
		}
		for _, w := range del {
			if len(ins) > 0 && w.space == "\n" {
				w.space = " " // the inserted words end the paragraph
			}
			b.add(segDel, w)
		}
		for _, w := range ins {
			b.add(segIns, w)
		}
	}
	for _, w := range cur[len(cur)-suf:] {
		b.add(segSame, w)
	}
	return b.segs
}

// segBuilder joins words into segments.
type segBuilder struct{ segs []diffSeg }

// add appends w to the last segment if it is of kind op, else to a new
// one; a word ending a paragraph ends its segment with a Break.
func (b *segBuilder) add(op string, w word) {
	n := len(b.segs)
	if n == 0 || b.segs[n-1].Op != op || b.segs[n-1].Break {
		b.segs = append(b.segs, diffSeg{Op: op})
		n++
	}
	if w.space == "\n" {
		b.segs[n-1].Text += w.text
		b.segs = append(b.segs, diffSeg{Op: op, Break: true})
		return
	}
	b.segs[n-1].Text += w.text + w.space
}

// myers returns Myers' shortest edit script turning a into b, one op per
// step (segSame, segDel, segIns), or false if it takes more than maxD
// insertions and deletions.
func myers(a, b []word, maxD int) ([]string, bool) {
	n, m := len(a), len(b)
	if n == 0 && m == 0 {
		return nil, true
	}
	off := n + m
	v := make([]int, 2*off+2)
	var trace [][]int // trace[d] is v over the diagonals -d..d after step d
	for d := 0; d <= min(n+m, maxD); d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1] // down: an insertion
			} else {
				x = v[off+k-1] + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && a[x].text == b[y].text {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				trace = append(trace, slices.Clone(v[off-d:off+d+1]))
				return backtrack(trace, n, m), true
			}
		}
		trace = append(trace, slices.Clone(v[off-d:off+d+1]))
	}
	return nil, false
}

// backtrack walks myers' trace back from (n, m) to (0, 0).
func backtrack(trace [][]int, n, m int) []string {
	var ops []string
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		prev := trace[d-1] // diagonals -(d-1)..d-1
		k := x - y
		down := k == -d || k != d && prev[k-1+d-1] < prev[k+1+d-1]
		pk := k - 1
		if down {
			pk = k + 1
		}
		px := prev[pk+d-1]
		py := px - pk
		mx, my := px+1, py // where the move to step d ends
		if down {
			mx, my = px, py+1
		}
		for x > mx && y > my {
			ops = append(ops, segSame)
			x, y = x-1, y-1
		}
		if down {
			ops = append(ops, segIns)
		} else {
			ops = append(ops, segDel)
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		ops = append(ops, segSame)
		x, y = x-1, y-1
	}
	slices.Reverse(ops)
	return ops
}
