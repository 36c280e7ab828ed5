package link

import (
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sanafeed/sanafeed"
)

// Reposts: SANA re-runs an article's text under a new post id, and posts
// a new version of a story as a new post whose title starts "Updated-"
// (محدث, Mis à jour, …), a paragraph or two changed or added. Within one
// edition and a time window, such a post is a repost of the older one.
// Detection compares the texts as sets of word shingles (w-shingling:
// every run of shingleWords normalised words, hashed), not as exact
// hashes, so that a changed paragraph, a re-typed dateline or a new
// title do not hide a repost; and it weighs the numbers the texts state,
// which is what tells two stories of one kind apart (two road works in
// Damascus the same day share their words, not their kilometres).

// RepostOptions tune repost detection. The zero value detects with the
// defaults.
type RepostOptions struct {
	// Window is the largest publish-time gap between an article and its
	// repost; 0 means DefaultRepostWindow.
	Window time.Duration
	// Threshold is the least score (see RepostScore) at which a pair is a
	// repost; 0 means DefaultRepostThreshold.
	Threshold float64
	// TextOnly scores by the texts alone, the numbers they state ignored,
	// for ablation.
	TextOnly bool
	// Workers is how many goroutines compute the texts' features; 0 means
	// GOMAXPROCS.
	Workers int
}

// Defaults of RepostOptions.
const (
	DefaultRepostWindow    = sanafeed.DefaultFoldWindow
	DefaultRepostThreshold = 0.5
)

func (o RepostOptions) withDefaults() RepostOptions {
	if o.Window <= 0 {
		o.Window = DefaultRepostWindow
	}
	if o.Threshold <= 0 {
		o.Threshold = DefaultRepostThreshold
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return o
}

// shingleWords is how many words a shingle has.
const shingleWords = 3

// minRepostShingles is the fewest shingles both texts of a repost pair
// must have: a body of a few words (a photo post's caption, a video
// post's boilerplate) says too little to tell two posts apart, and a
// missed repost stays an item, the safe failure.
const minRepostShingles = 10

// A repostText is what repost detection needs of one article.
type repostText struct {
	key     string
	lang    string
	postID  int64
	at      time.Time // sanafeed.Article.Time
	updated bool      // the title starts with an updated-version prefix
	city    string    // the gazetteer id of the dateline's place; "" when none
	body    []uint64  // the body's shingles, hashed, sorted, unique
	nums    []uint64  // the numbers of title and body, hashed, sorted, unique
}

// repostTexts computes the repost features of arts, in order, on
// workers goroutines.
func repostTexts(arts []*sanafeed.Article, workers int) []*repostText {
	out := make([]*repostText, len(arts))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(arts)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(arts); i = int(next.Add(1)) - 1 {
				out[i] = newRepostText(arts[i])
			}
		})
	}
	wg.Wait()
	return out
}

// newRepostText computes the repost features of a.
func newRepostText(a *sanafeed.Article) *repostText {
	t := &repostText{key: a.Key(), lang: a.Lang, postID: a.PostID, at: a.Time()}
	title, updated := StripUpdated(a.Title)
	t.updated = updated
	body := stripTags(a.Content)
	if strings.TrimSpace(body) == "" {
		body = a.Summary
	}
	place, body := splitDateline(body)
	t.city = datelineCity(a.Lang, place)
	t.body = shingles(body)
	t.nums = hashAll(kindNumber, numberKeys(digitText(title+"\n"+body)))
	return t
}

// shingles returns the hashed runs of shingleWords words of text, sorted
// and unique; a text shorter than that is one shingle. Words are runs of
// letters and digits, normalised as normRune does, hashed as they are
// read: a poll compares its new articles with a thousand stored ones.
func shingles(text string) []uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	out := make([]uint64, 0, len(text)/8)
	var last [shingleWords]uint64 // hashes of the last words read, oldest first
	words := 0
	h, inWord := uint64(offset), false
	emit := func() {
		copy(last[:], last[1:])
		last[shingleWords-1] = h
		words++
		if words >= shingleWords {
			out = append(out, shingleOf(last))
		}
		h, inWord = offset, false
	}
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == 0x0640 {
			inWord = true
			if r = normRune(r); r != 0 {
				h = (h ^ uint64(r)) * prime
			}
			continue
		}
		if inWord {
			emit()
		}
	}
	if inWord {
		emit()
	}
	if words > 0 && words < shingleWords {
		out = append(out, shingleOf(last))
	}
	return sortUnique(out)
}

// shingleOf combines the hashes of a shingle's words, in order.
func shingleOf(words [shingleWords]uint64) uint64 {
	h := uint64(0)
	for _, w := range words {
		h = (h ^ w) * 0x9E3779B97F4A7C15
		h ^= h >> 29
	}
	return h
}

