//go:build !amd64 || purego || noasm

package kernels

// Without assembly every kernel runs its generic Go version.
var (
	useAVX2   = false
	useAVX512 = false
)
