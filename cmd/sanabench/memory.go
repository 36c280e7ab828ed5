package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/link"
	"github.com/sanafeed/sanafeed/replica"
	"github.com/sanafeed/sanafeed/store"
)

// memPollArticles is the replica the memory part polls into its big
// store: 320 generated articles and the hand-written ones make some 400
// new articles, the poll the memory target is stated for.
const memPollArticles = 320

// sanaPerDay is SANA's volume across its six editions, about 500 articles
// a day (Arabic ~300, English ~75, French ~60, the others ~20 each; see
// docs/benchmarks.md): the default density of the memory part's store.
const sanaPerDay = 500

// fill stores n articles in data, published perDay a day, and links them
// as serve would have: translation clusters set, so that a poll's linking
// meets the store it would meet in service. The articles are the replica's
// generated stories (its languages' words, translations published within
// hours of each other), older than and apart from those of the replica
// poll, which the memory part polls into the store afterwards.
//
// It returns the paths of twelve tag feeds to request.
func fill(ctx context.Context, data string, n, perDay int, poll *replica.Site) ([]string, error) {
	span := time.Duration(float64(n) / float64(perDay) * float64(24*time.Hour))
	site := replica.New(replica.Options{Synthetic: n + 2*memPollArticles, SyntheticSpan: span})
	// Left out: what the polled replica serves (its articles must be new
	// to the store) and the same stories under other ids.
	skipKey, skipTitle := map[string]bool{}, map[string]bool{}
	for _, e := range poll.Truth() {
		skipKey[sanafeed.ArticleKey(e.Lang, e.PostID)] = true
		skipTitle[e.Title] = true
	}
	var arts []sanafeed.Article
	for _, e := range site.Truth() {
		if len(arts) < n && !skipKey[sanafeed.ArticleKey(e.Lang, e.PostID)] && !skipTitle[e.Title] {
			arts = append(arts, entryArticle(e))
		}
	}
	// Linked as one run: the clusters serve's flushes would have stored,
	// the time window bounding every pair.
	start := time.Now()
	ids := link.Link(arts, link.Options{})
	logf("linked in %s", round(time.Since(start)))
	db := store.New(filepath.Join(data, store.FileName))
	if err := db.Open(); err != nil {
		return nil, err
	}
	defer db.Close()
	// Stored oldest first, a few days at a time, each batch's clusters
	// set after it: the pages a batch writes lie close together.
	slices.SortStableFunc(arts, func(a, b sanafeed.Article) int { return a.Published.Compare(b.Published) })
	const batch = 2000
	for i := 0; i < len(arts); i += batch {
		part := arts[i:min(i+batch, len(arts))]
		if _, err := db.PutArticles(ctx, part); err != nil {
			return nil, err
		}
		assign := map[string]string{}
		for _, a := range part {
			if id := ids[a.Key()]; id != "" {
				assign[a.Key()] = id
			}
		}
		if _, err := db.SetClusters(ctx, assign); err != nil {
			return nil, err
		}
	}
	// Tags to serve feeds of: each edition's two most used.
	var tags []string
	for _, e := range sanafeed.Editions {
		tc, err := db.Tags(ctx, e.Lang)
		if err != nil {
			return nil, err
		}
		for _, t := range tc[:min(len(tc), 2)] {
			tags = append(tags, fmt.Sprintf("/feeds/%s/tags/%s.atom", e.Lang, t.Tag.Slug))
		}
	}
	return tags, nil
}

// entryArticle returns the article the replica's entry e is, as a poll
// stores it from its page.
func entryArticle(e replica.Entry) sanafeed.Article {
	var content strings.Builder
	for _, p := range e.Body {
		content.WriteString("<p>" + html.EscapeString(p) + "</p>")
	}
	summary := ""
	if len(e.Body) > 1 {
		summary = e.Body[1]
	}
	return sanafeed.Article{
		Lang: e.Lang, PostID: e.PostID,
		URL:   "https://sana.sy" + e.Path,
		Title: e.Title, Content: content.String(), Summary: summary,
		Dateline: e.Dateline, Image: e.Image,
		Tags: e.Tags, Categories: []sanafeed.Tag{e.Category},
		From: sanafeed.FromPage, Published: e.Published, Modified: e.Modified,
	}
}

