package kernels

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"

	"hyoka/gguf"
)

// Reference dequantizers written from ggml's dequantize_row_* (ggml-quants.c),
// independent of the dot kernels, for the types gguf may not convert yet.

func refDequant(t gguf.Type, dst []float32, src []byte) {
	bsz, tsz := t.Traits().BlockSize, t.Traits().TypeSize
	for i := range len(dst) / bsz {
		b, y := src[i*tsz:(i+1)*tsz], dst[i*bsz:(i+1)*bsz]
		switch t {
		case gguf.Q5_0, gguf.Q5_1:
			d, m, off := f16(b), float32(0), 2
			if t == gguf.Q5_1 {
				m, off = f16(b[2:]), 4
			}
			qh := binary.LittleEndian.Uint32(b[off:])
			for j := range 16 {
				xh0 := ((qh >> j) << 4) & 0x10
				xh1 := (qh >> (j + 12)) & 0x10
				x0 := int32(uint32(b[off+4+j]&0x0F) | xh0)
				x1 := int32(uint32(b[off+4+j]>>4) | xh1)
				if t == gguf.Q5_0 {
					y[j], y[j+16] = float32(x0-16)*d, float32(x1-16)*d
				} else {
					y[j], y[j+16] = float32(x0)*d+m, float32(x1)*d+m
				}
			}
		case gguf.IQ4_NL:
			d := f16(b)
			for j := range 16 {
				y[j] = d * float32(iq4nlValues[b[2+j]&15])
				y[j+16] = d * float32(iq4nlValues[b[2+j]>>4])
			}
		case gguf.Q4_K, gguf.Q5_K:
			d, dmin := f16(b), f16(b[2:])
			sc := b[4:16]
			ql, qh := b[16:], b[16:16]
			if t == gguf.Q5_K {
				ql, qh = b[48:], b[16:48]
			}
			is := 0
			for j := 0; j < 256; j += 64 {
				s1, m1 := scaleMinK4(is, sc)
				s2, m2 := scaleMinK4(is+1, sc)
				u1, u2 := byte(1)<<(2*(j/64)), byte(2)<<(2*(j/64))
				for l := range 32 {
					lo, hi := float32(ql[l]&0xF), float32(ql[l]>>4)
					if t == gguf.Q5_K {
						if qh[l]&u1 != 0 {
							lo += 16
						}
						if qh[l]&u2 != 0 {
							hi += 16
						}
					}
					y[j+l] = d*float32(s1)*lo - dmin*float32(m1)
					y[j+32+l] = d*float32(s2)*hi - dmin*float32(m2)
				}
				ql = ql[32:]
				is += 2
			}
		case gguf.Q6_K:
			d := f16(b[208:])
			ql, qh, sc := b[0:128], b[128:192], b[192:208]
			for n := 0; n < 256; n += 128 {
				for l := range 32 {
					is := l / 16
					q1 := int8(ql[l]&0xF|((qh[l]>>0)&3)<<4) - 32
					q2 := int8(ql[l+32]&0xF|((qh[l]>>2)&3)<<4) - 32
					q3 := int8(ql[l]>>4|((qh[l]>>4)&3)<<4) - 32
					q4 := int8(ql[l+32]>>4|((qh[l]>>6)&3)<<4) - 32
					y[n+l] = d * float32(int8(sc[is])) * float32(q1)
					y[n+l+32] = d * float32(int8(sc[is+2])) * float32(q2)
					y[n+l+64] = d * float32(int8(sc[is+4])) * float32(q3)
					y[n+l+96] = d * float32(int8(sc[is+6])) * float32(q4)
				}
				ql, qh, sc = ql[64:], qh[32:], sc[8:]
			}
		default:
			gguf.Dequantize(t, y, b)
		}
	}
}

// dotTypes are the weight types with a direct dot, in the order tests run them.
var dotTypes = []gguf.Type{gguf.F32, gguf.F16, gguf.BF16, gguf.Q8_0, gguf.Q4_0, gguf.Q4_1, gguf.Q5_0, gguf.Q5_1, gguf.IQ4_NL, gguf.Q4_K, gguf.Q5_K, gguf.Q6_K}

// ggmlData is test-quantize-fns.cpp's generate_data: 0.1 + 2*cos(i + offset).
func ggmlData(n int, offset float64) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(0.1 + 2*math.Cos(float64(i)+offset))
	}
	return x
}

