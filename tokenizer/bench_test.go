package tokenizer

import (
	"syscall"
	"testing"
	"time"

	"hyoka/internal/testenv"
)

// cpuTime is the user+system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

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
		b.Run(model, func(b *testing.B) { benchEncode(b, model, corpus, total, false) })
	}
	// The same without the BPE word cache (the first pass over new text).
	for _, model := range []string{testenv.SmolLM2, qwenCoder} {
		b.Run(model+"/nocache", func(b *testing.B) { benchEncode(b, model, corpus, total, true) })
	}
}

func benchEncode(b *testing.B, model string, corpus []string, total int, noCache bool) {
	tok := loadModel(b, model)
	if x, ok := tok.(*bpe); ok {
		x.noCache = noCache
	}
	b.SetBytes(int64(total))
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range corpus {
			tok.Encode(s, false, false)
		}
	}
	b.StopTimer()
	// The machines these run on are shared: CPU time is steadier
	// than wall time. Compare with reftok's cpu MB/s.
	if d := cpuTime() - cpu0; d > 0 {
		b.ReportMetric(float64(total)*float64(b.N)/d.Seconds()/1e6, "cpu-MB/s")
	}
}
