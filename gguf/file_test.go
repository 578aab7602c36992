package gguf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hyoka/internal/testenv"
)

func buildSample(t testing.TB) []byte {
	t.Helper()
	var b Builder
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(b.AddKV("general.architecture", "llama"))
	must(b.AddKV("llama.block_count", uint32(2)))
	must(b.AddKV("llama.rope.freq_base", float32(10000)))
	must(b.AddKV("tokenizer.ggml.tokens", []string{"<unk>", "a", "b"}))
	must(b.AddKV("tokenizer.ggml.scores", []float32{0, -1, -2}))
	must(b.AddKV("flag", true))
	must(b.AddKV("nested", Array{Elem: TypeArray, Values: []Array{{Elem: TypeInt64, Values: []int64{1, -2}}, {Elem: TypeString, Values: []string{"x"}}}}))
	must(b.AddF32("w", []uint64{4, 2}, []float32{1, 2, 3, 4, 5, 6, 7, 8}))
	must(b.AddF32("v", []uint64{3}, []float32{-1, 0, 1}))
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	data := buildSample(t)
	path := filepath.Join(t.TempDir(), "s.gguf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Version != 3 || f.Architecture() != "llama" || f.NumKV() != 7 {
		t.Fatalf("version %d arch %q kv %d", f.Version, f.Architecture(), f.NumKV())
	}
	if n, _ := f.Uint(f.ArchKey("block_count")); n != 2 {
		t.Errorf("block_count %d", n)
	}
	if x, _ := f.Float("llama.rope.freq_base"); x != 10000 {
		t.Errorf("freq_base %v", x)
	}
	if toks, _ := f.Strings("tokenizer.ggml.tokens"); strings.Join(toks, ",") != "<unk>,a,b" {
		t.Errorf("tokens %v", toks)
	}
	nested, _ := f.Array("nested")
	if inner := nested.Values.([]Array); len(inner) != 2 || inner[0].Values.([]int64)[1] != -2 {
		t.Errorf("nested %v", nested)
	}
	w, ok := f.Tensor("w")
	if !ok || w.NumElements() != 8 || w.Type != F32 || w.Dims[0] != 4 {
		t.Fatalf("tensor w %+v", w)
	}
	got := make([]float32, 8)
	if err := Dequantize(F32, got, w.Data()); err != nil || got[7] != 8 {
		t.Fatalf("w data %v %v", got, err)
	}
	v, _ := f.Tensor("v")
	if (f.DataOffset+v.Offset)%f.Alignment != 0 || v.Offset%32 != 0 {
		t.Errorf("v offset %d not aligned", v.Offset)
	}
}

func TestOpenStories(t *testing.T) {
	f, err := Open(testenv.Model(t, testenv.Stories))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Facts llama.cpp reports for this file (shared/models/SOURCE.md).
	if f.Version != 3 || f.Architecture() != "llama" || len(f.Tensors()) != 48 {
		t.Fatalf("version %d arch %q tensors %d", f.Version, f.Architecture(), len(f.Tensors()))
	}
	if n, _ := f.Uint("llama.block_count"); n != 5 {
		t.Errorf("block_count %d", n)
	}
	if toks, _ := f.Strings("tokenizer.ggml.tokens"); len(toks) != 512 {
		t.Errorf("%d tokens", len(toks))
	}
	var params uint64
	for _, tt := range f.Tensors() {
		params += tt.NumElements()
		if tt.Type != F32 {
			t.Errorf("%s is %s", tt.Name, tt.Type)
		}
	}
	if params < 292000 || params > 293600 { // llama.cpp: 292.80 K
		t.Errorf("params %d", params)
	}
}

// TestOpenNoMmap: a file read into memory (OpenOptions.NoMmap) parses to
// the same metadata and tensor bytes as the mapped one; a missing file is
// an error naming it.
func TestOpenNoMmap(t *testing.T) {
	path := testenv.Model(t, testenv.Stories)
	mapped, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer mapped.Close()
	read, err := OpenWith(path, OpenOptions{NoMmap: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(read.Tensors()) != len(mapped.Tensors()) || read.Architecture() != mapped.Architecture() {
		t.Fatalf("%d tensors of %q, mapped %d of %q", len(read.Tensors()), read.Architecture(), len(mapped.Tensors()), mapped.Architecture())
	}
	for i, tt := range mapped.Tensors() {
		rt := read.Tensors()[i]
		if rt.Name != tt.Name || !bytes.Equal(rt.Data(), tt.Data()) {
			t.Fatalf("tensor %d (%s): read and mapped data differ", i, tt.Name)
		}
	}
	if err := read.Close(); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "none.gguf")
	if _, err := OpenWith(missing, OpenOptions{NoMmap: true}); err == nil || !strings.Contains(err.Error(), "none.gguf") {
		t.Errorf("missing file: %v", err)
	}
}

// corrupt returns a copy of data with f applied.
func corrupt(data []byte, f func([]byte) []byte) []byte {
	return f(append([]byte(nil), data...))
}

func TestBadInput(t *testing.T) {
	good := buildSample(t)
	le := binary.LittleEndian
	cases := []struct {
		name string
		data []byte
		want error
		msg  string
	}{
		{"empty", nil, ErrCorrupt, "truncated"},
		{"magic", corrupt(good, func(b []byte) []byte { b[0] = 'X'; return b }), ErrCorrupt, "bad magic"},
		{"bigendian", corrupt(good, func(b []byte) []byte { binary.BigEndian.PutUint32(b[4:], 3); return b }), ErrUnsupported, "big-endian"},
		{"version9", corrupt(good, func(b []byte) []byte { le.PutUint32(b[4:], 9); return b }), ErrUnsupported, "version 9"},
		{"tensorcount", corrupt(good, func(b []byte) []byte { le.PutUint64(b[8:], 1<<60); return b }), ErrCorrupt, "tensor count"},
		{"kvcount", corrupt(good, func(b []byte) []byte { le.PutUint64(b[16:], 1<<62); return b }), ErrCorrupt, "metadata count"},
		{"keylen", corrupt(good, func(b []byte) []byte { le.PutUint64(b[24:], 1<<40); return b }), ErrCorrupt, "string length"},
		{"truncated", good[:len(good)-5], ErrCorrupt, "past its end"},
		{"header-truncated", good[:100], ErrCorrupt, "impossible"},
		{"header-truncated2", good[:300], ErrCorrupt, "exceeds"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("x.gguf", c.data)
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) || !strings.Contains(err.Error(), "x.gguf") {
				t.Fatalf("err = %v, want %v containing %q and the file name", err, c.want, c.msg)
			}
		})
	}
}

func TestHalf(t *testing.T) {
	for h := 0; h < 1<<16; h++ {
		f := F16ToF32(uint16(h))
		if f != f { // NaN: must stay NaN
			if g := F16ToF32(F32ToF16(f)); g == g {
				t.Fatalf("NaN %#x lost", h)
			}
			continue
		}
		if back := F32ToF16(f); back != uint16(h) {
			t.Fatalf("%#x -> %v -> %#x", h, f, back)
		}
	}
}
