package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
)

const testSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, toml string
		code       int
		want       []string // in stderr (or stdout when code is 0)
	}{
		{"defaults", "", 0, []string{`lang = "ar"`, `url = "https://sana.sy/"`, `url = "https://sana.sy/ku/"`}},
		{"unknown key", "[poll]\nintervall = \"5m\"\n", 2, []string{"bad.toml:2:", `"poll.intervall"`}},
		{"bad duration", "\n[poll]\ninterval = \"ten minutes\"\n", 2, []string{"bad.toml:3:", "poll.interval"}},
		{"bad type", "[feeds]\nitems = \"fifty\"\n", 2, []string{"bad.toml:2:", "feeds.items"}},
		{"bad lang", "[[source]]\nlang = \"de\"\nurl = \"https://sana.sy/de/\"\n", 2, []string{"bad.toml:2:", "source[1].lang", `"de"`}},
		{"syntax", "listen = \n", 2, []string{"bad.toml:1:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "bad.toml")
			if err := os.WriteFile(path, []byte(tt.toml), 0o644); err != nil {
				t.Fatal(err)
			}
			var out, errOut bytes.Buffer
			code := run([]string{"check", "-config", path}, &out, &errOut)
			if code != tt.code {
				t.Fatalf("check exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out.String(), errOut.String())
			}
			got := errOut.String()
			if tt.code == 0 {
				got = out.String()
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("check output lacks %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"frobnicate"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "unknown command") {
		t.Errorf("unknown command: exit %d, stderr %q", code, errOut.String())
	}
	if code := run(nil, &out, &errOut); code != 2 {
		t.Errorf("no command: exit %d, want 2", code)
	}
}

// TestPollDeliversWebhooks polls the replica with a webhook filtered to the
// French edition and checks every French article arrives once, signed.
func TestPollDeliversWebhooks(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	verifier, err := standardwebhooks.NewWebhook(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	got := map[string]int{} // article id → created events
	ids := map[string]bool{}
	recv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := verifier.Verify(body, r.Header); err != nil {
			t.Errorf("signature: %v", err)
			rw.WriteHeader(400)
			return
		}
		var ev sanafeed.Event
		if err := json.Unmarshal(body, &ev); err != nil {
			t.Errorf("body: %v", err)
		}
		mu.Lock()
		defer mu.Unlock()
		if ev.Data.Lang != "fr" || ev.Type != sanafeed.EventCreated {
			t.Errorf("unexpected event %s for %s", ev.Type, ev.Data.Lang)
		}
		if ids[r.Header.Get("webhook-id")] {
			t.Errorf("webhook-id %s delivered twice", r.Header.Get("webhook-id"))
		}
		ids[r.Header.Get("webhook-id")] = true
		got[ev.Data.ID]++
	}))
	defer recv.Close()
	cfg, _ := os.ReadFile(w.config)
	cfg = append(cfg, []byte("[[webhook]]\nurl = \""+recv.URL+"\"\nsecret = \""+testSecret+"\"\nlangs = [\"fr\"]\nevents = [\"article.created\"]\n")...)
	if err := os.WriteFile(w.config, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	summary := w.poll()
	if !strings.Contains(summary, "webhooks:") {
		t.Errorf("summary lacks webhooks line:\n%s", summary)
	}
	want := 0
	for _, a := range w.site.Truth() {
		if a.Lang != "fr" {
			continue
		}
		want++
		if n := got[sanafeed.ArticleID(a.Lang, a.PostID)]; n != 1 {
			t.Errorf("article.created for fr/%d arrived %d times", a.PostID, n)
		}
	}
	if len(got) != want {
		t.Errorf("got events for %d articles, want %d", len(got), want)
	}
	// Nothing changed: a second poll sends nothing more.
	before := len(ids)
	w.poll()
	if len(ids) != before {
		t.Errorf("second poll of an unchanged replica sent %d more events", len(ids)-before)
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"webhooks", "-config", w.config}, &out, &errOut); code != 0 {
		t.Fatalf("webhooks exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), recv.URL) {
		t.Errorf("webhooks listing lacks the endpoint:\n%s", out.String())
	}
}

// TestPollReportsFailingSource checks a failing edition does not fail the
// cycle and that the summary says when it last succeeded.
func TestPollReportsFailingSource(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.poll()
	down := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		http.Error(rw, "maintenance", http.StatusServiceUnavailable)
	}))
	defer down.Close()
	cfg, err := os.ReadFile(w.config)
	if err != nil {
		t.Fatal(err)
	}
	patched := strings.Replace(string(cfg), w.origin.URL+"/fr/", down.URL+"/fr/", 1)
	if err := os.WriteFile(w.config, []byte(patched), 0o644); err != nil {
		t.Fatal(err)
	}
	summary := w.poll() // exit 0: per-source failures are reported, not fatal
	if !strings.Contains(summary, "  fr (failed):\n") || !strings.Contains(summary, "    last success 20") {
		t.Errorf("summary does not report the failing edition's last success:\n%s", summary)
	}
	if strings.Contains(summary, "en (") {
		t.Errorf("a healthy edition is reported failing:\n%s", summary)
	}
}

