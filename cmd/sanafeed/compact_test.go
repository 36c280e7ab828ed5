package main

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/store"
)

// runCompact runs `sanafeed compact -config config`.
func runCompact(config string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run([]string{"compact", "-config", config}, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestCompactCommand compacts a store whose kept pages were pruned: it
// prints the sizes, the file shrinks and keeps every article.
func TestCompactCommand(t *testing.T) {
	t.Parallel()
	config, p := checkConfig(t)
	db := testkit.OpenStore(t, p)
	var pages []sanafeed.KeptPage
	for i := range 100 {
		a := testkit.Article("en", int64(i+1))
		testkit.Put(t, db, a)
		rng := rand.New(rand.NewPCG(uint64(i), 1))
		body := make([]byte, 32<<10) // bytes that do not compress
		for j := range body {
			body[j] = byte(rng.Uint32())
		}
		pages = append(pages, sanafeed.KeptPage{Key: a.Key(), URL: a.URL, Fetched: testkit.T0, Body: body})
	}
	testkit.Check(t, db.PutPages(t.Context(), pages...))
	_, err := db.PrunePages(t.Context(), testkit.T0.Add(1))
	testkit.Check(t, err)
	testkit.Check(t, db.Close())
	before, err := os.Stat(p)
	testkit.Check(t, err)

	code, stdout, stderr := runCompact(config)
	if code != 0 || !strings.Contains(stdout, " bytes before, ") || !strings.Contains(stdout, " MB freed") {
		t.Fatalf("compact: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	after, err := os.Stat(p)
	testkit.Check(t, err)
	if after.Size() >= before.Size()/2 {
		t.Errorf("compact: %d bytes after, %d before; want under half", after.Size(), before.Size())
	}
	if code, out, _ := runCheck(config); code != 0 || !strings.Contains(out, " 100 articles,") {
		t.Errorf("check -store after compact: exit %d\n%s", code, out)
	}
}

// TestCompactRefusesServe refuses a store another process holds (here
// another DB in this one: the same lock), and one whose serve answers on
// the admin socket, saying to stop it.
func TestCompactRefusesServe(t *testing.T) {
	t.Parallel()
	config, p := checkConfig(t)
	db := testkit.OpenStore(t, p)
	testkit.Put(t, db, testkit.Article("en", 1))
	code, stdout, stderr := runCompact(config)
	if code != 1 || !strings.Contains(stderr, "in use by another sanafeed process") || !strings.Contains(stderr, "stop it") {
		t.Errorf("compact of a locked store: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	testkit.Check(t, db.Close())

	l, err := net.Listen("unix", adminSocket(filepath.Dir(p)))
	if err != nil {
		t.Skipf("no unix socket here: %v", err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	defer func() {
		srv.Close()
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Error(err)
		}
	}()
	code, stdout, stderr = runCompact(config)
	if code != 1 || !strings.Contains(stderr, "a serve is running") || !strings.Contains(stderr, "stop it first") {
		t.Errorf("compact beside a serve's socket: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if _, err := store.Check(t.Context(), p); err != nil {
		t.Errorf("store after the refusals: %v", err)
	}
}
