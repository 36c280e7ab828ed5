package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/replica"
)

// The per-request timeouts of the hostile tests. A request that stalls
// costs stallTimeout, so the cases that stall use it; the others keep
// hostileTimeout, longer than the Retry-After of the 429 case (a host
// that asked to wait is waited for only when the wait ends within the
// timeout) and than any healthy request on a loaded machine.
const (
	hostileTimeout = 2 * time.Second
	stallTimeout   = time.Second
)

// A hostileOrigin is the loopback server of every hostile scenario: it
// hands each request to the replica of the scenario that sent it, told by
// the User-Agent its config sets. The scenarios so share one origin URL,
// which is what lets each start from a copy of one clean poll's store
// (fetch states and article URLs name the origin) instead of polling the
// whole replica again.
type hostileOrigin struct {
	*httptest.Server
	mu    sync.Mutex               // guards sites
	sites map[string]*replica.Site // by User-Agent
}

func newHostileOrigin() *hostileOrigin {
	o := &hostileOrigin{sites: map[string]*replica.Site{}}
	o.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.mu.Lock()
		site := o.sites[r.UserAgent()]
		o.mu.Unlock()
		if site == nil {
			http.Error(w, "no replica for User-Agent "+r.UserAgent(), http.StatusBadGateway)
			return
		}
		site.ServeHTTP(w, r)
	}))
	return o
}

// newHostileWorld returns a world with a replica of its own behind o,
// reached with the User-Agent "sanafeed-test/"+name, and the per-request
// timeout given.
func newHostileWorld(t *testing.T, o *hostileOrigin, name string, timeout time.Duration) *world {
	t.Helper()
	ua := "sanafeed-test/" + name
	site := replica.New(replica.Options{})
	o.mu.Lock()
	o.sites[ua] = site
	o.mu.Unlock()
	dir := t.TempDir()
	w := &world{t: t, site: site, origin: o.Server, dataDir: filepath.Join(dir, "data"),
		config: filepath.Join(dir, "sanafeed.toml")}
	var b strings.Builder
	fmt.Fprintf(&b, "data_dir = %q\npublic_url = \"http://feeds.test\"\n\n[poll]\n", w.dataDir)
	fmt.Fprintf(&b, "user_agent = %q\ntimeout = %q\nlisting_pages = 1\ncrawl_delay = \"0s\"\n", ua, timeout.String())
	for _, e := range sanafeed.Editions {
		fmt.Fprintf(&b, "\n[[source]]\nlang = %q\nurl = %q\n", e.Lang, o.URL+e.Path)
	}
	testkit.Check(t, os.WriteFile(w.config, []byte(b.String()), 0o644))
	return w
}

// copyStore makes w's store a copy of from's, which is closed.
func (w *world) copyStore(from *world) {
	w.t.Helper()
	b, err := os.ReadFile(filepath.Join(from.dataDir, "sanafeed.db"))
	testkit.Check(w.t, err)
	testkit.Check(w.t, os.MkdirAll(w.dataDir, 0o755))
	testkit.Check(w.t, os.WriteFile(filepath.Join(w.dataDir, "sanafeed.db"), b, 0o644))
}

