package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"hyoka/gguf"
)

// TestX8KLayout: the k-quant records hold every row's values: unpacking
// them (x8kValues and the scales) gives back the dequantized weights
// exactly, and the copy has the documented size.
func TestX8KLayout(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for typ, rec := range x8kTypes {
		m, wd := x8Matrix(typ, 16, 512, rng)
		packed := packX8(m)
		nb := m.Cols / 256
		if len(packed) != m.Rows/8*nb*rec {
			t.Fatalf("%s: x8 copy has %d bytes, want %d", typ, len(packed), m.Rows/8*nb*rec)
		}
		for g := range m.Rows / 8 {
			for b := range nb {
				rb := packed[(g*nb+b)*rec:][:rec]
				for r := range 8 {
					u, sc, mn := x8kValues(typ, rb, r)
					d := f16(rb[2*r:])
					for e := range 256 {
						var got float32
						if typ == gguf.Q6_K {
							got = d * float32(sc[e/16]) * float32(int8(u[e]-32))
						} else {
							dmin := f16(rb[16+2*r:])
							got = d*float32(sc[e/32])*float32(u[e]) - dmin*float32(mn[e/32])
						}
						want := wd[(8*g+r)*m.Cols+256*b+e]
						if got != want {
							t.Fatalf("%s: row %d value %d: unpacked %v, dequantized %v", typ, 8*g+r, 256*b+e, got, want)
						}
					}
				}
			}
		}
	}
}

// TestX8KMatMul: MatMul on a prepared k-quant matrix (the x8 kernels where
// the CPU has them, else the original path) and the generic twin of the x8
// kernels against float64 dots of the dequantized weights (ggml's Q8_K
// activation error: 1% of the sum of |products|); the kernels against the
// twin within 1e-6 of that sum (they differ only where the twin's fma32
// rounds twice); every output bit-identical across batch sizes (one token
// alone, in fours, with remainders) and thread counts.
func TestX8KMatMul(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	for typ := range x8kTypes {
		for _, shape := range [][2]int{{8, 256}, {40, 1024}, {64, 512}} {
			rows, cols := shape[0], shape[1]
			m, wd := x8Matrix(typ, rows, cols, rng)
			pm := m
			pm.x8 = packX8(m) // whatever the CPU, to exercise the layout
			const batch = 11
			x := make([]float32, batch*cols)
			for i := range x {
				x[i] = float32(rng.NormFloat64())
			}
			p1 := NewPool(1)
			ref := make([]float32, batch*rows)
			MatMul(p1, ref, pm, x, batch)
			for b := range batch {
				var a qAct
				quantizeQ8(&a, x[b*cols:(b+1)*cols], 256, false)
				gen := make([]float32, rows)
				x8RowsGeneric(typ, gen, pm.x8, rows/8, cols/256, &a)
				for r := range rows {
					var want, mag float64
					for c := range cols {
						p := float64(wd[r*cols+c]) * float64(x[b*cols+c])
						want += p
						mag += math.Abs(p)
					}
					got := ref[b*rows+r]
					if e := math.Abs(float64(got) - want); !(e <= 0.01*mag+1e-6) {
						t.Fatalf("%s %dx%d token %d row %d: %g, float dot %g", typ, rows, cols, b, r, got, want)
					}
					if e := math.Abs(float64(gen[r]) - want); !(e <= 0.01*mag+1e-6) {
						t.Fatalf("%s %dx%d token %d row %d: generic twin %g, float dot %g", typ, rows, cols, b, r, gen[r], want)
					}
					if pm.Prepared() && x8Available() {
						if e := math.Abs(float64(got) - float64(gen[r])); !(e <= 1e-6*mag) {
							t.Fatalf("%s %dx%d token %d row %d: x8 kernel %g, generic twin %g", typ, rows, cols, b, r, got, gen[r])
						}
					}
				}
			}
			p1.Close()
			for _, th := range []int{2, 3} {
				p := NewPool(th)
				for _, n := range []int{1, 3, 4, 5, 8, batch} {
					got := make([]float32, n*rows)
					MatMul(p, got, pm, x[:n*cols], n)
					for i := range got {
						if math.Float32bits(got[i]) != math.Float32bits(ref[i]) {
							t.Fatalf("%s %dx%d threads %d batch %d: element %d = %g, in batch %d %g", typ, rows, cols, th, n, i, got[i], batch, ref[i])
						}
					}
				}
				p.Close()
			}
		}
	}
}

