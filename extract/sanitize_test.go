package extract_test

import (
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed/extract"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// xssVectors are filter-evasion vectors from the OWASP XSS Filter Evasion
// Cheat Sheet, with a few mutation-XSS and URL-cleaning cases of our own.
var xssVectors = []string{
	`<script>alert('XSS')</script>`,
	`<SCRIPT SRC=https://xss.rocks/xss.js></SCRIPT>`,
	`<IMG SRC="javascript:alert('XSS');">`,
	`<IMG SRC=javascript:alert('XSS')>`,
	`<IMG SRC=JaVaScRiPt:alert('XSS')>`,
	`<IMG SRC=javascript:alert(&quot;XSS&quot;)>`,
	"<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
	`<a onmouseover="alert(document.cookie)">xxs link</a>`,
	`<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\>`,
	`<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>`,
	`<IMG SRC=# onmouseover="alert('xxs')">`,
	`<IMG SRC= onmouseover="alert('xxs')">`,
	`<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>`,
	`<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">`,
	`<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>`,
	`<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>`,
	"<IMG SRC=\"jav\tascript:alert('XSS');\">",
	`<IMG SRC="jav&#x09;ascript:alert('XSS');">`,
	`<IMG SRC="jav&#x0A;ascript:alert('XSS');">`,
	`<IMG SRC="jav&#x0D;ascript:alert('XSS');">`,
	`<IMG SRC=" &#14;  javascript:alert('XSS');">`,
	`<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>`,
	"<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
	`<<SCRIPT>alert("XSS");//<</SCRIPT>`,
	`<SCRIPT SRC=http://xss.rocks/xss.js?< B >`,
	`</TITLE><SCRIPT>alert("XSS");</SCRIPT>`,
	`<INPUT TYPE="IMAGE" SRC="javascript:alert('XSS');">`,
	`<BODY BACKGROUND="javascript:alert('XSS')">`,
	`<IMG DYNSRC="javascript:alert('XSS')"><IMG LOWSRC="javascript:alert('XSS')">`,
	`<STYLE>li {list-style-image: url("javascript:alert('XSS')");}</STYLE><UL><LI>XSS</br>`,
	`<svg/onload=alert('XSS')>`,
	`<BR SIZE="&{alert('XSS')}">`,
	`<LINK REL="stylesheet" HREF="javascript:alert('XSS');">`,
	`<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert('XSS');">`,
	`<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">`,
	`<IFRAME SRC="javascript:alert('XSS');"></IFRAME>`,
	`<FRAMESET><FRAME SRC="javascript:alert('XSS');"></FRAMESET>`,
	`<TABLE BACKGROUND="javascript:alert('XSS')"><TR><TD BACKGROUND="javascript:alert('XSS')">x</TD></TR></TABLE>`,
	`<DIV STYLE="background-image: url(javascript:alert('XSS'))">x</DIV>`,
	`<DIV STYLE="width: expression(alert('XSS'));">x</DIV>`,
	`<IMG STYLE="xss:expr/*XSS*/ession(alert('XSS'))">`,
	`<XSS STYLE="behavior: url(xss.htc);">`,
	`<BASE HREF="javascript:alert('XSS');//">`,
	`<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>`,
	`<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciPjxzY3JpcHQ+YWxlcnQoMSk8L3NjcmlwdD48L3N2Zz4=" type="image/svg+xml" AllowScriptAccess="always"></EMBED>`,
	`<a href="jAvAsCrIpT:alert(1)">x</a>`,
	`<a href="vbscript:msgbox('XSS')">x</a>`,
	`<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`,
	`<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==">`,
	`<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>`,
	`<a href="&#x6A;avascript:alert(1)">x</a>`,
	`<a href="java&#x0A;script:alert(1)">x</a>`,
	"<a href=\"\x01javascript:alert(1)\">x</a>",
	`<a href="  javascript:alert(1)">x</a>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	`<img srcset="javascript:alert(1) 1x, https://ok.example/x.jpg 2x" src="https://ok.example/x.jpg">`,
	`<img data-src="javascript:alert(1)" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">`,
	`<blockquote cite="javascript:alert(1)">q</blockquote>`,
	`<video poster=javascript:alert(1)></video><details open ontoggle=alert(1)>d</details>`,
	`<isindex type=image src=1 onerror=alert(1)>`,
	`<template><script>alert(1)</script></template>`,
	`<a href="https://ok.example/" target="_blank" rel="opener">ok</a>`,
	`<IMG SRC="javascript:alert('XSS')"`,
	`<p style="color:red" class="x" id="y" onclick="alert(1)">p</p>`,
}

func TestSanitizeXSS(t *testing.T) {
	for _, v := range xssVectors {
		for _, base := range []string{"", "https://sana.sy/en/syria/1/"} {
			got := extract.Sanitize(v, base)
			if msg := unsafeHTML(got); msg != "" {
				t.Errorf("Sanitize(%q, %q) = %q: %s", v, base, got, msg)
			}
			if again := extract.Sanitize(got, base); again != got {
				t.Errorf("Sanitize not stable on %q:\n once  %q\n twice %q", v, got, again)
			}
		}
	}
}

// unsafeHTML parses s and says what in it could run script, or "".
func unsafeHTML(s string) string {
	if strings.Contains(strings.ToLower(s), "<script") {
		return "a <script> tag"
	}
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(s), ctx)
	if err != nil {
		return err.Error()
	}
	for _, n := range nodes {
		if msg := unsafeNode(n); msg != "" {
			return msg
		}
	}
	return ""
}

