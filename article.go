package sanafeed

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Where an article's content came from. A page beats a feed: feeds carry
// excerpts or nothing, pages carry the whole article.
const (
	FromFeed = "feed"
	FromPage = "page"
)

// MaxTags is the most tags, and apart the most categories, that one
// article keeps: the first MaxTags, in the page's or the feed item's
// order. SANA's articles carry a handful; a page or item with thousands
// would cost CPU to extract, and bytes in the store's tag index and in
// every feed that lists the article. Both producers (extract for pages,
// fetch for feed items) apply it.
const MaxTags = 100

// A Tag is a SANA tag or category: its slug as in SANA's URLs (decoded, so
// Arabic slugs are Arabic text) and its display name.
type Tag struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// A Link points at one version of a story in another edition.
type Link struct {
	Lang  string `json:"lang"`
	URL   string `json:"url"`
	ID    string `json:"id"`
	Title string `json:"title,omitempty"`
}

// An Article is one SANA article, normalised. Its identity is its edition
// and SANA post id: every observation of the same post (feed item, page,
// http or https, changed GUID) is merged into one Article.
type Article struct {
	Lang     string `json:"lang"`
	PostID   int64  `json:"post_id"`
	URL      string `json:"url"`            // canonical article URL
	GUID     string `json:"guid,omitempty"` // last GUID the feed gave, informational; the store keeps it unless it is the post's ?p= shortlink
	Title    string `json:"title"`
	Content  string `json:"content,omitempty"` // sanitised HTML
	Summary  string `json:"summary,omitempty"` // plain text excerpt
	Dateline string `json:"dateline,omitempty"`
	Author   string `json:"author,omitempty"`
	Image    string `json:"image,omitempty"` // featured image URL
	// Tags are SANA's tags; Categories its categories. Feeds mix both in
	// <category>; pages tell them apart.
	Tags       []Tag  `json:"tags,omitempty"`
	Categories []Tag  `json:"categories,omitempty"`
	From       string `json:"from"` // FromFeed or FromPage: what Content, Tags and Categories came from

	Published time.Time `json:"published"`         // as SANA states it
	Modified  time.Time `json:"modified,omitzero"` // as SANA states it

	FirstSeen time.Time `json:"first_seen"` // when sanafeed first stored it
	Updated   time.Time `json:"updated"`    // when sanafeed last saw it change
	Version   int       `json:"version"`    // 1 on creation, +1 per real change

	Cluster      string `json:"cluster,omitempty"`      // translation cluster; "" when alone
	Translations []Link `json:"translations,omitempty"` // filled in when read for serving

	// Revisions is how many past texts of the article the store keeps
	// (see Revision); the current text is not one.
	Revisions int `json:"revisions,omitempty"`
	// Reposts are the URLs of the SANA posts folded into this one
	// (reposts of it within its edition), oldest fold first, except that
	// the one whose text is current comes last (see TextURL).
	Reposts []string `json:"reposts,omitempty"`
	// RepostOf, set by the caller of the store's PutArticles, is the key
	// of a stored article of the same edition this one is a repost of:
	// it is folded into that one instead of stored. It is never stored.
	RepostOf string `json:"repost_of,omitempty"`
}

// FutureSlack is how far ahead of the clock a time SANA states (an
// article's published or modified time) may lie and still be believed:
// time zones and clocks a little off, never more than a day.
const FutureSlack = 24 * time.Hour

// ClampFuture clears a's Published and Modified where they lie more than
// FutureSlack after now, the time a is observed, and reports whether it
// cleared either. An article dated 9999-12-31 would otherwise sort first
// in every feed, forever; cleared, its time is when sanafeed first saw
// it (see Time), as for an article SANA gives no date. The poller applies
// it to every observation before storing it (Merge never replaces a
// stored publish time, so a later observation cannot bring the date
// back); articles stored before it did keep their dates.
func (a *Article) ClampFuture(now time.Time) bool {
	clamped := false
	if a.Published.Sub(now) > FutureSlack {
		a.Published, clamped = time.Time{}, true
	}
	if a.Modified.Sub(now) > FutureSlack {
		a.Modified, clamped = time.Time{}, true
	}
	return clamped
}

// Time returns when a counts in time order (feeds, the store's time index,
// translation linking): its publish time, else when sanafeed first saw
// it, for an article SANA gave no date.
func (a *Article) Time() time.Time {
	if a.Published.IsZero() {
		return a.FirstSeen
	}
	return a.Published
}

// Revised returns when a was last revised: as far as SANA tells, its
// modified time when that is later than Time, else Time; and when the
// store kept a past text of a (an edit, a folded repost: Revisions or
// Reposts), when sanafeed stored its current text (Updated) if later.
// Feeds show it as the item's updated time, webhooks as data.updated.
func (a *Article) Revised() time.Time {
	t := a.Time()
	if a.Modified.After(t) {
		t = a.Modified
	}
	if (a.Revisions > 0 || len(a.Reposts) > 0) && a.Updated.After(t) {
		t = a.Updated
	}
	return t
}