// TestX8KTile4Generic: the generic four-token twin equals the one-token
// twin applied per token (the contract the assembly pair also keeps).
func TestX8KTile4Generic(t *testing.T) {
	rng := rand.New(rand.NewPCG(45, 46))
	for typ := range x8kTypes {
		m, _ := x8Matrix(typ, 16, 512, rng)
		w := packX8(m)
		acts := make([]qAct, 4)
		for j := range acts {
			x := make([]float32, 512)
			for i := range x {
				x[i] = float32(rng.NormFloat64())
			}
			quantizeQ8(&acts[j], x, 256, false)
		}
		var p packed4
		packAct4(&p, acts, 256)
		four := make([]float32, 4*16)
		x8Tile4Generic(typ, four, 16, w, 2, 2, &p)
		for j := range 4 {
			one := make([]float32, 16)
			x8RowsGeneric(typ, one, w, 2, 2, &acts[j])
			if !bitsEqual(one, four[16*j:16*j+16]) {
				t.Fatalf("%s token %d: four-token twin %v, one-token %v", typ, j, four[16*j:16*j+16], one)
			}
		}
	}
}

// TestX8KExtremes: the integer sums stay exact at the formats' extremes
// (all values and scales at their largest, activations at ±127): the
// kernels agree with the generic twin bit for bit up to fma32's double
// rounding, and with the float dot.
func TestX8KExtremes(t *testing.T) {
	for typ := range x8kTypes {
		for _, sign := range []float32{1, -1} {
			const rows, cols = 8, 512
			m, wd := x8Matrix(typ, rows, cols, rand.New(rand.NewPCG(47, 48)))
			tr := typ.Traits()
			for i := 0; i < len(m.Data); i += tr.TypeSize {
				blk := m.Data[i : i+tr.TypeSize]
				switch typ {
				case gguf.Q6_K:
					for j := range 192 {
						blk[j] = 0 // u = 0: weight -32*sc
					}
					for j := 192; j < 208; j++ {
						blk[j] = 0x80 // scale -128
					}
				default:
					for j := 4; j < 16; j++ {
						blk[j] = 0xff // scales and minimums 63
					}
					for j := 16; j < tr.TypeSize; j++ {
						blk[j] = 0xff // values 15 (Q5_K 31)
					}
				}
			}
			refDequant(typ, wd, m.Data)
			pm := m
			pm.x8 = packX8(m)
			x := make([]float32, cols)
			for i := range x {
				x[i] = sign
			}
			got := make([]float32, rows)
			MatMul(NewPool(1), got, pm, x, 1)
			var a qAct
			quantizeQ8(&a, x, 256, false)
			gen := make([]float32, rows)
			x8RowsGeneric(typ, gen, pm.x8, 1, cols/256, &a)
			for r := range rows {
				var want, mag float64
				for c := range cols {
					want += float64(wd[r*cols+c]) * float64(x[c])
					mag += math.Abs(float64(wd[r*cols+c]) * float64(x[c]))
				}
				if e := math.Abs(float64(got[r]) - want); !(e <= 0.01*mag+1e-6) {
					t.Fatalf("%s sign %v row %d: %g, float dot %g", typ, sign, r, got[r], want)
				}
				if e := math.Abs(float64(gen[r]) - want); !(e <= 0.01*mag+1e-6) {
					t.Fatalf("%s sign %v row %d: generic twin %g, float dot %g", typ, sign, r, gen[r], want)
				}
			}
		}
	}
}

