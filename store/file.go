package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"time"

	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// ErrCorrupt means the store file is damaged: truncated, emptied, or with
// pages bbolt cannot read. Open and Check wrap it in an error naming the
// file, what is wrong with it and what to do.
var ErrCorrupt = errors.New("store: file is corrupt")

// corruptError names a damaged file; it matches ErrCorrupt.
type corruptError struct {
	path    string
	problem string // what is wrong
	empty   bool   // the file is 0 bytes
}

func (e *corruptError) Error() string {
	if e.empty {
		return "store: empty store file " + e.path + " (a crash during creation? remove it to start afresh)"
	}
	return "store: " + e.path + " is corrupt: " + e.problem +
		" (restore it from a backup, or move it aside to start afresh; `sanafeed check -store` tells more)"
}

func (e *corruptError) Unwrap() error { return ErrCorrupt }

// detail says what is wrong, without the file's name or the way out.
func (e *corruptError) detail() string {
	if e.empty {
		return "the file is empty (0 bytes): a crash while it was created?"
	}
	return e.problem
}

// The parts of bbolt's file format that inspect reads: a page header
// (id u64, flags u16, count u16, overflow u32) followed, on the two meta
// pages, by the meta (magic, version, page size, flags u32; root bucket
// page and sequence, freelist page, high-water mark, txid, checksum u64),
// in the machine's byte order.
const (
	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	pageHeaderSize = 16
	metaSize       = 64 // checksummed up to the last 8 bytes
	noFreelist     = ^uint64(0)
	branchPageFlag = 0x01
	leafPageFlag   = 0x02
	freePageFlag   = 0x10
)

// fileMeta is what the meta page bbolt will use says about the file.
type fileMeta struct {
	pageSize                 int64
	root, freelist, pgid, tx uint64
}

// parseMeta decodes the meta page in buf and reports whether it is valid:
// the magic, version and checksum bbolt checks, and a sane page size.
func parseMeta(buf []byte) (fileMeta, bool) {
	if len(buf) < pageHeaderSize+metaSize {
		return fileMeta{}, false
	}
	m := buf[pageHeaderSize : pageHeaderSize+metaSize]
	ne := binary.NativeEndian
	h := fnv.New64a()
	h.Write(m[:metaSize-8])
	fm := fileMeta{
		pageSize: int64(ne.Uint32(m[8:])),
		root:     ne.Uint64(m[16:]),
		freelist: ne.Uint64(m[32:]),
		pgid:     ne.Uint64(m[40:]),
		tx:       ne.Uint64(m[48:]),
	}
	ok := ne.Uint32(m) == boltMagic && ne.Uint32(m[4:]) == boltVersion &&
		ne.Uint64(m[56:]) == h.Sum64() && fm.pageSize >= 1024 && fm.pageSize&(fm.pageSize-1) == 0
	return fm, ok
}

// readMeta returns the meta bbolt would use: of the two meta pages, the
// valid one with the higher transaction id. It finds the second page as
// bbolt does when the first is damaged, at 1 KB, 2 KB, … 16 MB.
func readMeta(f io.ReaderAt, size int64) (fileMeta, bool) {
	buf := make([]byte, pageHeaderSize+metaSize)
	read := func(off int64) (fileMeta, bool) {
		if off+int64(len(buf)) > size {
			return fileMeta{}, false
		}
		if _, err := f.ReadAt(buf, off); err != nil {
			return fileMeta{}, false
		}
		return parseMeta(buf)
	}
	m0, ok0 := read(0)
	if ok0 {
		m1, ok1 := read(m0.pageSize)
		if ok1 && m1.tx > m0.tx {
			m1.pageSize = m0.pageSize // bbolt's page size is the first page's
			return m1, true
		}
		return m0, true
	}
	for i := range 15 {
		off := int64(1024) << i
		if m1, ok := read(off); ok && m1.pageSize == off {
			return m1, true
		}
	}
	return fileMeta{}, false
}

// pageFlags returns the flags and overflow count of page id.
func pageFlags(f io.ReaderAt, ps int64, id uint64) (flags uint16, overflow uint32, err error) {
	var h [pageHeaderSize]byte
	if _, err := f.ReadAt(h[:], int64(id)*ps); err != nil {
		return 0, 0, err
	}
	return binary.NativeEndian.Uint16(h[8:]), binary.NativeEndian.Uint32(h[12:]), nil
}

// inspect checks, with plain reads and before bbolt maps it, that the
// file at path holds a store bbolt can open without panicking or
// faulting: not empty, at least one valid meta page, a size that is a
// whole number of pages and covers every page that meta says the file
// has (a truncated file would fault when a page past its end is read),
// a freelist page that is one and a root page that is a tree page. It
// reports whether the file exists; a missing file is no error.
func inspect(path string) (exists bool, m fileMeta, err error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, m, nil
	}
	if err != nil {
		return false, m, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return true, m, err
	}
	if fi.Size() == 0 {
		return true, m, &corruptError{path: path, empty: true}
	}
	m, problem := checkSize(f, fi.Size())
	if problem == "" {
		problem, err = checkPages(f, m)
	}
	if problem != "" {
		return true, m, &corruptError{path: path, problem: problem}
	}
	return true, m, err
}

