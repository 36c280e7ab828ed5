package store_test

import (
	"path/filepath"
	"testing"
	"testing/synctest"

	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/store"
)

// TestCodecOutlivesSynctestBubble stores an article inside a synctest
// bubble and then outside it. The shared zstd codec's pools are channels;
// made on first use inside the bubble, they belonged to it and the store
// outside crashed the process ("receive on synctest channel from outside
// bubble").
func TestCodecOutlivesSynctestBubble(t *testing.T) {
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		db := store.New(filepath.Join(dir, "in.db"))
		testkit.Check(t, db.Open())
		testkit.Put(t, db, testkit.Article("en", 1))
		testkit.Check(t, db.Close())
	})
	db := testkit.OpenStore(t, filepath.Join(dir, "out.db"))
	testkit.Put(t, db, testkit.Article("en", 2))
}
