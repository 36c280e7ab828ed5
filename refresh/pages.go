package refresh

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/extract"
)

// Article pages: which a poll fetches, and what it refuses to take for an
// article (a page cut short, an error or maintenance page, text that did
// not decode), so that a failing site stores nothing false.

// Errors checkPage returns.
var (
	errTruncated = errors.New("page is cut short (no </html>)")
	errNotPost   = errors.New("not the article's page (its post id is nowhere in it): an error or maintenance page?")
	errGarbled   = errors.New("title or text does not decode (invalid UTF-8, or another charset's bytes): U+FFFD in it")
)

// readPages fetches the article pages that are new, known only from a
// feed, or whose feed or listing observation differs from what is stored,
// reporting progress after each (see Poller.Progress).
func (sp *sourcePoll) readPages(ctx context.Context) error {
	sp.mergeURLKeys()
	keys := make([]string, 0, len(sp.want))
	for k := range sp.want {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	known, err := sp.p.Store.Known(ctx, keys)
	if err != nil {
		return fmt.Errorf("known articles: %w", err)
	}
	sp.known = known
	keys = slices.DeleteFunc(keys, func(k string) bool { return !sp.needsPage(k) })
	pr := Progress{Lang: sp.src.Lang, Found: len(sp.want), Missing: len(keys), Started: sp.res.Started}
	sp.p.progress(pr)
	var stopped error
	sp.readEach(ctx, len(keys),
		func(i int) (string, int64) { return sp.want[keys[i]], sp.seen[keys[i]].PostID },
		func(i int) bool {
			if stopped = ctx.Err(); stopped != nil {
				// Stopped between two pages (serve shutting down): the
				// next poll reads the rest, as after a failed page.
				sp.pageFailed = true
				sp.res.Unread += len(keys) - i
				return true
			}
			if sp.halted != nil {
				sp.pageFailed = true
				sp.res.Unread += len(keys) - i
				sp.errs = append(sp.errs, fmt.Errorf("%d article pages left unread: %w", sp.res.Unread, sp.halted))
				return true
			}
			return false
		},
		func(i int, a sanafeed.Article, ok bool) {
			if ok {
				if a.PostID == 0 {
					a.PostID = sp.seen[keys[i]].PostID
				}
				sp.obs = append(sp.obs, a)
				sp.p.linker().early(a)
			}
			pr.Fetched, pr.Failed = pr.Fetched+1, sp.res.Unread
			sp.p.progress(pr)
		})
	return stopped
}

// readEach reads the article pages page(0) … page(n-1) (URL and post id)
// in order, fetching one at a time, as before, while the pages fetched
// are extracted, up to one per CPU at once: a source's fetches no longer
// wait on its extraction, nor its extraction on its network, which is
// what the end of a first poll, when the busiest edition is left alone,
// is made of. Before each fetch, stop(i) may end the reading; took(i, a,
// ok) is given each page's result in order: ok is false when the page is
// unchanged since last read, or could not be read or was rejected
// (counted and logged; its validators and those of the lists that named
// it are then not kept, so that it is read again next poll). All three,
// and everything that changes sp, run in the caller's goroutine: only the
// extractions, which read the fetched document alone, run in others.
func (sp *sourcePoll) readEach(ctx context.Context, n int, page func(i int) (string, int64), stop func(i int) bool, took func(i int, a sanafeed.Article, ok bool)) {
	depth := max(1, runtime.GOMAXPROCS(0))
	var pending []*pageRead // being extracted, in order
	take := func(r *pageRead) {
		a, ok := sp.takePage(ctx, r.wait())
		took(r.i, a, ok)
	}
	// settle takes the pages whose extraction is over, in order, and then
	// waits for the oldest while more than keep are pending.
	settle := func(keep int) {
		for len(pending) > 0 && (len(pending) > keep || pending[0].over()) {
			take(pending[0])
			pending = pending[1:]
		}
	}
	for i := range n {
		if stop(i) {
			break
		}
		url, id := page(i)
		doc, ok := sp.getPage(ctx, url)
		if !ok {
			settle(0)
			took(i, sanafeed.Article{}, false)
			continue
		}
		settle(depth - 1)
		pending = append(pending, sp.startPage(i, doc, url, id))
	}
	settle(0)
}

// mergeURLKeys drops the candidates known only by their URL that another
// candidate names with its post id (a feed gives the id in its GUID, a
// listing the same article's slug permalink): one page read each.
func (sp *sourcePoll) mergeURLKeys() {
	byURL := map[string]string{}
	for k, a := range sp.seen {
		if a.PostID > 0 {
			byURL[a.URL] = k
		}
	}
	for k, a := range sp.seen {
		if a.PostID > 0 {
			continue
		}
		if idk, ok := byURL[a.URL]; ok {
			if sp.seen[idk].Title == "" {
				prev := sp.seen[idk]
				prev.Title = a.Title
				sp.seen[idk] = prev
			}
			delete(sp.seen, k)
			delete(sp.want, k)
		}
	}
}

// needsPage reports whether the page of the candidate k is to be read:
// it is not stored from its page yet, or its feed or listing observation
// shows it changed.
func (sp *sourcePoll) needsPage(k string) bool {
	old, stored := sp.known[k]
	return !stored || old.From != sanafeed.FromPage || differs(old, sp.seen[k])
}

// getPage fetches the page url, counting a failure. It reports false when
// there is nothing to extract: the page failed or is unchanged.
func (sp *sourcePoll) getPage(ctx context.Context, url string) (*sanafeed.Response, bool) {
	doc, err := sp.get(ctx, url)
	if err != nil {
		sp.pageFailed = true
		sp.errs = append(sp.errs, fmt.Errorf("page: %w", err))
		sp.res.Failed++
		sp.res.Unread++
		return nil, false
	}
	return doc, doc != nil
}

// A pageRead is an article page fetched and being extracted.
type pageRead struct {
	i    int // its place in the reading
	url  string
	doc  *sanafeed.Response
	done chan struct{} // closed when the fields below are set

	body  []byte // the page decoded to UTF-8
	a     sanafeed.Article
	trace extract.Trace
	err   error
}

// startPage extracts doc, the page of post id at url, in a goroutine of
// its own: it reads doc, the source's compiled rules and the decoder,
// which nothing changes, and writes only the pageRead.
func (sp *sourcePoll) startPage(i int, doc *sanafeed.Response, url string, id int64) *pageRead {
	r := &pageRead{i: i, url: url, doc: doc, done: make(chan struct{})}
	p, rules, lang := sp.p, sp.rules, sp.src.Lang
	go func() {
		defer close(r.done)
		r.body = p.html(doc, lang)
		r.a, r.trace, r.err = rules.Explain(r.body, doc.URL, lang)
		if r.err == nil {
			r.err = checkPage(r.body, r.a, id)
		}
	}()
	return r
}

// wait returns r once its extraction is over.
func (r *pageRead) wait() *pageRead {
	<-r.done
	return r
}

// over reports whether r's extraction is over.
func (r *pageRead) over() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

// takePage takes the extracted page r into the poll, or counts and logs
// why it is not taken (see readEach).
func (sp *sourcePoll) takePage(ctx context.Context, r *pageRead) (sanafeed.Article, bool) {
	a, err := r.a, r.err
	if err == nil || errors.Is(err, extract.ErrNotArticle) {
		sp.misses.note(r.trace)
	}
	if err != nil {
		sp.pageFailed = true
		sp.forget(r.url)
		sp.errs = append(sp.errs, fmt.Errorf("page %s: %w", r.url, err))
		sp.res.Failed++
		sp.res.Unread++
		return sanafeed.Article{}, false
	}
	a.Lang = sp.src.Lang
	// A page read and taken keeps no fetch state: it is read again only
	// when a feed or listing shows the article changed, when a 304 is
	// unlikely, and its validators would cost some 350 bytes per article
	// for ever. (A page that failed keeps its state: its failures count.)
	sp.dropState(r.url)
	if sp.rules.Skipped(a.URL) {
		return sanafeed.Article{}, false
	}
	if sp.p.KeepPages > 0 {
		sp.keep(ctx, sanafeed.KeptPage{Key: a.Key(), URL: r.doc.URL, ContentType: r.doc.ContentType, Fetched: sp.p.now(), Body: r.body})
	}
	return a, true
}

// keepBatch is how many article pages a poll holds before it writes them
// to the store: a first poll reads hundreds, which memory need not hold.
const keepBatch = 16

// keep queues the page to be kept, writing the queue when it is full.
func (sp *sourcePoll) keep(ctx context.Context, pg sanafeed.KeptPage) {
	sp.pages = append(sp.pages, pg)
	if len(sp.pages) >= keepBatch {
		sp.flushPages(ctx)
	}
}

// flushPages writes the queued pages. A page kept for an article that
// then fails to be stored is harmless: reprocess finds no article for it,
// and it ages out.
func (sp *sourcePoll) flushPages(ctx context.Context) {
	if len(sp.pages) == 0 {
		return
	}
	if err := sp.p.Store.PutPages(context.WithoutCancel(ctx), sp.pages...); err != nil {
		sp.errs = append(sp.errs, fmt.Errorf("keep pages: %w", err))
	}
	sp.pages = sp.pages[:0]
}

// differs reports whether an observation from a feed or listing shows an
// article changed since it was stored from its page. An article a repost
// was folded into carries the repost's title while SANA still lists the
// original under its own, so for it only a later modified time counts.
func differs(stored, seen sanafeed.Article) bool {
	if seen.Title != "" && seen.Title != stored.Title && len(stored.Reposts) == 0 {
		return true
	}
	return seen.Modified.After(stored.Modified)
}

// garbled reports whether s holds text that did not decode: U+FFFD, which
// the decoder puts for invalid UTF-8 (a page or feed declared UTF-8 is
// never taken for another charset), or invalid UTF-8 itself when a page
// was not decoded (Poller.DecodePage nil). SANA's own text holds neither,
// so such an observation is a transport or encoding fault and is not
// stored.
func garbled(s string) bool { return strings.ContainsRune(s, utf8.RuneError) }

// checkPage rejects what extract may take for an article but is not one:
// a page cut short (a complete page ends with </html>), a page that does
// not name post id anywhere (every SANA article page names its own id in
// its permalink, shortlink and classes; a maintenance or error page does
// not), and text that did not decode.
func checkPage(body []byte, a sanafeed.Article, id int64) error {
	if !closesHTML(body[max(0, len(body)-16<<10):]) {
		return errTruncated
	}
	if id > 0 && !bytes.Contains(body, []byte(strconv.FormatInt(id, 10))) {
		return errNotPost
	}
	if garbled(a.Title) || garbled(a.Content) {
		return errGarbled
	}
	return nil
}

// closesHTML reports whether b holds "</html>" in any letter case. It
// looks only at each "</", without lowering a copy of b: every page read
// passes through here.
func closesHTML(b []byte) bool {
	for {
		i := bytes.Index(b, []byte("</"))
		if i < 0 {
			return false
		}
		b = b[i+2:]
		if len(b) >= 5 && b[4] == '>' && bytes.EqualFold(b[:4], []byte("html")) {
			return true
		}
	}
}
