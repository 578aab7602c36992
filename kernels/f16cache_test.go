package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"hyoka/gguf"
)

// TestF16Conversions: FromF16 widens every half-precision value as
// gguf.F16ToF32 does and ToF16 rounds as gguf.F32ToF16 does (nearest even,
// on random values, halfway cases, subnormals, overflow and the 65,536
// widened values), NaN staying NaN, for every vec implementation and
// every length 0..40 (vector body and tail). Neither writes past the
// length of its source.
func TestF16Conversions(t *testing.T) {
	all := make([]uint16, 1<<16)
	for i := range all {
		all[i] = uint16(i)
	}
	rng := rand.New(rand.NewPCG(81, 82))
	xs := make([]float32, 0, 4096)
	for range 1000 {
		xs = append(xs, float32(rng.NormFloat64()*math.Pow(2, float64(rng.IntN(40)-25))))
	}
	for i := 0; i < 1<<16; i += 97 {
		// halfway between two half-precision neighbours, and just off it
		a := gguf.F16ToF32(uint16(i))
		b := gguf.F16ToF32(uint16(i + 1))
		if m := (a + b) / 2; !math.IsNaN(float64(m)) && !math.IsInf(float64(m), 0) {
			xs = append(xs, m, math.Nextafter32(m, 0), math.Nextafter32(m, float32(math.Inf(1))))
		}
	}
	xs = append(xs, 65504, 65520, 65519.99, 1e9, -1e9, float32(math.Inf(-1)), float32(math.NaN()), 0, float32(math.Copysign(0, -1)), 1e-8, 3e-8, -6e-8)
	for _, impl := range Implementations("vec") {
		t.Run(impl, func(t *testing.T) {
			defer Select("vec", impl)()
			w := make([]float32, len(all))
			FromF16(w, all)
			for i, h := range all {
				want := gguf.F16ToF32(h)
				if math.Float32bits(w[i]) != math.Float32bits(want) && !(math.IsNaN(float64(w[i])) && math.IsNaN(float64(want))) {
					t.Fatalf("FromF16(%#04x) = %v, want %v", h, w[i], want)
				}
			}
			h := make([]uint16, len(xs))
			ToF16(h, xs)
			for i, x := range xs {
				want := gguf.F32ToF16(x)
				if h[i] != want && !(math.IsNaN(float64(x)) && h[i]&0x7c00 == 0x7c00 && h[i]&0x3ff != 0) {
					t.Fatalf("ToF16(%v) = %#04x, want %#04x", x, h[i], want)
				}
			}
			for n := range 41 {
				src := xs[n : 2*n]
				dst := make([]uint16, n+1)
				dst[n] = 0xbeef
				ToF16(dst, src)
				back := make([]float32, n+1)
				back[n] = 7
				FromF16(back, dst[:n])
				if dst[n] != 0xbeef || back[n] != 7 {
					t.Fatalf("n=%d: wrote past the source's length", n)
				}
				for i := range n {
					if dst[i] != gguf.F32ToF16(src[i]) || math.Float32bits(back[i]) != math.Float32bits(gguf.F16ToF32(dst[i])) {
						t.Fatalf("n=%d: element %d differs", n, i)
					}
				}
			}
		})
	}
}
