//go:build amd64 && !purego && !noasm

package kernels

// ropeNormAVX512 is ropeRotateGeneric(x, cs, false) for len(x) a multiple
// of 16 and len(cs) >= len(x); ropeNeoxAVX512 is ropeRotateGeneric(x, cs,
// true) for len(x) a multiple of 32 (rope_amd64.s).
//
//go:noescape
func ropeNormAVX512(x, cs []float32)

//go:noescape
func ropeNeoxAVX512(x, cs []float32)

var useRope512 bool

func registerRope() {
	useRope512 = useAVX512
	register("rope", "avx512", &useRope512)
}

func ropeRotate(x, cs []float32, neox bool) {
	switch {
	case useRope512 && !neox && len(x)%16 == 0:
		ropeNormAVX512(x, cs)
	case useRope512 && neox && len(x)%32 == 0:
		ropeNeoxAVX512(x, cs)
	default:
		ropeRotateGeneric(x, cs, neox)
	}
}