// BenchmarkX8K: the k-quant x8 kernels (and Q4_K's and Q5_K's exact-order ones) on
// one thread, one token and four,
// over a 1024x4096 matrix (a few MB: L2/L3-resident, so this measures the
// kernels rather than memory).
func BenchmarkX8K(b *testing.B) {
	if !x8Available() {
		b.Skip("no x8 kernels on this CPU")
	}
	const rows, cols = 1024, 4096
	for _, typ := range []gguf.Type{gguf.Q4_K, gguf.Q5_K, gguf.Q6_K} {
		m := Prepare(BenchMatrix(typ, rows, cols, 1))
		rng := rand.New(rand.NewPCG(49, 50))
		acts := make([]qAct, 4)
		for j := range acts {
			x := make([]float32, cols)
			for i := range x {
				x[i] = float32(rng.NormFloat64())
			}
			quantizeQ8(&acts[j], x, 256, false)
		}
		var p packed4
		packAct4(&p, acts, 256)
		dst := make([]float32, 4*rows)
		b.Run(typ.String()+"/one", func(b *testing.B) {
			b.SetBytes(int64(rows * m.RowBytes))
			for b.Loop() {
				x8Rows(typ, dst[:rows], m.x8, rows/8, cols/256, &acts[0])
			}
		})
		b.Run(typ.String()+"/four", func(b *testing.B) {
			b.SetBytes(int64(4 * rows * m.RowBytes))
			for b.Loop() {
				x8Tile4(typ, dst, rows, m.x8, rows/8, cols/256, &p)
			}
		})
		if !x8ExactTypes[typ] {
			continue
		}
		b.Run(typ.String()+"/exact-one", func(b *testing.B) {
			b.SetBytes(int64(rows * m.RowBytes))
			for b.Loop() {
				x8ExactRows(typ, dst[:rows], m.x8, rows/8, cols/256, &acts[0])
			}
		})
		b.Run(typ.String()+"/exact-four", func(b *testing.B) {
			b.SetBytes(int64(4 * rows * m.RowBytes))
			for b.Loop() {
				x8ExactTile4(typ, dst, rows, m.x8, rows/8, cols/256, &p)
			}
		})
	}
}

// TestX8KShapes: super-block counts 1..8 and a large one, row counts
// 8..64, batches 1..9; outputs pre-filled with NaN inside guard values
// that must survive; each output against the generic twin (within 1e-6 of
// the sum of |products|, fma32's double rounding), and for the exact-order
// Q4_K, Q5_K and Q6_K kernels (PrepareExact) bit for bit against
// dotQ4_KGeneric, dotQ5_KGeneric and dotQ6_KGeneric.
func TestX8KShapes(t *testing.T) {
	if !x8Available() {
		t.Skip("no x8 kernels on this CPU (the generic twins are tested above)")
	}
	rng := rand.New(rand.NewPCG(51, 52))
	p := NewPool(2)
	defer p.Close()
	type kind struct {
		typ   gguf.Type
		exact bool
	}
	kinds := []kind{{gguf.Q4_K, true}, {gguf.Q5_K, true}, {gguf.Q6_K, true}}
	for typ := range x8kTypes {
		kinds = append(kinds, kind{typ, false})
	}
	for _, k := range kinds {
		typ := k.typ
		for nb := 1; nb <= 9; nb++ {
			cols := 256 * nb
			if nb == 9 {
				cols = 256 * 19 // Qwen2.5-0.5B's ffn_down
			}
			rows := 8 * (1 + nb%8)
			m, wd := x8Matrix(typ, rows, cols, rng)
			pm := Prepare(m)
			if k.exact {
				pm = PrepareExact(m)
			}
			if !pm.Prepared() {
				t.Fatalf("%s %dx%d not prepared", typ, rows, cols)
			}
			batch := 1 + (nb*5)%9
			x := make([]float32, batch*cols)
			for i := range x {
				x[i] = float32(rng.NormFloat64())
			}
			const g = 5
			buf := make([]float32, batch*rows+2*g)
			for i := range buf {
				buf[i] = float32(math.NaN())
			}
			for i := range g {
				buf[i], buf[len(buf)-1-i] = 7, -7
			}
			MatMul(p, buf[g:g+batch*rows], pm, x, batch)
			for i := range g {
				if buf[i] != 7 || buf[len(buf)-1-i] != -7 {
					t.Fatalf("%s exact=%v %dx%d batch %d: guard value %d overwritten", typ, k.exact, rows, cols, batch, i)
				}
			}
			if k.exact {
				ref := exactRef(m, x, batch)
				for i, v := range ref {
					if math.Float32bits(buf[g+i]) != math.Float32bits(v) {
						t.Fatalf("exact %s %dx%d batch %d: element %d = %v, per-row exact dot %v", typ, rows, cols, batch, i, buf[g+i], v)
					}
				}
				continue
			}
			for b := range batch {
				var a qAct
				quantizeQ8(&a, x[b*cols:(b+1)*cols], 256, false)
				gen := make([]float32, rows)
				x8RowsGeneric(typ, gen, pm.x8, rows/8, cols/256, &a)
				for r := range rows {
					got := buf[g+b*rows+r]
					var mag float64
					for c := range cols {
						mag += math.Abs(float64(wd[r*cols+c]) * float64(x[b*cols+c]))
					}
					if e := math.Abs(float64(got) - float64(gen[r])); !(e <= 1e-6*mag) {
						t.Fatalf("%s %dx%d batch %d token %d row %d: %v, generic twin %v", typ, rows, cols, batch, b, r, got, gen[r])
					}
				}
			}
		}
	}
}

