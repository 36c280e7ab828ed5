package feedgen

import (
	"github.com/gorilla/feeds"
)

// jsonFeed extends gorilla's JSONFeed (already version 1.1) with our
// items, always written: JSON Feed requires "items" even when empty, and
// gorilla omits an empty list.
type jsonFeed struct {
	*feeds.JSONFeed
	Items []*jsonItem `json:"items"`
}

// jsonItem extends gorilla's JSONItem with JSON Feed 1.1's item language,
// which gorilla lacks, and the _sanafeed extension object.
type jsonItem struct {
	*feeds.JSONItem
	Language string       `json:"language,omitempty"`
	Sanafeed jsonSanafeed `json:"_sanafeed"`
}

// jsonSanafeed is the _sanafeed extension of a JSON Feed item (CONTRACT.md).
type jsonSanafeed struct {
	Translations []jsonTranslation `json:"translations"` // never null
	// Revisions is how many past texts of the article sanafeed keeps
	// (on its /stories page); absent when none.
	Revisions int `json:"revisions,omitempty"`
	// URLs are every SANA URL of the article when reposts of it were
	// folded into it, its own first; absent otherwise.
	URLs []string `json:"urls,omitempty"`
}

// jsonTranslation is one translation of an item.
type jsonTranslation struct {
	Lang string `json:"lang"`
	URL  string `json:"url"`
	ID   string `json:"id"`
}

// json returns the feed as a JSON Feed 1.1 document.
func (m *model) json() *jsonFeed {
	g := (&feeds.JSON{Feed: m.gf}).JSONFeed()
	g.Language = m.f.Lang
	g.FeedUrl = m.f.SelfURL
	g.HomePageUrl = m.f.HomeURL // gorilla's falls back to SelfURL; JSON need not
	g.Icon = m.f.Icon
	if m.f.HubURL != "" {
		g.Hubs = []*feeds.JSONHub{{Type: "WebSub", Url: m.f.HubURL}}
	}
	x := &jsonFeed{JSONFeed: g, Items: make([]*jsonItem, len(g.Items))}
	for i, ji := range g.Items {
		x.Items[i] = m.items[i].json(ji)
	}
	return x
}

// json extends gorilla's item ji for the item.
func (it *item) json(ji *feeds.JSONItem) *jsonItem {
	ji.Image = it.image
	ji.Tags = labels(it.categories)
	x := &jsonItem{
		JSONItem: ji,
		Language: it.lang,
		Sanafeed: jsonSanafeed{Translations: make([]jsonTranslation, len(it.translations))},
	}
	for i, t := range it.translations {
		x.Sanafeed.Translations[i] = jsonTranslation{Lang: t.Lang, URL: t.URL, ID: t.ID}
	}
	x.Sanafeed.Revisions = it.a.Revisions
	if len(it.a.Reposts) > 0 {
		x.Sanafeed.URLs = it.a.URLs()
	}
	return x
}
