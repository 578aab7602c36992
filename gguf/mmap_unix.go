//go:build unix

package gguf

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// mapFile maps the whole file read-only. An empty file maps to an empty slice.
func mapFile(f *os.File, size int64) ([]byte, func() error, error) {
	if size == 0 {
		return []byte{}, func() error { return nil }, nil
	}
	b, err := unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return b, func() error { return unix.Munmap(b) }, nil
}

// readFile reads the whole file into anonymous memory advised for
// transparent huge pages (where the kernel does not take the advice, into
// ordinary pages).
func readFile(f *os.File, size int64) ([]byte, func() error, error) {
	if size == 0 {
		return []byte{}, func() error { return nil }, nil
	}
	const huge = 2 << 20
	n := (int(size) + huge - 1) &^ (huge - 1)
	b, err := unix.Mmap(-1, 0, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		return nil, nil, err
	}
	adviseHugePages(b)
	if _, err := io.ReadFull(io.NewSectionReader(f, 0, size), b[:size]); err != nil {
		unix.Munmap(b)
		return nil, nil, err
	}
	return b[:size], func() error { return unix.Munmap(b) }, nil
}
