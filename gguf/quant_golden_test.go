package gguf

import (
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"testing"
)

// goldenFile is written by testdata/make_goldens.py from gguf-py.
type goldenFile struct {
	GGUFPyVersion string `json:"gguf_py_version"`
	NumpyVersion  string `json:"numpy_version"`
	Types         []struct {
		Type   string `json:"type"`
		Source string `json:"source"`
		Cases  []struct {
			Name    string `json:"name"`
			Input   []byte `json:"input"`   // float32 LE; absent for dequantize-only types
			Quant   []byte `json:"quant"`   // quantized blocks
			Dequant []byte `json:"dequant"` // float32 LE
		} `json:"cases"`
	} `json:"types"`
	Dropped []string `json:"dropped"`
}

func readGoldens(t *testing.T) *goldenFile {
	t.Helper()
	f, err := os.Open("testdata/quant_goldens.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var g goldenFile
	if err := json.NewDecoder(zr).Decode(&g); err != nil {
		t.Fatal(err)
	}
	return &g
}

func f32s(b []byte) []float32 {
	x := make([]float32, len(b)/4)
	for i := range x {
		x[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return x
}

func typeByName(name string) (Type, bool) {
	for _, t := range Types() {
		if t.String() == name {
			return t, true
		}
	}
	return 0, false
}

// zeroSignOnly reports whether a and b differ only in the sign bits of the
// f16 block minimum m (bytes 2..3 of each Q4_1/Q5_1 block) and only where
// m is ±0. For a block of +0 and -0, ggml's `if (v < min) min = v` loop
// keeps the first zero while numpy's vectorised min may return -0; hyoka
// follows ggml. The dequantized values are the same either way.
func zeroSignOnly(typ Type, a, b []byte) bool {
	if typ != Q4_1 && typ != Q5_1 || len(a) != len(b) {
		return false
	}
	ts := typ.Traits().TypeSize
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		if i%ts != 3 || a[i]^b[i] != 0x80 || a[i-1] != 0 || a[i]&0x7f != 0 {
			return false
		}
	}
	return true
}

// TestGoldens requires bit-for-bit agreement with each reference in the
// golden file: gguf-py ("gguf-py"), the script's numpy ports of ggml's
// Q8_1/Q8_K quantizers ("port"), and llama.cpp's own ggml C library
// ("ggml"). Checked are the quantized bytes of every float case (where hyoka
// has that quantizer) and the float32 bits of every dequantized value. The
// one allowance: where the reference's value is NaN (an Inf scale times a
// zero quant), hyoka's must be NaN too, with any payload.
func TestGoldens(t *testing.T) {
	g := readGoldens(t)
	t.Logf("goldens from gguf-py %s, numpy %s; %d cases dropped by the generator", g.GGUFPyVersion, g.NumpyVersion, len(g.Dropped))
	want := []string{"F16", "BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q8_1", "Q8_K",
		"Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "IQ4_NL", "IQ4_XS"}
	seen := map[string]bool{}
	quantChecked := map[Type]bool{}
	for _, gt := range g.Types {
		seen[gt.Type] = true
		if typ, ok := typeByName(gt.Type); ok && len(gt.Cases) > 0 && gt.Cases[0].Input != nil {
			quantChecked[typ] = true
		}
		typ, ok := typeByName(gt.Type)
		if !ok {
			t.Errorf("golden type %s unknown", gt.Type)
			continue
		}
		t.Run(gt.Type+"/"+gt.Source, func(t *testing.T) {
			if len(gt.Cases) == 0 {
				t.Fatal("no cases")
			}
			for _, c := range gt.Cases {
				if c.Input != nil && typ.Traits().Quantize != nil {
					x := f32s(c.Input)
					q := make([]byte, len(c.Quant))
					if err := Quantize(typ, q, x); err != nil {
						t.Fatalf("%s: %v", c.Name, err)
					}
					if i := firstDiff(q, c.Quant); i >= 0 && !zeroSignOnly(typ, q, c.Quant) {
						tr := typ.Traits()
						blk := i / tr.TypeSize
						t.Errorf("%s: quantized byte %d (block %d, offset %d) = %#02x, %s %#02x", c.Name, i, blk, i%tr.TypeSize, q[i], gt.Source, c.Quant[i])
					}
				}
				want := f32s(c.Dequant)
				got := make([]float32, len(want))
				if err := Dequantize(typ, got, c.Quant); err != nil {
					t.Fatalf("%s: %v", c.Name, err)
				}
				for i := range got {
					w, h := want[i], got[i]
					if math.Float32bits(w) != math.Float32bits(h) && !(w != w && h != h) {
						t.Errorf("%s: dequantized[%d] = %v (%#08x), %s %v (%#08x)", c.Name, i, h, math.Float32bits(h), gt.Source, w, math.Float32bits(w))
						break
					}
				}
			}
		})
	}
	for _, w := range want {
		if !seen[w] {
			t.Errorf("no goldens for %s", w)
		}
	}
	for _, typ := range Types() {
		if typ.Traits().Quantize != nil && typ != F32 && !quantChecked[typ] {
			t.Errorf("%s has a quantizer but no golden float cases", typ)
		}
	}
}

func firstDiff(a, b []byte) int {
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	return -1
}
