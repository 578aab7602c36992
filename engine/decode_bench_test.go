package engine

import (
	"testing"

	"hyoka/internal/testenv"
)

// BenchmarkSharedPrefixDecode: decode steps of 16 sequences that share a
// 1,200-token prefix (an evaluation's few-shot prompt, as BBH's streamed
// generation runs it) on one thread, exact numerics, with the grouped
// attention's sets of tokens ("sets", the default) and one token at a time
// ("tokens"). Reports nanoseconds per decoded token.
func BenchmarkSharedPrefixDecode(b *testing.B) {
	const prefix, seqs, steps = 1200, 16, 16
	for _, name := range []string{testenv.SmolLM2, testenv.Gemma3} {
		for _, mode := range []struct {
			name string
			tune [3]int
		}{{"sets", [3]int{}}, {"tokens", [3]int{1, 1 << 20, 1 << 20}}} {
			b.Run(name+"/"+mode.name, func(b *testing.B) {
				m, err := Load(testenv.Model(b, name))
				if err != nil {
					b.Fatal(err)
				}
				defer m.Close()
				s, err := m.NewSession(SessionOptions{Context: prefix + steps + 8, Cells: prefix + seqs*(steps+8), MaxSeqs: seqs + 1, Threads: 1})
				if err != nil {
					b.Fatal(err)
				}
				defer s.Close()
				s.attnTune = mode.tune
				batch := make([]Token, prefix)
				for i := range batch {
					batch[i] = Token{ID: int32(100 + (i*37)%900), Pos: i, Seq: []int{0}}
				}
				batch[prefix-1].Logits = true
				if err := s.Decode(bg, batch); err != nil {
					b.Fatal(err)
				}
				for k := 1; k <= seqs; k++ {
					if err := s.Fork(0, k, prefix); err != nil {
						b.Fatal(err)
					}
				}
				timeDecodeSteps(b, s, 1, seqs, prefix, steps)
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*steps*seqs), "ns/token")
			})
		}
	}
}

// BenchmarkUnsharedDecode: decode steps of 16 sequences with prompts of
// their own (1,200 tokens each: BBH documents of different subtasks, XL-Sum
// articles), one thread, exact numerics: attention reads each sequence's
// own keys and values from memory. Reports nanoseconds per decoded token.
func BenchmarkUnsharedDecode(b *testing.B) {
	const prompt, seqs, steps = 1200, 16, 16
	for _, name := range []string{testenv.SmolLM2, testenv.Gemma3} {
		b.Run(name, func(b *testing.B) {
			m, err := Load(testenv.Model(b, name))
			if err != nil {
				b.Fatal(err)
			}
			defer m.Close()
			s, err := m.NewSession(SessionOptions{Context: prompt + steps + 8, Cells: seqs * (prompt + steps + 8), MaxSeqs: seqs, Threads: 1})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			for k := range seqs {
				batch := make([]Token, prompt)
				for i := range batch {
					batch[i] = Token{ID: int32(100 + (i*37+k*101)%900), Pos: i, Seq: []int{k}}
				}
				batch[prompt-1].Logits = true
				if err := s.Decode(bg, batch); err != nil {
					b.Fatal(err)
				}
			}
			timeDecodeSteps(b, s, 0, seqs, prompt, steps)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*steps*seqs), "ns/token")
		})
	}
}

// timeDecodeSteps times steps decode steps of sequences first..first+seqs-1,
// all at position from on, per benchmark iteration; each iteration then
// truncates them back to from tokens.
func timeDecodeSteps(b *testing.B, s *Session, first, seqs, from, steps int) {
	step := make([]Token, seqs)
	b.ResetTimer()
	for b.Loop() {
		for t := range steps {
			for k := range step {
				step[k] = Token{ID: int32(200 + 13*k + t), Pos: from + t, Seq: []int{first + k}, Logits: true}
			}
			if err := s.Decode(bg, step); err != nil {
				b.Fatal(err)
			}
		}
		for k := range seqs {
			if err := s.Truncate(first+k, from); err != nil {
				b.Fatal(err)
			}
		}
	}
}
