package refresh_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
)

// repeatingSite is a WordPress edition whose theme answers /page/N/ with
// its home again: paging shows nothing new, yet the gap is not closed.
// Only its sitemap lists all ten posts; its home shows the newest five.
func repeatingSite() http.Handler {
	day := time.Date(2026, 2, 9, 12, 0, 0, 0, time.UTC)
	home := func() string {
		var b strings.Builder
		b.WriteString("<html><body><main>")
		for id := 10; id > 5; id-- {
			fmt.Fprintf(&b, `<article><h3><a href="/en/syria/%d/">Story %d</a></h3><time datetime="%s"></time></article>`,
				id, id, day.Add(time.Duration(id)*time.Hour).Format(time.RFC3339))
		}
		b.WriteString("</main></body></html>")
		return b.String()
	}()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		case p == "/en/" || strings.HasPrefix(p, "/en/page/"):
			w.Write([]byte(home))
		case p == "/en/sitemap_index.xml":
			w.Write([]byte(`<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` +
				`<sitemap><loc>http://` + r.Host + `/en/post-sitemap.xml</loc></sitemap></sitemapindex>`))
		case p == "/en/post-sitemap.xml":
			var b strings.Builder
			b.WriteString(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			for id := 1; id <= 10; id++ {
				fmt.Fprintf(&b, "<url><loc>http://%s/en/syria/%d/</loc><lastmod>%s</lastmod></url>",
					r.Host, id, day.Add(time.Duration(id)*time.Hour).Format(time.RFC3339))
			}
			b.WriteString("</urlset>")
			w.Write([]byte(b.String()))
		case strings.HasPrefix(p, "/en/syria/"):
			id := strings.Trim(strings.TrimPrefix(p, "/en/syria/"), "/")
			fmt.Fprintf(w, `<html><head><title>Story %s</title><link rel="shortlink" href="/en/?p=%s">`+
				`<meta property="article:published_time" content="%s"></head><body class="postid-%s"><article>`+
				`<h1 class="s-title">Story %s</h1><div class="entry-content"><p>DAMASCUS, (SANA) – The whole of story %s, `+
				`told at length so that it reads as an article and not as a teaser of one.</p></div></article></body></html>`,
				id, id, day.Format(time.RFC3339), id, id, id)
		default:
			http.NotFound(w, r)
		}
	})
}

// A listing whose next pages only repeat it ends short of what was had:
// the poll closes the gap from the sitemap rather than taking the repeat
// for "nothing new".
func TestRepeatedPagesDoNotCloseTheGap(t *testing.T) {
	t.Parallel()
	site := httptest.NewServer(repeatingSite())
	defer site.Close()
	p, db := newPoller(t, sanafeed.Source{Lang: "en", URL: site.URL + "/en/"})
	res := p.PollOnce(t.Context())[0]
	for id := int64(1); id <= 10; id++ {
		if _, err := db.Article(t.Context(), sanafeed.ArticleKey("en", id)); err != nil {
			t.Errorf("en/%d not stored: %v (poll %+v)", id, err, res)
		}
	}
}