// pollLines runs `sanafeed poll` in-process and returns its summary lines
// by edition and its log.
func (w *world) pollLines() (map[string]string, string) {
	w.t.Helper()
	var out, errOut bytes.Buffer
	if code := run([]string{"poll", "-config", w.config}, &out, &errOut); code != 0 {
		w.t.Fatalf("poll exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
	lines := map[string]string{}
	for _, l := range strings.Split(out.String(), "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			lines[f[0]] = l
		}
	}
	return lines, errOut.String()
}

// An item is what a reader sees of a feed item.
type item struct{ id, title string }

// servedItems returns the served JSON Feed of each edition in langs (of
// every edition when langs is empty), newest first. (TestEndToEnd checks
// the three formats carry the same items; JSON is the cheapest to read.)
func (w *world) servedItems(langs ...string) map[string][]item {
	w.t.Helper()
	if len(langs) == 0 {
		for _, e := range sanafeed.Editions {
			langs = append(langs, e.Lang)
		}
	}
	out := map[string][]item{}
	w.served(func(srv *httptest.Server) {
		for _, lang := range langs {
			var f struct {
				Items []struct{ ID, Title string }
			}
			testkit.Check(w.t, json.Unmarshal(serveBody(w.t, srv, "/feeds/"+lang+".json"), &f))
			for _, it := range f.Items {
				out[lang] = append(out[lang], item{it.ID, it.Title})
			}
		}
	})
	return out
}

// truthItems returns what each edition's served feed should hold when
// every live article of the replica is stored: its articles newest first.
func truthItems(site *replica.Site) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, a := range site.Truth() {
		if out[a.Lang] == nil {
			out[a.Lang] = map[string]string{}
		}
		out[a.Lang][sanafeed.ArticleID(a.Lang, a.PostID)] = a.Title
	}
	return out
}

// checkComplete checks that the served feed of lang holds exactly the
// replica's articles with their current titles.
func checkComplete(t *testing.T, when, lang string, served []item, truth map[string]string) {
	t.Helper()
	got := map[string]string{}
	for _, it := range served {
		if _, dup := got[it.id]; dup {
			t.Errorf("%s: %s: %s served twice", when, lang, it.id)
		}
		got[it.id] = it.title
	}
	for id, title := range truth {
		if g, ok := got[id]; !ok {
			t.Errorf("%s: %s: %s %q missing", when, lang, id, title)
		} else if g != title {
			t.Errorf("%s: %s: %s titled %q, want %q", when, lang, id, g, title)
		}
	}
	for id := range got {
		if _, ok := truth[id]; !ok {
			t.Errorf("%s: %s: served %s, which is no article of the replica", when, lang, id)
		}
	}
}

// A hostileCase is one fault set on one edition: on every path under
// prefix, or with pages set, on the pages of the articles it publishes
// while it is hostile (its feed and listings answer properly).
type hostileCase struct {
	lang, prefix string
	pages        bool
	fault        replica.Fault
}

// name returns the subtest's name.
func (hc hostileCase) name() string {
	if hc.pages {
		return hc.fault.Kind.String() + "-pages"
	}
	return hc.fault.Kind.String()
}

// stalls reports whether the fault leaves requests unanswered until the
// client gives up: the poll ends only through the request timeout.
func (hc hostileCase) stalls() bool {
	return hc.fault.Kind == replica.FaultStall || hc.fault.Kind == replica.FaultDrip
}

// waits reports whether the case spends most of its time waiting: for
// request timeouts, or for the pause a Retry-After asks of the host.
func (hc hostileCase) waits() bool { return hc.stalls() || hc.fault.RetryAfter > 0 }

func hostileCases() []hostileCase {
	f := func(k replica.FaultKind) replica.Fault { return replica.Fault{Kind: k} }
	return []hostileCase{
		{"fr", "/fr/", false, f(replica.Fault500)},
		{"es", "/es/", false, replica.Fault{Kind: replica.Fault503, RetryAfter: 0}},
		{"en", "/en/", false, replica.Fault{Kind: replica.Fault429, RetryAfter: time.Second}},
		{"fr", "/fr/", false, f(replica.FaultStall)},
		{"ku", "/ku/", false, f(replica.FaultDrip)},
		{"tr", "/tr/", false, f(replica.FaultCloseMidBody)},
		{"es", "/es/", false, f(replica.FaultHuge)},
		{"fr", "/fr/", false, f(replica.FaultRedirectLoop)},
		{"en", "/en/", false, f(replica.FaultInvalidUTF8)},
		{"ar", "/", false, f(replica.FaultWin1256)},
		{"ar", "/", false, f(replica.FaultWin1256Undeclared)},
		{"fr", "/fr/feed/", false, f(replica.FaultEntityBomb)},
		{"ar", "/", false, f(replica.FaultTruncated)},
		{"es", "/es/", false, f(replica.FaultHTML)},
		{"ku", "/ku/", false, f(replica.FaultEmpty)},
		{"fr", "", true, f(replica.FaultStall)},
		{"tr", "", true, f(replica.FaultCloseMidBody)},
		{"es", "", true, f(replica.Fault500)},
		{"ku", "", true, f(replica.FaultHTML)},
		{"en", "", true, f(replica.FaultTruncated)},
		{"ar", "", true, f(replica.FaultEmpty)},
	}
}