// TestCheckStore runs `sanafeed check -store` on a store that is missing,
// whole, holding a record that does not decode, with a page zeroed,
// truncated, empty, and in use.
func TestCheckStore(t *testing.T) {
	t.Parallel()
	good := filepath.Join(t.TempDir(), "sanafeed.db")
	db := testkit.OpenStore(t, good)
	for i := range 40 {
		a := testkit.Article("en", int64(i+1), "t")
		a.Content = strings.Repeat("<p>A paragraph of the story.</p>", 40)
		testkit.Put(t, db, a)
	}
	testkit.Check(t, db.Close())
	whole, err := os.ReadFile(good)
	testkit.Check(t, err)
	const ps = 4096
	tests := []struct {
		name   string
		damage func(b []byte) []byte // the file's bytes; nil for no file
		code   int
		want   []string // in stdout, or stderr when code is 2
	}{
		{"missing", nil, 0, []string{"no such file: nothing to check"}},
		{"whole", func(b []byte) []byte { return b }, 0, []string{
			"read ", " 40 articles, 0 clusters", "bbolt consistency check: done", "ok: no problem found"}},
		{"bad record", func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"title":"Story en 7"`), []byte(`"title":!Story en 7"`), -1)
		}, 1, []string{"corrupt: 1 problem(s)", "article en/7: decode article: invalid character '!'",
			"bbolt consistency check: done", "restore the file from a backup, or move it aside"}},
		{"zeroed page", func(b []byte) []byte {
			// Every page naming en/7: the one in use, and copies that
			// earlier commits left in free pages.
			for i := 0; i < len(b); i += ps {
				if bytes.Contains(b[i:i+ps], []byte(`"title":"Story en 7"`)) {
					clear(b[i : i+ps])
				}
			}
			return b
		}, 1, []string{"corrupt: 1 problem(s)", "bbolt cannot read it", "bbolt consistency check: skipped"}},
		{"truncated", func(b []byte) []byte { return b[:len(b)/2+100] }, 1, []string{"corrupt: 1 problem(s)", "truncated"}},
		{"empty", func([]byte) []byte { return nil }, 1, []string{"corrupt: 1 problem(s)", "the file is empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			config, p := checkConfig(t)
			if tt.damage != nil {
				testkit.Check(t, os.WriteFile(p, tt.damage(bytes.Clone(whole)), 0o600))
			}
			code, stdout, stderr := runCheck(config)
			got := stdout
			if tt.code == 2 {
				got = stderr
			}
			if code != tt.code {
				t.Fatalf("check -store exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("check -store output lacks %q:\n%s", w, got)
				}
			}
		})
	}
	t.Run("in use", func(t *testing.T) {
		t.Parallel()
		config, p := checkConfig(t)
		testkit.Check(t, os.WriteFile(p, whole, 0o600))
		testkit.OpenStore(t, p) // as a running serve holds it
		code, stdout, stderr := runCheck(config)
		if code != 2 || !strings.Contains(stderr, "is in use by another sanafeed process") {
			t.Errorf("check -store of a store in use: exit %d, want 2 and the reason\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
	})
}

// checkConfig writes a config whose data_dir is a new directory and
// returns its path and the path of the store in that directory.
func checkConfig(t *testing.T) (config, store string) {
	t.Helper()
	dir := t.TempDir()
	config = filepath.Join(dir, "sanafeed.toml")
	testkit.Check(t, os.WriteFile(config, fmt.Appendf(nil, "data_dir = %q\n", dir), 0o644))
	return config, filepath.Join(dir, "sanafeed.db")
}

// runCheck runs `sanafeed check -store -config config`.
func runCheck(config string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run([]string{"check", "-store", "-config", config}, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestCommandsRefuseDamagedStore runs commands that open the store, each
// in a child process, on a truncated store and on an empty file: each
// must exit 1 saying what is wrong and what to do, never panic or crash
// (export of a truncated store died with SIGSEGV).
func TestCommandsRefuseDamagedStore(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	t.Parallel()
	src := filepath.Join(t.TempDir(), "sanafeed.db")
	db := testkit.OpenStore(t, src)
	for i := range 200 {
		a := testkit.Article(sanafeed.Editions[i%6].Lang, int64(i+1), "t")
		a.Content = strings.Repeat("<p>A paragraph of the story.</p>", 40)
		testkit.Put(t, db, a)
	}
	testkit.Check(t, db.Close())
	whole, err := os.ReadFile(src)
	testkit.Check(t, err)
	files := map[string]struct {
		data []byte
		want string
	}{
		"truncated": {whole[:len(whole)/2/4096*4096], "is corrupt: it is"},
		"empty":     {nil, "empty store file"},
	}
	for name, f := range files {
		// Commands that touch no network: a poll would reach sana.sy if
		// the store opened.
		for _, cmd := range []string{"export -dir " + t.TempDir(), "webhooks", "reprocess"} {
			t.Run(name+" "+strings.Fields(cmd)[0], func(t *testing.T) {
				config, p := checkConfig(t)
				testkit.Check(t, os.WriteFile(p, f.data, 0o600))
				child := exec.Command(os.Args[0], "-test.run=^$")
				child.Env = append(os.Environ(), "SANAFEED_TEST_RUN="+cmd+" -config "+config)
				out, _ := child.CombinedOutput()
				code := child.ProcessState.ExitCode()
				if code != 1 || !strings.Contains(string(out), f.want) || strings.Contains(string(out), "goroutine ") {
					t.Errorf("sanafeed %s on the %s store: exit %d, want 1 and %q:\n%.1500s", cmd, name, code, f.want, out)
				}
			})
		}
	}
}
