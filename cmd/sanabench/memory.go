package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/store"
)

// words make up generated article text.
var words = strings.Fields(`the minister said on sunday that the government will continue to support
reconstruction projects in damascus aleppo homs and latakia while the council discussed economic
cooperation agreements with delegations from neighbouring countries including trade energy and
transport the governor inaugurated a new water station serving thousands of residents in the
countryside and officials reviewed the progress of rehabilitation works at schools hospitals roads`)

// fill stores n generated articles (2-4 KB of content each, a few tags)
// in data through store.PutArticles, in batches.
func fill(ctx context.Context, data string, n int) error {
	db := store.New(filepath.Join(data, store.FileName))
	if err := db.Open(); err != nil {
		return err
	}
	defer db.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	t0 := time.Date(2026, 2, 9, 12, 0, 0, 0, time.UTC)
	const batch = 2000
	for i := 0; i < n; i += batch {
		arts := make([]sanafeed.Article, 0, batch)
		for j := i; j < min(i+batch, n); j++ {
			arts = append(arts, genArticle(rng, j, t0))
		}
		if _, err := db.PutArticles(ctx, arts); err != nil {
			return err
		}
	}
	return nil
}

// genArticle returns the i-th generated article.
func genArticle(rng *rand.Rand, i int, t0 time.Time) sanafeed.Article {
	e := sanafeed.Editions[i%len(sanafeed.Editions)]
	id := int64(100000 + i)
	text := func(n int) string {
		var b strings.Builder
		for b.Len() < n {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(' ')
		}
		return b.String()
	}
	var content strings.Builder
	for content.Len() < 2048+rng.IntN(2048) {
		content.WriteString("<p>" + text(300) + "</p>")
	}
	var tags []sanafeed.Tag
	for range 1 + rng.IntN(3) {
		s := "tag-" + strconv.Itoa(rng.IntN(200))
		tags = append(tags, sanafeed.Tag{Slug: s, Name: s})
	}
	return sanafeed.Article{
		Lang: e.Lang, PostID: id,
		URL:       "https://sana.sy" + e.Path + "news/" + strconv.FormatInt(id, 10) + "/",
		Title:     text(60),
		Content:   content.String(),
		Summary:   text(200),
		Tags:      tags,
		From:      sanafeed.FromPage,
		Published: t0.Add(-time.Duration(i) * time.Minute),
	}
}

// memory fills a store with memArts articles, starts `sanafeed serve` on
// it, times the first served feed, requests every edition's feeds and some
// tag feeds and reads the peak RSS.
func (b *bench) memory(ctx context.Context) error {
	data := filepath.Join(b.dir, "mem")
	logf("memory: storing %d generated articles", b.memArts)
	start := time.Now()
	if err := fill(ctx, data, b.memArts); err != nil {
		return err
	}
	logf("stored in %s", round(time.Since(start)))
	fi, err := os.Stat(filepath.Join(data, store.FileName))
	if err != nil {
		return err
	}
	cmd, addr, startup, err := b.startServe(ctx, "mem.toml", data, "http://127.0.0.1:1")
	if err != nil {
		return err
	}
	err = getAll(addr, memPaths())
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
	return b.pollingMemory(ctx, data)
}

// pollingMemory measures the same store when serve also polls: a
// catch-up `sanafeed poll` of a small replica into it first, then serve
// started after the replica moved on (new articles, a late translation,
// an edit), its first poll stored and linked, and the feeds served again.
func (b *bench) pollingMemory(ctx context.Context, data string) error {
	o, err := startOrigin(300)
	if err != nil {
		return err
	}
	defer o.close()
	cfg, err := b.writeConfig("memp.toml", data, "127.0.0.1:1", o.url)
	if err != nil {
		return err
	}
	first, err := b.runChild(ctx, "poll", "-config", cfg)
	if err != nil {
		return err
	}
	b.add("poll catch-up into the big store: peak RSS (sampled)", fmt.Sprintf("%.1f MB (%d new articles, %s)",
		float64(first.maxRSS)/(1<<20), newArticles(first.out), round(first.wall)), "")
	o.site.Advance()
	start := time.Now()
	cmd, addr, _, err := b.startServe(ctx, "memps.toml", data, o.url)
	if err != nil {
		return err
	}
	defer stop(cmd)
	if err := waitPolled(addr, start); err != nil {
		return err
	}
	time.Sleep(2 * time.Second) // the flush after the last edition's poll, and the release after it
	if err := getAll(addr, memPaths()); err != nil {
		return err
	}
	st, err := procStatus(cmd.Process.Pid)
	if err != nil {
		return err
	}
	b.add("serve peak RSS incl. a poll with new articles", fmt.Sprintf("%.1f MB (anon %.1f MB now)",
		float64(st["VmHWM"])/(1<<20), float64(st["RssAnon"])/(1<<20)), "")
	return nil
}

// waitPolled waits up to 60 s until serve at addr reports every source
// polled after start.
func waitPolled(addr string, start time.Time) error {
	for t0 := time.Now(); time.Since(t0) < 60*time.Second; time.Sleep(100 * time.Millisecond) {
		resp, err := http.Get("http://" + addr + "/healthz?format=json")
		if err != nil {
			continue
		}
		var h struct {
			Sources []sanafeed.PollResult `json:"sources"`
		}
		err = json.NewDecoder(resp.Body).Decode(&h)
		resp.Body.Close()
		if err != nil || len(h.Sources) == 0 {
			continue
		}
		done := true
		for _, s := range h.Sources {
			done = done && s.Started.After(start) && s.Err == ""
		}
		if done {
			return nil
		}
	}
	return errors.New("serve did not poll every source within 60 s")
}

// memPaths returns what the memory part requests: every edition's feeds
// in every format, ten tag feeds, the index and the OPML.
func memPaths() []string {
	var paths []string
	for _, e := range append([]string{"all"}, langs()...) {
		for _, ext := range []string{"rss", "atom", "json"} {
			paths = append(paths, "/feeds/"+e+"."+ext)
		}
	}
	for t := range 10 {
		paths = append(paths, fmt.Sprintf("/feeds/%s/tags/tag-%d.atom", langs()[t%6], t))
	}
	paths = append(paths, "/", "/feeds.opml")
	return paths
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