// Key returns the article's store key, "lang/postid".
func (a *Article) Key() string { return ArticleKey(a.Lang, a.PostID) }

// ID returns the article's public id, stable for the life of the SANA post.
func (a *Article) ID() string { return ArticleID(a.Lang, a.PostID) }

// ArticleKey returns the store key of the post id in the edition lang.
func ArticleKey(lang string, postID int64) string {
	return lang + "/" + strconv.FormatInt(postID, 10)
}

// SplitKey returns the edition and the post id of an ArticleKey.
func SplitKey(key string) (lang string, postID int64, err error) {
	lang, id, ok := strings.Cut(key, "/")
	if ok {
		postID, err = strconv.ParseInt(id, 10, 64)
	}
	if !ok || err != nil || postID <= 0 || lang == "" {
		return "", 0, fmt.Errorf("article key %q: want lang/post-id", key)
	}
	return lang, postID, nil
}

// ArticleID returns the public id (a tag URI, RFC 4151) of the post id in
// the edition lang. It names the SANA article wherever it was fetched from.
func ArticleID(lang string, postID int64) string {
	return idPrefix + ArticleKey(lang, postID)
}

// idPrefix starts every public id sanafeed gives.
const idPrefix = "tag:sana.sy,2025:"

// StoryID returns the public id of the story (translation cluster) that
// the article key stands for: see the server's story feed.
func StoryID(key string) string { return idPrefix + "stories/" + key }

// Validate returns an error describing the first invalid field.
func (a *Article) Validate() error {
	switch {
	case a.Lang == "":
		return errors.New("article: lang required")
	case a.PostID <= 0:
		return fmt.Errorf("article %s: post id required", a.URL)
	case a.URL == "":
		return fmt.Errorf("article %s: url required", a.Key())
	case a.Title == "":
		return fmt.Errorf("article %s: title required", a.Key())
	}
	return nil
}

// TagSlugs returns the slugs of the article's tags.
func (a *Article) TagSlugs() []string {
	s := make([]string, len(a.Tags))
	for i, t := range a.Tags {
		s[i] = t.Slug
	}
	return s
}

// HasTag reports whether the article carries the tag slug.
func (a *Article) HasTag(slug string) bool {
	return slices.ContainsFunc(a.Tags, func(t Tag) bool { return t.Slug == slug })
}

// Merge folds a newer observation n of the same article into a and reports
// whether anything a reader would see changed. Content, tags and categories
// from a page are never replaced by those from a feed; empty fields of n
// never erase fields of a. The caller sets Updated and Version.
func (a *Article) Merge(n Article) (changed bool) {
	set := func(dst *string, v string) {
		if v != "" && v != *dst {
			*dst = v
			changed = true
		}
	}
	set(&a.Title, n.Title)
	set(&a.URL, n.URL)
	if n.GUID != "" {
		a.GUID = n.GUID // a changed GUID is not a change to the article
	}
	if n.From == FromPage || a.From != FromPage {
		set(&a.Content, n.Content)
		set(&a.Summary, n.Summary)
		if len(n.Tags) > 0 && !slices.Equal(a.Tags, n.Tags) {
			a.Tags, changed = n.Tags, true
		}
		if len(n.Categories) > 0 && !slices.Equal(a.Categories, n.Categories) {
			a.Categories, changed = n.Categories, true
		}
		if n.From != "" {
			a.From = n.From
		}
	}
	set(&a.Dateline, n.Dateline)
	set(&a.Author, n.Author)
	set(&a.Image, n.Image)
	if !n.Published.IsZero() && a.Published.IsZero() {
		a.Published, changed = n.Published, true
	}
	if n.Modified.After(a.Modified) {
		a.Modified, changed = n.Modified, true
	}
	return changed
}

// Slugify turns a tag or category name into a slug the way WordPress does
// for names without one: lower case, Latin accents dropped, runs of
// anything but letters and digits become one hyphen. Arabic letters stay.
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if f, ok := foldAccent[r]; ok {
			r = f
		}
		switch {
		case r == 'ı':
			r = 'i'
		case isSlugRune(r):
		default:
			if b.Len() > 0 {
				dash = true
			}
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isSlugRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' ||
		r >= 0x0600 && r <= 0x06FF && !(r >= 0x060C && r <= 0x061F) && r != 0x066A && r != 0x066B && r != 0x066C && r != 0x06D4
}

var foldAccent = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ä': 'a', 'ã': 'a', 'å': 'a',
	'ç': 'c', 'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e',
	'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i', 'ñ': 'n',
	'ò': 'o', 'ó': 'o', 'ô': 'o', 'ö': 'o', 'õ': 'o',
	'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u', 'ý': 'y', 'ÿ': 'y',
	'ğ': 'g', 'ş': 's', 'œ': 'o', 'æ': 'a',
}
