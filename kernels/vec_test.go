package kernels

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestVecAgainstGeneric: Axpy and RoundF16 must equal their generic loops
// bit for bit on every length 0..300 and large ones, at unaligned starts,
// without touching the guard values around y.
func TestVecAgainstGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	lens := []int{}
	for n := range 301 {
		lens = append(lens, n)
	}
	lens = append(lens, 1023, 4099)
	for _, name := range Implementations("vec") {
		t.Run("impl="+name, func(t *testing.T) {
			defer Select("vec", name)()
			for i, n := range lens {
				off := i % 4
				const g = 3
				x := make([]float32, n+off)[off:]
				buf := make([]float32, n+2*g+off)[off:]
				for j := range x {
					x[j] = float32(rng.NormFloat64())
				}
				for j := range buf {
					buf[j] = float32(rng.NormFloat64())
				}
				want := append([]float32(nil), buf...)
				a := float32(rng.NormFloat64())
				Axpy(buf[g:g+n], a, x)
				axpyGeneric(want[g:g+n], a, x)
				for j := range buf {
					if math.Float32bits(buf[j]) != math.Float32bits(want[j]) {
						t.Fatalf("Axpy n=%d: element %d (guard %d) %v, generic %v", n, j, g, buf[j], want[j])
					}
				}
				// RoundF16 over normal, subnormal, huge, tie and special values.
				for j := range buf {
					switch j % 7 {
					case 0:
						buf[j] = float32(rng.NormFloat64()) * 1e-6
					case 1:
						buf[j] = float32(rng.NormFloat64()) * 7e4
					case 2:
						buf[j] = math.Float32frombits(rng.Uint32())
					case 3:
						buf[j] = 1 + float32(2*rng.IntN(1024)+1)/2048 // exact ties
					}
				}
				copy(want, buf)
				RoundF16(buf[g : g+n])
				roundF16Generic(want[g : g+n])
				for j := range buf {
					b, w := buf[j], want[j]
					if math.Float32bits(b) != math.Float32bits(w) && !(b != b && w != w) {
						t.Fatalf("RoundF16 n=%d: element %d %v (%#x), generic %v (%#x)", n, j, b, math.Float32bits(b), w, math.Float32bits(w))
					}
				}
			}
		})
	}
}

// TestActivations checks SiLU, GELU and Softmax against float64 formulas
// (relative 2e-6 for SiLU, 1e-5 for GELU, 4e-6 for Softmax) and every implementation against
// the generic one bit for bit, on all lengths 0..300 and a large one.
func TestActivations(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	lens := []int{}
	for n := range 301 {
		lens = append(lens, n)
	}
	lens = append(lens, 5000)
	type fn struct {
		name string
		run  func([]float32)
		gen  func([]float32)
		ref  func(x float64) float64
		tol  float64 // relative
	}
	fns := []fn{
		{"SiLU", SiLU, siluGeneric, func(x float64) float64 { return x / (1 + math.Exp(-x)) }, 2e-6},
		{"GELU", GELU, geluGeneric, func(x float64) float64 {
			// 0.5x(1+tanh(u)) written without the cancellation of 1+tanh(u) for x << 0
			return x / (1 + math.Exp(-2*0.7978845608028654*(x+0.044715*x*x*x)))
		}, 1e-5}, // float32 rounding of u is amplified by |2u| in exp(-2u)
	}
	for _, name := range Implementations("vec") {
		t.Run("impl="+name, func(t *testing.T) {
			defer Select("vec", name)()
			for i, n := range lens {
				x := make([]float32, n+i%4)[i%4:]
				for j := range x {
					x[j] = float32(rng.NormFloat64() * 6)
					if j%17 == 0 {
						x[j] *= 30 // past the exp clamp
					}
				}
				for _, f := range fns {
					got := append([]float32(nil), x...)
					gen := append([]float32(nil), x...)
					f.run(got)
					f.gen(gen)
					for j, v := range x {
						want := f.ref(float64(v))
						if e := math.Abs(float64(got[j]) - want); e > f.tol*math.Abs(want)+1e-30 {
							t.Fatalf("%s(%v) = %v, want %v", f.name, v, got[j], want)
						}
						if math.Float32bits(got[j]) != math.Float32bits(gen[j]) {
							t.Fatalf("%s(%v) = %v, generic %v", f.name, v, got[j], gen[j])
						}
					}
				}
				// Softmax with a -Inf (masked) entry.
				got := append([]float32(nil), x...)
				if n > 2 {
					got[1] = float32(math.Inf(-1))
				}
				in := append([]float32(nil), got...)
				Softmax(got)
				mx := math.Inf(-1)
				for _, v := range in {
					mx = math.Max(mx, float64(v))
				}
				var sum float64
				for _, v := range in {
					sum += math.Exp(float64(v) - mx)
				}
				for j, v := range in {
					want := math.Exp(float64(v)-mx) / sum
					if e := math.Abs(float64(got[j]) - want); e > 4e-6*want+1e-37 {
						t.Fatalf("Softmax n=%d [%d] = %v, want %v", n, j, got[j], want)
					}
				}
			}
		})
	}
}

