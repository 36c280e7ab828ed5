package extract_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/extract"
)

// manyTagsPage returns an article page with n tag links, n category links
// in its breadcrumbs and, with classes, n tag-{slug} and n category-{slug}
// classes on its <article>: a hostile page, or a broken plugin's.
func manyTagsPage(n int, classes bool) []byte {
	var tags, cats, cls strings.Builder
	for i := range n {
		fmt.Fprintf(&tags, `<a href="https://sana.sy/en/tag/t%d/" rel="tag">Tag %d</a>`, i, i)
		fmt.Fprintf(&cats, `<a href="https://sana.sy/en/c%d/">Category %d</a>`, i, i)
		if classes {
			fmt.Fprintf(&cls, " tag-x%d category-y%d", i, i)
		}
	}
	return fmt.Appendf(nil, `<!DOCTYPE html><html lang="en"><head><title>A story</title></head>`+
		`<body class="single-post postid-5"><div class="breadcrumb-inner">%s</div>`+
		`<article id="post-5" class="post-5%s"><h1 class="s-title">A story</h1>`+
		`<div class="entry-content"><p>DAMASCUS, (SANA) – The text.</p></div>`+
		`<div class="efoot"><div class="tag-bar">%s</div></div></article></body></html>`,
		cats.String(), cls.String(), tags.String())
}

// TestManyTagsBounded checks that a page with 20,000 tags and as many
// categories gives the first sanafeed.MaxTags of each, and that the
// allocations of its extraction grow linearly with the tags: ten times
// the tags, about ten times the allocations (BenchmarkPageManyTags
// compares the time).
func TestManyTagsBounded(t *testing.T) {
	body := manyTagsPage(20000, false)
	a, err := extract.Page(body, "https://sana.sy/en/syria/5/", "en")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Tags) != sanafeed.MaxTags || len(a.Categories) != sanafeed.MaxTags {
		t.Fatalf("%d tags and %d categories, want %d of each", len(a.Tags), len(a.Categories), sanafeed.MaxTags)
	}
	if a.Tags[0].Slug != "t0" || a.Tags[99].Slug != "t99" || a.Categories[99].Slug != "c99" {
		t.Errorf("tags %v…, categories …%v: want the page's first", a.Tags[:2], a.Categories[99])
	}
	if testing.Short() {
		return
	}
	allocs := func(n int) float64 {
		body := manyTagsPage(n, false)
		return testing.AllocsPerRun(2, func() {
			if _, err := extract.Page(body, "https://sana.sy/en/syria/5/", "en"); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, big := allocs(2000), allocs(20000)
	if r := big / small; r > 12 {
		t.Errorf("allocations: %.0f for 2,000 tags, %.0f for 20,000 (×%.1f), want at most ×12", small, big, r)
	}
}

// TestManyTagClassesBounded checks the fallback to the <article>'s
// tag-{slug} and category-{slug} classes is bounded too.
func TestManyTagClassesBounded(t *testing.T) {
	page := []byte(strings.Replace(string(manyTagsPage(0, false)), `class="post-5"`,
		`class="post-5`+classes(300)+`"`, 1))
	a, err := extract.Page(page, "https://sana.sy/en/syria/5/", "en")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Tags) != sanafeed.MaxTags || len(a.Categories) != sanafeed.MaxTags {
		t.Errorf("%d tags and %d categories from classes, want %d of each", len(a.Tags), len(a.Categories), sanafeed.MaxTags)
	}
}

// classes returns n tag-{slug} and n category-{slug} classes.
func classes(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, " tag-x%d category-y%d", i, i)
	}
	return b.String()
}

// BenchmarkPageManyTags extracts pages of 2,000 and 20,000 tags and as
// many categories: the second should take about ten times the first.
// The classes cases put as many tag-{slug} and category-{slug} classes
// on the <article>, above every tag link (see maxClassBytes).
func BenchmarkPageManyTags(b *testing.B) {
	for _, c := range []struct {
		n       int
		classes bool
	}{{2000, false}, {20000, false}, {2000, true}, {20000, true}} {
		name := fmt.Sprint(c.n)
		if c.classes {
			name = "classes-" + name
		}
		b.Run(name, func(b *testing.B) {
			body := manyTagsPage(c.n, c.classes)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := extract.Page(body, "https://sana.sy/en/syria/5/", "en"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
