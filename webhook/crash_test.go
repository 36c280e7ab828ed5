package webhook_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/store"
	"github.com/sanafeed/sanafeed/webhook"
)

// crashEnv tells a child process of TestCrashBeforeDelivery what to do:
// "mode|store path|endpoint url".
const crashEnv = "SANAFEED_WEBHOOK_CRASH_CHILD"

// crashPairs is how many en/ar pairs the child stores and links.
const crashPairs = 6

// TestCrashBeforeDelivery kills (SIGKILL) a process that stored articles,
// which queued their events, before it delivered them ("store") or while
// it was delivering them ("deliver"); after a restart every event arrives,
// none under two different ids.
func TestCrashBeforeDelivery(t *testing.T) {
	if env := os.Getenv(crashEnv); env != "" {
		crashChild(env)
		return
	}
	if testing.Short() {
		t.Skip("starts child processes")
	}
	t.Parallel()
	for _, mode := range []string{"store", "deliver"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			crashAndRecover(t, mode)
		})
	}
}

// crashAndRecover runs one child in mode, kills it and delivers the rest.
func crashAndRecover(t *testing.T, mode string) {
	rc := newReceiver(t, func(n int, r *http.Request) int {
		if r.Header.Get(senderHeader) != "parent" && n > 5 {
			<-r.Context().Done() // hang until the child dies
			return http.StatusServiceUnavailable
		}
		return http.StatusNoContent
	}, secret(9))
	ep := rc.endpoint(sanafeed.Endpoint{})
	p := filepath.Join(t.TempDir(), "sanafeed.db")

	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashBeforeDelivery$")
	cmd.Env = append(os.Environ(), crashEnv+"="+mode+"|"+p+"|"+ep.URL)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	testkit.Check(t, err)
	testkit.Check(t, cmd.Start())
	deadline := time.AfterFunc(30*time.Second, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	sc := bufio.NewScanner(out)
	for sc.Scan() && sc.Text() != "stored" {
		t.Logf("child: %s", sc.Text())
	}
	if mode == "deliver" {
		testkit.WaitFor(t, "the child to deliver some and hang on others",
			func() bool { return len(rc.all()) >= 7 })
	}
	testkit.Check(t, cmd.Process.Kill()) // SIGKILL
	cmd.Wait()

	db := testkit.OpenStore(t, p)
	testkit.Check(t, db.SetWebhooks(t.Context(), []sanafeed.Endpoint{ep})) // as on every start
	d := &webhook.Dispatcher{Store: db, Endpoints: []sanafeed.Endpoint{ep},
		HTTP: &http.Client{Transport: sending("parent")}}
	r, err := d.DeliverDue(t.Context(), 10*time.Second)
	testkit.Check(t, err)
	t.Logf("after restart: %+v", r)

	// The child's requests still open end when the receiver sees their
	// connections close; what it answered the child is known only then.
	testkit.WaitFor(t, "the receiver to answer every request", rc.answered)
	childOK, fromChild := map[string]bool{}, 0
	for _, h := range rc.all() {
		if h.sender != "parent" {
			fromChild++
			childOK[h.id] = childOK[h.id] || h.status/100 == 2
		}
	}
	if mode == "store" && fromChild != 0 {
		t.Fatalf("the child sent %d requests, want none", fromChild)
	}
	t.Logf("%s: the child sent %d requests before it was killed", mode, fromChild)

	var want []string
	for i := range crashPairs {
		for _, lang := range []string{"en", "ar"} {
			k := fmt.Sprintf("%s/%d", lang, i+1)
			want = append(want, "article.created "+k, "article.translation_linked "+k)
		}
	}
	idOf, whatOf, oks := map[string]string{}, map[string]string{}, map[string]int{}
	for _, h := range rc.all() {
		w := h.what()
		if id, ok := idOf[w]; ok && id != h.id {
			t.Errorf("%s sent as %s and as %s", w, id, h.id)
		}
		if x, ok := whatOf[h.id]; ok && x != w {
			t.Errorf("id %s sent for %s and %s", h.id, x, w)
		}
		idOf[w], whatOf[h.id] = h.id, w
		if h.status/100 == 2 {
			oks[h.id]++
		}
	}
	if got := slices.Sorted(func(yield func(string) bool) {
		for w, id := range idOf {
			if oks[id] > 0 && !yield(w) {
				return
			}
		}
	}); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("delivered %q,\nwant %q", got, want)
	}
	for id, n := range oks {
		// Twice only if the child was killed between the answer and
		// recording it: at least once, the same id.
		if n > 1 && !(n == 2 && childOK[id]) {
			t.Errorf("%s (%s) delivered %d times", id, whatOf[id], n)
		}
	}
	if s := stats(t, db, ep.URL); s.Pending != 0 || s.Delivered < len(want) {
		t.Errorf("stats after restart = %+v, want all %d delivered", s, len(want))
	}
	fromParent := func() int {
		return len(slices.DeleteFunc(rc.all(), func(h hit) bool { return h.sender != "parent" }))
	}
	before := fromParent()
	d.DeliverDue(t.Context(), time.Second)
	if n := fromParent() - before; n != 0 {
		t.Errorf("a second DeliverDue sent %d requests", n)
	}
}

// crashChild stores crashPairs en/ar articles and links each pair, prints
// "stored", then, in mode "deliver", delivers until killed; in mode
// "store" it just waits to be killed.
func crashChild(env string) {
	parts := strings.SplitN(env, "|", 3)
	fail := func(err error) {
		fmt.Println("child:", err)
		os.Exit(1)
	}
	if len(parts) != 3 {
		fail(fmt.Errorf("bad %s %q", crashEnv, env))
	}
	mode, p, url := parts[0], parts[1], parts[2]
	db := store.New(p)
	if err := db.Open(); err != nil {
		fail(err)
	}
	ctx := context.Background()
	ep := sanafeed.Endpoint{URL: url, Secrets: []string{secret(9)}}
	if err := db.SetWebhooks(ctx, []sanafeed.Endpoint{ep}); err != nil {
		fail(err)
	}
	assign := map[string]string{}
	for i := range crashPairs {
		en, ar := testkit.Article("en", int64(i+1)), testkit.Article("ar", int64(i+1))
		if _, err := db.PutArticles(ctx, []sanafeed.Article{en, ar}); err != nil {
			fail(err)
		}
		c := fmt.Sprintf("c%d", i)
		assign[en.Key()], assign[ar.Key()] = c, c
	}
	if _, err := db.SetClusters(ctx, assign); err != nil {
		fail(err)
	}
	fmt.Println("stored")
	ctx, cancel := context.WithTimeout(ctx, time.Minute) // the parent kills us long before
	defer cancel()
	if mode == "deliver" {
		d := &webhook.Dispatcher{Store: db, Endpoints: []sanafeed.Endpoint{ep}}
		d.Run(ctx)
	}
	<-ctx.Done()
	os.Exit(3)
}