// TestGEGLUTableAgainstGeneric: every implementation equals the defining
// loop bit for bit on lengths 0..300 and 4099, with values spanning the
// clamps (|x| around 10), from a table of arbitrary values.
func TestGEGLUTableAgainstGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	var table [1 << 16]float32
	for i := range table {
		table[i] = float32(rng.NormFloat64())
	}
	lens := []int{}
	for n := range 301 {
		lens = append(lens, n)
	}
	lens = append(lens, 4099)
	for _, name := range Implementations("vec") {
		t.Run("impl="+name, func(t *testing.T) {
			defer Select("vec", name)()
			for _, n := range lens {
				gate, up := make([]float32, n), make([]float32, n)
				for i := range gate {
					gate[i] = float32(rng.NormFloat64() * 8)
					up[i] = float32(rng.NormFloat64())
					switch rng.IntN(8) {
					case 0:
						gate[i] = -10
					case 1:
						gate[i] = 10
					}
				}
				want := append([]float32(nil), gate...)
				gegluTableGeneric(want, up, &table)
				GEGLUTable(gate, up, &table)
				for i := range gate {
					if math.Float32bits(gate[i]) != math.Float32bits(want[i]) {
						t.Fatalf("n=%d: element %d (up %v) = %v, generic %v", n, i, up[i], gate[i], want[i])
					}
				}
			}
		})
	}
}

// TestVecBinaryAgainstGeneric: Add, Mul and Scale equal their loops bit for
// bit on lengths 0..300 and 4099 at unaligned starts, leaving the guard
// values after dst alone.
func TestVecBinaryAgainstGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	for _, name := range Implementations("vec") {
		t.Run("impl="+name, func(t *testing.T) {
			defer Select("vec", name)()
			for n := range 302 {
				if n == 301 {
					n = 4099
				}
				off := n % 3
				for op := vecAdd; op <= vecScale; op++ {
					dst := make([]float32, n+off+2)[off:]
					x := make([]float32, n+off)[off:]
					for i := range dst {
						dst[i] = float32(rng.NormFloat64())
					}
					for i := range x {
						x[i] = float32(rng.NormFloat64())
					}
					s := float32(rng.NormFloat64())
					want := append([]float32(nil), dst...)
					vecBinaryGeneric(op, want[:n], x, s)
					switch op {
					case vecAdd:
						Add(dst, x)
					case vecMul:
						Mul(dst, x)
					default:
						Scale(dst[:n], s)
					}
					for i := range dst {
						if math.Float32bits(dst[i]) != math.Float32bits(want[i]) {
							t.Fatalf("op %d n=%d: element %d = %v, generic %v", op, n, i, dst[i], want[i])
						}
					}
				}
			}
		})
	}
}

