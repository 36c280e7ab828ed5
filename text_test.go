package sanafeed_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sanafeed/sanafeed"
)

func TestSummarize(t *testing.T) {
	words := strings.Repeat("abcd ", 80) // rune 299, where the "…" goes, is a space
	tests := []struct{ name, in, want string }{
		{"short", "  one two three \n", "one two three"},
		{"exactly 300", strings.Repeat("é", 300), strings.Repeat("é", 300)},
		{"cut inside a word", strings.Repeat("abcdef ", 60), strings.TrimSpace(strings.Repeat("abcdef ", 42)) + "…"},
		{"cut at a word's end", words, strings.TrimSpace(strings.Repeat("abcd ", 60)) + "…"},
		{"no space", strings.Repeat("x", 400), strings.Repeat("x", 299) + "…"},
		{"no space in the second half", "a " + strings.Repeat("x", 400), "a " + strings.Repeat("x", 297) + "…"},
		{"dangling comma", strings.Repeat("ab, ", 80), strings.TrimSpace(strings.Repeat("ab, ", 74)) + " ab…"},
		{"full stop kept", strings.Repeat("ab. ", 80), strings.TrimSpace(strings.Repeat("ab. ", 75)) + "…"},
		{"arabic", strings.Repeat("سانا ", 80), strings.TrimSpace(strings.Repeat("سانا ", 59)) + " سانا…"},
	}
	for _, tt := range tests {
		got := sanafeed.Summarize(tt.in)
		if got != tt.want {
			t.Errorf("%s: Summarize() = %q, want %q", tt.name, got, tt.want)
		}
		if n := utf8.RuneCountInString(got); n > 300 {
			t.Errorf("%s: Summarize() has %d runes, want at most 300", tt.name, n)
		}
	}
}

func TestCollapseSpace(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  a \t\n b  ", "a b"},
		{"a\u00a0\u00a0b", "a b"}, // no-break spaces
		{"a\u200bb\ufeff", "ab"},  // zero width space, BOM
		{"\u200fدمشق\u200e - سانا", "دمشق - سانا"}, // direction marks
		{"a\u200db", "a\u200db"},                   // a joiner shapes letters: kept
	}
	for _, tt := range tests {
		if got := sanafeed.CollapseSpace(tt.in); got != tt.want {
			t.Errorf("CollapseSpace(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStripBidi(t *testing.T) {
	for in, want := range map[string]string{
		"Minister \u202ereceives\u202c envoy":  "Minister receives envoy",
		"\u202a\u202b\u202c\u202d\u202e":       "",
		"\u2066\u2067\u2068\u2069isolates":     "isolates",
		"marks stay \u200e\u200f":              "marks stay \u200e\u200f", // CollapseSpace's business
		"الرئيس الشرع يستقبل":                  "الرئيس الشرع يستقبل",
		"\u2065\u206a neighbours are not bidi": "\u2065\u206a neighbours are not bidi",
	} {
		if got := sanafeed.StripBidi(in); got != want {
			t.Errorf("StripBidi(%q) = %q, want %q", in, got, want)
		}
	}
}
