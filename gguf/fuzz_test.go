package gguf

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"hyoka/internal/testenv"
)

// fuzzSeedModels are the fetched models whose first bytes seed FuzzParse.
// Missing ones are left out: the seeds are a convenience, not a test.
var fuzzSeedModels = []string{testenv.SmolLM2, testenv.Gemma3, testenv.Stories, "qwen2.5-coder-0.5b-instruct-awq-q4_k_m.gguf"}

// headPrefix returns the first n bytes of the model file name, or nil.
func headPrefix(name string, n int) []byte {
	p := filepath.Join(testenv.RepoRoot(), "models", name)
	if _, err := os.Stat(p); err != nil {
		p = filepath.Join(testenv.SharedDir(), "models", name)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()
	b := make([]byte, n)
	k, _ := io.ReadFull(f, b)
	return b[:k]
}

// fuzzAllocSlack is what Parse may allocate beyond fuzzAllocPerByte bytes per
// input byte: maps, the File and error strings.
const (
	fuzzAllocPerByte = 64
	fuzzAllocSlack   = 1 << 20
)

// FuzzParse checks that Parse never panics on any input and never allocates
// more than a fixed multiple of the input size (absurd counts must be refused
// before anything is allocated for them). Files it accepts must have every
// tensor view inside the input.
func FuzzParse(f *testing.F) {
	f.Add(buildSample(f))
	var b Builder
	_ = b.AddKV("general.architecture", "llama")
	_ = b.AddKV("general.alignment", uint32(64))
	_ = b.AddTensor("q", Q4_K, []uint64{256, 2}, make([]byte, 288))
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err == nil {
		f.Add(buf.Bytes())
	}
	for _, m := range fuzzSeedModels {
		// The header prefix: metadata and the start of the vocabulary.
		if p := headPrefix(m, 4096); len(p) > 0 {
			f.Add(p)
		}
	}
	if p := headPrefix(testenv.Stories, 64<<10); len(p) > 0 {
		f.Add(p) // all of the metadata of a small file, then truncated data
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		gf, err := Parse("fuzz.gguf", data)
		runtime.ReadMemStats(&after)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(len(data))*fuzzAllocPerByte+fuzzAllocSlack {
			t.Fatalf("Parse allocated %d bytes for %d input bytes (err %v)", alloc, len(data), err)
		}
		if err != nil {
			return
		}
		for _, tt := range gf.Tensors() {
			if uint64(len(tt.Data())) != tt.Size {
				t.Fatalf("tensor %q: %d bytes of data, size %d", tt.Name, len(tt.Data()), tt.Size)
			}
		}
		for k, v := range gf.KeyValues() {
			_ = k
			_ = v.String()
		}
	})
}
