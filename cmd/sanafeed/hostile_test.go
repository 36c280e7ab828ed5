package main

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/replica"
	"github.com/sanafeed/sanafeed/store"
)

// hostileTimeout is the per-request timeout of the hostile tests: a stall
// costs this much.
const hostileTimeout = 2 * time.Second

// newHostileWorld is newWorld with a short request timeout and a replica
// built from opts; extra is added to the [poll] table.
func newHostileWorld(t *testing.T, opts replica.Options, extra string) *world {
	t.Helper()
	site := replica.New(opts)
	origin := httptest.NewServer(site)
	t.Cleanup(origin.Close)
	dir := t.TempDir()
	w := &world{t: t, site: site, origin: origin, dataDir: filepath.Join(dir, "data"),
		config: filepath.Join(dir, "sanafeed.toml")}
	var b strings.Builder
	fmt.Fprintf(&b, "data_dir = %q\npublic_url = \"http://feeds.test\"\n\n[poll]\n", w.dataDir)
	fmt.Fprintf(&b, "timeout = %q\nlisting_pages = 1\n%s\n", hostileTimeout.String(), extra)
	if !strings.Contains(extra, "crawl_delay") {
		b.WriteString("crawl_delay = \"0s\"\n")
	}
	for _, e := range sanafeed.Editions {
		fmt.Fprintf(&b, "\n[[source]]\nlang = %q\nurl = %q\n", e.Lang, origin.URL+e.Path)
	}
	if err := os.WriteFile(w.config, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return w
}

// pollTimed runs `sanafeed poll` in-process and returns its summary lines
// by edition and how long it took.
func (w *world) pollTimed() (map[string]string, time.Duration) {
	w.t.Helper()
	start := time.Now()
	var out, errOut bytes.Buffer
	if code := run([]string{"poll", "-config", w.config}, &out, &errOut); code != 0 {
		w.t.Fatalf("poll exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
	d := time.Since(start)
	lines := map[string]string{}
	for _, l := range strings.Split(out.String(), "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			lines[f[0]] = l
		}
	}
	return lines, d
}

// An item is what a reader sees of a feed item.
type item struct{ id, title string }

// servedItems returns each edition's served Atom feed, newest first.
func (w *world) servedItems() map[string][]item {
	w.t.Helper()
	out := map[string][]item{}
	w.served(func(srv *httptest.Server) {
		for _, e := range sanafeed.Editions {
			f := getFeed(w.t, srv, "/feeds/"+e.Lang+".atom")
			for _, it := range f.Items {
				out[e.Lang] = append(out[e.Lang], item{it.GUID, it.Title})
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
// turns hostile; a poll, which must finish within its time budget with
// every other edition complete and the hostile one still serving its last
// good articles and nothing else; the site heals; a poll after which every
// edition is complete again. No goroutine or memory may be left behind.
func TestHostileSite(t *testing.T) {
	if testing.Short() {
		t.Skip("about 30s of hostile polls")
	}
	for _, hc := range hostileCases() {
		t.Run(hc.name(), func(t *testing.T) {
			checkNoLeak(t, func() { hostileScenario(t, hc) })
		})
	}
}

// hostileBudget bounds one poll cycle under a fault: every request that
// hangs costs at most hostileTimeout, and the faulty edition makes few.
const hostileBudget = 6 * hostileTimeout

func hostileScenario(t *testing.T, hc hostileCase) {
	w := newHostileWorld(t, replica.Options{}, "")
	defer w.origin.Close()
	w.pollTimed()
	good := w.servedItems()
	old := truthItems(w.site)
	w.site.Advance()
	w.site.Advance()
	truth := truthItems(w.site)

	where := hc.prefix
	if hc.pages {
		where = "new article pages"
		for _, a := range w.site.Truth() {
			if _, ok := old[a.Lang][sanafeed.ArticleID(a.Lang, a.PostID)]; a.Lang == hc.lang && !ok {
				w.site.SetFault(hc.lang, a.Path, hc.fault)
			}
		}
	} else {
		w.site.SetFault(hc.lang, hc.prefix, hc.fault)
	}
	lines, d := w.pollTimed()
	t.Logf("hostile poll (%s on %s %s) took %v:\n%s", hc.fault.Kind, hc.lang, where, d.Round(time.Millisecond), lines[hc.lang])
	if d > hostileBudget {
		t.Errorf("hostile poll took %v, budget %v", d, hostileBudget)
	}
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
	checkLastGood(t, hc.lang, good[hc.lang], during[hc.lang], truth[hc.lang])

	w.site.Heal()
	time.Sleep(hc.fault.RetryAfter) // a Retry-After is honoured, across runs too
	lines, d = w.pollTimed()
	after := w.servedItems()
	for _, e := range sanafeed.Editions {
		checkComplete(t, "after healing", e.Lang, after[e.Lang], truth[e.Lang])
	}
	t.Logf("healed poll took %v:\n%s", d.Round(time.Millisecond), lines[hc.lang])
}

// lastPolls returns each edition's last poll result as stored.
func lastPolls(t *testing.T, dataDir string) map[string]sanafeed.PollResult {
	t.Helper()
	db := store.New(filepath.Join(dataDir, "sanafeed.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	last, err := db.LastPoll(t.Context())
	if err != nil {
		t.Fatal(err)
	}
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
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > g0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > g0 {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines before, %d after:\n%s", g0, g, buf[:runtime.Stack(buf, true)])
	}
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 64<<20 {
		t.Errorf("heap grew by %d MiB", grown>>20)
	}
}
