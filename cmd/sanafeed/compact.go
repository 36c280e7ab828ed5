package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"

	"github.com/sanafeed/sanafeed/store"
)

// cmdCompact rewrites the store in data_dir without its free pages (see
// store.Compact) and prints its size before and after. It refuses while
// a serve runs: one answers on the admin socket, or holds the store's
// lock.
func cmdCompact(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags, path := newFlags("compact", stderr)
	cfg, err := flagsConfig(flags, path, args)
	if err != nil {
		return err
	}
	if c := adminClient(ctx, cfg.DataDir); c != nil {
		c.CloseIdleConnections()
		return fmt.Errorf("a serve is running on this store (it answers on %s): stop it first", adminSocket(cfg.DataDir))
	}
	p := filepath.Join(cfg.DataDir, store.FileName)
	r, err := store.Compact(ctx, p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(stdout, "store %s: no such file: nothing to compact\n", p)
		return nil
	case errors.Is(err, store.ErrLocked):
		return fmt.Errorf("%w (stop it to compact the store)", err)
	case err != nil:
		return err
	}
	fmt.Fprintf(stdout, "store %s: %d bytes before, %d after (%.1f MB freed)\n",
		p, r.Before, r.After, float64(r.Before-r.After)/(1<<20))
	return nil
}