// randomRow makes one weight row of n values of type t: quantized from the
// ggml test data where gguf has a quantizer, otherwise random blocks with
// realistic scales. It returns the bytes and their dequantized values.
func randomRow(t gguf.Type, n int, rng *rand.Rand) ([]byte, []float32) {
	tr := t.Traits()
	b := make([]byte, n/tr.BlockSize*tr.TypeSize)
	w := make([]float32, n)
	if tr.Quantize != nil {
		x := ggmlData(n, rng.Float64()*100)
		tr.Quantize(b, x)
		refDequant(t, w, b)
		return b, w
	}
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	put := func(off int, v float32) { binary.LittleEndian.PutUint16(b[off:], gguf.F32ToF16(v)) }
	for i := 0; i < len(b); i += tr.TypeSize {
		switch t {
		case gguf.Q5_0, gguf.IQ4_NL:
			put(i, 0.01+0.1*rng.Float32())
		case gguf.Q5_1:
			put(i, 0.01+0.1*rng.Float32())
			put(i+2, -rng.Float32())
		case gguf.Q4_K, gguf.Q5_K:
			put(i, 0.001+0.004*rng.Float32())
			put(i+2, 0.001+0.004*rng.Float32())
		case gguf.Q6_K:
			put(i+208, 0.001+0.004*rng.Float32())
		}
	}
	refDequant(t, w, b)
	return b, w
}

// rowDot runs the selected implementation on one row through MatMul's kernels.
func rowDot(t gguf.Type, w []byte, x []float32) float32 {
	k := qKernels[t]
	dst := []float32{0}
	if k.act == 0 {
		return floatRowDot(t, k.fdot)(w, x)
	}
	var a qAct
	quantizeQ8(&a, x, k.act, k.q81)
	quantRowsDot(t, k.qdot)(dst, w, len(w), &a)
	return dst[0]
}

// Error budgets, per element of the dot (|got - want| / n), against the
// float32 dot of the original data (ggml test-quantize-fns: 0.02, 0.04 for
// low-bit types) and against the dot of the dequantized weights with the
// float activations, where only the activation quantization errs.
var dotBudget = map[gguf.Type]struct{ vsOriginal, vsDequant float64 }{
	gguf.F32: {1e-6, 1e-6}, gguf.F16: {2e-3, 1e-6}, gguf.BF16: {1e-2, 1e-6},
	gguf.Q8_0: {2e-3, 2e-3}, gguf.Q4_0: {0.02, 2e-3}, gguf.Q4_1: {0.02, 2e-3},
	gguf.Q5_0: {0, 2e-3}, gguf.Q5_1: {0, 2e-3}, gguf.IQ4_NL: {0, 2e-3},
	gguf.Q4_K: {0, 4e-3}, gguf.Q5_K: {0, 4e-3}, gguf.Q6_K: {0, 4e-3},
}

func TestQuantizedDotErrorBudget(t *testing.T) {
	forEachImpl(t, "qdot", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		for _, typ := range dotTypes {
			n := 32 * 128 // ggml's test size
			w, wd := randomRow(typ, n, rng)
			x := ggmlData(n, 1.5)
			got := float64(rowDot(typ, w, x))
			var deq, orig float64
			for i := range x {
				deq += float64(wd[i]) * float64(x[i])
			}
			b := dotBudget[typ]
			t.Logf("%s: |dot - dequantized dot|/n = %.3g", typ, math.Abs(got-deq)/float64(n))
			if e := math.Abs(got-deq) / float64(n); e > b.vsDequant {
				t.Errorf("%s: |dot - dequantized dot|/n = %.3g > %.3g (got %g want %g)", typ, e, b.vsDequant, got, deq)
			}
			if b.vsOriginal > 0 && typ.Traits().Quantize != nil {
				// ggml's test: quantize the data, dot against the float dot of the original.
				orig0 := ggmlData(n, 0.7)
				wb := make([]byte, len(w))
				typ.Traits().Quantize(wb, orig0)
				g := float64(rowDot(typ, wb, x))
				orig = 0
				for i := range x {
					orig += float64(orig0[i]) * float64(x[i])
				}
				t.Logf("%s: |dot - f32 dot|/n = %.3g", typ, math.Abs(g-orig)/float64(n))
				if e := math.Abs(g-orig) / float64(n); e > b.vsOriginal {
					t.Errorf("%s: |dot - f32 dot|/n = %.3g > %.3g", typ, e, b.vsOriginal)
				}
			}
		}
	})
}

