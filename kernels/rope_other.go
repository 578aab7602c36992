//go:build !amd64 || purego || noasm

package kernels

func ropeRotate(x, cs []float32, neox bool) { ropeRotateGeneric(x, cs, neox) }