// checkSize returns the meta bbolt will use of the file f of size bytes
// and, if the file cannot hold what it says, what is wrong.
func checkSize(f io.ReaderAt, size int64) (fileMeta, string) {
	m, ok := readMeta(f, size)
	switch {
	case !ok && size < 2*4096:
		return m, fmt.Sprintf("it is %d bytes, too short for the two meta pages a store starts with", size)
	case !ok:
		return m, "neither meta page is valid (bad magic, version or checksum)"
	case size < 2*m.pageSize:
		return m, fmt.Sprintf("it is %d bytes, too short for its two meta pages of %d bytes", size, m.pageSize)
	case size%m.pageSize != 0:
		return m, fmt.Sprintf("it is %d bytes, not a whole number of %d-byte pages: it was truncated", size, m.pageSize)
	case m.pgid > uint64(size/m.pageSize):
		return m, fmt.Sprintf("it is %d bytes but its last commit needs %d pages of %d bytes (%d bytes): it was truncated",
			size, m.pgid, m.pageSize, int64(m.pgid)*m.pageSize)
	}
	return m, ""
}

// checkPages says what is wrong with the root and freelist pages m names
// in f, if anything; err is a failed read.
func checkPages(f io.ReaderAt, m fileMeta) (problem string, err error) {
	if m.root < 2 || m.root >= m.pgid {
		return fmt.Sprintf("its root page %d is outside its %d pages", m.root, m.pgid), nil
	}
	flags, _, err := pageFlags(f, m.pageSize, m.root)
	switch {
	case err != nil:
		return "", err
	case flags != branchPageFlag && flags != leafPageFlag:
		return fmt.Sprintf("its root page %d is not a tree page (flags %#x)", m.root, flags), nil
	case m.freelist == noFreelist:
		return "", nil
	case m.freelist < 2 || m.freelist >= m.pgid:
		return fmt.Sprintf("its freelist page %d is outside its %d pages", m.freelist, m.pgid), nil
	}
	flags, overflow, err := pageFlags(f, m.pageSize, m.freelist)
	switch {
	case err != nil:
		return "", err
	case flags != freePageFlag:
		return fmt.Sprintf("its freelist page %d is not a freelist page (flags %#x)", m.freelist, flags), nil
	case m.freelist+uint64(overflow) >= m.pgid:
		return fmt.Sprintf("its freelist page %d runs %d pages past its %d pages", m.freelist, overflow, m.pgid), nil
	}
	return "", nil
}

// lockWait is how long Open and Check wait for another process's lock.
const lockWait = time.Second

// inUse reports whether another process (or another DB in this one)
// holds the file at path open for writing: then what inspect saw may be
// a write in progress, not damage.
func inUse(path string) (used bool) {
	defer func() {
		if recover() != nil {
			used = false
		}
	}()
	b, err := bbolt.Open(path, 0, &bbolt.Options{ReadOnly: true, Timeout: lockWait})
	if err == nil {
		b.Close()
	}
	return errors.Is(err, berrors.ErrTimeout)
}

// openBolt opens the file at path with bbolt, read-only or not, waiting
// at most lockWait for another process's lock. bbolt panics on some
// damaged files (a freelist page of the wrong type) and reads pages
// through a map, where a page past the end of the file faults: both
// become an error wrapping ErrCorrupt. Call inspect first: the map
// of a file that panicked or faulted is not unmapped. The freelist is
// read here even read-only, so that it is read under this guard.
func openBolt(path string, readOnly bool) (b *bbolt.DB, err error) {
	var f *os.File // bbolt's, to close (and unlock) after a panic
	opts := &bbolt.Options{
		Timeout:         lockWait,
		ReadOnly:        readOnly,
		PreLoadFreelist: true,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			var err error
			f, err = os.OpenFile(name, flag, perm)
			return f, err
		},
	}
	defer func() {
		if r := recover(); r != nil {
			if f != nil {
				f.Close()
			}
			b, err = nil, panicked(path, r)
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	b, err = bbolt.Open(path, 0o600, opts)
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, &lockedError{path: path}
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return b, nil
}

// panicked returns the error for a panic r of bbolt reading the file at
// path, or for a fault (see debug.SetPanicOnFault).
func panicked(path string, r any) error {
	if f, ok := r.(interface{ Addr() uintptr }); ok {
		return &corruptError{path: path, problem: fmt.Sprintf("bbolt cannot read it: a page lies outside the file (fault at %#x)", f.Addr())}
	}
	return &corruptError{path: path, problem: fmt.Sprintf("bbolt cannot read it: %v", r)}
}

// guard runs fn, which reads or writes the bbolt file at path, turning a
// panic or a fault in the map into an error wrapping ErrCorrupt.
func guard(path string, fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicked(path, r)
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return fn()
}
