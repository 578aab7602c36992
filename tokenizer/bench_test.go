package tokenizer

import (
	"testing"
)

// BenchmarkEncode encodes the test corpus (0.9 MB of Japanese and English
// questions, passages and code, one string at a time, as
// testdata/gen/reftok.c's bench mode does for llama.cpp) with each model's
// tokenizer. b.SetBytes makes `go test -bench` report MB/s.
func BenchmarkEncode(b *testing.B) {
	corpus := readCorpus(b)
	total := 0
	for _, s := range corpus {
		total += len(s)
	}
	for _, model := range referenceModels {
		b.Run(model, func(b *testing.B) {
			tok := loadModel(b, model)
			b.SetBytes(int64(total))
			b.ResetTimer()
			for b.Loop() {
				for _, s := range corpus {
					tok.Encode(s, false, false)
				}
			}
		})
	}
}