// memory fills a store with memArts articles, starts `sanafeed serve` on
// it, times the first served feed, requests every edition's feeds and some
// tag feeds and reads the peak RSS; then it measures serve again while it
// polls some 400 new articles into the store (see pollingMemory).
func (b *bench) memory(ctx context.Context) error {
	o, err := startOrigin(memPollArticles)
	if err != nil {
		return err
	}
	defer o.close()
	data := filepath.Join(b.dir, "mem")
	logf("memory: storing %d generated articles, %d a day, and linking them", b.memArts, b.memRate)
	start := time.Now()
	tags, err := fill(ctx, data, b.memArts, b.memRate, o.site)
	if err != nil {
		return err
	}
	paths := memPaths(tags)
	logf("stored in %s", round(time.Since(start)))
	fi, err := os.Stat(filepath.Join(data, store.FileName))
	if err != nil {
		return err
	}
	// The one-shot poll below gets a copy of the store as it is now.
	pollData := filepath.Join(b.dir, "mem-poll")
	if err := copyStore(data, pollData); err != nil {
		return err
	}
	cmd, addr, startup, err := b.startServe(ctx, "mem.toml", data, "http://127.0.0.1:1")
	if err != nil {
		return err
	}
	err = getAll(addr, paths)
	st, serr := procStatus(cmd.Process.Pid)
	mapped, bin, merr := mappedRSS(cmd.Process.Pid)
	stop(cmd)
	if err = cmp.Or(err, serr); err != nil {
		return err
	}
	hwm := st["VmHWM"]
	n := strconv.Itoa(b.memArts)
	b.check("serve peak RSS (VmHWM), "+n+" articles", fmt.Sprintf("%.1f MB", float64(hwm)/(1<<20)), "≤ 64 MB", hwm <= 64<<20)
	// Where the resident memory is now: the Go heap and stacks (anon) or
	// the binary and bbolt's mmap (file), to tell which to shrink.
	b.add("serve RSS now: anon / file", fmt.Sprintf("%.1f MB / %.1f MB",
		float64(st["RssAnon"])/(1<<20), float64(st["RssFile"])/(1<<20)), "")
	if merr == nil {
		b.add("serve RSS now: sanafeed.db map / binary", fmt.Sprintf("%.1f MB / %.1f MB",
			float64(mapped)/(1<<20), float64(bin)/(1<<20)), "")
	}
	b.check("serve startup to first feed, "+n+" articles", round(startup).String(), "≤ 300 ms", startup <= 300*time.Millisecond)
	b.add("bbolt file size per article", fmt.Sprintf("%.0f bytes (%.1f MB for %s)",
		float64(fi.Size())/float64(b.memArts), float64(fi.Size())/(1<<20), n), "")
	if err := b.pollingMemory(ctx, data, o, paths); err != nil {
		return err
	}
	return b.pollMemory(ctx, pollData, o)
}

// copyStore copies the store file of data into the directory to.
func copyStore(data, to string) error {
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	src, err := os.Open(filepath.Join(data, store.FileName))
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(filepath.Join(to, store.FileName))
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// pollingMemory measures serve over the big store while it polls the
// replica o, whose articles are all new to the store (a catch-up after
// downtime): its peak RSS from start until the poll's articles are
// stored and linked and every feed served again, against the target.
func (b *bench) pollingMemory(ctx context.Context, data string, o *origin, paths []string) error {
	logf("memory: serve polling %d new articles into the store", len(o.pages))
	cmd, addr, logs, err := b.startServeLogged(ctx, "memps.toml", data, o.url)
	if err != nil {
		return err
	}
	defer stop(cmd)
	peak := samplePeak(cmd.Process.Pid)
	stored, err := waitLinked(logs, 5*time.Minute)
	if err != nil {
		return err
	}
	linked := time.Now()
	if err := getAll(addr, paths); err != nil {
		return err
	}
	st, err := procStatus(cmd.Process.Pid)
	if err != nil {
		return err
	}
	at := peak()
	hwm := st["VmHWM"]
	b.check(fmt.Sprintf("serve peak RSS incl. a poll storing %d new articles", stored),
		fmt.Sprintf("%.1f MB (anon %.1f MB now)", float64(hwm)/(1<<20), float64(st["RssAnon"])/(1<<20)),
		"≤ 64 MB", hwm <= 64<<20)
	when := "while polling and linking"
	if at.when.After(linked) {
		when = "while serving every feed after the poll"
	}
	b.add("serve at its sampled RSS peak: anon / file (db map / binary)",
		fmt.Sprintf("%.1f MB / %.1f MB (%.1f / %.1f), %s", float64(at.anon)/(1<<20), float64(at.file)/(1<<20),
			float64(at.db)/(1<<20), float64(at.bin)/(1<<20), when), "")
	return nil
}

// A rssSample is a process's resident memory at one moment.
type rssSample struct {
	when            time.Time
	rss, anon, file int64
	db, bin         int64 // resident bytes of the bbolt file's mapping and of the binary
}

// samplePeak samples pid's resident memory every 5 ms until the function
// it returns is called, which returns the sample with the most resident:
// what the peak was made of, which VmHWM does not say.
func samplePeak(pid int) func() rssSample {
	done := make(chan struct{})
	out := make(chan rssSample, 1)
	go func() {
		var top rssSample
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				out <- top
				return
			case <-tick.C:
			}
			st, err := procStatus(pid)
			if err != nil || st["VmRSS"] <= top.rss {
				continue
			}
			top = rssSample{when: time.Now(), rss: st["VmRSS"], anon: st["RssAnon"], file: st["RssFile"]}
			top.db, top.bin, _ = mappedRSS(pid)
		}
	}()
	return func() rssSample {
		close(done)
		return <-out
	}
}