// TestQuantizedDotExact checks the integer decoding: the quantized dot must
// equal, to float32 rounding, the float64 dot of the dequantized weights with
// the dequantized activations.
func TestQuantizedDotExact(t *testing.T) {
	forEachImpl(t, "qdot", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		for _, typ := range dotTypes {
			k := qKernels[typ]
			if k.act == 0 {
				continue
			}
			for _, nb := range []int{1, 2, 3, 7, 16} {
				n := nb * 256
				w, wd := randomRow(typ, n, rng)
				x := make([]float32, n)
				for i := range x {
					x[i] = float32(rng.NormFloat64())
				}
				var a qAct
				quantizeQ8(&a, x, k.act, k.q81)
				var want, mag float64
				for i := range x {
					ad := float64(a.qs[i]) * float64(a.d[i/k.act])
					want += float64(wd[i]) * ad
					mag += math.Abs(float64(wd[i]) * ad)
				}
				if k.q81 {
					// ggml multiplies the block minimum by Q8_1's s, which is
					// rounded to half precision on its own.
					ts := typ.Traits().TypeSize
					for b := range n / 32 {
						sum := 0
						for _, q := range a.qs[32*b : 32*b+32] {
							sum += int(q)
						}
						m := float64(f16(w[b*ts+2:]))
						want += m * (float64(a.s[b]) - float64(a.d[b])*float64(sum))
					}
				}
				dst := []float32{0}
				quantRowsDot(typ, k.qdot)(dst, w, len(w), &a)
				if e := math.Abs(float64(dst[0]) - want); e > 1e-5*mag {
					t.Errorf("%s n=%d: %g, exact %g (err %.3g, bound %.3g)", typ, n, dst[0], want, e, 1e-5*mag)
				}
			}
		}
	})
}

// forEachImpl runs f once per available implementation of kernel.
func forEachImpl(t *testing.T, kernel string, f func(t *testing.T)) {
	for _, name := range Implementations(kernel) {
		t.Run("impl="+name, func(t *testing.T) {
			defer Select(kernel, name)()
			f(t)
		})
	}
}

// TestRefDequantMatchesGGUF: the test's dequantizers (written from ggml for
// this package) agree bit for bit with package gguf's, where gguf has one.
func TestRefDequantMatchesGGUF(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, typ := range qTypes() {
		if !typ.CanDequantize() {
			continue
		}
		w, mine := randomRow(typ, 1024, rng)
		theirs := make([]float32, 1024)
		if err := gguf.Dequantize(typ, theirs, w); err != nil {
			t.Fatal(err)
		}
		if !bitsEqual(mine, theirs) {
			t.Errorf("%s: test dequantizer and gguf.Dequantize differ", typ)
		}
	}
}

// TestQ5_KRowsBits: every Q5_K row-dot implementation gives
// dotQ5_KGeneric's bits (llama.cpp's order, see TestOracleQ5_K), on
// quantized rows, random bytes and extreme values (scales, minimums and
// values at their maximum against activations ±127).
func TestQ5_KRowsBits(t *testing.T) {
	forEachImpl(t, "qdot", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(63, 64))
		for it := range 40 {
			nrows, n := 1+it%5, 256*(1+it%9)
			var w []byte
			for range nrows {
				b, _ := randomRow(gguf.Q5_K, n, rng)
				switch it % 3 {
				case 1:
					for i := range b {
						b[i] = byte(rng.Uint32())
					}
					tameScales(gguf.Q5_K, b)
				case 2:
					for i := 0; i < len(b); i += 176 {
						for j := 4; j < 176; j++ {
							b[i+j] = 0xff
						}
					}
				}
				w = append(w, b...)
			}
			x := make([]float32, n)
			for i := range x {
				if it%3 == 2 {
					x[i] = float32(1 - 2*(i%2))
				} else {
					x[i] = float32(rng.NormFloat64() * math.Pow(10, float64(it%5-2)))
				}
			}
			var a qAct
			quantizeQ8(&a, x, 256, false)
			rb := len(w) / nrows
			got := make([]float32, nrows)
			quantRowsDot(gguf.Q5_K, dotQ5_KGeneric)(got, w, rb, &a)
			for r := range nrows {
				if want := dotQ5_KGeneric(w[r*rb:(r+1)*rb], &a); math.Float32bits(got[r]) != math.Float32bits(want) {
					t.Fatalf("n %d row %d: %v, dotQ5_KGeneric %v", n, r, got[r], want)
				}
			}
		}
	})
}