// FuzzX8K compares MatMul on a prepared k-quant matrix with the generic
// twin on fuzzed weights (raw block bytes with sane scales), activations
// and batch sizes, and checks batch invariance against one token at a time;
// for the exact-order Q4_K, Q5_K and Q6_K kernels (PrepareExact), bit
// identity with the per-row exact dots (dotQ4_KGeneric, dotQ5_KGeneric,
// dotQ6_KGeneric).
func FuzzX8K(f *testing.F) {
	f.Add(uint8(0), uint8(2), uint8(3), uint64(1))
	f.Add(uint8(2), uint8(5), uint8(5), uint64(2))
	f.Add(uint8(3), uint8(3), uint8(8), uint64(3))
	f.Add(uint8(4), uint8(4), uint8(7), uint64(4))
	f.Add(uint8(5), uint8(3), uint8(6), uint64(5))
	f.Fuzz(func(t *testing.T, ti, nb8, batch8 uint8, seed uint64) {
		kinds := []struct {
			typ   gguf.Type
			exact bool
		}{{gguf.Q4_K, false}, {gguf.Q5_K, false}, {gguf.Q6_K, false}, {gguf.Q4_K, true}, {gguf.Q5_K, true}, {gguf.Q6_K, true}}
		kind := kinds[int(ti)%len(kinds)]
		typ := kind.typ
		nb, batch := 1+int(nb8%6), 1+int(batch8%9)
		rng := rand.New(rand.NewPCG(seed, 78))
		rows, cols := 16, 256*nb
		m, wd := x8Matrix(typ, rows, cols, rng)
		pm := m
		pm.x8 = packX8(m)
		pm.x8exact = kind.exact
		x := make([]float32, batch*cols)
		for i := range x {
			x[i] = float32(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(5)-2)))
		}
		p := NewPool(2)
		defer p.Close()
		all := make([]float32, batch*rows)
		MatMul(p, all, pm, x, batch)
		if kind.exact {
			if ref := exactRef(m, x, batch); !bitsEqual(all, ref) {
				t.Fatalf("exact %s nb %d batch %d: MatMul differs from the per-row exact dot", typ, nb, batch)
			}
		}
		for b := range batch {
			one := make([]float32, rows)
			MatMul(p, one, pm, x[b*cols:(b+1)*cols], 1)
			if !bitsEqual(one, all[b*rows:(b+1)*rows]) {
				t.Fatalf("%s nb %d batch %d: token %d alone differs from in the batch", typ, nb, batch, b)
			}
			if !x8Available() || kind.exact {
				continue // MatMul ran the original kernels
			}
			var a qAct
			quantizeQ8(&a, x[b*cols:(b+1)*cols], 256, false)
			gen := make([]float32, rows)
			x8RowsGeneric(typ, gen, pm.x8, rows/8, nb, &a)
			for r := range rows {
				var mag float64
				for c := range cols {
					mag += math.Abs(float64(wd[r*cols+c]) * float64(x[b*cols+c]))
				}
				if e := math.Abs(float64(one[r]) - float64(gen[r])); !(e <= 1e-5*mag+1e-30) {
					t.Fatalf("%s nb %d: token %d row %d: %v, generic twin %v (sum |products| %v)", typ, nb, b, r, one[r], gen[r], mag)
				}
			}
		}
	})
}

