package evaltest

import (
	"context"
	"testing"

	"hyoka/eval"
)

// Sampling checks what the code tasks (HumanEval, JHumanEval: 10 samples
// per problem at T=0.2, top-p 0.95) need of lm:
//   - a request with Sampling set returns the same text for the same Seed
//     whatever else is in the batch and in whatever order;
//   - the text never contains a stop string;
//   - if lm implements eval.TokenCounter (used for XL-Sum's and HumanEval's
//     generation limits), CountTokens("") is 0 and a real prompt counts at
//     least one token.
//
// It generates 16 tokens for each of a few requests on a real HumanEval
// prompt.
func Sampling(t testing.TB, lm eval.LM) {
	t.Helper()
	ctx := context.Background()
	task, err := eval.Lookup("humaneval")
	if err != nil {
		t.Fatal(err)
	}
	ins, err := task.Instances(eval.Embedded(), 2)
	if err != nil {
		t.Fatal(err)
	}
	mk := func(i int, seed int64) eval.GenRequest {
		return eval.GenRequest{Context: ins[i].Prompt, Until: task.Until, MaxTokens: 16,
			Sampling: &eval.Sampling{Temperature: 0.2, TopP: 0.95, Seed: seed}}
	}
	batch := []eval.GenRequest{mk(0, 1), mk(0, 2), mk(1, 1), mk(0, 1)}
	all, err := lm.GenerateUntil(ctx, batch)
	if err != nil {
		t.Fatalf("GenerateUntil (sampled): %v", err)
	}
	if len(all) != len(batch) {
		t.Fatalf("GenerateUntil returned %d texts for %d requests", len(all), len(batch))
	}
	if all[0] != all[3] {
		t.Errorf("same prompt and seed in one batch gave %q and %q", all[0], all[3])
	}
	for i, r := range batch {
		one, err := lm.GenerateUntil(ctx, []eval.GenRequest{r})
		if err != nil {
			t.Fatalf("GenerateUntil (one request): %v", err)
		}
		if one[0] != all[i] {
			t.Errorf("request %d (seed %d): %q alone but %q in a batch", i, r.Sampling.Seed, one[0], all[i])
		}
		if cut := eval.CutAtStops(all[i], r.Until); cut != all[i] {
			t.Errorf("request %d: text %q contains a stop string", i, all[i])
		}
	}
	rev := []eval.GenRequest{batch[3], batch[2], batch[1], batch[0]}
	back, err := lm.GenerateUntil(ctx, rev)
	if err != nil {
		t.Fatalf("GenerateUntil (reversed): %v", err)
	}
	for i := range rev {
		if back[i] != all[len(rev)-1-i] {
			t.Errorf("reversed batch: request %d gave %q, want %q", i, back[i], all[len(rev)-1-i])
		}
	}
	if tc, ok := lm.(eval.TokenCounter); ok {
		if n, err := tc.CountTokens(""); err != nil || n != 0 {
			t.Errorf("CountTokens(\"\") = %d, %v; want 0", n, err)
		}
		if n, err := tc.CountTokens(ins[0].Prompt); err != nil || n < 1 {
			t.Errorf("CountTokens(prompt) = %d, %v", n, err)
		}
	}
}