var forbiddenTags = map[string]bool{"script": true, "style": true, "iframe": true, "frame": true, "frameset": true,
	"object": true, "embed": true, "form": true, "input": true, "button": true, "base": true, "meta": true,
	"link": true, "svg": true, "math": true, "template": true, "noscript": true}

func unsafeNode(n *html.Node) string {
	if n.Type == html.ElementNode {
		if forbiddenTags[n.Data] {
			return "a <" + n.Data + "> element"
		}
		for _, a := range n.Attr {
			k := strings.ToLower(a.Key)
			switch {
			case strings.HasPrefix(k, "on"):
				return "an event handler attribute " + k
			case k == "style" || k == "formaction" || k == "background" || k == "dynsrc" || k == "lowsrc":
				return "attribute " + k
			case k == "href" || k == "src" || k == "cite" || k == "action" || k == "poster" || k == "data":
				if badURL(a.Val) {
					return "unsafe URL in " + k + ": " + a.Val
				}
			case k == "srcset":
				for _, c := range strings.Split(a.Val, ",") {
					if f := strings.Fields(c); len(f) > 0 && badURL(f[0]) {
						return "unsafe URL in srcset: " + a.Val
					}
				}
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if msg := unsafeNode(c); msg != "" {
			return msg
		}
	}
	return ""
}

// badURL reports whether u, read as a browser reads it, is not http(s),
// mailto or relative.
func badURL(u string) bool {
	u = strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, strings.ToLower(u))
	for _, s := range []string{"javascript:", "vbscript:", "data:", "livescript:", "mocha:"} {
		if strings.HasPrefix(u, s) {
			return true
		}
	}
	if i := strings.IndexByte(u, ':'); i >= 0 && !strings.ContainsAny(u[:i], "/?#") {
		switch u[:i] {
		case "http", "https", "mailto":
		default:
			return true
		}
	}
	return false
}

func TestSanitizeKeeps(t *testing.T) {
	base := "https://sana.sy/en/syria/2290113/"
	tests := []struct{ name, in, want string }{
		{"paragraph text", `<p>DAMASCUS, Feb. 9 (SANA) – Text &amp; more.</p>`, `<p>DAMASCUS, Feb. 9 (SANA) – Text &amp; more.</p>`},
		{"relative link made absolute, nofollow noopener, no target",
			`<a href="/en/tag/water/" target="_blank" rel="tag">water</a>`,
			`<a href="https://sana.sy/en/tag/water/" rel="nofollow noopener">water</a>`},
		{"relative image", `<img src="../x.jpg" alt="A">`, `<img src="https://sana.sy/en/syria/x.jpg" alt="A"/>`},
		{"lazy image", `<img src="data:image/svg+xml,%3Csvg%3E" data-src="/u/a.jpg" data-srcset="/u/a.jpg 1024w, /u/a-300x200.jpg 300w" class="lazyload" alt="">`,
			`<img src="https://sana.sy/u/a.jpg" alt="" srcset="https://sana.sy/u/a.jpg 1024w, https://sana.sy/u/a-300x200.jpg 300w"/>`},
		{"data-lazy-src", `<img data-lazy-src="https://sana.sy/u/b.jpg" src="https://sana.sy/lazy.gif">`, `<img src="https://sana.sy/u/b.jpg"/>`},
		{"tracking pixel 1x1", `<p>a<img src="https://example.com/p.gif" width="1" height="1"></p>`, `<p>a</p>`},
		{"tracking pixel host", `<p>a<img src="https://www.google-analytics.com/collect?v=1"></p>`, `<p>a</p>`},
		{"dir and lang kept", `<p dir="rtl" lang="ar">نص</p>`, `<p dir="rtl" lang="ar">نص</p>`},
		{"mailto kept", `<a href="mailto:news@sana.sy">mail</a>`, `<a href="mailto:news@sana.sy" rel="nofollow noopener">mail</a>`},
		{"tables and lists", `<table><tr><td>1</td></tr></table><ul><li>x</li></ul>`, `<table><tbody><tr><td>1</td></tr></tbody></table><ul><li>x</li></ul>`},
		{"figure", `<figure><img src="https://sana.sy/a.jpg"><figcaption>c</figcaption></figure>`, `<figure><img src="https://sana.sy/a.jpg"/><figcaption>c</figcaption></figure>`},
		{"script content gone", `<p>a</p><script>var x = "<p>b</p>";</script>`, `<p>a</p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := extract.Sanitize(tt.in, base); got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitizeNoBase(t *testing.T) {
	got := extract.Sanitize(`<a href="/en/x/">x</a><img src="y.jpg">`, "")
	want := `<a href="/en/x/" rel="nofollow noopener">x</a><img src="y.jpg"/>`
	if got != want {
		t.Errorf("Sanitize() = %q, want %q", got, want)
	}
}
