package gguf

import "golang.org/x/sys/unix"

// adviseHugePages asks for transparent huge pages over b; the advice is
// refused where they are off, which changes nothing else.
func adviseHugePages(b []byte) { _ = unix.Madvise(b, unix.MADV_HUGEPAGE) }