// TestHostileSite runs one scenario per fault the replica can produce: a
// clean poll; the site moves on (every edition publishes) and one edition
// turns hostile; a poll, which must end (a stalled request as a timeout)
// with every other edition complete and the hostile one still serving its
// last good articles and nothing else; the site heals; a poll after which
// every edition is complete again. No goroutine or memory may be left
// behind once every scenario has ended.
//
// The replica is deterministic, so the clean poll is the same for every
// scenario: it runs once, and each scenario starts from a copy of its
// store, with a replica of its own in the state polled. The scenarios are
// then independent (replica, config, store) and run concurrently: those
// that mostly wait (see waits) all at once, in subtests of "waiting" that
// take none of the -parallel slots, which they would hold idle; the others
// as parallel subtests of "fault", meanwhile.
func TestHostileSite(t *testing.T) {
	if testing.Short() {
		t.Skip("hostile polls that wait for request timeouts")
	}
	checkNoLeak(t, func() {
		origin := newHostileOrigin()
		defer origin.Close()
		clean := newHostileWorld(t, origin, "clean", hostileTimeout)
		clean.pollLines()
		good := clean.servedItems()
		old := truthItems(clean.site)
		scenario := func(t *testing.T, hc hostileCase) {
			timeout := hostileTimeout
			if hc.stalls() {
				timeout = stallTimeout
			}
			w := newHostileWorld(t, origin, hc.name(), timeout)
			w.copyStore(clean)
			hostileScenario(t, w, hc, good[hc.lang], old)
		}
		var wg sync.WaitGroup
		wg.Go(func() {
			t.Run("waiting", func(t *testing.T) {
				var cases sync.WaitGroup
				for _, hc := range hostileCases() {
					if hc.waits() {
						cases.Go(func() { t.Run(hc.name(), func(t *testing.T) { scenario(t, hc) }) })
					}
				}
				cases.Wait()
			})
		})
		// t.Run returns once every case, run in parallel, has ended.
		t.Run("fault", func(t *testing.T) {
			for _, hc := range hostileCases() {
				if !hc.waits() {
					t.Run(hc.name(), func(t *testing.T) {
						t.Parallel()
						scenario(t, hc)
					})
				}
			}
		})
		wg.Wait()
	})
}

