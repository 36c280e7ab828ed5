package sanafeed

import (
	"crypto/sha256"
	"encoding/hex"
	"html"
	"strings"
	"time"
)

// Webhook event types, as sent in an Event's Type.
const (
	EventCreated           = "article.created"            // a SANA article was stored for the first time
	EventUpdated           = "article.updated"            // SANA edited a stored article (see Edited)
	EventTranslationLinked = "article.translation_linked" // an article's set of translations changed
)

// An Event is the JSON body of one webhook delivery, as CONTRACT.md gives it.
type Event struct {
	Type      string    `json:"type"`
	Timestamp time.Time `json:"timestamp"` // when sanafeed saw the change
	Data      EventData `json:"data"`
}

// EventData is the article an Event is about.
type EventData struct {
	ID           string    `json:"id"` // the article's public id (Article.ID)
	Lang         string    `json:"lang"`
	URL          string    `json:"url"`
	Title        string    `json:"title"`
	Tags         []string  `json:"tags"` // slugs; never null
	Published    time.Time `json:"published"`
	Updated      time.Time `json:"updated"`      // Modified when later than Published, as in the feeds
	Translations []Link    `json:"translations"` // lang, url and id; never null
	// URLs are every SANA URL of the article, its own first, when reposts
	// of it were folded into it (see Article.URLs); absent otherwise.
	URLs []string `json:"urls,omitempty"`
}

// NewEvent returns the event typ about a (with its Translations filled
// in) seen at at. Times are UTC; a missing Published is FirstSeen.
func NewEvent(typ string, a *Article, at time.Time) Event {
	d := EventData{
		ID:           a.ID(),
		Lang:         a.Lang,
		URL:          a.URL,
		Title:        a.Title,
		Tags:         a.TagSlugs(),
		Published:    a.Time().UTC(),
		Updated:      a.Revised().UTC(),
		Translations: make([]Link, len(a.Translations)),
	}
	for i, l := range a.Translations {
		d.Translations[i] = Link{Lang: l.Lang, URL: l.URL, ID: l.ID}
	}
	if len(a.Reposts) > 0 {
		d.URLs = a.URLs()
	}
	return Event{Type: typ, Timestamp: at.UTC(), Data: d}
}

// Edited reports whether cur, the stored article after merging new
// observations, is a real edit of old, the article as stored before: its
// title changed (ignoring white space and HTML escaping), or SANA's
// Modified time advanced from a known one, or the content changed between
// two reads of the article's page. A first page read replacing a feed
// excerpt, a first Modified time, a new URL form or new tags from the
// page are not edits.
func Edited(old, cur *Article) bool {
	switch {
	case normTitle(cur.Title) != normTitle(old.Title):
		return true
	case !old.Modified.IsZero() && cur.Modified.After(old.Modified):
		return true
	}
	return old.From == FromPage && cur.From == FromPage && cur.Content != old.Content
}

// normTitle returns t unescaped with runs of white space made one space.
func normTitle(t string) string {
	return strings.Join(strings.Fields(html.UnescapeString(t)), " ")
}

// WebhookID returns the stable id of the webhook endpoint at url: the
// first 8 bytes of its SHA-256, in hex.
func WebhookID(url string) string {
	sum := sha256.Sum256([]byte(url))
	return hex.EncodeToString(sum[:8])
}

// An Endpoint is one configured webhook endpoint: where events are sent,
// how they are signed and which ones it gets. The store keeps its filters
// (never its secrets) to queue events; the webhook dispatcher sends.
type Endpoint struct {
	ID  string // WebhookID(URL); empty means that
	URL string // absolute http(s); required; may carry a token, so never shown (see Label)
	// Name is what logs, /metrics and `sanafeed webhooks` call the
	// endpoint in place of its URL; "" means its ID.
	Name string
	// Secrets are the signing secrets, each "whsec_" and the base64 of
	// the key. Each signs every delivery, so a receiver rotating secrets
	// accepts either.
	Secrets []string
	Langs   []string // only articles in these editions; empty means all
	Tags    []string // only articles carrying one of these tag slugs; empty means all
	Events  []string // only these event types (EventCreated, ...); empty means all
	// Match lists words or phrases (see CheckTerms): only articles
	// mentioning one of them, in any edition and script (link.Query);
	// empty means all.
	Match []string
}

// Label returns what the endpoint is called where it is shown: its Name,
// else its ID, else WebhookID(URL). It never shows the URL.
func (e Endpoint) Label() string {
	switch {
	case e.Name != "":
		return e.Name
	case e.ID != "":
		return e.ID
	}
	return WebhookID(e.URL)
}

// A Delivery is one queued attempt to send an event to one webhook
// endpoint. It keeps its MsgID and Body on every try.
type Delivery struct {
	Key         string    // the outbox key; opaque, for MarkDelivered and MarkFailed
	Endpoint    string    // the endpoint's id (WebhookID)
	MsgID       string    // the webhook-id header: "msg_" and a sortable unique id
	Type        string    // the event type
	Body        []byte    // the JSON Event, exactly as sent
	Enqueued    time.Time // when the event was queued
	Attempts    int       // failed attempts so far
	NextAttempt time.Time // not before this
}

// EndpointStats describes one webhook endpoint's deliveries.
type EndpointStats struct {
	ID          string    `json:"id"`
	URL         string    `json:"url"`
	Pending     int       `json:"pending"`   // queued, not yet delivered nor given up
	Failed      int       `json:"failed"`    // given up after the last retry; kept for inspection
	Delivered   int       `json:"delivered"` // answered 2xx
	LastStatus  int       `json:"last_status,omitempty"`
	LastError   string    `json:"last_error,omitempty"`
	LastErrorAt time.Time `json:"last_error_at,omitzero"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	Disabled    bool      `json:"disabled,omitempty"` // the endpoint answered 410 Gone
}
