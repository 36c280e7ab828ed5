package extract

import (
	"encoding/json"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/sanafeed/sanafeed"
)

// ldData is what a page's JSON-LD says about its article. Article-typed
// nodes (Article, NewsArticle, BlogPosting…) win over others (WebPage).
type ldData struct {
	isArticle bool // an article-typed node exists
	headline  string
	published string
	modified  string
	author    string
	image     string
}

// parseLD reads every <script type="application/ld+json"> of doc, skipping
// the ones that are not valid JSON.
func parseLD(doc *goquery.Document) ldData {
	var nodes []map[string]any
	doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		if !strings.Contains(strings.ToLower(s.AttrOr("type", "")), "ld+json") {
			return
		}
		var v any
		if json.Unmarshal([]byte(s.Text()), &v) == nil {
			nodes = flattenLD(v, nodes, 0)
		}
	})
	byID := make(map[string]map[string]any)
	for _, n := range nodes {
		if id, ok := n["@id"].(string); ok && len(n) > 1 {
			byID[id] = n
		}
	}
	var d ldData
	for pass := range 2 {
		for _, n := range nodes {
			art := isArticleType(n["@type"])
			if art != (pass == 0) {
				continue
			}
			d.isArticle = d.isArticle || art
			fill(&d.headline, ldString(n["headline"]))
			fill(&d.published, ldString(n["datePublished"]))
			fill(&d.modified, ldString(n["dateModified"]))
			fill(&d.author, ldName(n["author"], byID))
			fill(&d.image, ldURL(n["image"], byID))
			if !art {
				fill(&d.image, ldURL(n["primaryImageOfPage"], byID))
			}
		}
	}
	return d
}

func fill(dst *string, v string) {
	if *dst == "" {
		*dst = sanafeed.CollapseSpace(v)
	}
}

// flattenLD appends every JSON object under v (an @graph, arrays, nested
// objects) to nodes.
func flattenLD(v any, nodes []map[string]any, depth int) []map[string]any {
	if depth > 8 {
		return nodes
	}
	switch v := v.(type) {
	case map[string]any:
		nodes = append(nodes, v)
		for _, k := range []string{"@graph", "mainEntity", "mainEntityOfPage", "hasPart"} {
			if c, ok := v[k]; ok {
				nodes = flattenLD(c, nodes, depth+1)
			}
		}
	case []any:
		for _, c := range v {
			nodes = flattenLD(c, nodes, depth+1)
		}
	}
	return nodes
}

func isArticleType(t any) bool {
	switch t := t.(type) {
	case string:
		return strings.HasSuffix(t, "Article") || t == "BlogPosting" || t == "Report"
	case []any:
		for _, e := range t {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

func ldString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		if len(v) > 0 {
			return ldString(v[0])
		}
	}
	return ""
}

// ldName returns the name of a person or organisation given inline, by
// @id reference, or as a list (the first).
func ldName(v any, byID map[string]map[string]any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		if len(v) > 0 {
			return ldName(v[0], byID)
		}
	case map[string]any:
		if n := ldString(v["name"]); n != "" {
			return n
		}
		if id, ok := v["@id"].(string); ok {
			if ref, ok := byID[id]; ok {
				return ldString(ref["name"])
			}
		}
	}
	return ""
}

// ldURL returns the URL of an image given as a string, an ImageObject, an
// @id reference or a list (the first).
func ldURL(v any, byID map[string]map[string]any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		if len(v) > 0 {
			return ldURL(v[0], byID)
		}
	case map[string]any:
		for _, k := range []string{"url", "contentUrl"} {
			if u := ldString(v[k]); u != "" {
				return u
			}
		}
		if id, ok := v["@id"].(string); ok {
			if ref, ok := byID[id]; ok {
				return ldURL(map[string]any{"url": ref["url"], "contentUrl": ref["contentUrl"]}, nil)
			}
		}
	}
	return ""
}