// pollMemory measures a one-shot `sanafeed poll` of the same replica into
// a copy of the store as it was before serve polled it.
func (b *bench) pollMemory(ctx context.Context, data string, o *origin) error {
	cfg, err := b.writeConfig("memp.toml", data, "127.0.0.1:1", o.url)
	if err != nil {
		return err
	}
	r, err := b.runChild(ctx, "poll", "-config", cfg)
	if err != nil {
		return err
	}
	b.add("poll catch-up into the big store: peak RSS (sampled)", fmt.Sprintf("%.1f MB (%d new articles, %s)",
		float64(r.maxRSS)/(1<<20), newArticles(r.out), round(r.wall)), "")
	return nil
}

// startServeLogged starts `sanafeed serve` on data with the sources at
// base, as startServe does, and returns its log lines as they come.
func (b *bench) startServeLogged(ctx context.Context, name, data, base string) (*exec.Cmd, string, <-chan string, error) {
	addr, err := freePort()
	if err != nil {
		return nil, "", nil, err
	}
	cfg, err := b.writeConfig(name, data, addr, base)
	if err != nil {
		return nil, "", nil, err
	}
	cmd := exec.CommandContext(ctx, b.bin, "serve", "-config", cfg)
	cmd.Stdout = io.Discard
	errs, err := cmd.StderrPipe()
	if err != nil {
		return nil, "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", nil, err
	}
	lines := make(chan string, 64)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(errs)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default: // nobody reading any more: drop
			}
		}
	}()
	return cmd, addr, lines, nil
}

// waitLinked reads serve's JSON log lines until every edition was polled
// once and what those polls stored is all linked, and returns how many
// new articles they stored.
func waitLinked(lines <-chan string, limit time.Duration) (int, error) {
	timeout := time.After(limit)
	polled := map[string]bool{}
	stored, noted := 0, 0
	for len(polled) < len(sanafeed.Editions) || noted < stored {
		select {
		case line, ok := <-lines:
			if !ok {
				return 0, errors.New("serve ended before its poll was linked")
			}
			var m struct {
				Msg, Lang  string
				New, Noted int
			}
			if json.Unmarshal([]byte(line), &m) != nil {
				continue
			}
			switch {
			case m.Msg == "polled" && !polled[m.Lang]:
				polled[m.Lang] = true
				stored += m.New
			case m.Msg == "linked translations":
				noted += m.Noted
			}
		case <-timeout:
			return 0, fmt.Errorf("serve's poll not stored and linked within %s", limit)
		}
	}
	return stored, nil
}

// memPaths returns what the memory part requests: every edition's feeds
// in every format, the tag feeds tags, the index and the OPML.
func memPaths(tags []string) []string {
	var paths []string
	for _, e := range append([]string{"all"}, langs()...) {
		for _, ext := range []string{"rss", "atom", "json"} {
			paths = append(paths, "/feeds/"+e+"."+ext)
		}
	}
	paths = append(paths, tags...)
	return append(paths, "/", "/feeds.opml")
}

// getAll GETs every path from addr and wants 200 for each.
func getAll(addr string, paths []string) error {
	for _, p := range paths {
		resp, err := http.Get("http://" + addr + p)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return fmt.Errorf("GET %s: %s", p, resp.Status)
		}
	}
	return nil
}

// langs returns the edition codes.
func langs() []string {
	var out []string
	for _, e := range sanafeed.Editions {
		out = append(out, e.Lang)
	}
	return out
}

// procStatus returns the kB fields of /proc/pid/status (VmHWM, RssAnon,
// RssFile…) in bytes.
func procStatus(pid int) (map[string]int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for _, line := range strings.Split(string(b), "\n") {
		name, v, ok := strings.Cut(line, ":")
		v = strings.TrimSpace(v)
		if !ok || !strings.HasSuffix(v, " kB") {
			continue
		}
		if kb, err := strconv.ParseInt(strings.TrimSuffix(v, " kB"), 10, 64); err == nil {
			out[name] = kb << 10
		}
	}
	if _, ok := out["VmHWM"]; !ok {
		return nil, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
	}
	return out, nil
}

// mappedRSS returns the resident bytes of the process's mappings of the
// bbolt file (sanafeed.db) and of its own binary, from /proc/pid/smaps.
func mappedRSS(pid int) (db, bin int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps", pid))
	if err != nil {
		return 0, 0, err
	}
	exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
	var cur *int64
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 5 && strings.Contains(f[0], "-") && !strings.HasSuffix(f[0], ":"):
			cur = nil
			if len(f) >= 6 && strings.HasSuffix(f[5], store.FileName) {
				cur = &db
			} else if len(f) >= 6 && exe != "" && f[5] == exe {
				cur = &bin
			}
		case len(f) == 3 && f[0] == "Rss:" && cur != nil:
			if kb, err := strconv.ParseInt(f[1], 10, 64); err == nil {
				*cur += kb << 10
			}
		}
	}
	return db, bin, nil
}
