package engine

import (
	"fmt"
	"slices"
	"testing"

	"hyoka/internal/testenv"
	"hyoka/kernels"
)

// TestAttnSubgroup: the work split of grouped attention.
func TestAttnSubgroup(t *testing.T) {
	for _, c := range []struct{ group, heads, threads, want int }{
		{4, 4, 1, 4}, {4, 4, 2, 2}, {4, 4, 3, 1}, {4, 8, 2, 4}, {4, 400, 16, 4},
		{3, 9, 2, 3}, {3, 9, 4, 1}, {3, 9, 3, 3}, {7, 14, 2, 7}, {7, 14, 3, 1},
		{2, 8, 4, 2}, {2, 8, 5, 1}, {1, 4, 1, 1},
	} {
		if got := attnSubgroup(c.group, c.heads, c.threads); got != c.want {
			t.Errorf("attnSubgroup(%d, %d, %d) = %d, want %d", c.group, c.heads, c.threads, got, c.want)
		}
	}
}

// TestGroupedAttentionBits: the grouped exact attention (the group kernels,
// work items of several query heads) gives the per-head path's logits bit
// for bit on the grouped-query models, for a prompt decoded at once (whole
// groups per item), a sequence with a gap in its positions, token by token
// with one and two threads (whole groups, or groups split between the
// threads), with two interleaved sequences, and in LlamaCpp numerics'
// batches.
func TestGroupedAttentionBits(t *testing.T) {
	ids := make([]int32, 44)
	other := make([]int32, 10)
	for i := range ids {
		ids[i] = int32(100 + (i*37)%900)
	}
	for i := range other {
		other[i] = int32(200 + (i*53)%700)
	}
	run := func(t *testing.T, m *Model, perHead bool, threads int, tune [3]int) [][]float32 {
		s := newSession(t, m, SessionOptions{Context: 128, Threads: threads, BatchSize: 64})
		s.perHeadAttn = perHead
		s.attnTune = tune
		ids, other := slices.Clone(ids), slices.Clone(other)
		for _, x := range [][]int32{ids, other} {
			for i := range x {
				x[i] %= int32(m.Config.NVocab)
			}
		}
		var out [][]float32
		// the first 34 tokens in one batch
		out = append(out, decodeAll(t, s, 0, ids[:34])...)
		if !perHead {
			checkAttnPaths(t, s)
		}
		// step decodes b, checks the attention paths, keeps b's logits
		step := func(b []Token) {
			if err := s.Decode(bg, b); err != nil {
				t.Fatal(err)
			}
			if !perHead {
				checkAttnPaths(t, s)
			}
			for k := range b {
				out = append(out, append([]float32(nil), s.Logits(k)...))
			}
		}
		// a third sequence with a gap in its positions (0-5, then 12-20)
		var gap []Token
		for p := range 21 {
			if p < 6 || p >= 12 {
				gap = append(gap, Token{ID: other[p%len(other)], Pos: p, Seq: []int{2}, Logits: true})
			}
		}
		step(gap)
		// then token by token, interleaved with another sequence
		for i := 34; i < len(ids); i++ {
			b := []Token{{ID: ids[i], Pos: i, Seq: []int{0}, Logits: true}}
			if i%2 == 0 {
				b = append(b, Token{ID: other[i-34], Pos: i - 34, Seq: []int{1}, Logits: true})
			}
			step(b)
		}
		return out
	}
	compare := func(t *testing.T, m *Model) {
		if m.Config.NHead == m.Config.NHeadKV {
			t.Fatal("no grouped-query attention")
		}
		ref := run(t, m, true, 1, [3]int{})
		// the default sets, blocks and chunks, and small ones: sets of 3
		// tokens, blocks of 5 positions, chunks of 8 outputs
		for _, tune := range [][3]int{{}, {3, 5, 8}} {
			for _, threads := range []int{1, 2, 3} {
				if testing.Short() && threads == 3 {
					continue
				}
				got := run(t, m, false, threads, tune)
				for i := range ref {
					if !sameBits(ref[i], got[i]) {
						t.Fatalf("threads %d, sets %v: logits row %d differ from the per-head path", threads, tune, i)
					}
				}
			}
		}
	}
	// stories260K: two query heads per KV head of 8 values (the group
	// kernels' per-head fallback), the engine's grouped work split
	t.Run("stories260K", func(t *testing.T) {
		m, _ := loadStories(t)
		compare(t, m)
	})
	for _, name := range []string{testenv.Gemma3, testenv.SmolLM2, testenv.QwenCoder} {
		for _, num := range []Numerics{Exact, LlamaCpp} {
			if num == LlamaCpp && name != testenv.Gemma3 {
				continue
			}
			t.Run(fmt.Sprintf("%s/%v", name, num), func(t *testing.T) {
				if kernels.InUse("attn") == "generic" {
					// the group kernels are the per-head loops (purego, no
					// AVX-512): nothing to compare that stories260K does not
					t.Skip("no accelerated group kernels")
				}
				m, err := LoadWith(testenv.Model(t, name), LoadOptions{Numerics: num})
				if err != nil {
					t.Fatal(err)
				}
				defer m.Close()
				compare(t, m)
			})
		}
	}
}

// checkAttnPaths reruns the attention of the last batch on every layer's
// cache, with and without a sliding window of 21 positions, through the
// per-head and the grouped path, and compares the outputs bit for bit
// (logits alone can hide a last-bit difference of the attention).
func checkAttnPaths(t *testing.T, s *Session) {
	t.Helper()
	c := s.cfg
	w := s.curN * c.NHead * c.HeadDimV
	saveL, saveSWA, saveW := s.curLayer, slices.Clone(c.SWA), c.SlidingWindow
	for il := range c.NLayer {
		for _, win := range []int{0, 21} {
			s.curLayer = il
			c.SWA[il], c.SlidingWindow = saveSWA[il], saveW
			if win > 0 {
				c.SWA[il], c.SlidingWindow = true, win
			}
			s.perHeadAttn = true
			s.pool.For(s.pool.Threads(), s.attnFn)
			ref := slices.Clone(s.att[:w])
			s.perHeadAttn = false
			s.pool.For(s.pool.Threads(), s.attnFn)
			if !sameBits(ref, s.att[:w]) {
				t.Fatalf("layer %d window %d, %d tokens: grouped attention differs from the per-head path", il, win, s.curN)
			}
		}
	}
	// the state the next batch expects
	s.curLayer = saveL
	copy(c.SWA, saveSWA)
	c.SlidingWindow = saveW
}
