package kernels

import (
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

// BenchmarkX8K: the k-quant x8 kernels on one thread, one token and four,
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
	}
}

// TestX8KShapes: super-block counts 1..8 and a large one, row counts
// 8..64, batches 1..9; outputs pre-filled with NaN inside guard values
// that must survive; each output against the generic twin (within 1e-6 of
// the sum of |products|, fma32's double rounding).
func TestX8KShapes(t *testing.T) {
	if !x8Available() {
		t.Skip("no x8 kernels on this CPU (the generic twins are tested above)")
	}
	rng := rand.New(rand.NewPCG(51, 52))
	p := NewPool(2)
	defer p.Close()
	for typ := range x8kTypes {
		for nb := 1; nb <= 9; nb++ {
			cols := 256 * nb
			if nb == 9 {
				cols = 256 * 19 // Qwen2.5-0.5B's ffn_down
			}
			rows := 8 * (1 + nb%8)
			m, wd := x8Matrix(typ, rows, cols, rng)
			pm := Prepare(m)
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
					t.Fatalf("%s %dx%d batch %d: guard value %d overwritten", typ, rows, cols, batch, i)
				}
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
// and batch sizes, and checks batch invariance against one token at a time.
func FuzzX8K(f *testing.F) {
	f.Add(uint8(0), uint8(2), uint8(3), uint64(1))
	f.Add(uint8(2), uint8(5), uint8(5), uint64(2))
	f.Fuzz(func(t *testing.T, ti, nb8, batch8 uint8, seed uint64) {
		types := []gguf.Type{gguf.Q4_K, gguf.Q5_K, gguf.Q6_K}
		typ := types[int(ti)%len(types)]
		nb, batch := 1+int(nb8%6), 1+int(batch8%9)
		rng := rand.New(rand.NewPCG(seed, 78))
		rows, cols := 16, 256*nb
		m, wd := x8Matrix(typ, rows, cols, rng)
		pm := m
		pm.x8 = packX8(m)
		x := make([]float32, batch*cols)
		for i := range x {
			x[i] = float32(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(5)-2)))
		}
		p := NewPool(2)
		defer p.Close()
		all := make([]float32, batch*rows)
		MatMul(p, all, pm, x, batch)
		for b := range batch {
			one := make([]float32, rows)
			MatMul(p, one, pm, x[b*cols:(b+1)*cols], 1)
			if !bitsEqual(one, all[b*rows:(b+1)*rows]) {
				t.Fatalf("%s nb %d batch %d: token %d alone differs from in the batch", typ, nb, batch, b)
			}
			if !x8Available() {
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
