package feedgen

import (
	"html"
	"strings"

	"github.com/sanafeed/sanafeed"
)

// alsoPosted is the label of the line of links to the reposts folded into
// an article, by edition.
var alsoPosted = map[string]string{
	"ar": "نُشر أيضاً في:",
	"en": "Also posted as:",
	"fr": "Publié aussi sous\u00a0:", // no-break space before a colon
	"es": "También publicado como:",
	"tr": "Ayrıca yayımlandığı adres:",
	"ku": "Herwiha hate weşandin wek:",
}

// writeReposts writes the line of links to the SANA posts folded into a
// (its Reposts), nothing when there are none:
//
//	<p class="sanafeed-reposts" dir="ltr" lang="en">Also posted as: <a href="…">…</a></p>
func writeReposts(b *strings.Builder, a *sanafeed.Article) {
	if len(a.Reposts) == 0 {
		return
	}
	label, ok := alsoPosted[a.Lang]
	if !ok {
		label = alsoPosted["en"]
	}
	b.WriteString(`<p class="sanafeed-reposts"`)
	writeDirLang(b, a.Lang)
	b.WriteByte('>')
	b.WriteString(html.EscapeString(label))
	for i, u := range a.Reposts {
		if i > 0 {
			b.WriteString(" ·")
		}
		b.WriteString(` <a href="`)
		b.WriteString(html.EscapeString(u))
		b.WriteString(`" dir="ltr">`)
		b.WriteString(html.EscapeString(u))
		b.WriteString("</a>")
	}
	b.WriteString("</p>")
}
