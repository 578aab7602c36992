package kernels

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"

	"hyoka/gguf"
)

// Every accelerated implementation against the generic one, in the style of
// math/big's arith tests: many lengths, unaligned starts, guard bands around
// the outputs and outputs pre-filled with NaN.

// tameScales clears the top exponent bit of every float16 scale of the
// blocks in b, so random bytes give finite scales below 2.
func tameScales(t gguf.Type, b []byte) {
	ts := t.Traits().TypeSize
	var offs []int
	switch t {
	case gguf.Q8_0, gguf.Q4_0, gguf.Q5_0, gguf.IQ4_NL:
		offs = []int{0}
	case gguf.Q4_1, gguf.Q5_1, gguf.Q4_K, gguf.Q5_K:
		offs = []int{0, 2}
	case gguf.Q6_K:
		offs = []int{208}
	}
	for i := 0; i+ts <= len(b); i += ts {
		for _, o := range offs {
			h := binary.LittleEndian.Uint16(b[i+o:])
			binary.LittleEndian.PutUint16(b[i+o:], h&^0x4000)
		}
	}
}

// checkRows runs the selected and the generic row dot on nrows rows of w
// (stride rowBytes) and a, writing into the middle of a NaN-filled buffer,
// and reports a failure if guards are touched or results differ beyond
// 1e-5 of the magnitude sum_i |w_i||a_i| (computed by the generic on |.|).
func checkRows(t testing.TB, typ gguf.Type, w []byte, rowBytes, nrows int, a *qAct) {
	t.Helper()
	k := qKernels[typ]
	const guard = 5
	buf := make([]float32, nrows+2*guard)
	for i := range buf {
		buf[i] = float32(math.NaN())
	}
	sentinel := float32(-12345.5)
	for i := range guard {
		buf[i], buf[len(buf)-1-i] = sentinel, sentinel
	}
	quantRowsDot(typ, k.qdot)(buf[guard:guard+nrows], w, rowBytes, a)
	for i := range guard {
		if buf[i] != sentinel || buf[len(buf)-1-i] != sentinel {
			t.Fatalf("%s: write outside dst (guard %d)", typ, i)
		}
	}
	for r := range nrows {
		row := w[r*rowBytes : (r+1)*rowBytes]
		want := k.qdot(row, a)
		got := buf[guard+r]
		mag := magnitude(typ, row, a)
		if math.IsNaN(float64(want)) && math.IsNaN(float64(got)) {
			continue
		}
		if !(math.Abs(float64(got-want)) <= 1e-5*mag+1e-30) {
			t.Fatalf("%s n=%d row %d: %v, generic %v (bound %.3g)", typ, len(a.qs), r, got, want, 1e-5*mag)
		}
	}
}

// magnitude is sum |w_i a_i| on dequantized values, the scale of the
// rounding differences between implementations.
func magnitude(typ gguf.Type, row []byte, a *qAct) float64 {
	n := len(a.qs)
	wd := make([]float32, n)
	refDequant(typ, wd, row[:n/typ.Traits().BlockSize*typ.Traits().TypeSize])
	bs := qKernels[typ].act
	var m float64
	for i := range n {
		m += math.Abs(float64(wd[i]) * float64(a.qs[i]) * float64(a.d[i/bs]))
	}
	// The Q4_1/Q5_1 offset and k-quant minimum terms add their own magnitude.
	for _, s := range a.s {
		m += math.Abs(float64(s)) * 2
	}
	return m + 1e-6
}

// quantizedAct returns an activation row of n values for typ starting at an
// unaligned offset inside its buffers.
func quantizedAct(typ gguf.Type, n, off int, rng *rand.Rand) *qAct {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	var a qAct
	quantizeQ8(&a, x, qKernels[typ].act, qKernels[typ].q81)
	shift := func(q []int8) []int8 { b := make([]int8, len(q)+off); copy(b[off:], q); return b[off:] }
	a.qs = shift(a.qs)
	return &a
}

func qTypes() []gguf.Type {
	var ts []gguf.Type
	for _, t := range dotTypes {
		if qKernels[t].act != 0 {
			ts = append(ts, t)
		}
	}
	return ts
}

