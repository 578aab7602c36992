//go:build !linux

package engine

// allocHalf returns n zeroed uint16 values for the KV cache from the Go
// heap; free does nothing (see kvmem_linux.go).
func allocHalf(n int) (h []uint16, free func()) { return make([]uint16, n), func() {} }
