package engine

import (
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"hyoka/gguf"
	"hyoka/internal/testenv"
	"hyoka/kernels"
	"hyoka/tokenizer"
)

var bg = context.Background()

// stories loads stories260K once for the package's tests.
var stories = sync.OnceValues(func() (*Model, error) {
	p := filepath.Join(testenv.RepoRoot(), "models", testenv.Stories)
	if _, err := os.Stat(p); err != nil {
		p = filepath.Join(testenv.SharedDir(), "models", testenv.Stories)
	}
	return Load(p)
})

func loadStories(t *testing.T) (*Model, tokenizer.Tokenizer) {
	t.Helper()
	testenv.Model(t, testenv.Stories) // skip or fail when absent
	m, err := stories()
	if err != nil {
		t.Fatal(err)
	}
	tok, err := tokenizer.FromGGUFWarn(m.File(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return m, tok
}

func newSession(t *testing.T, m *Model, opt SessionOptions) *Session {
	t.Helper()
	s, err := m.NewSession(opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// decodeAll decodes ids into seq from position 0 asking for every logits
// row, and returns copies of them.
func decodeAll(t *testing.T, s *Session, seq int, ids []int32) [][]float32 {
	t.Helper()
	b := make([]Token, len(ids))
	for i, id := range ids {
		b[i] = Token{ID: id, Pos: i, Seq: []int{seq}, Logits: true}
	}
	if err := s.Decode(bg, b); err != nil {
		t.Fatal(err)
	}
	out := make([][]float32, len(ids))
	for i := range ids {
		out[i] = append([]float32(nil), s.Logits(i)...)
	}
	return out
}

func sameBits(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return false
		}
	}
	return true
}

type storiesGolden struct {
	PromptTokens []int32 `json:"prompt_tokens"`
	NVocab       int     `json:"n_vocab"`
	GreedyTokens []int32 `json:"greedy_tokens"`
	GreedyText   string  `json:"greedy_text"`
}

func readGolden(t *testing.T) (storiesGolden, [][]float32) {
	t.Helper()
	var g storiesGolden
	raw, err := os.ReadFile("testdata/stories260K_once.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/stories260K_once_logits.f32.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) != 4*g.NVocab*len(g.PromptTokens) {
		t.Fatalf("golden logits: %d bytes", len(data))
	}
	rows := make([][]float32, len(g.PromptTokens))
	for i := range rows {
		rows[i] = make([]float32, g.NVocab)
		for j := range rows[i] {
			rows[i][j] = math.Float32frombits(binary.LittleEndian.Uint32(data[4*(i*g.NVocab+j):]))
		}
	}
	return g, rows
}

// TestStoriesMatchesLlamaCpp: the logits at each prompt position agree with
// llama.cpp's within 1e-3 (both shifted to a maximum of 0), and greedy
// generation reproduces llama.cpp's 32 tokens and text exactly.
func TestStoriesMatchesLlamaCpp(t *testing.T) {
	m, tok := loadStories(t)
	g, ref := readGolden(t)
	ids := tok.Encode("Once upon a time", true, false)
	if !equalIDs(ids, g.PromptTokens) {
		t.Fatalf("prompt tokens %v, llama.cpp %v", ids, g.PromptTokens)
	}
	s := newSession(t, m, SessionOptions{Context: 64, Threads: 2})
	got := decodeAll(t, s, 0, ids)
	worst := 0.0
	for i := range got {
		mx := got[i][0]
		for _, v := range got[i] {
			mx = max(mx, v)
		}
		for j, v := range got[i] {
			worst = max(worst, math.Abs(float64(v-mx)-float64(ref[i][j])))
		}
	}
	t.Logf("max |logit difference| over %d positions x %d tokens: %.3g", len(got), g.NVocab, worst)
	if worst > 1e-3 {
		t.Errorf("logits differ from llama.cpp by %.3g (budget 1e-3)", worst)
	}

	s2 := newSession(t, m, SessionOptions{Context: 64, Threads: 2})
	gen, err := Generate(bg, s2, tok, "Once upon a time", GenerateOptions{MaxTokens: 32})
	if err != nil {
		t.Fatal(err)
	}
	if !equalIDs(gen.Tokens, g.GreedyTokens) || gen.Text != g.GreedyText {
		t.Errorf("greedy:\n got %v %q\nwant %v %q", gen.Tokens, gen.Text, g.GreedyTokens, g.GreedyText)
	}
}

// TestDeterminism: a sequence's logits are bit-identical whatever the
// thread count, batch size, batch composition (other sequences decoded in
// the same batch, token-by-token decoding) or prefix sharing through forks.
func TestDeterminism(t *testing.T) {
	m, tok := loadStories(t)
	ids := tok.Encode("Once upon a time there was a little dog who liked to run", true, false)
	other := tok.Encode("The cat sat on the mat and looked at the sun", true, false)
	ref := decodeAll(t, newSession(t, m, SessionOptions{Context: 64, Threads: 1}), 0, ids)

	check := func(name string, got [][]float32) {
		t.Helper()
		for i := range ref {
			if !sameBits(ref[i], got[i]) {
				t.Errorf("%s: position %d differs", name, i)
				return
			}
		}
	}
	for _, th := range []int{2, 3, 5} {
		check("threads", decodeAll(t, newSession(t, m, SessionOptions{Context: 64, Threads: th}), 0, ids))
	}
	// small batches: the prompt is split into several forward passes
	check("batch 3", decodeAll(t, newSession(t, m, SessionOptions{Context: 64, BatchSize: 3, Threads: 2}), 0, ids))

	// token by token
	s := newSession(t, m, SessionOptions{Context: 64, Threads: 2})
	var one [][]float32
	for i, id := range ids {
		if err := s.Decode(bg, []Token{{ID: id, Pos: i, Seq: []int{0}, Logits: true}}); err != nil {
			t.Fatal(err)
		}
		one = append(one, append([]float32(nil), s.Logits(0)...))
	}
	check("token by token", one)

	// interleaved with another sequence in the same batches, on seq 3
	s = newSession(t, m, SessionOptions{Context: 64, Threads: 4})
	var mixed [][]float32
	for i := range ids {
		b := []Token{{ID: ids[i], Pos: i, Seq: []int{3}, Logits: true}}
		if i < len(other) {
			b = append([]Token{{ID: other[i], Pos: i, Seq: []int{1}, Logits: true}}, b...)
		}
		if err := s.Decode(bg, b); err != nil {
			t.Fatal(err)
		}
		mixed = append(mixed, append([]float32(nil), s.Logits(len(b)-1)...))
	}
	check("mixed batch", mixed)

	// prefix shared through a fork: seq 0 holds the first 5 tokens, seq 2
	// forks it and continues; seq 0 goes on with different tokens.
	s = newSession(t, m, SessionOptions{Context: 64, Threads: 2})
	head := decodeAll(t, s, 0, ids[:5])
	if err := s.Fork(0, 2, -1); err != nil {
		t.Fatal(err)
	}
	if err := s.Decode(bg, []Token{{ID: other[5], Pos: 5, Seq: []int{0}}}); err != nil {
		t.Fatal(err)
	}
	var b []Token
	for i := 5; i < len(ids); i++ {
		b = append(b, Token{ID: ids[i], Pos: i, Seq: []int{2}, Logits: true})
	}
	if err := s.Decode(bg, b); err != nil {
		t.Fatal(err)
	}
	forked := head
	for i := range b {
		forked = append(forked, append([]float32(nil), s.Logits(i)...))
	}
	check("fork", forked)
}

// TestForkAndTruncate: forks share cells; truncation frees only unshared
// cells, and re-decoding after a truncation gives the same logits.
func TestForkAndTruncate(t *testing.T) {
	m, tok := loadStories(t)
	ids := tok.Encode("Once upon a time there was a girl", true, false)
	s := newSession(t, m, SessionOptions{Context: 32, Cells: 40, MaxSeqs: 4, Threads: 2})
	ref := decodeAll(t, s, 0, ids)
	free := s.FreeCells()
	if free != 40-len(ids) {
		t.Fatalf("free cells %d, want %d", free, 40-len(ids))
	}
	if err := s.Fork(0, 1, 4); err != nil {
		t.Fatal(err)
	}
	if s.FreeCells() != free {
		t.Errorf("fork used cells: %d free, want %d", s.FreeCells(), free)
	}
	if got := s.SeqTokens(1, nil); !equalIDs(got, ids[:4]) {
		t.Errorf("fork holds %v, want %v", got, ids[:4])
	}
	// the fork's continuation equals the parent's logits
	var b []Token
	for i := 4; i < len(ids); i++ {
		b = append(b, Token{ID: ids[i], Pos: i, Seq: []int{1}, Logits: true})
	}
	if err := s.Decode(bg, b); err != nil {
		t.Fatal(err)
	}
	for i := range b {
		if !sameBits(s.Logits(i), ref[4+i]) {
			t.Fatalf("fork position %d differs from the parent", 4+i)
		}
	}
	if s.FreeCells() != free-len(b) {
		t.Errorf("free %d, want %d", s.FreeCells(), free-len(b))
	}
	// truncating the parent keeps the cells the fork shares
	if err := s.Truncate(0, 2); err != nil {
		t.Fatal(err)
	}
	if got := s.FreeCells(); got != free-len(b)+len(ids)-4 {
		t.Errorf("after truncate: free %d, want %d", got, free-len(b)+len(ids)-4)
	}
	if s.SeqLen(0) != 2 || s.SeqLen(1) != len(ids) {
		t.Errorf("lengths %d %d", s.SeqLen(0), s.SeqLen(1))
	}
	// re-decode the parent's tail: same logits as the first time
	b = b[:0]
	for i := 2; i < len(ids); i++ {
		b = append(b, Token{ID: ids[i], Pos: i, Seq: []int{0}, Logits: true})
	}
	if err := s.Decode(bg, b); err != nil {
		t.Fatal(err)
	}
	for i := range b {
		if !sameBits(s.Logits(i), ref[2+i]) {
			t.Fatalf("re-decoded position %d differs", 2+i)
		}
	}
	// dropping both sequences frees everything
	s.Truncate(0, 0)
	s.Truncate(1, 0)
	if s.FreeCells() != 40 {
		t.Errorf("free %d after clearing, want 40", s.FreeCells())
	}
}

// TestAttentionMasks: sequences in one batch do not see each other, a
// token sees only positions <= its own, and a sliding window of 1 makes
// each position independent of the tokens before it.
func TestAttentionMasks(t *testing.T) {
	m, tok := loadStories(t)
	a := tok.Encode("Once upon a time there was", true, false)
	b := tok.Encode("The dog ran to the park and", true, false)
	refA := decodeAll(t, newSession(t, m, SessionOptions{Context: 32}), 0, a)
	refB := decodeAll(t, newSession(t, m, SessionOptions{Context: 32}), 0, b)

	// both sequences in one batch, b's tokens first and in reverse position
	// order within the batch: causal order comes from positions, not from
	// batch order — except that a token's own keys must be in the cache
	// before it attends, which holds for any order within one batch.
	s := newSession(t, m, SessionOptions{Context: 32})
	var batch []Token
	for i := len(b) - 1; i >= 0; i-- {
		batch = append(batch, Token{ID: b[i], Pos: i, Seq: []int{1}, Logits: true})
	}
	for i := range a {
		batch = append(batch, Token{ID: a[i], Pos: i, Seq: []int{0}, Logits: true})
	}
	if err := s.Decode(bg, batch); err != nil {
		t.Fatal(err)
	}
	for i := range b {
		if !sameBits(s.Logits(len(b)-1-i), refB[i]) {
			t.Fatalf("sequence b position %d differs when batched with a", i)
		}
	}
	for i := range a {
		if !sameBits(s.Logits(len(b)+i), refA[i]) {
			t.Fatalf("sequence a position %d differs when batched with b", i)
		}
	}

	// sliding window of 1 on every layer: the logits at position p depend
	// only on the token at p (and p itself)
	mw := *m
	mw.Config.SlidingWindow = 1
	mw.Config.SWA = make([]bool, m.Config.NLayer)
	for i := range mw.Config.SWA {
		mw.Config.SWA[i] = true
	}
	x := []int32{a[0], a[1], a[2], a[3]}
	y := []int32{b[0], b[1], b[2], a[3]}
	lx := decodeAll(t, newSession(t, &mw, SessionOptions{Context: 8}), 0, x)
	ly := decodeAll(t, newSession(t, &mw, SessionOptions{Context: 8}), 0, y)
	if !sameBits(lx[3], ly[3]) {
		t.Error("window 1: position 3 depends on earlier tokens")
	}
	if sameBits(refA[3], lx[3]) {
		t.Error("window 1 changed nothing")
	}
	// a window as long as the context is no window
	mw.Config.SlidingWindow = 8
	if !sameBits(decodeAll(t, newSession(t, &mw, SessionOptions{Context: 8}), 0, a[:6])[5], refA[5]) {
		t.Error("window >= context differs from full attention")
	}
}

func TestDecodeErrors(t *testing.T) {
	m, _ := loadStories(t)
	s := newSession(t, m, SessionOptions{Context: 8, Cells: 10, MaxSeqs: 2, MaxOutputs: 2})
	cases := []struct {
		name  string
		batch []Token
		want  error
	}{
		{"token range", []Token{{ID: 9999, Pos: 0, Seq: []int{0}}}, ErrBadBatch},
		{"no seq", []Token{{ID: 1, Pos: 0}}, ErrBadBatch},
		{"seq range", []Token{{ID: 1, Pos: 0, Seq: []int{2}}}, ErrBadBatch},
		{"position", []Token{{ID: 1, Pos: 8, Seq: []int{0}}}, ErrContextFull},
		{"repeat", []Token{{ID: 1, Pos: 0, Seq: []int{0}}, {ID: 2, Pos: 0, Seq: []int{0}}}, ErrBadBatch},
		{"outputs", []Token{{ID: 1, Pos: 0, Seq: []int{0}, Logits: true}, {ID: 1, Pos: 1, Seq: []int{0}, Logits: true}, {ID: 1, Pos: 2, Seq: []int{0}, Logits: true}}, ErrBadBatch},
	}
	for _, c := range cases {
		if err := s.Decode(bg, c.batch); !errors.Is(err, c.want) {
			t.Errorf("%s: error %v, want %v", c.name, err, c.want)
		}
		if s.FreeCells() != 10 || s.SeqLen(0) != 0 {
			t.Fatalf("%s: a failed Decode changed the cache", c.name)
		}
	}
	// cells run out before positions do
	var b []Token
	for i := range 8 {
		b = append(b, Token{ID: 1, Pos: i, Seq: []int{0}})
	}
	if err := s.Decode(bg, b); err != nil {
		t.Fatal(err)
	}
	b = b[:3]
	for i := range b {
		b[i].Seq = []int{1}
	}
	if err := s.Decode(bg, b); !errors.Is(err, ErrContextFull) {
		t.Errorf("cells: %v", err)
	}
	ctx, cancel := context.WithCancel(bg)
	cancel()
	if err := s.Decode(ctx, b[:1]); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// writeTiny writes a small llama-like GGUF with random weights; mutate may
// change metadata and tensors before writing.
func writeTiny(t *testing.T, arch string, mutate func(kv map[string]any, dims map[string][]uint64)) string {
	t.Helper()
	const dim, ff, vocab, layers, heads = 8, 16, 11, 1, 2
	kv := map[string]any{
		"general.architecture":                     arch,
		arch + ".block_count":                      uint32(layers),
		arch + ".embedding_length":                 uint32(dim),
		arch + ".feed_forward_length":              uint32(ff),
		arch + ".attention.head_count":             uint32(heads),
		arch + ".context_length":                   uint32(64),
		arch + ".attention.layer_norm_rms_epsilon": float32(1e-5),
		arch + ".vocab_size":                       uint32(vocab),
	}
	dims := map[string][]uint64{
		"token_embd.weight":        {dim, vocab},
		"output_norm.weight":       {dim},
		"blk.0.attn_norm.weight":   {dim},
		"blk.0.attn_q.weight":      {dim, dim},
		"blk.0.attn_k.weight":      {dim, dim},
		"blk.0.attn_v.weight":      {dim, dim},
		"blk.0.attn_output.weight": {dim, dim},
		"blk.0.ffn_norm.weight":    {dim},
		"blk.0.ffn_gate.weight":    {dim, ff},
		"blk.0.ffn_up.weight":      {dim, ff},
		"blk.0.ffn_down.weight":    {ff, dim},
	}
	if mutate != nil {
		mutate(kv, dims)
	}
	var b gguf.Builder
	for k, v := range kv {
		if err := b.AddKV(k, v); err != nil {
			t.Fatal(err)
		}
	}
	for name, d := range dims {
		n := uint64(1)
		for _, x := range d {
			n *= x
		}
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(math.Sin(float64(i)*0.7)) * 0.3
		}
		if err := b.AddF32(name, d, x); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "tiny.gguf")
	if err := b.WriteFile(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadErrors(t *testing.T) {
	m, err := Load(writeTiny(t, "llama", nil))
	if err != nil {
		t.Fatalf("tiny llama: %v", err)
	}
	if !m.Weights.Tied {
		t.Error("no output.weight: embeddings should be tied")
	}
	m.Close()

	_, err = Load(writeTiny(t, "mamba", nil))
	if !errors.Is(err, ErrUnsupportedArch) || !strings.Contains(err.Error(), "llama") || !strings.Contains(err.Error(), "gemma3") {
		t.Errorf("unsupported arch: %v", err)
	}
	_, err = Load(writeTiny(t, "llama", func(_ map[string]any, d map[string][]uint64) { d["blk.0.attn_k.weight"] = []uint64{8, 4} }))
	if !errors.Is(err, ErrBadModel) || !strings.Contains(err.Error(), "blk.0.attn_k.weight") ||
		!strings.Contains(err.Error(), "expected shape [8 8], found [8 4]") {
		t.Errorf("bad shape: %v", err)
	}
	_, err = Load(writeTiny(t, "llama", func(_ map[string]any, d map[string][]uint64) { delete(d, "blk.0.ffn_up.weight") }))
	if !errors.Is(err, ErrBadModel) || !strings.Contains(err.Error(), "blk.0.ffn_up.weight is missing") {
		t.Errorf("missing tensor: %v", err)
	}
	_, err = Load(writeTiny(t, "llama", func(kv map[string]any, _ map[string][]uint64) { delete(kv, "llama.block_count") }))
	if !errors.Is(err, ErrBadModel) || !strings.Contains(err.Error(), "llama.block_count") {
		t.Errorf("missing key: %v", err)
	}
	for _, arch := range []string{"qwen3", "gemma2", "gemma3"} {
		_, err = Load(writeTiny(t, arch, func(kv map[string]any, _ map[string][]uint64) {
			kv[arch+".attention.sliding_window"] = uint32(2)
		})) // each needs its extra norms
		if !errors.Is(err, ErrBadModel) || !strings.Contains(err.Error(), "norm.weight is missing") {
			t.Errorf("%s without its norms: %v", arch, err)
		}
	}
	// each architecture runs on a synthetic file with its own tensors
	extra := map[string][]string{
		"qwen2":  {"attn_q.bias", "attn_k.bias", "attn_v.bias"},
		"qwen3":  {"attn_q_norm.weight", "attn_k_norm.weight"},
		"gemma2": {"post_attention_norm.weight", "post_ffw_norm.weight"},
		"gemma3": {"attn_q_norm.weight", "attn_k_norm.weight", "post_attention_norm.weight", "post_ffw_norm.weight"},
	}
	for arch, names := range extra {
		p := writeTiny(t, arch, func(kv map[string]any, d map[string][]uint64) {
			kv[arch+".attention.sliding_window"] = uint32(2)
			for _, n := range names {
				if strings.Contains(n, "q_norm") || strings.Contains(n, "k_norm") {
					d["blk.0."+n] = []uint64{4} // head dim 8/2
				} else {
					d["blk.0."+n] = []uint64{8}
				}
			}
		})
		m, err := Load(p)
		if err != nil {
			t.Errorf("%s: %v", arch, err)
			continue
		}
		s := newSession(t, m, SessionOptions{Context: 8})
		if err := s.Decode(bg, []Token{{ID: 1, Pos: 0, Seq: []int{0}}, {ID: 2, Pos: 1, Seq: []int{0}}, {ID: 3, Pos: 2, Seq: []int{0}, Logits: true}}); err != nil {
			t.Errorf("%s: %v", arch, err)
		}
		for _, v := range s.Logits(2) {
			if math.IsNaN(float64(v)) {
				t.Errorf("%s: NaN logits", arch)
				break
			}
		}
	}
	_, err = Load(writeTiny(t, "qwen2", nil)) // qwen2 needs Q/K/V biases
	if !errors.Is(err, ErrBadModel) || !strings.Contains(err.Error(), "attn_q.bias") {
		t.Errorf("qwen2 without biases: %v", err)
	}
}

func TestLoadRealModels(t *testing.T) {
	for _, name := range []string{testenv.SmolLM2, testenv.Gemma3, testenv.QwenCoder} {
		t.Run(name, func(t *testing.T) {
			m, err := Load(testenv.Model(t, name))
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			c := m.Config
			t.Logf("%s: %d layers, width %d, heads %d/%d, head dim %d, vocab %d, rope %+v, tied %v, cache %d B/token",
				c.Arch, c.NLayer, c.NEmbd, c.NHead, c.NHeadKV, c.HeadDim, c.NVocab, c.Rope, m.Weights.Tied, c.KVBytesPerToken())
			// Exact numerics repack only what has exact-order kernels:
			// Q4_K, Q5_K and Q6_K (whole eight-row groups) where the x8 kernels
			// are on.
			impls := map[string]int{}
			x8 := kernels.InUse("qdot") == "avx512vnni-x8"
			check := func(w kernels.Matrix) string {
				impl := w.Impl()
				wantExact := x8 && (w.Type == gguf.Q4_K || w.Type == gguf.Q5_K || w.Type == gguf.Q6_K) && w.Rows%8 == 0
				if (impl == "avx512vnni-x8exact") != wantExact || impl == "avx512vnni-x8" {
					t.Errorf("%s %dx%d in exact numerics: implementation %s", w.Type, w.Rows, w.Cols, impl)
				}
				return w.Type.String() + " " + impl
			}
			for _, y := range m.Weights.Layers {
				for _, w := range []kernels.Matrix{y.Wq, y.Wk, y.Wv, y.Wo, y.Gate, y.Up, y.Down} {
					impls[check(w)]++
				}
			}
			out := check(m.Weights.Output)
			t.Logf("layer matrices by type and implementation: %v; output: %s", impls, out)
			// the exact-order x8 kernels' share of the k-quant files
			wantX8 := map[string]map[string]int{
				testenv.Gemma3:    {"Q4_K avx512vnni-x8exact": 27, "Q6_K avx512vnni-x8exact": 9},
				testenv.QwenCoder: {"Q4_K avx512vnni-x8exact": 12, "Q6_K avx512vnni-x8exact": 12},
			}
			for k, n := range wantX8[name] {
				if x8 && impls[k] != n {
					t.Errorf("%d layer matrices %s, want %d", impls[k], k, n)
				}
			}
			s := newSession(t, m, SessionOptions{Context: 16})
			if err := s.Decode(bg, []Token{{ID: 1, Pos: 0, Seq: []int{0}, Logits: true}}); err != nil {
				t.Fatal(err)
			}
			for _, v := range s.Logits(0) {
				if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
					t.Fatal("non-finite logit")
				}
			}
		})
	}
}

// TestDecodeAllocations: the forward pass allocates nothing of its own per
// token; what remains comes from the kernels' per-call closures and
// scratch (a few per matrix product, the same at any position or context).
func TestDecodeAllocations(t *testing.T) {
	m, _ := loadStories(t)
	s := newSession(t, m, SessionOptions{Context: 256, Threads: 1})
	seq := []int{0}
	pos := 0
	b := make([]Token, 1)
	step := func() {
		b[0] = Token{ID: 5, Pos: pos, Seq: seq, Logits: true}
		if err := s.Decode(bg, b); err != nil {
			t.Fatal(err)
		}
		pos++
	}
	early := testing.AllocsPerRun(20, step)
	for pos < 200 {
		step()
	}
	late := testing.AllocsPerRun(20, step)
	products := float64(7*m.Config.NLayer + 1)
	t.Logf("allocations per one-token Decode: %.0f at position ~20, %.0f at ~220 (%.0f matrix products)", early, late, products)
	if late != early || early > 3*products {
		t.Errorf("allocations per Decode: %v early, %v late; budget %v, and no growth", early, late, 3*products)
	}
}