func TestRowDotsAgainstGeneric(t *testing.T) {
	impls := Implementations("qdot")
	rng := rand.New(rand.NewPCG(7, 8))
	for _, name := range impls[:len(impls)-1] {
		t.Run("impl="+name, func(t *testing.T) {
			defer Select("qdot", name)()
			for _, typ := range qTypes() {
				bs, ts := qKernels[typ].act, typ.Traits().TypeSize
				// Every length 0..300 blocks of 32 (0..38 super-blocks), then large ones.
				var lens []int
				for n := 0; n <= 300*32; n += bs {
					lens = append(lens, n)
				}
				lens = append(lens, 16384, 65536)
				for i, n := range lens {
					off := i % 4
					nrows := 1 + i%3
					pad := (i % 2) * 7
					rowBytes := n/bs*ts + pad
					w := make([]byte, nrows*rowBytes+off)
					for j := range w {
						w[j] = byte(rng.Uint32())
					}
					w = w[off:]
					tameScales(typ, w)
					for r := 1; r < nrows; r++ { // padded rows: tame each row's blocks
						tameScales(typ, w[r*rowBytes:])
					}
					checkRows(t, typ, w, rowBytes, nrows, quantizedAct(typ, n, off, rng))
				}
			}
		})
	}
}

func TestDotAgainstGeneric(t *testing.T) {
	impls := Implementations("dot_f32")
	rng := rand.New(rand.NewPCG(9, 10))
	for _, name := range impls {
		t.Run("impl="+name, func(t *testing.T) {
			defer Select("dot_f32", name)()
			var lens []int
			for n := range 301 {
				lens = append(lens, n)
			}
			lens = append(lens, 1023, 4096, 100003)
			for i, n := range lens {
				off := i % 4
				a := make([]float32, n+off)[off:]
				b := make([]float32, n+3)[3-off:][:n]
				var want, mag float64
				for j := range a {
					a[j], b[j] = float32(rng.NormFloat64()), float32(rng.NormFloat64())
					want += float64(a[j]) * float64(b[j])
					mag += math.Abs(float64(a[j]) * float64(b[j]))
				}
				got := Dot(a, b)
				if e := math.Abs(float64(got) - want); e > 1e-5*mag+1e-30 {
					t.Fatalf("n=%d off=%d: %v, float64 %v", n, off, got, want)
				}
				if g := dotGeneric(a, b); math.Abs(float64(got-g)) > 1e-5*mag+1e-30 {
					t.Fatalf("n=%d: %v, generic %v", n, got, g)
				}
			}
		})
	}
}

// FuzzRowDot compares every implementation of one type's row dot with the
// generic one on arbitrary weight bytes and activations.
func FuzzRowDot(f *testing.F) {
	f.Add(uint8(0), uint8(1), []byte("seed"), uint64(1))
	f.Add(uint8(3), uint8(3), make([]byte, 700), uint64(2))
	f.Add(uint8(6), uint8(2), []byte{0xff, 0x7f, 0x80, 0x01}, uint64(3))
	types := qTypes()
	f.Fuzz(func(t *testing.T, ti, nb uint8, data []byte, seed uint64) {
		typ := types[int(ti)%len(types)]
		bs, ts := qKernels[typ].act, typ.Traits().TypeSize
		nblocks := int(nb) % 17
		n := nblocks * bs
		w := make([]byte, nblocks*ts)
		for i := range w {
			if len(data) > 0 {
				w[i] = data[i%len(data)] ^ byte(i/len(data))
			}
		}
		tameScales(typ, w)
		rng := rand.New(rand.NewPCG(seed, 0))
		a := quantizedAct(typ, n, int(seed%4), rng)
		for _, name := range Implementations("qdot") {
			restore := Select("qdot", name)
			checkRows(t, typ, w, len(w), 1, a)
			restore()
		}
	})
}

