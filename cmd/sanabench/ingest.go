package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/extract"
	"github.com/sanafeed/sanafeed/fetch"
	"github.com/sanafeed/sanafeed/link"
	"github.com/sanafeed/sanafeed/store"
)

// writeConfig writes a config for data with the editions at base (a URL
// without a trailing slash) and returns its path.
func (b *bench) writeConfig(name, data, listen, base string) (string, error) {
	var s strings.Builder
	fmt.Fprintf(&s, "data_dir = %q\nlisten = %q\npublic_url = \"http://%s\"\n\n", data, listen, listen)
	fmt.Fprintf(&s, "[poll]\ncrawl_delay = \"0s\"\nlisting_pages = 50\ninterval = \"24h\"\n\n")
	for _, e := range sanafeed.Editions {
		fmt.Fprintf(&s, "[[source]]\nlang = %q\nurl = %q\n\n", e.Lang, base+e.Path)
	}
	p := filepath.Join(b.dir, name)
	return p, os.WriteFile(p, []byte(s.String()), 0o644)
}

// A procRun is one finished child: its wall and CPU time and output.
type procRun struct {
	wall, cpu time.Duration
	maxRSS    int64 // peak resident bytes, sampled every 5 ms
	out       string
}

// runChild runs the sanafeed binary with args to the end.
func (b *bench) runChild(ctx context.Context, args ...string) (procRun, error) {
	cmd := exec.CommandContext(ctx, b.bin, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return procRun{}, err
	}
	// The child's peak RSS, sampled from /proc: rusage's ru_maxrss is no
	// use here, since Go starts children with vfork and Linux then counts
	// the parent's own peak (this process's, hundreds of MB) as the
	// child's.
	var peak atomic.Int64
	done := make(chan struct{})
	go func() {
		for {
			if st, err := procStatus(cmd.Process.Pid); err == nil {
				peak.Store(max(peak.Load(), st["VmHWM"]))
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	err := cmd.Wait()
	close(done)
	r := procRun{wall: time.Since(start), out: out.String(), maxRSS: peak.Load()}
	if err != nil {
		return r, fmt.Errorf("sanafeed %s: %w\n%s", args[0], err, tail(errOut.String()))
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return r, nil
}

// tail returns the last lines of s.
func tail(s string) string {
	if len(s) > 2000 {
		return s[len(s)-2000:]
	}
	return s
}

// newArticles sums the "new" column of a poll summary's table (which
// ends at the first blank line; what went wrong follows it).
func newArticles(summary string) int {
	n, col := 0, -1
	sc := bufio.NewScanner(strings.NewReader(summary))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 0:
			return n
		case f[0] == "lang":
			col = slices.Index(f, "new")
		case col >= 0 && col < len(f):
			v, _ := strconv.Atoi(f[col])
			n += v
		}
	}
	return n
}

// ingest runs the first full poll of the replica b.polls times, each
// into a fresh store and each followed by the parse-only limit over the
// documents it fetched, then the steady-state poll of the last store,
// which it leaves in data for the parts after it.
func (b *bench) ingest(ctx context.Context, o *origin, data string) error {
	var ratios []float64
	var cfg string
	for i := range b.polls {
		dir := data
		if i < b.polls-1 {
			dir = fmt.Sprintf("%s-%d", data, i+1)
		}
		var err error
		if cfg, err = b.writeConfig(fmt.Sprintf("poll-%d.toml", i+1), dir, "127.0.0.1:1", o.url); err != nil {
			return err
		}
		logf("ingest %d/%d: first poll of a replica with %d synthetic articles", i+1, b.polls, b.articles)
		o.reset()
		first, err := b.runChild(ctx, "poll", "-config", cfg)
		if err != nil {
			return err
		}
		stored := newArticles(first.out)
		rate := float64(stored) / first.wall.Seconds()
		pages, feeds, secs := b.parseOnly(o)
		limit := float64(pages) / secs
		ratios = append(ratios, rate/limit)
		name := fmt.Sprintf("ingest %d/%d", i+1, b.polls)
		b.add(name+": first poll", fmt.Sprintf("%d articles in %s (cpu %s), %d requests; parse-only %d pages + %d feeds in %.3fs",
			stored, round(first.wall), round(first.cpu), o.requests.Load(), pages, feeds, secs), "")
		b.ratio(name+": articles/s vs parse-only", rate, limit, "≥ 0.50×", rate >= 0.5*limit, "%.0f/s")
		if dir != data {
			os.RemoveAll(dir)
		}
	}
	med := slices.Sorted(slices.Values(ratios))[len(ratios)/2]
	b.add("ingest: median of the first polls", fmt.Sprintf("%.2f× parse-only (%s)", med, times(ratios)), "")

	logf("steady state: poll of the unchanged replica")
	o.reset()
	again, err := b.runChild(ctx, "poll", "-config", cfg)
	if err != nil {
		return err
	}
	b.add("steady poll: requests, bytes", fmt.Sprintf("%d requests, %d bytes received, cpu %s, wall %s",
		o.requests.Load(), o.bytes.Load(), round(again.cpu), round(again.wall)), "")
	arts := o.articles.Load()
	b.check("steady poll: article pages fetched", fmt.Sprintf("%d", arts), "= 0", arts == 0)
	f, nm := o.feeds.Load(), o.feed304.Load()
	b.check("steady poll: feeds answered 304", fmt.Sprintf("%d of %d", nm, f), "all", f > 0 && nm == f)
	return b.storeUsage(ctx, data)
}

// times formats ratios as "0.52×, 0.55×, 0.61×".
func times(ratios []float64) string {
	s := make([]string, len(ratios))
	for i, r := range ratios {
		s[i] = fmt.Sprintf("%.2f×", r)
	}
	return strings.Join(s, ", ")
}

// storeUsage reports the bytes the ingest store uses per article, with
// the article pages kept (the default [pages] keep) and without them.
func (b *bench) storeUsage(ctx context.Context, data string) error {
	db := store.New(filepath.Join(data, store.FileName))
	if err := db.Open(); err != nil {
		return err
	}
	defer db.Close()
	u, err := db.Usage(ctx)
	if err != nil || u.Articles == 0 {
		return cmp.Or(err, fmt.Errorf("ingest store holds no article"))
	}
	n := float64(u.Articles)
	without := float64(u.Total-u.Pages) / n
	b.check("ingest store: bytes in use per article, no kept pages", fmt.Sprintf("%.0f (%d articles)", without, u.Articles),
		"≤ 2,048", without <= 2048)
	b.add("ingest store: bytes in use per article, pages kept", fmt.Sprintf("%.0f (%.0f of it the page)",
		float64(u.Total)/n, float64(u.Pages)/n), "")
	return nil
}

// parseOnly fetches every article page and feed the first poll asked for
// into memory, from the replica with no network, then times extract.Page
// and fetch.ParseFeed over them. It returns the counts and the seconds.
func (b *bench) parseOnly(o *origin) (pages, feeds int, secs float64) {
	type doc struct {
		url, ctype string
		body       []byte
		lang       string
		page       bool
	}
	var docs []doc
	o.mu.Lock()
	for uri := range o.seen {
		rec := httptest.NewRecorder()
		o.site.ServeHTTP(rec, httptest.NewRequest("GET", uri, nil))
		if rec.Code != 200 {
			continue
		}
		path, _, _ := strings.Cut(uri, "?")
		e, page := o.pages[path]
		d := doc{url: o.url + uri, ctype: rec.Header().Get("Content-Type"), body: rec.Body.Bytes(), page: page, lang: e.Lang}
		if !page {
			d.lang = langOf(path)
		}
		docs = append(docs, d)
	}
	o.mu.Unlock()
	start := time.Now()
	for _, d := range docs {
		if d.page {
			pages++
			extract.Page(d.body, d.url, d.lang)
			continue
		}
		feeds++
		fetch.ParseFeed(d.body, d.ctype, sanafeed.Source{Lang: d.lang, URL: d.url})
	}
	return pages, feeds, time.Since(start).Seconds()
}

// langOf returns the edition whose path prefixes path ("" path: Arabic).
func langOf(path string) string {
	for _, e := range sanafeed.Editions {
		if e.Path != "/" && strings.HasPrefix(path, e.Path) {
			return e.Lang
		}
	}
	return "ar"
}

// linking times link.Link over every stored article.
func (b *bench) linking(ctx context.Context, data string) error {
	db := store.New(filepath.Join(data, store.FileName))
	if err := db.Open(); err != nil {
		return err
	}
	defer db.Close()
	arts, err := db.Since(ctx, time.Time{})
	if err != nil {
		return err
	}
	logf("linking %d stored articles", len(arts))
	start := time.Now()
	ids := link.Link(arts, link.Options{})
	d := time.Since(start)
	clusters := map[string]bool{}
	for _, id := range ids {
		if id != "" {
			clusters[id] = true
		}
	}
	b.add("linking: link.Link", fmt.Sprintf("%d articles in %.3fs (%.0f/s), %d clusters",
		len(arts), d.Seconds(), float64(len(arts))/d.Seconds(), len(clusters)), "")
	return nil
}

// round rounds d for printing.
func round(d time.Duration) time.Duration { return d.Round(time.Millisecond) }
