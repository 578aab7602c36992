package evaltest

import (
	"context"
	"fmt"
	"hash/fnv"
	"testing"

	"hyoka/eval"
)

// seedLM samples "deterministically": its text depends on the prompt and
// the seed, or (broken) on the position in the batch.
type seedLM struct {
	hashLM
	positional bool
	badCount   bool
}

func (s *seedLM) GenerateUntil(ctx context.Context, reqs []eval.GenRequest) ([]string, error) {
	out := make([]string, len(reqs))
	for i, r := range reqs {
		f := fnv.New64a()
		f.Write([]byte(r.Context))
		k := int64(f.Sum64() % 97)
		if r.Sampling != nil {
			k += r.Sampling.Seed
		}
		if s.positional {
			k += int64(i)
		}
		out[i] = eval.CutAtStops(fmt.Sprintf("    return %d\n# done", k), r.Until)
	}
	return out, nil
}

func (s *seedLM) CountTokens(text string) (int, error) {
	if s.badCount {
		return 1, nil
	}
	return len(text) / 3, nil
}

func TestSamplingAcceptsSeededLM(t *testing.T) {
	Sampling(t, &seedLM{})
}

func TestSamplingRejects(t *testing.T) {
	for name, lm := range map[string]*seedLM{"position-dependent": {positional: true}, "bad token count": {badCount: true}} {
		r := &recorder{TB: t}
		func() {
			defer func() {
				if p := recover(); p != nil && p != r {
					panic(p)
				}
			}()
			Sampling(r, lm)
		}()
		if !r.failed {
			t.Errorf("%s LM passed", name)
		}
	}
}
