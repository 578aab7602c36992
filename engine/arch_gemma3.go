package engine

import (
	"fmt"
	"math"

	"hyoka/gguf"
)

// gemma3: Gemma 3 text models. Differences from llama:
//   - token embeddings scaled by sqrt(NEmbd);
//   - per-head RMS norms on queries and keys (QK-norm) before RoPE;
//   - extra RMS norms on the attention and FFN outputs before each residual add;
//   - GeGLU FFN (tanh-GELU gate);
//   - five of every six layers use sliding-window attention (the 6th, 12th, ...
//     are global) with their own RoPE base of 10000 and no frequency scaling;
//     the global layers use rope.freq_base and the file's scaling;
//   - queries scaled by 1/sqrt(HeadDim) (27B: 1/sqrt(NEmbd/NHead)).
//
// The norm weights in GGUF already include Gemma's "+1".
func init() {
	registerArch("gemma3", archSpec{
		hparams: func(f *gguf.File, c *Config) error {
			m := &meta{f: f}
			c.Rope.Neox = true
			c.RopeSWA = c.Rope
			c.RopeSWA.Base = 10000
			c.RopeSWA.FreqScale = 1
			c.RopeSWA.ExtFactor = 0
			c.RopeSWA.FreqFactors = nil
			c.SlidingWindow = m.uint("attention.sliding_window", -1)
			pattern := m.uint("attention.sliding_window_pattern", 6)
			if m.err != nil {
				return m.err
			}
			if c.SlidingWindow <= 0 || pattern <= 0 {
				return fmt.Errorf("%w: sliding window %d, pattern %d", ErrBadModel, c.SlidingWindow, pattern)
			}
			for il := range c.SWA {
				c.SWA[il] = il%pattern < pattern-1
			}
			c.EmbedScale = float32(math.Sqrt(float64(c.NEmbd)))
			if c.NLayer == 62 { // 27B
				c.AttnScale = float32(1 / math.Sqrt(float64(c.NEmbd/c.NHead)))
			}
			c.ScaleQ = true
			c.Act = ActGELU
			c.QKNorm = true
			c.PostNorm = true
			return nil
		},
		tensors: func(l *loader, c *Config, w *Weights) error {
			return loadLlamaLike(l, c, w, false, true, true)
		},
	})
}
