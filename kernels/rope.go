package kernels

import "fmt"

// RopeRotate rotates the pairs of x by the angles in cs (cs[2i] the cosine
// and cs[2i+1] the sine of pair i, len(cs) >= len(x)) as ggml's
// rotate_pairs does in llama.cpp's x86 build, where GCC fuses one product
// of each sum:
//
//	x0' = fma(x0, c, -(x1*s)),  x1' = fma(x0, s, x1*c)
//
// Pair i is (x[2i], x[2i+1]), or with neox (x[i], x[i+len(x)/2]). Every
// implementation gives these bits (one rounding of each fused sum). It
// panics if len(x) is odd or cs is short.
func RopeRotate(x, cs []float32, neox bool) {
	if len(x)%2 != 0 || len(cs) < len(x) {
		panic(fmt.Sprintf("kernels: RopeRotate of %d values with %d angles", len(x), len(cs)))
	}
	ropeRotate(x, cs[:len(x)], neox)
}

func ropeRotateGeneric(x, cs []float32, neox bool) {
	half := len(x) / 2
	for i0 := 0; i0 < len(x); i0 += 2 {
		c, s := cs[i0], cs[i0+1]
		a, b := i0, i0+1
		if neox {
			a, b = i0/2, i0/2+half
		}
		x0, x1 := x[a], x[b]
		x[a], x[b] = fma32(x0, c, -(x1*s)), fma32(x0, s, x1*c)
	}
}