// TestSoftmaxPartsAgainstGeneric: the assembly max and grouped sum equal the
// generic ones bit for bit (finite values) on lengths 1..300 and 4099.
func TestSoftmaxPartsAgainstGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(45, 46))
	for _, name := range Implementations("vec") {
		t.Run("impl="+name, func(t *testing.T) {
			defer Select("vec", name)()
			for n := 1; n <= 301; n++ {
				if n == 301 {
					n = 4099
				}
				x := make([]float32, n)
				for i := range x {
					x[i] = float32(rng.NormFloat64() * 10)
				}
				if got, want := maxOf(x), maxOfGeneric(x); got != want {
					t.Fatalf("n=%d: max %v, generic %v", n, got, want)
				}
				m := n &^ 15
				if got, want := sum16(x[:m], 0.5), sum16Generic(x[:m], 0.5); math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("n=%d: sum %v, generic %v", n, got, want)
				}
			}
		})
	}
}

// TestArgmax: Argmax is the first index of the largest value, as the
// comparison loop gives it, with ties, both zeros and NaNs anywhere (x[0]
// included), in every vector implementation.
func TestArgmax(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	nan := float32(math.NaN())
	for _, name := range Implementations("vec") {
		t.Run("impl="+name, func(t *testing.T) {
			defer Select("vec", name)()
			for trial := range 3000 {
				n := 1 + rng.IntN(300)
				if trial%100 == 0 {
					n = 262144
				}
				x := make([]float32, n)
				for i := range x {
					x[i] = float32(rng.IntN(41) - 20) // many ties
				}
				switch trial % 6 {
				case 1: // the maximum twice
					x[rng.IntN(n)], x[rng.IntN(n)] = 99, 99
				case 2: // zeros of both signs as the largest
					for i := range x {
						x[i] = -float32(1 + rng.IntN(5))
					}
					x[rng.IntN(n)] = float32(math.Copysign(0, -1))
					x[rng.IntN(n)] = 0
				case 3: // a NaN somewhere
					x[rng.IntN(n)] = nan
				case 4: // a NaN first
					x[0] = nan
				case 5: // all NaN
					for i := range x {
						x[i] = nan
					}
				}
				if got, want := Argmax(x), argmaxGeneric(x); got != want {
					t.Fatalf("trial %d (n=%d): Argmax %d (%v), loop %d (%v)", trial, n, got, x[got], want, x[want])
				}
			}
		})
	}
}

// TestExpSubAgainstGeneric: expSub equals the generic loop bit for bit in
// every implementation (the 16-lane, 8-lane and tail paths), on lengths
// 0..70 and 4099 with arguments past both clamps, infinities, zeros of
// both signs and NaN.
func TestExpSubAgainstGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(47, 48))
	special := []float32{float32(math.Inf(-1)), float32(math.Inf(1)), float32(math.NaN()), 0, float32(math.Copysign(0, -1)), -87.5, 88.7, -104, 89, -200, 200, 1e-30}
	for _, e := range Implementations("expsub") {
		for _, v := range Implementations("vec") {
			t.Run("expsub="+e+",vec="+v, func(t *testing.T) {
				defer Select("expsub", e)()
				defer Select("vec", v)()
				for n := 0; n <= 71; n++ {
					if n == 71 {
						n = 4099
					}
					x := make([]float32, n)
					for i := range x {
						x[i] = float32(rng.NormFloat64() * 40)
						if i%7 == 3 {
							x[i] = special[rng.IntN(len(special))]
						}
					}
					for _, m := range []float32{0, 3.5, -20} {
						got, want := slices.Clone(x), slices.Clone(x)
						expSub(got, m)
						expSubGeneric(want, m)
						for i := range x {
							if math.Float32bits(got[i]) != math.Float32bits(want[i]) && !(got[i] != got[i] && want[i] != want[i]) {
								t.Fatalf("n=%d m=%v: exp(%v - m) = %v (%08x), generic %v (%08x)", n, m, x[i], got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
							}
						}
					}
				}
			})
		}
	}
}

// BenchmarkSoftmax: one attention row of 4,096 scores (SoftmaxAt, lane0 5),
// as the exact attention runs it per (token, head).
func BenchmarkSoftmax(b *testing.B) {
	x := make([]float32, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range x {
		x[i] = float32(rng.NormFloat64() * 5)
	}
	y := make([]float32, len(x))
	for range b.N {
		copy(y, x)
		SoftmaxAt(y, 5)
	}
}
