package evaltest

import (
	"context"
	"hash/fnv"
	"strings"
	"testing"

	"hyoka/eval"
)

// hashLM is a well-behaved stand-in for an engine: answers depend only on
// each request, follow _encode_pair, honour stops and cancellation.
type hashLM struct{ orderDependent bool }

func (h *hashLM) Loglikelihood(ctx context.Context, reqs []eval.LLRequest) ([]eval.LLResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]eval.LLResult, len(reqs))
	for i, r := range reqs {
		c, cont := r.Context, r.Continuation
		trimmed := strings.TrimRight(c, " \t\n\r\v\f")
		cont = c[len(trimmed):] + cont
		f := fnv.New64a()
		f.Write([]byte(trimmed + "\x00" + cont))
		lp := -float64(f.Sum64()%1000) / 100
		if h.orderDependent {
			lp -= float64(i)
		}
		out[i] = eval.LLResult{LogProb: lp, NTokens: len(cont)}
	}
	return out, nil
}

func (h *hashLM) GenerateUntil(ctx context.Context, reqs []eval.GenRequest) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]string, len(reqs))
	for i, r := range reqs {
		out[i] = eval.CutAtStops(" 5.\nQuestion: 7 8", r.Until)
	}
	return out, nil
}

func TestConformanceAcceptsGoodLM(t *testing.T) {
	Conformance(t, &hashLM{})
}

// recorder captures failures instead of failing the test.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true; panic(r) }
func (r *recorder) Helper()               {}

func TestConformanceRejectsOrderDependentLM(t *testing.T) {
	r := &recorder{TB: t}
	func() {
		defer func() {
			if p := recover(); p != nil && p != r {
				panic(p)
			}
		}()
		Conformance(r, &hashLM{orderDependent: true})
	}()
	if !r.failed {
		t.Fatal("an LM whose scores depend on batch position passed")
	}
}