// exactRef returns, for each token b < batch of x (cols wide), the
// per-row exact dots of m's rows (dotQ4_KGeneric, dotQ5_KGeneric,
// dotQ6_KGeneric): what
// the exact x8 kernels must reproduce bit for bit.
func exactRef(m Matrix, x []float32, batch int) []float32 {
	dot := qKernels[m.Type].qdot
	ref := make([]float32, batch*m.Rows)
	for b := range batch {
		var a qAct
		quantizeQ8(&a, x[b*m.Cols:(b+1)*m.Cols], 256, false)
		for r := range m.Rows {
			ref[b*m.Rows+r] = dot(m.Data[r*m.RowBytes:(r+1)*m.RowBytes], &a)
		}
	}
	return ref
}

// exactX8 returns m with an exact-order x8 copy, whatever the CPU (on one
// without the x8 kernels MatMul then runs the per-row kernels).
func exactX8(m Matrix) Matrix {
	m.x8, m.x8exact = packX8(m), true
	return m
}

// TestX8KExact: the exact-order Q4_K, Q5_K and Q6_K x8 kernels and their
// generic twins give the per-row exact dots' bits (dotQ4_KGeneric,
// dotQ5_KGeneric, dotQ6_KGeneric: the per-row exact kernels') for every row
// and token: random and extreme weights, activations of several
// magnitudes (one token all zero), several row counts and super-block
// counts; through MatMul for batches 1, 3, 4, 5, 8 and 13 on 1, 2 and 3
// threads, and the kernels called directly.
func TestX8KExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(53, 54))
	const batch = 13
	for _, typ := range []gguf.Type{gguf.Q4_K, gguf.Q5_K, gguf.Q6_K} {
		testX8KExact(t, typ, rng, batch)
	}
}

