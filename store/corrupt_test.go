package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/store"
)

// openChildEnv names the store file a child process of TestOpenTruncated
// opens and reads in full.
const openChildEnv = "SANAFEED_STORE_OPEN_CHILD"

// fillStore writes n articles with some content to a new store at p, edits
// a third of them (so that the file has free pages and a freelist), closes
// it and returns the bytes its last commit needs (its pages up to the
// high-water mark) and the file's size.
func fillStore(t *testing.T, p string, n int) (needed, size int64) {
	t.Helper()
	db := store.New(p)
	testkit.Check(t, db.Open())
	body := strings.Repeat("<p>A paragraph of an article, long enough to fill pages.</p>", 30)
	var arts []sanafeed.Article
	for i := range n {
		a := article(sanafeed.Editions[i%6].Lang, int64(i+1), i, "t"+fmt.Sprint(i%5))
		a.Content = body
		arts = append(arts, a)
	}
	testkit.Put(t, db, arts...)
	for i := range arts {
		if i%3 == 0 {
			arts[i].Title += " (edited)"
		}
	}
	testkit.Put(t, db, arts...)
	needed, _ = db.Sizes()
	testkit.Check(t, db.Close())
	fi, err := os.Stat(p)
	testkit.Check(t, err)
	return needed, fi.Size()
}

// truncatedCopy copies the first n bytes of the file src to a new store
// file and returns its path.
func truncatedCopy(t *testing.T, src string, n int64) string {
	t.Helper()
	b, err := os.ReadFile(src)
	testkit.Check(t, err)
	dst := filepath.Join(t.TempDir(), "sanafeed.db")
	testkit.Check(t, os.WriteFile(dst, b[:n], 0o600))
	return dst
}

// TestOpenTruncated truncates a store file at several offsets and opens
// each copy in a child process, which then reads every article: a file
// shorter than its last commit needs must be refused by Open with an
// error naming it and the way out, not panic nor crash on a fault in the
// map. A file cut only in the free space past its last commit opens.
func TestOpenTruncated(t *testing.T) {
	if p := os.Getenv(openChildEnv); p != "" {
		openChild(p)
		return
	}
	if testing.Short() {
		t.Skip("starts child processes")
	}
	t.Parallel()
	src := path(t)
	needed, size := fillStore(t, src, 300)
	const ps = 4096
	t.Logf("store of %d bytes, %d of them in use", size, needed)
	cuts := []struct {
		name string
		at   int64
	}{
		{"one byte", 1},
		{"inside the first meta page", 100},
		{"inside the second meta page", ps + 100},
		{"after the meta pages", 3 * ps},
		{"halfway on a page boundary", needed / 2 / ps * ps},
		{"halfway inside a page", needed/2/ps*ps + 1000},
		{"without the last page", needed - ps},
		{"without the last byte", needed - 1},
	}
	for _, c := range cuts {
		t.Run(c.name, func(t *testing.T) {
			p := truncatedCopy(t, src, c.at)
			code, out := runOpenChild(t, p)
			if code != 3 || !strings.Contains(out, "open: store: "+p) ||
				!strings.Contains(out, "restore it from a backup, or move it aside") {
				t.Errorf("open of the file cut at %d of %d bytes: exit %d, want 3 and an error naming the file and the fix:\n%s",
					c.at, needed, code, head20(out))
			}
		})
	}
	if size > needed {
		t.Run("free space cut", func(t *testing.T) {
			p := truncatedCopy(t, src, needed)
			if code, out := runOpenChild(t, p); code != 0 || !strings.Contains(out, "read 300 articles") {
				t.Errorf("open of the file cut at its %d bytes in use: exit %d, want 0:\n%s", needed, code, head20(out))
			}
		})
	}
}

// runOpenChild opens the store file p in a child process and returns its
// exit code and output.
func runOpenChild(t *testing.T, p string) (int, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestOpenTruncated$")
	cmd.Env = append(os.Environ(), openChildEnv+"="+p)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), string(out)
}

// openChild opens the store at p and reads every article, every edition's
// feed and the tags. It exits 3 when Open fails, 4 when a read does.
func openChild(p string) {
	db := store.New(p)
	if err := db.Open(); err != nil {
		fmt.Println("open:", err)
		os.Exit(3)
	}
	ctx := context.Background()
	arts, err := db.Since(ctx, t0.Add(-1))
	if err != nil {
		fmt.Println("since:", err)
		os.Exit(4)
	}
	for _, e := range sanafeed.Editions {
		if _, err := db.Latest(ctx, sanafeed.Query{Lang: e.Lang}); err != nil {
			fmt.Println("latest:", err)
			os.Exit(4)
		}
	}
	if _, err := db.Tags(ctx, ""); err != nil {
		fmt.Println("tags:", err)
		os.Exit(4)
	}
	fmt.Printf("read %d articles\n", len(arts))
	os.Exit(0)
}

// head20 returns the first 20 lines of s, enough of a child's crash.
func head20(s string) string {
	lines := strings.SplitN(s, "\n", 21)
	return strings.Join(lines[:min(len(lines), 20)], "\n")
}

// TestOpenEmptyFile refuses a store file of 0 bytes that was there before
// Open (a crash while it was being created, or a bad copy): it is not
// taken for a new store, and is left as it is.
func TestOpenEmptyFile(t *testing.T) {
	p := path(t)
	testkit.Check(t, os.MkdirAll(filepath.Dir(p), 0o755))
	testkit.Check(t, os.WriteFile(p, nil, 0o600))
	db := store.New(p)
	err := db.Open()
	if err == nil {
		db.Close()
	}
	if !errors.Is(err, store.ErrCorrupt) || !strings.Contains(err.Error(), "empty store file "+p) ||
		!strings.Contains(err.Error(), "remove it to start afresh") {
		t.Errorf("Open() of an empty file = %v, want ErrCorrupt naming it and the fix", err)
	}
	if fi, err := os.Stat(p); err != nil || fi.Size() != 0 {
		t.Errorf("after Open the file is %v, %v; want it left empty", fi.Size(), err)
	}
}