// hostileScenario runs hc in w, whose store holds a clean poll of its
// replica: good is what the hostile edition's feed served then, and old
// the replica's articles.
func hostileScenario(t *testing.T, w *world, hc hostileCase, good []item, old map[string]map[string]string) {
	w.site.Advance()
	w.site.Advance()
	truth := truthItems(w.site)

	where := hc.prefix
	var faulted []string // the pages set hostile
	if hc.pages {
		where = "new article pages"
		for _, a := range w.site.Truth() {
			if _, ok := old[a.Lang][sanafeed.ArticleID(a.Lang, a.PostID)]; a.Lang == hc.lang && !ok {
				w.site.SetFault(hc.lang, a.Path, hc.fault)
				faulted = append(faulted, a.Path)
			}
		}
		if len(faulted) == 0 {
			t.Fatalf("%s published nothing: no page to make hostile", hc.lang)
		}
	} else {
		w.site.SetFault(hc.lang, hc.prefix, hc.fault)
	}
	// The poll returns (or the test's deadline fails it): a hostile site
	// cannot hang it.
	lines, _ := w.pollLines()
	t.Logf("hostile poll (%s on %s %s):\n%s", hc.fault.Kind, hc.lang, where, lines[hc.lang])
	during := w.servedItems()
	polls := lastPolls(t, w.dataDir)
	for _, e := range sanafeed.Editions {
		if e.Lang == hc.lang {
			continue
		}
		if r := polls[e.Lang]; r.Err != "" || r.Failed != 0 {
			t.Errorf("healthy edition %s: %+v", e.Lang, r)
		}
		checkComplete(t, "during the fault", e.Lang, during[e.Lang], truth[e.Lang])
	}
	checkLastGood(t, hc.lang, good, during[hc.lang], truth[hc.lang])
	if hc.stalls() {
		checkTimedOut(t, hc, polls[hc.lang], faulted)
	}

	w.site.Heal()
	if hc.fault.RetryAfter > 0 {
		checkRetryAfter(t, w, hc, during[hc.lang])
	}
	lines, _ = w.pollLines()
	after := w.servedItems()
	for _, e := range sanafeed.Editions {
		checkComplete(t, "after healing", e.Lang, after[e.Lang], truth[e.Lang])
	}
	t.Logf("healed poll:\n%s", lines[hc.lang])
}

// checkTimedOut checks that the requests of a stalling fault were given
// up as timeouts: the feed's (the edition's poll failed with a timeout),
// or, on pages, the first faulted page's, after which the edition is not
// asked again in that poll (a stalled host would hold every request of
// it): its other pages are left unread, counted, and retried soon. What
// went wrong is in the poll's result, as stored and summarised.
func checkTimedOut(t *testing.T, hc hostileCase, r sanafeed.PollResult, pages []string) {
	t.Helper()
	if !hc.pages {
		if !isTimeout(r.Err) {
			t.Errorf("%s on %s: poll error %q, want a timeout", hc.fault.Kind, hc.lang, r.Err)
		}
		return
	}
	if r.Unread != len(pages) || r.State() != sanafeed.PollPartial {
		t.Errorf("%s on %d pages: %d unread, state %s; want all unread, partial", hc.fault.Kind, len(pages), r.Unread, r.State())
	}
	timedOut := 0
	for _, p := range pages {
		if slices.ContainsFunc(r.Errors, func(e string) bool { return strings.Contains(e, p) && isTimeout(e) }) {
			timedOut++
		}
	}
	if timedOut != 1 {
		t.Errorf("%s on %d pages: %d reported timed out, want the first only:\n%s", hc.fault.Kind, len(pages), timedOut, strings.Join(r.Errors, "\n"))
	}
	if !slices.ContainsFunc(r.Errors, func(e string) bool { return strings.Contains(e, "left unread") }) {
		t.Errorf("%s on pages: the pages left unread are not reported:\n%s", hc.fault.Kind, strings.Join(r.Errors, "\n"))
	}
}

// isTimeout reports whether the error message msg tells of a request
// given up for time: the whole request's timeout, or the first-byte
// limit (a stall), whichever came first.
func isTimeout(msg string) bool {
	return strings.Contains(msg, "timed out") || strings.Contains(msg, "stalled: no response")
}