// FuzzDot compares Dot with the float64 dot on arbitrary finite inputs.
func FuzzDot(f *testing.F) {
	f.Add([]byte("0123456789abcdef0123456789abcdef"), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, off uint8) {
		n := len(data) / 8
		a, b := make([]float32, n), make([]float32, n)
		for i := range n {
			a[i] = float32(int16(binary.LittleEndian.Uint16(data[8*i:]))) / 256
			b[i] = float32(int16(binary.LittleEndian.Uint16(data[8*i+4:]))) / 256
		}
		o := int(off) % (n + 1)
		a, b = a[o:], b[o:]
		for _, name := range Implementations("dot_f32") {
			restore := Select("dot_f32", name)
			got := Dot(a, b)
			restore()
			var want, mag float64
			for i := range a {
				want += float64(a[i]) * float64(b[i])
				mag += math.Abs(float64(a[i]) * float64(b[i]))
			}
			if math.Abs(float64(got)-want) > 1e-5*mag+1e-30 {
				t.Fatalf("%s n=%d: %v, float64 %v", name, len(a), got, want)
			}
		}
	})
}

// TestFloatRowDotsAgainstGeneric: F16 and BF16 row dots of every
// implementation against the generic loops and float64, all lengths 0..300
// and large ones, unaligned weight and activation starts.
func TestFloatRowDotsAgainstGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	for _, name := range Implementations("dot_f32") {
		t.Run("impl="+name, func(t *testing.T) {
			defer Select("dot_f32", name)()
			for _, typ := range []gguf.Type{gguf.F16, gguf.BF16} {
				k := qKernels[typ]
				for n := range 305 {
					if n > 300 {
						n = 4096 + n
					}
					off := n % 4
					x := make([]float32, n+off)[off:]
					w := make([]byte, 2*n+off)[off:]
					for i := range x {
						x[i] = float32(rng.NormFloat64())
					}
					wd := make([]float32, n)
					for i := range wd {
						wd[i] = float32(rng.NormFloat64())
					}
					typ.Traits().Quantize(w, wd)
					typ.Traits().Dequantize(wd, w)
					var want, mag float64
					for i := range x {
						want += float64(wd[i]) * float64(x[i])
						mag += math.Abs(float64(wd[i]) * float64(x[i]))
					}
					got := floatRowDot(typ, k.fdot)(w, x)
					if e := math.Abs(float64(got) - want); e > 1e-5*mag+1e-30 {
						t.Fatalf("%s n=%d: %v, float64 %v", typ, n, got, want)
					}
					if g := k.fdot(w, x); math.Abs(float64(got-g)) > 1e-5*mag+1e-30 {
						t.Fatalf("%s n=%d: %v, generic %v", typ, n, got, g)
					}
				}
			}
		})
	}
}

// FuzzMatMul covers the four-token tiles and the activation quantizer: a
// small matrix of any direct type built from the fuzz bytes, multiplied by
// a batch, must give each token the bits it gets alone (the one-row kernel)
// and stay within the generic implementation's result.
func FuzzMatMul(f *testing.F) {
	f.Add(uint8(4), uint8(5), uint8(3), []byte("tiles"), uint64(1))
	f.Add(uint8(9), uint8(8), uint8(2), []byte{1, 2, 3, 250}, uint64(2))
	types := qTypes()
	f.Fuzz(func(t *testing.T, ti, nbatch, nrows uint8, data []byte, seed uint64) {
		typ := types[int(ti)%len(types)]
		bs, ts := qKernels[typ].act, typ.Traits().TypeSize
		batch, rows, cols := 1+int(nbatch)%9, 1+int(nrows)%20, bs*(1+int(seed%3))
		rb := cols / bs * ts
		w := make([]byte, rows*rb)
		for i := range w {
			if len(data) > 0 {
				w[i] = data[i%len(data)] ^ byte(i*7)
			}
		}
		tameScales(typ, w)
		m := Matrix{Type: typ, Rows: rows, Cols: cols, RowBytes: rb, Data: w}
		rng := rand.New(rand.NewPCG(seed, 3))
		x := make([]float32, batch*cols)
		for i := range x {
			x[i] = float32(rng.NormFloat64())
		}
		p := NewPool(2)
		defer p.Close()
		got := make([]float32, batch*rows)
		MatMul(p, got, m, x, batch)
		one := make([]float32, rows)
		for b := range batch {
			MatMul(p, one, m, x[b*cols:(b+1)*cols], 1)
			for r := range rows {
				if math.Float32bits(one[r]) != math.Float32bits(got[b*rows+r]) && !(one[r] != one[r] && got[b*rows+r] != got[b*rows+r]) {
					t.Fatalf("%s batch %d: token %d row %d: %v in the batch, %v alone", typ, batch, b, r, got[b*rows+r], one[r])
				}
			}
		}
		restore := Select("qdot", "generic")
		ref := make([]float32, batch*rows)
		MatMul(p, ref, m, x, batch)
		restore()
		var a qAct
		for b := range batch {
			quantizeQ8(&a, x[b*cols:(b+1)*cols], bs, qKernels[typ].q81)
			for r := range rows {
				mag := magnitude(typ, w[r*rb:(r+1)*rb], &a)
				if d := math.Abs(float64(got[b*rows+r] - ref[b*rows+r])); d > 1e-5*mag {
					t.Fatalf("%s: token %d row %d: %v, generic %v", typ, b, r, got[b*rows+r], ref[b*rows+r])
				}
			}
		}
	})
}

