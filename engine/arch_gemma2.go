package engine

import (
	"fmt"
	"math"

	"hyoka/gguf"
)

// gemma2: Gemma 2. Like gemma3 (embedding scaling, post-norms, GeGLU,
// NEOX RoPE) but without QK-norm; every other layer (the even ones) uses
// sliding-window attention with the same RoPE as the global ones; attention
// scores and final logits are soft-capped (c*tanh(x/c)) with the file's
// attn_logit_softcapping and final_logit_softcapping. (No fetched model:
// tested on a synthetic file only.)
func init() {
	registerArch("gemma2", archSpec{
		hparams: func(f *gguf.File, c *Config) error {
			m := &meta{f: f}
			c.Rope.Neox = true
			c.RopeSWA = c.Rope
			c.SlidingWindow = m.uint("attention.sliding_window", 4096)
			c.AttnSoftcap = m.float("attn_logit_softcapping", 50)
			c.FinalSoftcap = m.float("final_logit_softcapping", 30)
			if m.err != nil {
				return m.err
			}
			if c.SlidingWindow <= 0 {
				return fmt.Errorf("%w: sliding window %d", ErrBadModel, c.SlidingWindow)
			}
			for il := range c.SWA {
				c.SWA[il] = il%2 == 0
			}
			c.EmbedScale = float32(math.Sqrt(float64(c.NEmbd)))
			if c.NLayer == 46 { // 27B: query_pre_attn_scalar = n_embd / n_head
				c.AttnScale = float32(1 / math.Sqrt(float64(c.NEmbd/c.NHead)))
			}
			c.ScaleQ = true
			c.Act = ActGELU
			c.PostNorm = true
			return nil
		},
		tensors: func(l *loader, c *Config, w *Weights) error {
			return loadLlamaLike(l, c, w, false, false, true)
		},
	})
}
