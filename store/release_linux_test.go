package store_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/store"
)

// mappedKB returns the resident kB of this process's mappings of the file
// at p, from /proc/self/smaps.
func mappedKB(t *testing.T, p string) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/smaps")
	testkit.Check(t, err)
	kb, in := 0, false
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) >= 5 && strings.Contains(f[0], "-") && !strings.HasSuffix(f[0], ":") {
			in = len(f) >= 6 && f[5] == p
			continue
		}
		if in && len(f) == 3 && f[0] == "Rss:" {
			n, err := strconv.Atoi(f[1])
			testkit.Check(t, err)
			kb += n
		}
	}
	return kb
}

// bigArticles returns n articles of about 5 KB each, published a minute
// apart, tagged so that one tag's items lie far apart in the file.
func bigArticles(n int) []sanafeed.Article {
	body := "<p>" + strings.Repeat("reconstruction works continue in the countryside ", 100) + "</p>"
	var out []sanafeed.Article
	for i := range n {
		id := int64(1000 + i)
		tag := "tag-" + strconv.Itoa(i%40)
		out = append(out, sanafeed.Article{
			Lang: "en", PostID: id,
			URL:       "https://sana.sy/en/news/" + strconv.FormatInt(id, 10) + "/",
			Title:     "Story " + strconv.Itoa(i),
			Content:   body,
			Tags:      []sanafeed.Tag{{Slug: tag, Name: tag}},
			From:      sanafeed.FromPage,
			Published: t0.Add(-time.Duration(i) * time.Minute),
		})
	}
	return out
}

// storeSpread stores 3,000 big articles in db and returns them with the
// keys of every seventh, which lie all over the file.
func storeSpread(t *testing.T, db *store.DB) ([]sanafeed.Article, []string) {
	t.Helper()
	arts := bigArticles(3000)
	for i := 0; i < len(arts); i += 500 {
		_, err := db.PutArticles(context.Background(), arts[i:i+500])
		testkit.Check(t, err)
	}
	keys := make([]string, 0, len(arts))
	for i := 0; i < len(arts); i += 7 {
		keys = append(keys, arts[i].Key())
	}
	return arts, keys
}

// lookUp reads the articles keys in small transactions (Known of a few
// keys each, as a poll's lookups of known articles) and returns how many
// it found.
func lookUp(t *testing.T, db *store.DB, keys []string) int {
	t.Helper()
	n := 0
	for i := 0; i < len(keys); i += 16 {
		known, err := db.Known(context.Background(), keys[i:min(i+16, len(keys))])
		testkit.Check(t, err)
		n += len(known)
	}
	return n
}

// A bulk read must not leave the bbolt map resident: serving a tag feed
// touches items spread over the whole file, and without the release the
// process keeps tens of kB around each of them.
func TestBulkReadReleasesMap(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := path(t)
	db := testkit.OpenStore(t, p)
	arts := bigArticles(3000)
	for i := 0; i < len(arts); i += 500 {
		_, err := db.PutArticles(ctx, arts[i:i+500])
		testkit.Check(t, err)
	}
	st, err := os.Stat(p)
	testkit.Check(t, err)
	for _, q := range []sanafeed.Query{{Lang: "en", Tag: "tag-7", Limit: 50}, {Limit: 3000}} {
		got, err := db.Latest(ctx, q)
		testkit.Check(t, err)
		if len(got) != min(q.Limit, 3000) || got[0].Content == "" {
			t.Fatalf("Latest(%+v): %d articles", q, len(got))
		}
		// The articles were decoded out of the map: they must still read
		// right after the release.
		if got[0].Content != arts[0].Content && got[0].Content != arts[7].Content {
			t.Fatalf("Latest(%+v): content of %s is not what was stored", q, got[0].Key())
		}
		if kb := mappedKB(t, p); kb > 512 {
			t.Errorf("after Latest(%+v): %d kB of the %d kB file resident, want ≤ 512", q, kb, st.Size()>>10)
		}
	}
}

