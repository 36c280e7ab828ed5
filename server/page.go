package server

import (
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"net/url"
	"time"
)

// pageStyle is the CSS the index and story pages share: readable type, a
// single column on phones, cards side by side on wider screens. Logical
// properties (margin-inline-start…) keep it right for Arabic.
const pageStyle = `
:root{--ink:#1b1f1d;--muted:#5a625e;--line:#dde3df;--bg:#f6f8f7;--card:#fff;--brand:#0b6e4f;--brand-ink:#fff;--chip:#e8f1ed}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:17px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic","DejaVu Sans",sans-serif}
a{color:var(--brand)}
a:hover{text-decoration-thickness:2px}
.wrap{max-width:72rem;margin:0 auto;padding:0 1rem}
header.top{background:var(--brand);color:var(--brand-ink);padding:1.25rem 0 1rem}
header.top h1{margin:0;font-size:1.8rem;letter-spacing:.01em}
header.top p{margin:.35rem 0 0;max-width:44rem;opacity:.95}
header.top a{color:var(--brand-ink)}
nav.editions{display:flex;flex-wrap:wrap;gap:.4rem;margin:.9rem 0 0;padding:0;list-style:none}
nav.editions a{display:inline-block;padding:.2rem .7rem;border:1px solid rgba(255,255,255,.55);border-radius:999px;text-decoration:none;color:var(--brand-ink)}
nav.editions a:hover{background:rgba(255,255,255,.15)}
main{padding:1rem 0 2rem}
h2{font-size:1.35rem;margin:0}
h3{font-size:1rem;margin:1rem 0 .4rem;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.04em}
section.box{background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:1rem 1.1rem;margin:1rem 0}
.head{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:.5rem}
.head small{color:var(--muted)}
.subscribe{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem;margin:.6rem 0 0}
.subscribe a.fmt{display:inline-block;padding:.15rem .65rem;border-radius:.35rem;background:var(--brand);color:var(--brand-ink);text-decoration:none;font-size:.9rem;font-weight:600}
.subscribe a.fmt.alt{background:var(--chip);color:var(--brand)}
input.url{flex:1 1 16rem;min-width:0;font:14px/1.4 ui-monospace,"DejaVu Sans Mono",monospace;padding:.3rem .45rem;border:1px solid var(--line);border-radius:.35rem;background:var(--bg);color:var(--ink)}
ul.tags{display:flex;flex-wrap:wrap;gap:.35rem;margin:0;padding:0;list-style:none}
ul.tags a{display:inline-block;padding:.1rem .6rem;border-radius:999px;background:var(--chip);text-decoration:none;font-size:.92rem}
ul.tags .n{color:var(--muted);font-size:.8rem;margin-inline-start:.3rem}
ul.stories{margin:0;padding:0;list-style:none}
ul.stories li{padding:.5rem 0;border-top:1px solid var(--line)}
ul.stories li:first-child{border-top:0}
.meta{color:var(--muted);font-size:.85rem}
.also{font-size:.88rem;margin-top:.15rem}
.also a{margin:0 .3rem;white-space:nowrap}
.story{border-top:1px solid var(--line);padding:.7rem 0}
.story:first-of-type{border-top:0;padding-top:.3rem}
.story .more{float:inline-end;font-size:.85rem}
.versions{display:grid;grid-template-columns:repeat(auto-fill,minmax(max(14rem,calc((100% - 1rem)/3)),1fr));gap:.5rem;margin:.3rem 0 0;clear:both}
.version{border:1px solid var(--line);border-radius:.5rem;padding:.45rem .6rem;background:var(--bg);font-size:.92rem;line-height:1.38}
.version .lang{display:block;font-size:.72rem;font-weight:700;color:var(--brand);text-transform:uppercase;letter-spacing:.05em;margin-bottom:.1rem}
.version .title{font-weight:600;color:var(--ink);text-decoration:none}
.version .title:hover{color:var(--brand);text-decoration:underline}
.version p{margin:.35rem 0 0;font-size:.93rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(24rem,1fr));gap:1rem;margin:1rem 0}
.grid>section.box{margin:0}
ul.stories a.t{text-decoration:none;color:var(--ink);font-weight:500}
ul.stories a.t:hover{color:var(--brand);text-decoration:underline}
ul.stories .sum{margin:.2rem 0 0;font-size:.93rem}
[dir=rtl] .version .lang,[dir=rtl] h3{letter-spacing:0}
code{font:14px ui-monospace,"DejaVu Sans Mono",monospace;background:var(--chip);padding:.05rem .3rem;border-radius:.25rem}
footer{color:var(--muted);font-size:.9rem;padding:1rem 0 2rem}
@media (max-width:40rem){body{font-size:16px}header.top h1{font-size:1.5rem}section.box{padding:.8rem}.grid{grid-template-columns:1fr}}
`

// subpageStyle is pageStyle and what the pages under the index (a
// story, a tag) add: their title links home. Styles are never inline
// attributes, which the pages' Content-Security-Policy refuses.
const subpageStyle = pageStyle + `header.top h1 a{text-decoration:none}
`

// pagePolicy returns the Content-Security-Policy of every HTML page of a
// server whose public URL has the origin origin ("" when unknown). The
// pages are text and links: they load no script, frame, font or plugin,
// submit no form, and take no <base>; their <style> (and a story page's
// second, for its revisions) is allowed by its hash. Images are allowed
// from our own origin and the public URL's only (the site's icon, named
// by its public URL): the pages show no article images, and loading
// SANA's or anyone's would tell third parties who reads what.
func pagePolicy(origin string) string {
	img := "'self'"
	if origin != "" {
		img += " " + origin
	}
	return "default-src 'none'; style-src " + styleSource(pageStyle) + " " + styleSource(subpageStyle) + " " + styleSource(revisionStyle) +
		"; img-src " + img + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}

// originOf returns the scheme and host of the absolute URL raw, or "".
func originOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// styleSource returns the CSP source that allows a <style> element whose
// text is css: 'sha256-…' of its bytes.
func styleSource(css string) string {
	sum := sha256.Sum256([]byte(css))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// htmlDoc makes a doc of an HTML page, sent with the server's
// Content-Security-Policy and the other page headers (see writeDoc).
func (s *Server) htmlDoc(body []byte, lastMod time.Time, prev *doc) *doc {
	d := newDoc(body, "text/html; charset=utf-8", lastMod, s.now(), prev)
	d.hPolicy = s.policy
	return d
}

// pageFuncs are the helpers the page templates use.
var pageFuncs = template.FuncMap{
	"css":         func() template.CSS { return template.CSS(pageStyle) },
	"subpageCSS":  func() template.CSS { return template.CSS(subpageStyle) },
	"revisionCSS": func() template.CSS { return template.CSS(revisionStyle) },
	"datetime": func(t time.Time) string {
		return t.UTC().Format(time.RFC3339)
	},
	"when": func(t time.Time) string {
		return t.UTC().Format("2 Jan 2006, 15:04 UTC")
	},
}