// checkRetryAfter checks that the Retry-After the hostile edition's feed
// answered is remembered in the store, so that another run honours it
// too: a poll while it holds sends the edition no request and leaves its
// feed as it was during the fault. Instead of waiting for the Retry-After
// to pass, it moves the remembered time: first ahead (the wait still
// holds when the poll starts, however slow the machine), then into the
// past (the wait is over) for the poll after healing.
func checkRetryAfter(t *testing.T, w *world, hc hostileCase, during []item) {
	t.Helper()
	src := sanafeed.Source{Lang: hc.lang, URL: w.origin.URL + hc.prefix}
	state := func(fn func(st *sanafeed.FetchState)) {
		db := testkit.OpenStore(t, filepath.Join(w.dataDir, "sanafeed.db"))
		defer db.Close()
		st, err := db.FetchState(t.Context(), src.FeedURL())
		testkit.Check(t, err)
		fn(&st)
		testkit.Check(t, db.PutFetchState(t.Context(), st))
	}
	state(func(st *sanafeed.FetchState) {
		if got := st.NextAttempt.Sub(st.Fetched); got != hc.fault.RetryAfter {
			t.Fatalf("%s answered Retry-After %v; the store remembers a wait of %v (%+v)", hc.lang, hc.fault.RetryAfter, got, st)
		}
		st.NextAttempt = time.Now().Add(time.Hour)
	})
	w.site.ResetRequests()
	w.pollLines()
	for _, r := range w.site.Requests() {
		if strings.HasPrefix(r.Path, hc.prefix) {
			t.Errorf("%s asked to wait, yet it was sent %s", hc.lang, r.Path)
		}
	}
	if r := lastPolls(t, w.dataDir)[hc.lang]; !strings.Contains(r.Err, "host asked to wait") {
		t.Errorf("%s asked to wait: poll result %+v", hc.lang, r)
	}
	if got := w.servedItems(hc.lang)[hc.lang]; !slices.Equal(got, during) {
		t.Errorf("%s asked to wait, yet its feed changed:\n got %v\nwant %v", hc.lang, head(got), head(during))
	}
	state(func(st *sanafeed.FetchState) { st.NextAttempt = time.Now().Add(-time.Second) })
}

// lastPolls returns each edition's last poll result as stored.
func lastPolls(t *testing.T, dataDir string) map[string]sanafeed.PollResult {
	t.Helper()
	db := testkit.OpenStore(t, filepath.Join(dataDir, "sanafeed.db"))
	defer db.Close()
	last, err := db.LastPoll(t.Context())
	testkit.Check(t, err)
	return last
}

// checkLastGood checks the hostile edition's feed during the fault: every
// item it served before is still there, and every item is a real article
// with a real title (the old one or the new).
func checkLastGood(t *testing.T, lang string, before, during []item, truth map[string]string) {
	t.Helper()
	oldTitle := map[string]string{}
	for _, it := range before {
		oldTitle[it.id] = it.title
	}
	got := map[string]bool{}
	for _, it := range during {
		if got[it.id] {
			t.Errorf("during the fault: %s: %s served twice", lang, it.id)
		}
		got[it.id] = true
		if it.title != truth[it.id] && it.title != oldTitle[it.id] {
			t.Errorf("during the fault: %s: %s titled %q, want %q", lang, it.id, it.title, truth[it.id])
		}
	}
	for _, it := range before {
		if !got[it.id] {
			t.Errorf("during the fault: %s lost %s %q", lang, it.id, it.title)
		}
	}
}

// checkNoLeak runs fn and fails when goroutines it started are still
// running shortly after it returns, or the heap grew by more than 64 MiB.
// The goroutines of a poll's connections end a moment after it returns,
// with nothing to wait on but their number.
func checkNoLeak(t *testing.T, fn func()) {
	t.Helper()
	// The first signal.Notify starts a goroutine for good; run starts one.
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGUSR2)
	signal.Stop(ch)
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	g0 := runtime.NumGoroutine()
	fn()
	ended := false
	defer func() {
		if !ended {
			buf := make([]byte, 1<<20)
			t.Logf("%d goroutines before, %d after:\n%s", g0, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
		}
	}()
	testkit.WaitFor(t, fmt.Sprintf("the goroutines to be back to the %d before", g0), func() bool {
		return runtime.NumGoroutine() <= g0
	})
	ended = true
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 64<<20 {
		t.Errorf("heap grew by %d MiB", grown>>20)
	}
}
