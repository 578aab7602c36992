package eval

import (
	"context"
	"strings"
)

// LLRequest asks for the log-probability of Continuation after Context.
type LLRequest struct {
	Context      string
	Continuation string
}

// LLResult is the answer to one LLRequest.
type LLResult struct {
	// LogProb is the sum of the continuation tokens' log-probabilities
	// (natural log).
	LogProb float64
	// IsGreedy reports whether every continuation token was the argmax.
	IsGreedy bool
	// NTokens is the number of continuation tokens scored.
	NTokens int
}

// Sampling selects sampled decoding; nil in a GenRequest means greedy.
type Sampling struct {
	Temperature float64
	TopP        float64
	TopK        int
	Seed        int64
}

// GenRequest asks for a continuation of Context.
type GenRequest struct {
	Context string
	// Until are stop strings: the returned text is cut before the earliest
	// occurrence of any of them (lm-eval's rule), and generation may stop as
	// soon as one appears. Generation also stops at the model's
	// end-of-sequence token, which is not part of the returned text.
	Until []string
	// MaxTokens caps the number of generated tokens.
	MaxTokens int
	// Sampling is nil for greedy decoding.
	Sampling *Sampling
}

// LM is what the runner needs of a model. Implementations must return
// results in request order, one per request, and must give each request the
// same answer whatever else is in the batch and in whatever order (the
// runner reorders and batches freely; scores must not depend on it).
type LM interface {
	// Loglikelihood scores each (Context, Continuation) pair with lm-eval
	// 0.4.2's TemplateLM._encode_pair rule: trailing whitespace of Context
	// (Python str.rstrip) moves to the front of Continuation, the pair is
	// tokenized whole and split where the context's own tokens end; an
	// empty Context is conditioned on the beginning-of-sequence token. Requests that share a context prefix
	// are passed adjacent so the implementation can reuse the prefix's KV.
	Loglikelihood(ctx context.Context, reqs []LLRequest) ([]LLResult, error)
	// GenerateUntil generates from Context until a stop string, the
	// end-of-sequence token or MaxTokens (greedy unless Sampling is set) and
	// returns the text cut as GenRequest.Until says.
	GenerateUntil(ctx context.Context, reqs []GenRequest) ([]string, error)
}

// CutAtStops returns s cut before the earliest occurrence of any non-empty
// stop string, the rule lm-eval applies to generated text (splitting on
// each stop string in turn keeps the part before the earliest one).
// LM implementations may use it.
func CutAtStops(s string, stops []string) string {
	cut := len(s)
	for _, st := range stops {
		if st == "" {
			continue
		}
		if i := strings.Index(s[:cut], st); i >= 0 {
			cut = i
		}
	}
	return s[:cut]
}

// StreamGenerator is an LM that can also deliver generations as they end.
// The runner streams a task whose documents ask only for generations
// through it, writing each document as soon as its answers are complete,
// so that one long answer does not hold back the rest of a batch.
type StreamGenerator interface {
	// GenerateUntilStream answers reqs as GenerateUntil does, calling done
	// once per request with its index and text as each ends. An error
	// from done ends the call and is returned.
	GenerateUntilStream(ctx context.Context, reqs []GenRequest, done func(i int, text string) error) error
}
