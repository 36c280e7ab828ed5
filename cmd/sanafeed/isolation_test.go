package main

import (
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/replica"
)

// Four of the six editions fail at once, each its own way, on the one
// host they share: Turkish answers 500, French accepts and never answers,
// Spanish sends 50 MB, Kurdish redirects in a loop. One poll still stores
// everything of the healthy Arabic and English editions that a clean poll
// stores, asks the stalled edition nothing after its first stall, and
// marks each failing edition failed with its own reason; after the site
// heals, the next poll completes every edition.
func TestFailingEditionsDoNotHoldTheHost(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	// A short first-byte limit: the stall costs that, not the timeout.
	w.rewriteConfig("[poll]\n", "[poll]\ntimeout = \"10s\"\nfirst_byte_timeout = \"1s\"\n", 1)
	faults := map[string]replica.Fault{
		"tr": {Kind: replica.Fault500},
		"fr": {Kind: replica.FaultStall},
		"es": {Kind: replica.FaultHuge},
		"ku": {Kind: replica.FaultRedirectLoop},
	}
	reasons := map[string]string{
		"tr": "500 Internal Server Error",
		"fr": "stalled: no response within 1s",
		"es": "too large",
		"ku": "redirect loop",
	}
	for lang, f := range faults {
		e, _ := sanafeed.EditionByLang(lang)
		w.site.SetFault(lang, e.Path, f)
	}
	start := time.Now()
	code, out, errOut := w.pollCode()
	took := time.Since(start)
	if code != 0 {
		t.Fatalf("poll exit %d with two healthy editions; want 0\n%s%s", code, out, errOut)
	}
	stored := storedKeys(t, w.dataDir)
	for _, a := range w.site.Truth() {
		if a.Lang != "ar" && a.Lang != "en" {
			continue
		}
		if k := sanafeed.ArticleKey(a.Lang, a.PostID); !stored[k] {
			t.Errorf("healthy edition: %s (%s) not stored", k, a.Path)
		}
	}
	polls := lastPolls(t, w.dataDir)
	for lang, reason := range reasons {
		r := polls[lang]
		if r.State() != sanafeed.PollFailed || !strings.Contains(r.Err, reason) {
			t.Errorf("%s: state %s, error %q; want failed, with %q", lang, r.State(), r.Err, reason)
		}
		if f := summaryRow(t, out, lang); f[1] != "failed" {
			t.Errorf("%s summary row %q, want failed", lang, f)
		}
	}
	for _, lang := range []string{"ar", "en"} {
		if r := polls[lang]; r.State() == sanafeed.PollFailed || r.Unread > 0 {
			t.Errorf("healthy %s: %+v", lang, r)
		}
	}
	frRequests := 0
	for _, r := range w.site.Requests() {
		if requestLang(r.Path) == "fr" {
			frRequests++
		}
	}
	if frRequests != 1 {
		t.Errorf("the stalled edition was asked %d times in the poll, want once", frRequests)
	}
	t.Logf("poll with four failing editions took %v (first-byte limit 1s)\n%s", took.Round(time.Millisecond), out)

	w.site.Heal()
	code, out, errOut = w.pollCode()
	if code != 0 {
		t.Fatalf("poll after healing exit %d\n%s%s", code, out, errOut)
	}
	stored = storedKeys(t, w.dataDir)
	for _, a := range w.site.Truth() {
		if k := sanafeed.ArticleKey(a.Lang, a.PostID); !stored[k] {
			t.Errorf("after healing: %s (%s) not stored", k, a.Path)
		}
	}
	for lang, r := range lastPolls(t, w.dataDir) {
		if r.State() == sanafeed.PollFailed {
			t.Errorf("after healing, %s still failed: %s", lang, r.Err)
		}
	}
}
