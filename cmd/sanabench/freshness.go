package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/charset"
	"github.com/sanafeed/sanafeed/config"
	"github.com/sanafeed/sanafeed/fetch"
	"github.com/sanafeed/sanafeed/refresh"
	sfserver "github.com/sanafeed/sanafeed/server"
	"github.com/sanafeed/sanafeed/store"
	"github.com/sanafeed/sanafeed/webhook"
)

// The freshness part runs a simulated day of SANA against sanafeed wired
// in this process from its packages (store, fetch, refresh, server,
// webhook), as cmd/sanafeed wires them for serve, on a clock compressed
// by timeFactor: the poller's clock, the fetcher's crawl-delay spacing
// and the replica's clock are all the simulated one, so the ratios hold.
// The replica, in a process of its own (replicachild.go), publishes on
// daySchedule's events and serves robots.txt with Crawl-delay: 5. The bench reads each edition's JSON feed from
// sanafeed's server (conditional GETs, every feedEvery of real time) and
// receives its webhooks on a loopback receiver that checks signatures,
// and notes when each article first shows in each.
const (
	timeFactor  = 144 // a day in ten minutes
	crawlDelay  = 5 * time.Second
	feedEvery   = 20 * time.Millisecond // real time: 2.9 s of the site's
	webhookKey  = "c2FuYWJlbmNoLWZyZXNobmVzcy1rZXktMzItYnl0ZXMh"
	warmUp      = time.Hour        // before the measured span: the first poll's catch-up
	grace       = 30 * time.Minute // after it: the last articles still reach the feeds
	medianLimit = 2 * time.Minute
	p95Limit    = 6 * time.Minute
)

// A freshRun is the running day: the replica, sanafeed and what the bench
// sees of both.
type freshRun struct {
	clk     *simClock
	rep     *replicaProc
	from    time.Time            // start of the measured span, site time
	to      time.Time            // its end
	pub     map[string]time.Time // article id → published, site time
	edited  map[string]time.Time // article id → edited, site time
	feed    stamps               // article id → first in its feed
	feedEd  stamps               // article id → its edited title first in its feed
	hook    stamps               // article id → first article.created webhook
	reqs    []time.Time          // real arrival of each request at the replica, in order
	pollMu  sync.Mutex           // guards polls
	polls   []sanafeed.PollResult
	hookBad int // webhooks whose signature did not verify
	// late is the most a short timer fired late in the measured span
	// (real time): how late the machine ran anything, the replica's note
	// of a request's arrival included.
	late time.Duration
}

// freshness runs the day and adds its rows.
func (b *bench) freshness(ctx context.Context) error {
	dayStart := time.Date(2026, 2, 9, 0, 0, 0, 0, damascus)
	from, to := dayStart, dayStart.Add(24*time.Hour)
	if b.short {
		from, to = dayStart.Add(8*time.Hour), dayStart.Add(10*time.Hour) // the busy morning
	}
	evs := daySchedule(from, to)
	logf("freshness: %s to %s of SANA's day at %d× (%s of real time), %d events",
		from.Format("Jan 2 15:04"), to.Format("Jan 2 15:04"), timeFactor, (to.Sub(from)+warmUp+grace)/timeFactor, len(evs))
	fr := &freshRun{from: from, to: to, pub: map[string]time.Time{}, edited: map[string]time.Time{}}
	rep, err := startReplica(from.Add(-warmUp), crawlDelay)
	if err != nil {
		return err
	}
	defer rep.close()
	fr.rep = rep
	fr.clk = &simClock{factor: timeFactor, real: time.Now(), site: from.Add(-warmUp)}
	hooks := httptest.NewServer(http.HandlerFunc(fr.receive))
	defer hooks.Close()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sf, err := fr.startSanafeed(ctx, b.dir, rep.url, hooks.URL)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	for _, e := range sanafeed.Editions {
		wg.Go(func() { fr.watchFeed(ctx, sf.URL, e.Lang) })
	}
	wg.Go(func() { fr.probe(ctx) })
	if err := fr.play(ctx, evs); err != nil {
		return err
	}
	// The grace period, cut short once everything has shown.
	for fr.clk.Now().Before(to.Add(grace)) && !fr.allSeen() {
		if !fr.clk.sleepUntil(ctx, fr.clk.Now().Add(time.Minute)) {
			return ctx.Err()
		}
	}
	cancel()
	wg.Wait()
	sf.Close()
	if fr.reqs, err = rep.arrivals(); err != nil {
		return err
	}
	slices.SortFunc(fr.reqs, time.Time.Compare)
	fr.report(b)
	return nil
}

