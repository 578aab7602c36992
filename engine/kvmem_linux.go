package engine

import (
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// allocHalf returns n zeroed uint16 values for the KV cache in an
// anonymous mapping advised for transparent huge pages: attention reads a
// large cache in long runs, and on 4 KiB pages every few rows cost a TLB
// miss (the Go heap gets no huge pages where the system only gives them
// on request, the usual setting). free unmaps it; it may be called more
// than once, and the values must not be used after. Where the mapping
// fails, the values come from the Go heap and free does nothing.
func allocHalf(n int) (h []uint16, free func()) {
	if n == 0 {
		return nil, func() {}
	}
	b, err := unix.Mmap(-1, 0, 2*n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		return make([]uint16, n), func() {}
	}
	_ = unix.Madvise(b, unix.MADV_HUGEPAGE) // refused where huge pages are off: no harm
	var once sync.Once
	return unsafe.Slice((*uint16)(unsafe.Pointer(&b[0])), n), func() {
		once.Do(func() { _ = unix.Munmap(b) })
	}
}
