package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// cmdExport writes the site (every feed, the OPML documents, the index,
// tag and story pages, the icon) as static files under -dir, at the paths
// the server answers them on, with the bytes it serves.
func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, path := newFlags("export", stderr)
	dir := fs.String("dir", "", "directory to write the static copy into (required)")
	cfg, err := flagsConfig(fs, path, args)
	if err != nil {
		return err
	}
	if *dir == "" {
		fmt.Fprintln(stderr, "sanafeed export: -dir is required")
		return errUsage
	}
	a, err := openApp(cfg, newLogger(stderr, cfg.Log))
	if err != nil {
		return err
	}
	defer a.Close()
	n, size := 0, 0
	err = a.srv.Export(ctx, func(p string, body []byte) error {
		n, size = n+1, size+len(body)
		return writeAtomic(*dir, p, body)
	})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(stdout, "exported %d files (%d bytes) to %s\n", n, size, *dir)
	return nil
}

// writeAtomic writes body to the URL path p under dir through a temporary
// file renamed into place, so a web server never sees a partial file. A
// file that already holds body is left alone: a web server's validators
// come from its mtime, and rewriting it would make every reader download
// an unchanged feed again after each export.
func writeAtomic(dir, p string, body []byte) error {
	rel := filepath.FromSlash(strings.TrimPrefix(p, "/"))
	if !filepath.IsLocal(rel) {
		return fmt.Errorf("export: unsafe path %q", p)
	}
	name := filepath.Join(dir, rel)
	if fi, err := os.Stat(name); err == nil && fi.Mode().IsRegular() && fi.Size() == int64(len(body)) {
		if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, body) {
			return nil
		}
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".export-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // fails harmlessly once renamed
	if _, err := f.Write(body); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}