// TestOpenDamagedPages opens, in a child process, stores whose freelist
// or root page is damaged. A freelist page claiming more free pages than
// the file holds makes bbolt read past the end of its map while it opens
// the file; a freelist or root page that is not one made it panic. Each
// must be an error naming the file, not a crash.
func TestOpenDamagedPages(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	t.Parallel()
	tests := []struct {
		name   string
		damage func(p string) error
		want   string
	}{
		{"freelist too long", store.DamageFreelist, "is corrupt: bbolt cannot read it: a page lies outside the file"},
		{"freelist flags", func(p string) error { return store.SpoilPage(p, "freelist") }, "is not a freelist page (flags 0x0)"},
		{"root flags", func(p string) error { return store.SpoilPage(p, "root") }, "is not a tree page (flags 0x0)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := path(t)
			fillStore(t, p, 30)
			testkit.Check(t, tt.damage(p))
			code, out := runOpenChild(t, p)
			if code != 3 || !strings.Contains(out, "open: store: "+p) || !strings.Contains(out, tt.want) {
				t.Errorf("open of a store with a damaged page: exit %d, want 3 and an error naming the file and %q:\n%s", code, tt.want, head20(out))
			}
		})
	}
}

// TestOpenTornMeta opens files with one meta page damaged, as a crash in
// the middle of writing it can leave them: bbolt falls back on the other,
// so Open must not refuse them; with both damaged it must.
func TestOpenTornMeta(t *testing.T) {
	tests := []struct {
		name    string
		damage  []int64 // pages whose meta checksum is spoilt
		wantErr error
	}{
		{"first", []int64{0}, nil},
		{"second", []int64{1}, nil},
		{"both", []int64{0, 1}, store.ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := path(t)
			fillStore(t, p, 12)
			f, err := os.OpenFile(p, os.O_RDWR, 0)
			testkit.Check(t, err)
			for _, id := range tt.damage {
				_, err := f.WriteAt([]byte{0xde, 0xad}, id*4096+16+56) // the checksum
				testkit.Check(t, err)
			}
			testkit.Check(t, f.Close())
			db := store.New(p)
			err = db.Open()
			if err == nil {
				defer db.Close()
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Open() = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if n, err := db.Count(t.Context(), ""); err != nil || n != 12 {
				t.Errorf("Count() = %d, %v; want 12 (both metas hold every article)", n, err)
			}
		})
	}
}

// TestReadDamagedPage zeroes the page holding one article, as a disk
// that lost it would: the file opens (its checks cover the meta, root and
// freelist pages only), and reading the articles, in a child process,
// must be an error naming the file, not a panic that kills the poller.
func TestReadDamagedPage(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	t.Parallel()
	p := path(t)
	fillStore(t, p, 60)
	n, err := store.ZeroPagesWith(p, []byte(`"title":"Story en 8"`))
	testkit.Check(t, err)
	if n == 0 {
		t.Fatal("no page holds the article")
	}
	code, out := runOpenChild(t, p)
	if code != 4 || !strings.Contains(out, "since: store: since: store: "+p+" is corrupt: bbolt cannot read it") {
		t.Errorf("reading a store with a zeroed page: exit %d, want 4 and an error naming the file:\n%s", code, head20(out))
	}
}

// checkChildEnv names the store file a child process of TestCheckDamaged
// checks.
const checkChildEnv = "SANAFEED_STORE_CHECK_CHILD"

// TestCheckDamaged runs Check, in a child process, on files damaged in
// ways that make bbolt panic or fault: each must be a report of the
// problem, not a crash, and the whole file a clean report.
func TestCheckDamaged(t *testing.T) {
	if p := os.Getenv(checkChildEnv); p != "" {
		r, err := store.Check(context.Background(), p)
		if err != nil {
			fmt.Println("check:", err)
			os.Exit(3)
		}
		fmt.Printf("clean %v, bolt check %v, %d articles: %q\n", r.Clean(), r.BoltCheck, r.Articles, r.Problems)
		os.Exit(0)
	}
	if testing.Short() {
		t.Skip("starts child processes")
	}
	t.Parallel()
	src := path(t)
	needed, _ := fillStore(t, src, 60)
	tests := []struct {
		name   string
		damage func(p string) error
		want   string
	}{
		{"whole", func(string) error { return nil }, `clean true, bolt check true, 60 articles: []`},
		{"freelist", store.DamageFreelist, `clean false, bolt check false, 0 articles: ["bbolt cannot read it: a page lies outside the file`},
		{"zeroed page", func(p string) error {
			_, err := store.ZeroPagesWith(p, []byte(`"title":"Story en 8"`))
			return err
		}, `clean false, bolt check false, `},
		{"truncated", func(p string) error { return os.Truncate(p, needed-4096) }, `clean false, bolt check false, 0 articles: ["it is`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := truncatedCopy(t, src, needed)
			testkit.Check(t, tt.damage(p))
			cmd := exec.Command(os.Args[0], "-test.run=^TestCheckDamaged$")
			cmd.Env = append(os.Environ(), checkChildEnv+"="+p)
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), tt.want) {
				t.Errorf("Check of a file with a damaged %s: %v, want a report with %s:\n%s", tt.name, err, tt.want, head20(string(out)))
			}
		})
	}
}
