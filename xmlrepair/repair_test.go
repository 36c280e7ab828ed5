package xmlrepair_test

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed/xmlrepair"
)

// checkWellFormed fails the test unless out, what Repair made of in, is
// well-formed XML as a strict encoding/xml decoder sees it, and returns
// how deep its elements nest.
func checkWellFormed(t *testing.T, in, out string) (depth int) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(out))
	d.Strict = true
	open := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return depth
		}
		if err != nil {
			t.Fatalf("Repair(%.200q) = %.200q: %v", in, out, err)
		}
		switch tok.(type) {
		case xml.StartElement:
			open++
			depth = max(depth, open)
		case xml.EndElement:
			open--
		}
	}
}

func TestRepairOutput(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{`<rss a="1" a="2" b='x"y'><c/></rss>`, `<rss a="1" b="x&quot;y"><c/></rss>`},
		{`<rss><t>A & B &amp; &#233; &#x41; &eacute; &bogus;</t></rss>`, `<rss><t>A &amp; B &amp; &#233; &#65; &#233; &amp;bogus;</t></rss>`},
		{"<rss><t>x\x00y&#1;z</t></rss>", "<rss><t>xyz</t></rss>"},
		{`<rss><a><b></a></rss>`, `<rss><a><b></b></a></rss>`},
		{`<rss><channel><item><title>x</title></item><item><title>y`, `<rss><channel><item><title>x</title></item></channel></rss>`},
		{`<!DOCTYPE rss><rss checked x=1>a > b</rss>junk`, `<rss checked="" x="1">a &gt; b</rss>`},
	}
	for _, tt := range tests {
		got, _, _ := xmlrepair.Repair(tt.in)
		if got != tt.want {
			t.Errorf("Repair(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestRepairFaults(t *testing.T) {
	t.Parallel()
	in := "<rss a=\"1\" a=\"2\">\n<t>A & B</t>\n<u>x</v>"
	_, faults, n := xmlrepair.Repair(in)
	want := []xmlrepair.Fault{
		{Offset: 11, Msg: `duplicated attribute "a" in <rss> (first kept)`},
		{Offset: 23, Msg: "unescaped &"},
		{Offset: 35, Msg: "end tag </v> closes no open element"},
		{Offset: 39, Msg: "document ends with <u> open"},
	}
	if n != len(want) || len(faults) != len(want) {
		t.Fatalf("Repair() faults = %+v (%d in all), want %+v", faults, n, want)
	}
	for i := range want {
		if faults[i] != want[i] {
			t.Errorf("fault %d = %+v, want %+v", i, faults[i], want[i])
		}
	}
}

// TestRepairHostile repairs shapes meant to make a repairer slow or deep:
// the output is well-formed, nests at most 256 deep, and reports the first
// 20 faults while counting them all. (BenchmarkRepairHostile measures how
// the time grows with the input.)
func TestRepairHostile(t *testing.T) {
	t.Parallel()
	const n = 20000
	for name, in := range hostile(n) {
		out, faults, count := xmlrepair.Repair(in)
		if depth := checkWellFormed(t, in, out); depth > 256 {
			t.Errorf("%s: output nests %d deep, want at most 256", name, depth)
		}
		if len(faults) != min(count, 20) || count < n/3 {
			t.Errorf("%s: %d faults described of %d, want the first 20 of at least %d", name, len(faults), count, n/3)
		}
	}
}

// hostile returns inputs of about n faults each, by name.
func hostile(n int) map[string]string {
	return map[string]string{
		"deep nesting":      "<rss>" + strings.Repeat("<a>", n) + strings.Repeat("</b>", n),
		"unclosed items":    "<rss><channel>" + strings.Repeat("<item>", n),
		"many attributes":   "<rss" + strings.Repeat(` a="1"`, n) + ">",
		"many xml decls":    strings.Repeat("<?xml ?>", n),
		"ampersands":        "<rss>" + strings.Repeat("&", n) + "</rss>",
		"lone lt":           "<rss>" + strings.Repeat("< ", n) + "</rss>",
		"end tags mismatch": "<rss>" + strings.Repeat("<a><b></a>", n/3) + "</rss>",
		"junk in tag":       "<rss " + strings.Repeat("\"", n) + ">",
	}
}

// BenchmarkRepairHostile repairs each hostile shape at two sizes: the
// throughput (MB/s) of the larger must be about that of the smaller, as
// Repair runs in linear time.
func BenchmarkRepairHostile(b *testing.B) {
	for _, n := range []int{20000, 200000} {
		for name, in := range hostile(n) {
			b.Run(fmt.Sprintf("%s/n=%d", name, n), func(b *testing.B) {
				b.SetBytes(int64(len(in)))
				for b.Loop() {
					xmlrepair.Repair(in)
				}
			})
		}
	}
}

// FuzzRepair checks that Repair's output is well-formed XML, as a strict
// encoding/xml decoder sees it, whatever the input.
func FuzzRepair(f *testing.F) {
	f.Add(`<rss a="1" a="2"><channel><item><title>A & B</title></item></channel></rss>`)
	f.Add("<rss><t>x\x00y&#1;z&nbsp;</t><a><b></a></rss>")
	f.Add(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><feed><entry><title x=1 y>`)
	f.Fuzz(func(t *testing.T, in string) {
		out, _, _ := xmlrepair.Repair(in)
		checkWellFormed(t, in, out)
	})
}
