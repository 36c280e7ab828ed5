package store

import (
	"syscall"

	"go.etcd.io/bbolt"
)

// release drops the process's page-table entries for the bbolt file map
// that tx sees, so the pages a bulk read touched stop counting as the
// process's resident memory. The pages stay in the kernel's page cache and
// a later read maps them again with a minor fault. Without this, serving a
// tag feed, whose 50 items lie far apart in the file, keeps about 4 MB of
// the map resident: every fault maps the 64 KB around the page it needs.
//
// It must run inside tx: a read transaction holds bbolt's map lock, and a
// write transaction is the only one that may remap (in Commit), so the
// map cannot move or shrink meanwhile. Dropping entries that another
// reader is using is harmless: the map is shared, so its next access
// faults in the same bytes from the page cache. Every transaction of the
// store ends with it (view, update): a poll's lookups of known articles
// touch pages all over the file too.
func release(tx *bbolt.Tx) {
	info := tx.DB().Info()
	if info == nil || info.Data == 0 {
		return
	}
	syscall.Syscall(syscall.SYS_MADVISE, info.Data, uintptr(tx.Size()), syscall.MADV_DONTNEED)
}
