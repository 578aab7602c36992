package eval_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"hyoka/engine"
	"hyoka/eval"
	"hyoka/eval/evaltest"
	"hyoka/internal/testenv"
	"hyoka/tokenizer"
)

// newEngineLM loads a real model and returns an eval.LM on hyoka's engine.
func newEngineLM(t *testing.T, name string, threads int) *eval.EngineLM {
	t.Helper()
	m, err := engine.Load(testenv.Model(t, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	tok, err := tokenizer.FromGGUF(m.File())
	if err != nil {
		t.Fatal(err)
	}
	s, err := m.NewSession(engine.SessionOptions{Context: 2048, Threads: threads})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return eval.NewEngineLM(engine.NewScorer(s, tok), tok)
}

func TestEngineLMConformance(t *testing.T) {
	lm := newEngineLM(t, testenv.Stories, 2)
	evaltest.Conformance(t, lm)
	evaltest.Sampling(t, lm)
}

// TestEngineReuseInvariance runs real tasks on a real model twice: once with
// the runner's prefix-sharing order and batches, once in document order one
// document per call on a fresh session with another thread count. Every
// log-likelihood and response must be bit-identical: prefix reuse and
// batching change the speed, never the scores.
func TestEngineReuseInvariance(t *testing.T) {
	tasks, err := eval.Select("hellaswag,xwinograd_en,openbookqa,triviaqa,gsm8k,jcommonsenseqa")
	if err != nil {
		t.Fatal(err)
	}
	limit := 3
	if testing.Short() {
		limit = 1
	}
	ctx := context.Background()
	run := func(lm eval.LM, opt eval.Options) map[string][]eval.Sample {
		dir := t.TempDir()
		opt.Limit, opt.OutDir = limit, dir
		opt.Model = eval.ModelInfo{Name: "m"}
		if _, err := eval.Run(ctx, lm, tasks, opt); err != nil {
			t.Fatal(err)
		}
		got := map[string][]eval.Sample{}
		for _, task := range tasks {
			got[task.Name] = readSamples(t, filepath.Join(dir, "m", "samples_"+task.Name+".jsonl"))
		}
		return got
	}
	shared := run(newEngineLM(t, testenv.Stories, 2), eval.Options{})
	plain := run(newEngineLM(t, testenv.Stories, 1), eval.Options{NoReorder: true, BatchDocs: 1})
	for name, a := range shared {
		b := plain[name]
		if len(a) != len(b) || len(a) == 0 {
			t.Fatalf("%s: %d vs %d samples", name, len(a), len(b))
		}
		byID := map[string]eval.Sample{}
		for _, s := range b {
			byID[s.DocID] = s
		}
		for _, s := range a {
			o, ok := byID[s.DocID]
			if !ok {
				t.Fatalf("%s: doc %s missing", name, s.DocID)
			}
			if len(s.LogLikelihoods) != len(o.LogLikelihoods) {
				t.Fatalf("%s doc %s: %d vs %d choices", name, s.DocID, len(s.LogLikelihoods), len(o.LogLikelihoods))
			}
			for i := range s.LogLikelihoods {
				if math.Float64bits(s.LogLikelihoods[i]) != math.Float64bits(o.LogLikelihoods[i]) {
					t.Errorf("%s doc %s choice %d: %v with reuse, %v without", name, s.DocID, i, s.LogLikelihoods[i], o.LogLikelihoods[i])
				}
			}
			if (s.Response == nil) != (o.Response == nil) || (s.Response != nil && *s.Response != *o.Response) {
				t.Errorf("%s doc %s: responses differ", name, s.DocID)
			}
			if s.Score != o.Score {
				t.Errorf("%s doc %s: score %v vs %v", name, s.DocID, s.Score, o.Score)
			}
		}
	}
}

func readSamples(t *testing.T, path string) []eval.Sample {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []eval.Sample
	for _, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var s eval.Sample
		if err := json.Unmarshal(line, &s); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, s)
	}
	return out
}
