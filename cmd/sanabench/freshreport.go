package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sanafeed/sanafeed"
)

// report adds the day's rows: per edition, publication → feed and →
// webhook; the requests to the host and its budget; the closest two
// requests came; the theoretical limit.
func (fr *freshRun) report(b *bench) {
	span := fr.to.Sub(fr.from)
	end := fr.to.In(damascus).Format("15:04")
	if end == "00:00" {
		end = "24:00"
	}
	b.add("freshness: simulated span", fmt.Sprintf("%s–%s Damascus after %s of warm-up, %d× (1 s = %s of the site's), Crawl-delay: %d",
		fr.from.In(damascus).Format("15:04"), end, warmUp, timeFactor, time.Duration(timeFactor)*time.Second,
		int(crawlDelay/time.Second)), "")
	polls, cost := fr.pollStats()
	for _, lang := range langs() {
		feed, fmiss := fr.latencies(lang, &fr.feed, fr.pub)
		hook, hmiss := fr.latencies(lang, &fr.hook, fr.pub)
		med, p95 := quantile(feed, 0.5), quantile(feed, 0.95)
		v := fmt.Sprintf("median %s, p95 %s; %d posts%s, %.0f checks/h", minutes(med), minutes(p95), len(feed)+fmiss,
			missing(fmiss), float64(polls[lang])/span.Hours())
		if lang == "ar" || lang == "en" {
			ok := fmiss == 0 && len(feed) > 0 && med <= medianLimit && p95 <= p95Limit
			b.check("freshness "+lang+": published → feed", v, "median ≤ 2, p95 ≤ 6 min", ok)
		} else {
			b.add("freshness "+lang+": published → feed", v, "")
		}
		b.add("freshness "+lang+": published → webhook", fmt.Sprintf("median %s, p95 %s%s",
			minutes(quantile(hook, 0.5)), minutes(quantile(hook, 0.95)), missing(hmiss)), "")
	}
	edits, emiss := fr.latencies("", &fr.feedEd, fr.edited)
	b.add("freshness: edit → edited title in feed", fmt.Sprintf("median %s, p95 %s; %d edits%s",
		minutes(quantile(edits, 0.5)), minutes(quantile(edits, 0.95)), len(edits)+emiss, missing(emiss)), "")

	n, peak, busiest, gaps := fr.requestStats()
	gap, under := time.Duration(0), 0
	if len(gaps) > 0 {
		gap = gaps[0]
		under, _ = slices.BinarySearch(gaps, crawlDelay)
	}
	budget := float64(time.Hour / crawlDelay)
	b.add("freshness: requests to the host", fmt.Sprintf("%.0f/h, %.0f%% of the budget of %.0f/h; busiest hour %d, busiest minute %d (of %d)",
		float64(n)/span.Hours(), 100*float64(n)/span.Hours()/budget, budget, peak, busiest, time.Minute/crawlDelay), "")
	fr.pollMu.Lock()
	noise := time.Duration(float64(fr.late) * timeFactor)
	fr.pollMu.Unlock()
	b.check("freshness: least gap between requests at the replica", fmt.Sprintf("%.2f s, 1st percentile %.2f s (%d of %d under %s); timers ran up to %s late = %.1f s scaled",
		gap.Seconds(), quantile(gaps, 0.01).Seconds(), under, len(gaps), crawlDelay, fr.late.Round(100*time.Microsecond), noise.Seconds()),
		fmt.Sprintf("≥ %s − lateness", crawlDelay), gap >= crawlDelay-noise)
	perCycle, parts := 0.0, []string{}
	for _, lang := range langs() {
		perCycle += cost[lang]
		parts = append(parts, fmt.Sprintf("%s %.1f", lang, cost[lang]))
	}
	cycle := time.Duration(perCycle * float64(crawlDelay))
	b.add("freshness: theoretical limit", fmt.Sprintf("%.1f requests per cycle (%s) × %s = %s to check every edition once; "+
		"checked every cycle, median %s",
		perCycle, strings.Join(parts, " "), crawlDelay, cycle.Round(time.Second), minutes(cycle/2+crawlDelay)), "")
	if fr.hookBad > 0 {
		b.check("freshness: webhook signatures", fmt.Sprintf("%d did not verify", fr.hookBad), "all verify", false)
	}
}

// latencies returns, for the ids in at of the edition lang ("" for all)
// within the span, the time from at to when seen saw them, and how many
// it never saw.
func (fr *freshRun) latencies(lang string, seen *stamps, at map[string]time.Time) ([]time.Duration, int) {
	var out []time.Duration
	miss := 0
	for id, t := range at {
		l, _, err := sanafeed.SplitKey(strings.TrimPrefix(id, "tag:sana.sy,2025:"))
		if err != nil || lang != "" && l != lang || t.Before(fr.from) || !t.Before(fr.to) {
			continue
		}
		s, ok := seen.get(id)
		if !ok {
			miss++
			continue
		}
		out = append(out, max(0, s.Sub(t)))
	}
	slices.Sort(out)
	return out, miss
}

// pollStats returns the polls of each edition in the span and the mean
// requests of one that found nothing (a check's cost).
func (fr *freshRun) pollStats() (map[string]int, map[string]float64) {
	fr.pollMu.Lock()
	defer fr.pollMu.Unlock()
	polls, cost, quiet := map[string]int{}, map[string]float64{}, map[string]int{}
	for _, r := range fr.polls {
		if r.Started.Before(fr.from) || !r.Started.Before(fr.to) {
			continue
		}
		polls[r.Lang]++
		if r.New == 0 && r.Updated == 0 && r.Err == "" {
			cost[r.Lang] += float64(r.Requests)
			quiet[r.Lang]++
		}
	}
	for l, n := range quiet {
		cost[l] /= float64(n)
	}
	return polls, cost
}

// requestStats returns the requests the replica answered in the span, the
// most in one hour and in one minute of it, and the gaps between the
// starts of two in a row in it (scaled back to the site's time), sorted.
func (fr *freshRun) requestStats() (n, peakHour, peakMinute int, gaps []time.Duration) {
	var in []time.Time // site time
	for _, r := range fr.reqs {
		if t := fr.clk.siteAt(r); !t.Before(fr.from) && t.Before(fr.to) {
			in = append(in, t)
		}
	}
	hours := map[int]int{}
	j := 0 // first request of the minute ending at in[i]
	for i, t := range in {
		hours[int(t.Sub(fr.from)/time.Hour)]++
		for t.Sub(in[j]) >= time.Minute {
			j++
		}
		peakMinute = max(peakMinute, i-j+1)
		if i > 0 {
			gaps = append(gaps, t.Sub(in[i-1]))
		}
	}
	for _, c := range hours {
		peakHour = max(peakHour, c)
	}
	slices.Sort(gaps)
	return len(in), peakHour, peakMinute, gaps
}

// quantile returns the q-quantile of sorted ds (nearest rank), 0 if none.
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	i := int(q*float64(len(ds))+0.5) - 1
	return ds[min(max(i, 0), len(ds)-1)]
}

// minutes formats d in minutes, one decimal.
func minutes(d time.Duration) string { return fmt.Sprintf("%.1f min", d.Minutes()) }

// missing says how many never showed, if any.
func missing(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(", %d never shown", n)
}