func testX8KExact(t *testing.T, typ gguf.Type, rng *rand.Rand, batch int) {
	for _, tc := range []struct {
		rows, cols int
		extreme    bool
	}{{8, 256, false}, {16, 512, false}, {40, 1024, false}, {64, 256 * 19, false}, {128, 2048, false}, {8, 512, true}, {24, 768, true}} {
		rows, cols, nb := tc.rows, tc.cols, tc.cols/256
		m, _ := x8Matrix(typ, rows, cols, rng)
		switch ts := typ.Traits().TypeSize; {
		case tc.extreme && typ == gguf.Q6_K: // values 63, scales -128
			for i := 0; i < len(m.Data); i += ts {
				for j := range 208 {
					m.Data[i+j] = 0xff
				}
				for j := 192; j < 208; j++ {
					m.Data[i+j] = 0x80
				}
			}
		case tc.extreme: // scales and minimums 63, values 15 (Q5_K 31)
			for i := 0; i < len(m.Data); i += ts {
				for j := 4; j < ts; j++ {
					m.Data[i+j] = 0xff
				}
			}
		}
		x := make([]float32, batch*cols)
		for i := range x {
			switch b := i / cols; {
			case b == 2:
				x[i] = 0
			case tc.extreme:
				x[i] = float32(1 - 2*(b%2)) // activations ±127
			default:
				x[i] = float32(rng.NormFloat64() * math.Pow(10, float64(b%5-2)))
			}
		}
		ref := exactRef(m, x, batch)
		name := fmt.Sprintf("%s %dx%d extreme=%v", typ, rows, cols, tc.extreme)
		pm := exactX8(m)

		// the twins, one token and four
		acts := make([]qAct, batch)
		for b := range batch {
			quantizeQ8(&acts[b], x[b*cols:(b+1)*cols], 256, false)
			got := make([]float32, rows)
			x8ExactRowsGeneric(typ, got, pm.x8, rows/8, nb, &acts[b])
			if !bitsEqual(got, ref[b*rows:(b+1)*rows]) {
				t.Fatalf("%s token %d: generic twin %v, the per-row exact dot %v", name, b, got, ref[b*rows:(b+1)*rows])
			}
			if x8Available() {
				x8ExactRows(typ, got, pm.x8, rows/8, nb, &acts[b])
				if !bitsEqual(got, ref[b*rows:(b+1)*rows]) {
					t.Fatalf("%s token %d: x8 exact kernel %v, the per-row exact dot %v", name, b, got, ref[b*rows:(b+1)*rows])
				}
			}
		}
		for g := range batch / 4 {
			var p packed4
			packAct4(&p, acts[4*g:4*g+4], 256)
			got := make([]float32, 4*rows)
			x8ExactTile4Generic(typ, got, rows, pm.x8, rows/8, nb, &p)
			if !bitsEqual(got, ref[4*g*rows:(4*g+4)*rows]) {
				t.Fatalf("%s tokens %d..%d: four-token twin differs from the per-row exact dot", name, 4*g, 4*g+3)
			}
			if x8Available() {
				x8ExactTile4(typ, got, rows, pm.x8, rows/8, nb, &p)
				if !bitsEqual(got, ref[4*g*rows:(4*g+4)*rows]) {
					t.Fatalf("%s tokens %d..%d: four-token x8 exact kernel differs from the per-row exact dot", name, 4*g, 4*g+3)
				}
			}
		}

		// MatMul, prepared the exact way (as the engine does, where the
		// CPU has the kernels) and forced
		prepared := []Matrix{pm, PrepareExact(m)}
		if x8Available() {
			if got := prepared[1].Impl(); got != "avx512vnni-x8exact" {
				t.Fatalf("%s: PrepareExact gives Impl %q", name, got)
			}
		}
		for _, th := range []int{1, 2, 3} {
			p := NewPool(th)
			for _, n := range []int{1, 3, 4, 5, 8, batch} {
				for i, w := range prepared {
					got := make([]float32, n*rows)
					MatMul(p, got, w, x[:n*cols], n)
					if !bitsEqual(got, ref[:n*rows]) {
						for e := range got {
							if math.Float32bits(got[e]) != math.Float32bits(ref[e]) {
								t.Fatalf("%s matrix %d threads %d batch %d: element %d = %v, the per-row exact dot %v", name, i, th, n, e, got[e], ref[e])
							}
						}
					}
				}
			}
			p.Close()
		}
	}
}

// TestPrepareExact: PrepareExact repacks only Q4_K, Q5_K and Q6_K matrices with whole
// eight-row groups (where the CPU has the x8 kernels), and converts to and
// from Prepare's matrices keeping the copy where the records are the same.
func TestPrepareExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(55, 56))
	for _, typ := range []gguf.Type{gguf.Q4_K, gguf.Q5_K, gguf.Q6_K, gguf.Q8_0, gguf.Q4_0} {
		for _, rows := range []int{8, 12} {
			m, _ := x8Matrix(typ, rows, 512, rng)
			e := PrepareExact(m)
			want := x8Available() && (typ == gguf.Q4_K || typ == gguf.Q5_K || typ == gguf.Q6_K) && rows%8 == 0
			if e.Prepared() != want {
				t.Fatalf("%s %d rows: PrepareExact prepared %v, want %v", typ, rows, e.Prepared(), want)
			}
			if e.Prepared() && !e.x8exact {
				t.Fatalf("%s %d rows: PrepareExact without the exact flag", typ, rows)
			}
			f := Prepare(m)
			fe := PrepareExact(f)
			if fe.Prepared() != want || (want && (&fe.x8[0] != &f.x8[0] || !fe.x8exact)) {
				t.Fatalf("%s %d rows: PrepareExact(Prepare(m)) prepared %v exact %v, want %v (same copy)", typ, rows, fe.Prepared(), fe.x8exact, want)
			}
			if ef := Prepare(e); ef.Prepared() != f.Prepared() && e.Prepared() || ef.x8exact {
				t.Fatalf("%s %d rows: Prepare(PrepareExact(m)) prepared %v exact %v", typ, rows, ef.Prepared(), ef.x8exact)
			}
		}
	}
}