// Readers and a writer running while bulk reads release the map still see
// whole, correct articles.
func TestReleaseUnderConcurrentUse(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testkit.OpenStore(t, path(t))
	arts := bigArticles(1200)
	_, err := db.PutArticles(ctx, arts[:600])
	testkit.Check(t, err)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for r := range 4 {
		wg.Go(func() {
			for i := range 30 {
				got, err := db.Latest(ctx, sanafeed.Query{Lang: "en", Tag: "tag-" + strconv.Itoa((r+i)%40), Limit: 50})
				if err != nil {
					errs <- err
					return
				}
				for _, a := range got {
					if a.Content != arts[0].Content || !strings.HasPrefix(a.Title, "Story ") {
						errs <- errContent(a.Key())
						return
					}
				}
			}
		})
	}
	wg.Go(func() {
		for i := 600; i < 1200; i += 50 {
			if _, err := db.PutArticles(ctx, arts[i:i+50]); err != nil {
				errs <- err
				return
			}
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	n, err := db.Count(ctx, "en")
	testkit.Check(t, err)
	if n != 1200 {
		t.Fatalf("Count = %d, want 1200", n)
	}
}

type errContent string

func (e errContent) Error() string { return "article " + string(e) + " read back wrong" }

// Small transactions release the map too, at most once every interval: a
// poll's lookups of known articles and its writes touch pages all over a
// large file, and serve polls for months.
func TestSmallTransactionsRelease(t *testing.T) {
	ctx := context.Background()
	p := path(t)
	db := testkit.OpenStore(t, p)
	restore := store.SetReleaseEvery(time.Hour) // none for now
	defer restore()
	arts, keys := storeSpread(t, db)
	if n := lookUp(t, db, keys); n != len(keys) { // small transactions touching pages all over the file
		t.Fatalf("Known: %d of %d", n, len(keys))
	}
	before := mappedKB(t, p)
	store.SetReleaseEvery(0)
	_, err := db.Known(ctx, keys[:1])
	testkit.Check(t, err)
	after := mappedKB(t, p)
	if before < 1024 || after > 512 {
		t.Errorf("resident map: %d kB while releases wait, %d kB after one; want > 1024 then ≤ 512", before, after)
	}
	// The articles still read right.
	a, err := db.Article(ctx, arts[42].Key())
	testkit.Check(t, err)
	if a.Content != arts[42].Content || a.Title != arts[42].Title {
		t.Errorf("article %s read back wrong after releases", a.Key())
	}
}

// The last transactions of a burst release their pages shortly after,
// without waiting for a next transaction. The test runs in a synctest
// bubble, where the store's release timer runs on the bubble's clock: the
// burst and the reads take no time on it, so nothing is released before
// the trailing release is due.
func TestTrailingRelease(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := path(t)
		db := testkit.OpenStore(t, p)
		const every = 50 * time.Millisecond
		restore := store.SetReleaseEvery(every)
		defer restore()
		_, keys := storeSpread(t, db)
		lookUp(t, db, keys)
		start := time.Now() // the bubble's clock
		if kb := mappedKB(t, p); kb <= 1024 {
			t.Fatalf("map %d kB resident after the burst, want > 1024 until the trailing release", kb)
		}
		testkit.WaitFor(t, "the trailing release", func() bool { return mappedKB(t, p) <= 512 })
		if d := time.Since(start); d > 2*every {
			t.Errorf("released %v after the last transaction, want about %v", d, every)
		}
	})
}

// Linking's bulk reads and writes release the map at once, not at the
// next release a second on: a restarted serve's first flush reads
// thousands of articles in full (Known) and sets the clusters of its
// whole window (SetClusters), all over the file.
func TestLinkingReleasesMap(t *testing.T) {
	ctx := context.Background()
	p := path(t)
	db := testkit.OpenStore(t, p)
	restore := store.SetReleaseEvery(time.Hour) // only bulk reads and writes release
	defer restore()
	arts, keys := storeSpread(t, db)
	store.SetReleaseEvery(0)
	db.Known(ctx, keys[:1]) // release what storing left
	store.SetReleaseEvery(time.Hour)
	known, err := db.Known(ctx, keys)
	testkit.Check(t, err)
	if len(known) != len(keys) || known[keys[3]].Content != arts[21].Content {
		t.Fatalf("Known: %d of %d, or content read wrong", len(known), len(keys))
	}
	if kb := mappedKB(t, p); kb > 512 {
		t.Errorf("after Known of %d articles: %d kB resident, want ≤ 512", len(keys), kb)
	}
	assign := map[string]string{}
	for i, k := range keys {
		assign[k] = fmt.Sprintf("c%d", i/2) // pairs: the store does not judge them
	}
	if _, err := db.SetClusters(ctx, assign); err != nil {
		t.Fatal(err)
	}
	if kb := mappedKB(t, p); kb > 512 {
		t.Errorf("after SetClusters of %d articles: %d kB resident, want ≤ 512", len(assign), kb)
	}
	a, err := db.Article(ctx, keys[5])
	testkit.Check(t, err)
	if a.Cluster != "c2" || a.Content != arts[35].Content {
		t.Errorf("article %s after SetClusters: cluster %q, content read right %t", a.Key(), a.Cluster, a.Content == arts[35].Content)
	}
}
