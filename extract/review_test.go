package extract_test

import (
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/extract"
)

// A theme whose permalinks are /%year%/%monthnum%/%post_id%/ is described
// by an article pattern with a date and an id group: its links are
// articles, not date archives.
func TestArticleDatedPostIDPermalink(t *testing.T) {
	r := sanafeed.DefaultRules("https://example.org/")
	r.Article = `^/[0-9]{4}/[0-9]{2}/(?P<id>[0-9]+)/?$`
	c, err := extract.Compile(r)
	if err != nil {
		t.Fatal(err)
	}
	canon, id, ok := c.Article("https://example.org/", "https://example.org/2026/02/2289847/")
	if !ok || id != 2289847 {
		t.Fatalf("Article() = %q, %d, %v; want the post 2289847", canon, id, ok)
	}
}