// startSanafeed opens a store in dir and starts the poller over the
// replica at base, the webhook dispatcher posting to hookURL and the
// server, which it returns; all stop when ctx ends.
func (fr *freshRun) startSanafeed(ctx context.Context, dir, base, hookURL string) (*httptest.Server, error) {
	var toml strings.Builder
	for _, e := range sanafeed.Editions {
		fmt.Fprintf(&toml, "[[source]]\nlang = %q\nurl = %q\n\n", e.Lang, base+e.Path)
	}
	fmt.Fprintf(&toml, "[[webhook]]\nurl = %q\nsecret = \"whsec_%s\"\nevents = [\"article.created\"]\n", hookURL, webhookKey)
	cfg, err := config.Parse(strings.NewReader(toml.String()))
	if err != nil {
		return nil, err
	}
	db := store.New(filepath.Join(dir, "fresh-"+store.FileName))
	db.Now = fr.clk.Now
	if err := db.Open(); err != nil {
		return nil, err
	}
	eps := []sanafeed.Endpoint{cfg.Webhooks[0].Endpoint()}
	if err := db.SetWebhooks(ctx, eps); err != nil {
		db.Close()
		return nil, err
	}
	c := fetch.NewClient() // Robots on: robots.txt's Crawl-delay spaces the requests
	c.Now, c.After = fr.clk.Now, fr.clk.After
	hooks := &webhook.Dispatcher{Store: db, Endpoints: eps, Now: fr.clk.Now}
	srv := &sfserver.Server{Store: db, PublicURL: "http://127.0.0.1", Items: cfg.Feeds.Items, Langs: langs(), Now: fr.clk.Now}
	p := &refresh.Poller{
		Store: db, Fetcher: c, ParseFeed: fetch.ParseFeed, Sources: cfg.Sanafeed(),
		CatchUp: cfg.Poll.CatchUp.Duration, StaleAfter: cfg.Poll.StaleAfter.Duration,
		DecodePage: charset.DecodeHTML, BustCache: fetch.BustCache,
		Now: fr.clk.Now, After: fr.clk.After,
		Notify: func(ctx context.Context, n refresh.Notice) {
			switch n.Step {
			case refresh.Stored, refresh.Linked:
				hooks.Notify()
			case refresh.Polled:
				fr.pollMu.Lock()
				fr.polls = append(fr.polls, n.Result)
				fr.pollMu.Unlock()
			}
		},
	}
	hs := httptest.NewServer(srv.Handler())
	var wg sync.WaitGroup
	wg.Go(func() { p.Run(ctx) })
	wg.Go(func() { hooks.Run(ctx) })
	context.AfterFunc(ctx, func() {
		wg.Wait()
		db.Close()
	})
	return hs, nil
}

// probe measures how late a 1 ms timer fires, over and over, until ctx
// ends, keeping the worst in the measured span in fr.late.
func (fr *freshRun) probe(ctx context.Context) {
	for ctx.Err() == nil {
		start := time.Now()
		time.Sleep(time.Millisecond)
		late := time.Since(start) - time.Millisecond
		if t := fr.clk.siteAt(start); !t.Before(fr.from) && t.Before(fr.to) {
			fr.pollMu.Lock()
			fr.late = max(fr.late, late)
			fr.pollMu.Unlock()
		}
	}
}

// play publishes and edits on the site as evs say, each at its time.
func (fr *freshRun) play(ctx context.Context, evs []event) error {
	ids := map[int]int64{} // post id by the post's number in the day
	for _, e := range evs {
		if !fr.clk.sleepUntil(ctx, e.at) {
			return ctx.Err()
		}
		if !e.edit {
			id, err := fr.rep.publish(e.lang, e.at)
			if err != nil {
				return err
			}
			ids[e.post] = id
			fr.pub[sanafeed.ArticleID(e.lang, id)] = e.at
			continue
		}
		if err := fr.rep.edit(e.lang, ids[e.post], e.at); err != nil {
			return err
		}
		fr.edited[sanafeed.ArticleID(e.lang, ids[e.post])] = e.at
	}
	return nil
}

// watchFeed reads /feeds/{lang}.json from sanafeed's server at base every
// feedEvery (conditionally) until ctx ends, noting when each article and
// each edited title first shows.
func (fr *freshRun) watchFeed(ctx context.Context, base, lang string) {
	etag := ""
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(feedEvery):
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/feeds/"+lang+".json", nil)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			continue
		}
		now := fr.clk.Now()
		var f struct {
			Items []struct{ ID, Title string }
		}
		if resp.StatusCode == http.StatusOK && json.NewDecoder(resp.Body).Decode(&f) == nil {
			etag = resp.Header.Get("ETag")
			for _, it := range f.Items {
				fr.feed.see(it.ID, now)
				if strings.HasSuffix(it.Title, "(updated)") {
					fr.feedEd.see(it.ID, now)
				}
			}
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

// receive is the webhook receiver: it checks the Standard Webhooks
// signature and notes when each article's article.created arrived.
func (fr *freshRun) receive(w http.ResponseWriter, r *http.Request) {
	now := fr.clk.Now()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := verify(r.Header, body); err != nil {
		fr.pollMu.Lock()
		fr.hookBad++
		fr.pollMu.Unlock()
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	var ev sanafeed.Event
	if err := json.Unmarshal(body, &ev); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if ev.Type == sanafeed.EventCreated {
		fr.hook.see(ev.Data.ID, now)
	}
	w.WriteHeader(http.StatusNoContent)
}

// verify checks a Standard Webhooks signature against webhookKey.
func verify(h http.Header, body []byte) error {
	key, _ := base64.StdEncoding.DecodeString(webhookKey)
	m := hmac.New(sha256.New, key)
	m.Write([]byte(h.Get("webhook-id") + "." + h.Get("webhook-timestamp") + "."))
	m.Write(body)
	want := "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
	if !slices.Contains(strings.Fields(h.Get("webhook-signature")), want) {
		return errors.New("bad signature")
	}
	return nil
}

// allSeen reports whether every article published in the span has shown
// in its feed and come by webhook.
func (fr *freshRun) allSeen() bool {
	for id := range fr.pub {
		_, inFeed := fr.feed.get(id)
		_, hooked := fr.hook.get(id)
		if !inFeed || !hooked {
			return false
		}
	}
	return true
}
