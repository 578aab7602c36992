package engine

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkSampleTopP: one sampled token at the code tasks' settings
// (temperature 0.2, top-p 0.95) over SmolLM2's and Gemma 3's vocabulary
// sizes, through sampleTopP ("topp") and the full candidate sort ("full").
// The logits are shaped like Gemma 3's on code (measured on a HumanEval
// prompt, median over 60 tokens): a few dozen within 10 of the maximum, a
// few thousand within 20, most of the vocabulary 25 to 37 below it.
func BenchmarkSampleTopP(b *testing.B) {
	for _, n := range []int{49152, 262144} {
		rng := rand.New(rand.NewPCG(1, 2))
		logits := make([]float32, n)
		for i := range logits {
			logits[i] = float32(rng.NormFloat64()*4 - 30)
		}
		logits[n/3] = 0
		for range 30 {
			logits[rng.IntN(n)] = float32(-10 * rng.Float64())
		}
		for _, full := range []bool{false, true} {
			name := "topp"
			if full {
				name = "full"
			}
			b.Run(fmt.Sprintf("vocab=%d/%s", n, name), func(b *testing.B) {
				s := NewSampler(n, SamplerOptions{Temperature: 0.2, TopP: 0.95, Seed: 1})
				s.forceAll = full
				for b.Loop() {
					s.Sample(logits, nil)
				}
			})
		}
	}
}