// updatedPrefixes are the normalised words that start the title of an
// updated version of a story, in SANA's six editions: Arabic محدث
// ("updated") and تحديث ("update"), English, French, Spanish, Turkish
// and Kurmanji (nûkirî "renewed", rojanekirî "brought up to date").
var updatedPrefixes = []string{
	"محدث", "محدثه", "تحديث",
	"updated", "update",
	"mis a jour", "mise a jour", "maj", "actualise", "actualisation",
	"actualizado", "actualizada", "actualizacion",
	"guncellendi", "guncelleme", "guncellenmis",
	"nukiri", "hate nukirin", "hat nukirin", "rojanekiri", "rojanekirin",
}

// StripUpdated returns title without a leading "updated" marker in any
// of SANA's languages ("Updated-Al-Jaafari: …", "محدث- …", "Mis à jour :
// …", "Actualizado: …", "Güncellendi: …", "Nûkirî: …"), and reports
// whether it had one. A marker is a whole word (or words) followed by a
// separator (a dash, colon, bar or bracket); "Updates on …" and "Updated
// figures show …" have none, nor has a title that is nothing else.
func StripUpdated(title string) (string, bool) {
	rest := strings.TrimLeftFunc(title, func(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == '[' })
	for _, p := range updatedPrefixes {
		n, ok := matchFolded(rest, p)
		if !ok {
			continue
		}
		after := strings.TrimLeftFunc(rest[n:], unicode.IsSpace)
		r, _ := utf8.DecodeRuneInString(after)
		if !unicode.IsPunct(r) && r != '|' {
			continue // "Updated figures show …": a word, not a marker
		}
		after = strings.TrimLeftFunc(after, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsPunct(r) || r == '|'
		})
		if after == "" {
			break // the marker is the whole title
		}
		return after, true
	}
	return title, false
}

// matchFolded reports whether s starts with the normalised text p when
// folded (see normRune), and how many bytes of s that prefix takes.
func matchFolded(s, p string) (int, bool) {
	i := 0
	for _, want := range p {
		for {
			if i >= len(s) {
				return 0, false
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			got := normRune(r)
			if got == 0 {
				continue // a diacritic: skipped
			}
			if got != want {
				return 0, false
			}
			break
		}
	}
	for i < len(s) { // trailing diacritics belong to the prefix
		r, size := utf8.DecodeRuneInString(s[i:])
		if normRune(r) != 0 {
			break
		}
		i += size
	}
	return i, true
}

// RepostScore returns how surely b is a repost of a (or a of b), from 0 to
// 1, whatever their editions and times: the similarity of their texts'
// shingles, as Jaccard's index, or, when the newer one's title says it
// is an updated version, as the share of the shorter text found in the
// longer (an update adds to its story); times the agreement of the
// numbers they state. Texts of fewer than a dozen words score 0.
func RepostScore(a, b *sanafeed.Article) float64 {
	return repostScore(newRepostText(a), newRepostText(b), false)
}

func repostScore(a, b *repostText, textOnly bool) float64 {
	if olderFirst(b, a) {
		a, b = b, a
	}
	if min(len(a.body), len(b.body)) < minRepostShingles {
		return 0
	}
	if a.city != "" && b.city != "" && a.city != b.city {
		return 0 // a repost keeps its story's dateline; SANA's formulaic reports differ in it
	}
	inter := countShared(a.body, b.body)
	sim := 0.0
	if b.updated {
		sim = float64(inter) / float64(max(1, min(len(a.body), len(b.body))))
	} else {
		sim = float64(inter) / float64(max(1, len(a.body)+len(b.body)-inter))
	}
	if textOnly {
		return sim
	}
	return sim * numberAgreement(a.nums, b.nums)
}

// numberAgreement returns the share of the numbers of the text with fewer
// numbers that the other states too; 1 when either states none.
func numberAgreement(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 1
	}
	return float64(countShared(a, b)) / float64(min(len(a), len(b)))
}

// countShared returns how many values two sorted sets share.
func countShared(a, b []uint64) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// olderFirst reports whether a was posted before b: the earlier time,
// else the lower post id.
func olderFirst(a, b *repostText) bool {
	if c := a.at.Compare(b.at); c != 0 {
		return c < 0
	}
	return a.postID < b.postID
}

// Reposts finds the reposts among news: articles of news that repost an
// older article of the same edition, in news or in recent, published
// within opts.Window before them. It returns, for each repost's key, the
// key of the article it folds into: the oldest of its chain, so that an
// updated version of a re-run folds into the first post. Articles of
// recent are taken as already stored and are never reposts themselves;
// an article in both is taken as recent. The result is the same whatever
// the order of news and recent.
func Reposts(news, recent []sanafeed.Article, opts RepostOptions) map[string]string {
	f := NewRepostFinder(news, opts)
	f.Add(recent)
	return f.Reposts()
}

// maxShinglePostings bounds candidate generation among a poll's new
// articles (RepostFinder.Reposts): a shingle that more than this many of
// them have (a stock phrase) does not propose pairs. A repost shares its
// rare shingles too.
const maxShinglePostings = 32

// minCandidateShingles is how many rare shingles a pair must share to be
// scored: a repost shares dozens.
const minCandidateShingles = 3