// FuzzActivations compares SiLU, GELU and Softmax of every implementation
// with the generic versions bit for bit.
func FuzzActivations(f *testing.F) {
	f.Add([]byte("0123456789abcdefghij"))
	f.Fuzz(func(t *testing.T, data []byte) {
		x := make([]float32, len(data)/2)
		for i := range x {
			x[i] = float32(int16(binary.LittleEndian.Uint16(data[2*i:]))) / 512
		}
		for _, name := range Implementations("vec") {
			for _, op := range []func([]float32){SiLU, GELU, Softmax} {
				restore := Select("vec", name)
				got := append([]float32(nil), x...)
				op(got)
				restore()
				restore = Select("vec", "generic")
				want := append([]float32(nil), x...)
				op(want)
				restore()
				if !bitsEqual(got, want) {
					t.Fatalf("%s differs from generic on %v", name, x)
				}
			}
		}
	})
}

// TestRowsBitExact: the Q4_1, Q5_0, Q8_0, Q6_K and Q4_K row dots of every
// implementation give the generic's bits (ggml's lane order), not only its
// value within rounding; so do the four-token tiles through MatMul.
func TestRowsBitExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	testPool := NewPool(2)
	defer testPool.Close()
	for _, name := range Implementations("qdot") {
		t.Run("impl="+name, func(t *testing.T) {
			defer Select("qdot", name)()
			for _, typ := range []gguf.Type{gguf.Q4_1, gguf.Q5_0, gguf.Q8_0, gguf.Q6_K, gguf.Q4_K} {
				k := qKernels[typ]
				ts := typ.Traits().TypeSize
				for _, n := range []int{256, 512, 768, 1536} {
					const nrows = 5
					rowBytes := n / k.act * ts
					w := make([]byte, nrows*rowBytes)
					for j := range w {
						w[j] = byte(rng.Uint32())
					}
					for r := range nrows {
						tameScales(typ, w[r*rowBytes:])
					}
					a := quantizedAct(typ, n, 0, rng)
					got := make([]float32, nrows)
					quantRowsDot(typ, k.qdot)(got, w, rowBytes, a)
					for r := range nrows {
						if want := k.qdot(w[r*rowBytes:(r+1)*rowBytes], a); math.Float32bits(got[r]) != math.Float32bits(want) {
							t.Fatalf("%s n=%d row %d: %v, generic %v", typ, n, r, got[r], want)
						}
					}
					// tiles: a batch of 6 tokens through MatMul
					x := make([]float32, 6*n)
					for j := range x {
						x[j] = float32(rng.NormFloat64())
					}
					dst := make([]float32, 6*nrows)
					MatMul(testPool, dst, Matrix{Type: typ, Rows: nrows, Cols: n, RowBytes: rowBytes, Data: w}, x, 6)
					var qa qAct
					for b := range 6 {
						quantizeQ8(&qa, x[b*n:(b+1)*n], k.act, k.q81)
						for r := range nrows {
							if want := k.qdot(w[r*rowBytes:(r+1)*rowBytes], &qa); math.Float32bits(dst[b*nrows+r]) != math.Float32bits(want) {
								t.Fatalf("%s n=%d token %d row %d: %v in a batch, generic %v", typ, n, b, r, dst[b*nrows+r], want)
							}
						}
					}
				}
			}
		})
	}
}
