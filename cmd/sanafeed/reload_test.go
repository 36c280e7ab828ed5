package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/replica"
)

// startServe runs `serve -config config -listen 127.0.0.1:0` until the
// test ends and returns its base URL and its stderr.
func startServe(t *testing.T, config string) (string, *testkit.SyncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	var out, errOut testkit.SyncBuffer
	done := make(chan error, 1)
	go func() { done <- cmdServe(ctx, []string{"-config", config, "-listen", "127.0.0.1:0"}, &out, &errOut) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	var base string
	addr := regexp.MustCompile(`serving on (http://[0-9.:]+)`)
	testkit.WaitFor(t, "serve to listen", func() bool {
		m := addr.FindStringSubmatch(out.String())
		if m != nil {
			base = m[1]
		}
		return m != nil
	})
	return base, &errOut
}

// healthLangs returns the sources /healthz reports a poll of.
func healthLangs(t *testing.T, base string) []string {
	t.Helper()
	var langs []string
	for _, s := range healthSources(t, base) {
		langs = append(langs, s.Lang)
	}
	return langs
}

// serve reloads its config on SIGHUP: a valid file's new source is
// polled without a restart; an invalid one is logged with its file:line
// and the running config kept.
func TestServeReloadsOnSIGHUP(t *testing.T) {
	// Not parallel: it signals the whole test process. A handler of our
	// own keeps SIGHUP from killing it, whatever serve does.
	guard := make(chan os.Signal, 1)
	signal.Notify(guard, syscall.SIGHUP)
	defer signal.Stop(guard)

	w := newWorldWith(t, replica.Options{})
	config := func(langs ...string) string {
		var b strings.Builder
		fmt.Fprintf(&b, "data_dir = %q\n\n[poll]\ncrawl_delay = \"0s\"\n\n", w.dataDir)
		for _, l := range langs {
			e, _ := sanafeed.EditionByLang(l)
			fmt.Fprintf(&b, "[[source]]\nlang = %q\nurl = %q\n\n", l, w.origin.URL+e.Path)
		}
		return b.String()
	}
	write := func(s string) {
		if err := os.WriteFile(w.config, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(config("en"))
	base, errOut := startServe(t, w.config)
	testkit.WaitFor(t, "the English edition polled", func() bool { return strings.Join(healthLangs(t, base), " ") == "en" })
	if code, _ := fetchBody(t, base+"/feeds/fr.atom"); code != http.StatusNotFound {
		t.Errorf("French feed before the reload: %d, want 404 (not a source)", code)
	}

	// A receiver for the webhook the reload adds.
	var mu sync.Mutex
	got := map[string]int{} // event type → deliveries
	hook := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		var ev struct {
			Type string `json:"type"`
		}
		_ = json.NewDecoder(r.Body).Decode(&ev)
		mu.Lock()
		got[ev.Type]++
		mu.Unlock()
	}))
	defer hook.Close()
	write(config("en", "fr") + fmt.Sprintf("[[webhook]]\nurl = %q\nsecret = \"whsec_c2FuYWZlZWQtdGVzdC1zZWNyZXQtMjRi\"\nlangs = [\"fr\"]\n", hook.URL))
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	testkit.WaitFor(t, "the reload logged", func() bool { return strings.Contains(errOut.String(), "config reloaded") })
	testkit.WaitFor(t, "the French edition added by the reload polled", func() bool {
		return strings.Contains(strings.Join(healthLangs(t, base), " "), "fr")
	})
	testkit.WaitFor(t, "the French feed served after the reload", func() bool {
		code, body := fetchBody(t, base+"/feeds/fr.atom")
		return code == http.StatusOK && strings.Contains(body, "<entry")
	})
	if !strings.Contains(getBody(t, base, "/feeds.opml"), "/feeds/fr.atom") {
		t.Error("the OPML does not list the French feed after the reload")
	}
	testkit.WaitFor(t, "the webhook added by the reload told of the French articles", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return got[sanafeed.EventCreated] > 0
	})

	write(config("en", "fr") + "[[source]]\nlang = \"xx\"\nurl = \"https://sana.sy/xx/\"\n\n[source.page]\ntitle = \"h1[[\"\n")
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	testkit.WaitFor(t, "the failed reload logged", func() bool { return strings.Contains(errOut.String(), "config not reloaded") })
	log := errOut.String()
	for _, want := range []string{w.config + ":15: source[3].lang", w.config + ":19: source[3].page.title"} {
		if !strings.Contains(log, want) {
			t.Errorf("the failed reload's log lacks %q:\n%s", want, log)
		}
	}
	if got := strings.Count(log, "config reloaded"); got != 1 {
		t.Errorf("%d successful reloads logged, want 1 (the invalid file must change nothing)", got)
	}
	if langs := healthLangs(t, base); !strings.Contains(strings.Join(langs, " "), "en") {
		t.Errorf("after an invalid reload /healthz reports %v", langs)
	}
}
