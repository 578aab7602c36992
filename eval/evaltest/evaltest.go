// Package evaltest checks that an eval.LM implementation keeps the contract
// eval.Run relies on. An engine's tests call Conformance with a real model:
//
//	func TestLMConformance(t *testing.T) {
//		m := ... // load a small model
//		evaltest.Conformance(t, m)
//	}
//
// It uses real prompts of the declared tasks (a few MMLU, XWinograd and
// GSM8K documents), so it costs a few thousand tokens of compute.
package evaltest

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"hyoka/eval"
)

// Conformance checks lm:
//   - one result per request, in order; finite log-probabilities <= 0;
//     NTokens >= 1 for a non-empty continuation;
//   - bit-identical results whatever the batch composition and order
//     (reversed, one request per call);
//   - lm-eval's _encode_pair rule: LL(ctx+" ", "A") == LL(ctx, " A");
//   - generated text never contains a stop string and does not depend on
//     the batch;
//   - a cancelled context makes both methods return an error wrapping
//     context.Canceled.
func Conformance(t testing.TB, lm eval.LM) {
	t.Helper()
	ctx := context.Background()
	reqs := llRequests(t)

	all, err := lm.Loglikelihood(ctx, reqs)
	if err != nil {
		t.Fatalf("Loglikelihood: %v", err)
	}
	if len(all) != len(reqs) {
		t.Fatalf("Loglikelihood returned %d results for %d requests", len(all), len(reqs))
	}
	for i, r := range all {
		if math.IsNaN(r.LogProb) || math.IsInf(r.LogProb, 0) || r.LogProb > 0 {
			t.Errorf("request %d: log-probability %v, want finite <= 0", i, r.LogProb)
		}
		if reqs[i].Continuation != "" && r.NTokens < 1 {
			t.Errorf("request %d: NTokens %d for continuation %q", i, r.NTokens, reqs[i].Continuation)
		}
	}

	rev := make([]eval.LLRequest, len(reqs))
	for i := range reqs {
		rev[len(reqs)-1-i] = reqs[i]
	}
	back, err := lm.Loglikelihood(ctx, rev)
	if err != nil {
		t.Fatalf("Loglikelihood (reversed): %v", err)
	}
	for i := range reqs {
		if back[len(reqs)-1-i] != all[i] {
			t.Errorf("request %d: %+v in reversed order, %+v in order", i, back[len(reqs)-1-i], all[i])
		}
	}
	for i, r := range reqs {
		one, err := lm.Loglikelihood(ctx, []eval.LLRequest{r})
		if err != nil || len(one) != 1 {
			t.Fatalf("Loglikelihood (single %d): %v, %d results", i, err, len(one))
		}
		if one[0] != all[i] {
			t.Errorf("request %d: %+v alone, %+v in a batch", i, one[0], all[i])
		}
	}

	base := reqs[0].Context
	pair, err := lm.Loglikelihood(ctx, []eval.LLRequest{{Context: base + " ", Continuation: "A"}, {Context: base, Continuation: " A"}})
	if err != nil || len(pair) != 2 {
		t.Fatalf("Loglikelihood (encode pair): %v", err)
	}
	if pair[0] != pair[1] {
		t.Errorf("trailing space of the context not moved to the continuation: %+v vs %+v", pair[0], pair[1])
	}

	gens := genRequests(t)
	out, err := lm.GenerateUntil(ctx, gens)
	if err != nil {
		t.Fatalf("GenerateUntil: %v", err)
	}
	if len(out) != len(gens) {
		t.Fatalf("GenerateUntil returned %d results for %d requests", len(out), len(gens))
	}
	for i, g := range gens {
		for _, s := range g.Until {
			if s != "" && strings.Contains(out[i], s) {
				t.Errorf("generation %d contains stop string %q: %q", i, s, out[i])
			}
		}
		one, err := lm.GenerateUntil(ctx, []eval.GenRequest{g})
		if err != nil || len(one) != 1 {
			t.Fatalf("GenerateUntil (single %d): %v", i, err)
		}
		if one[0] != out[i] {
			t.Errorf("generation %d: %q alone, %q in a batch", i, one[0], out[i])
		}
	}

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := lm.Loglikelihood(cctx, reqs[:1]); !errors.Is(err, context.Canceled) {
		t.Errorf("Loglikelihood with a cancelled context: %v, want context.Canceled", err)
	}
	if _, err := lm.GenerateUntil(cctx, gens[:1]); !errors.Is(err, context.Canceled) {
		t.Errorf("GenerateUntil with a cancelled context: %v, want context.Canceled", err)
	}
}

func instances(t testing.TB, task string, n int) []eval.Instance {
	t.Helper()
	tk, err := eval.Lookup(task)
	if err != nil {
		t.Fatal(err)
	}
	ins, err := tk.Instances(eval.Embedded(), n)
	if err != nil {
		t.Fatal(err)
	}
	return ins
}

func llRequests(t testing.TB) []eval.LLRequest {
	var reqs []eval.LLRequest
	for _, in := range instances(t, "mmlu", 2)[:2] {
		reqs = append(reqs, in.LL...)
	}
	reqs = append(reqs, instances(t, "xwinograd_en", 1)[0].LL...)
	reqs = append(reqs,
		eval.LLRequest{Context: "", Continuation: "Hello"},
		eval.LLRequest{Context: "The capital of France is", Continuation: " Paris"},
		eval.LLRequest{Context: "日本の首都は", Continuation: "東京です。"},
	)
	return reqs
}

func genRequests(t testing.TB) []eval.GenRequest {
	g := *instances(t, "gsm8k", 1)[0].Gen
	g.MaxTokens = 16
	return []eval.GenRequest{
		g,
		{Context: "Question: What is 2+3?\nAnswer:", Until: []string{"\n", "."}, MaxTokens: 8},
		{Context: "1, 2, 3, 4,", Until: []string{"7"}, MaxTokens: 12},
	}
}
