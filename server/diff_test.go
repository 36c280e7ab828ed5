package server

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// render writes segs as the story page marks them up, "|" for a Break.
func render(segs []diffSeg) string {
	var b strings.Builder
	for _, s := range segs {
		switch {
		case s.Break:
			b.WriteString("|")
		case s.Op == segSame:
			b.WriteString(s.Text)
		default:
			b.WriteString("<" + s.Op + ">" + s.Text + "</" + s.Op + ">")
		}
	}
	return b.String()
}

func TestWordDiff(t *testing.T) {
	tests := []struct{ name, old, cur, want string }{
		{"same", "<p>One two.</p>", "<p>One two.</p>", "One two.|"},
		{"word changed", "<p>Road to Homs closed.</p>", "<p>Road to Homs reopened.</p>",
			"Road to Homs <del>closed</del><ins>reopened</ins>.|"},
		{"paragraph added", "<p>First.</p><p>Last.</p>", "<p>First.</p><p>Middle here.</p><p>Last.</p>",
			"First.|<ins>Middle here.</ins>|Last.|"},
		{"arabic", "<p>افتتاح الطريق في دمشق</p>", "<p>إعادة افتتاح الطريق في حلب</p>",
			"<ins>إعادة </ins>افتتاح الطريق في <del>دمشق </del><ins>حلب</ins>|"},
		{"arabic punctuation", "<p>قال الوزير، إن</p>", "<p>قال الوزير: إن</p>", "قال الوزير<del>، </del><ins>: </ins>إن|"},
		{"paragraph deleted", "<p>One.</p><p>Two.</p><p>Three.</p>", "<p>One.</p><p>Three.</p>", "One.|<del>Two.</del>|Three.|"},
		{"all new", "", "<p>New.</p>", "<ins>New.</ins>|"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(wordDiff(splitWords(paragraphs(tt.old)), splitWords(paragraphs(tt.cur))))
			if got != tt.want {
				t.Errorf("wordDiff(%q, %q) =\n%s\nwant\n%s", tt.old, tt.cur, got, tt.want)
			}
		})
	}
}

// TestMyersRandom: on random word lists, the script keeps only equal
// words, covers both sides and is as short as the longest common
// subsequence allows.
func TestMyersRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	gen := func() []word {
		ws := make([]word, r.IntN(12))
		for i := range ws {
			ws[i] = word{text: string(rune('a' + r.IntN(4)))}
		}
		return ws
	}
	for range 2000 {
		a, b := gen(), gen()
		ops, ok := myers(a, b, 100)
		if !ok {
			t.Fatalf("myers(%v, %v) gave up", a, b)
		}
		i, j, edits := 0, 0, 0
		for _, op := range ops {
			switch op {
			case segSame:
				if a[i].text != b[j].text {
					t.Fatalf("myers(%v, %v): keeps %v for %v", a, b, a[i], b[j])
				}
				i, j = i+1, j+1
			case segDel:
				i, edits = i+1, edits+1
			case segIns:
				j, edits = j+1, edits+1
			}
		}
		if i != len(a) || j != len(b) {
			t.Fatalf("myers(%v, %v) = %v: covers %d and %d words", a, b, ops, i, j)
		}
		if want := len(a) + len(b) - 2*lcs(a, b); edits != want {
			t.Fatalf("myers(%v, %v) = %v: %d edits, want %d", a, b, ops, edits, want)
		}
	}
	if _, ok := myers([]word{{text: "a"}, {text: "b"}}, []word{{text: "c"}, {text: "d"}}, 3); ok {
		t.Error("myers(4 edits, at most 3): did not give up")
	}
}

// lcs returns the length of the longest common subsequence of a and b.
func lcs(a, b []word) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i].text == b[j].text {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}
