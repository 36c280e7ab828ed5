package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/replica"
)

// runOut runs sanafeed with args and returns its exit code and output.
func runOut(args ...string) (int, string) {
	var out bytes.Buffer
	code := run(args, &out, &out)
	return code, out.String()
}

// status and webhooks work beside a running serve (it answers them on its
// admin socket, the store being its own), and without one (from the
// store): a 410-disabled endpoint is enabled again and its deliveries
// retried at once.
func TestStatusAndWebhooksBesideServe(t *testing.T) {
	t.Parallel()
	w := newWorldWith(t, replica.Options{})
	// The first delivery is answered 410 Gone; the others in flight with it
	// wait until the endpoint is enabled again, so that no late 410
	// disables it a second time.
	var first atomic.Bool
	var delivered atomic.Int64
	release := make(chan struct{})
	var releaseOnce sync.Once
	free := func() { releaseOnce.Do(func() { close(release) }) }
	hook := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if first.CompareAndSwap(false, true) {
			rw.WriteHeader(http.StatusGone)
			return
		}
		<-release
		delivered.Add(1)
	}))
	defer hook.Close()
	defer free() // before hook.Close: no handler left waiting
	w.rewriteConfig("[[source]]", fmt.Sprintf("[[webhook]]\nurl = %q\nsecret = \"whsec_c2FuYWZlZWQtdGVzdC1zZWNyZXQtMjRi\"\nlangs = [\"en\"]\n\n[[source]]", hook.URL), 1)
	w.rewriteConfig("[[source]]", "[[source]]", -1)
	config, err := os.ReadFile(w.config)
	testkit.Check(t, err)
	// Only the English edition, for a quick first poll.
	var keep []string
	for _, block := range strings.Split(string(config), "[[source]]") {
		if !strings.Contains(block, "lang = ") || strings.Contains(block, `lang = "en"`) {
			keep = append(keep, block)
		}
	}
	testkit.Check(t, os.WriteFile(w.config, []byte(strings.Join(keep, "[[source]]")), 0o644))

	base, _ := startServe(t, w.config)
	testkit.WaitFor(t, "the English edition polled", func() bool { return len(healthSources(t, base)) == 1 })
	testkit.WaitFor(t, "the endpoint disabled by its 410", func() bool {
		_, out := runOut("webhooks", "-config", w.config)
		return strings.Contains(out, "disabled (410 Gone")
	})

	code, out := runOut("status", "-config", w.config)
	if code != 0 || !strings.Contains(out, "a running serve answered") || !strings.Contains(out, "\nen ") ||
		!strings.Contains(out, "disabled (410 Gone") {
		t.Fatalf("status beside serve: exit %d\n%s", code, out)
	}
	if f := strings.Fields(out[strings.Index(out, "\nen ")+1:]); f[1] != "ok" {
		t.Errorf("status: en row %v, want state ok", f[:3])
	}

	code, out = runOut("webhooks", "-config", w.config, "enable", hook.URL)
	if code != 0 || !strings.Contains(out, "enabled "+hook.URL) {
		t.Fatalf("webhooks enable beside serve: exit %d\n%s", code, out)
	}
	free()
	testkit.WaitFor(t, "the queued English events delivered after enable", func() bool { return delivered.Load() > 0 })
	code, out = runOut("webhooks", "-config", w.config, "retry")
	if code != 0 || !strings.Contains(out, "deliveries made due now") {
		t.Errorf("webhooks retry beside serve: exit %d\n%s", code, out)
	}
	code, out = runOut("webhooks", "-config", w.config, "enable", "https://nowhere.example/")
	if code != 1 || !strings.Contains(out, "no configured webhook") {
		t.Errorf("webhooks enable of an unknown URL: exit %d\n%s", code, out)
	}
}

// Without a running serve, status and webhooks read the store; with no
// store they say so, and make none.
func TestStatusFromStore(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	if code, out := runOut("status", "-config", w.config); code != 1 || !strings.Contains(out, "no store in "+w.dataDir) {
		t.Errorf("status before any poll: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(w.dataDir); err == nil {
		t.Errorf("status made a data dir %s", w.dataDir)
	}
	w.poll()
	code, out := runOut("status", "-config", w.config)
	if code != 0 || !strings.Contains(out, "from the store") || !strings.Contains(out, "\nar ") || !strings.Contains(out, "articles: ") {
		t.Errorf("status without serve: exit %d\n%s", code, out)
	}
	if code, out := runOut("webhooks", "-config", w.config, "retry"); code != 1 || !strings.Contains(out, "no configured webhook") {
		t.Errorf("webhooks retry with none configured: exit %d\n%s", code, out)
	}
}
