package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"runtime"
	"text/tabwriter"

	"hyoka/engine"
)

func init() {
	register(&command{
		Name:  "score",
		Usage: "score -m MODEL.gguf --context TEXT --continuation TEXT [--continuation TEXT]... [-t THREADS] [-c CTX] [--fast | --llamacpp] [--no-mmap] [--json]",
		Short: "log-likelihood of continuations given a context",
		Long: `Prints, for each --continuation, the sum of the log-probabilities of its
tokens after --context, its token count, and whether every token was the
model's most likely one (greedy), as lm-evaluation-harness's loglikelihood
requests compute them: trailing spaces of the context move to the
continuation, the whole text and the context are encoded separately and the
continuation is what the whole has beyond the context, and BOS goes first
when the model's metadata asks for it. The continuations share the context's
KV cache. --json prints
[{"continuation":...,"logprob":...,"n_tokens":...,"is_greedy":...}].
--fast and --llamacpp select the numerics as for run (with --llamacpp a
one-token continuation is computed with llama.cpp's one-token kernels).`,
		Run: runScore,
	})
}

func engineThreads() int { return runtime.NumCPU() }

func runScore(ctx context.Context, env *Env, args []string) error {
	c := commands["score"]
	fs := newFlags(c, env)
	model := fs.String("m", "", "GGUF model file")
	context_ := fs.String("context", "", "context text")
	var conts stringList
	fs.Var(&conts, "continuation", "continuation to score (repeatable)")
	threads := fs.Int("t", 0, "threads (0: all CPUs)")
	loadOpts := loadFlags(fs)
	nCtx := fs.Int("c", 0, "context size in tokens (0: the model's, capped by memory)")
	asJSON := fs.Bool("json", false, "print a JSON array")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	lopt, err := loadOpts()
	if err != nil {
		return err
	}
	visited := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { visited[f.Name] = true })
	switch {
	case *model == "":
		return fmt.Errorf("%w: -m MODEL is required", errUsage)
	case len(pos) > 0:
		return fmt.Errorf("%w: unexpected argument %q", errUsage, pos[0])
	case !visited["context"]:
		return fmt.Errorf("%w: --context TEXT is required", errUsage)
	case len(conts) == 0:
		return fmt.Errorf("%w: at least one --continuation TEXT is required", errUsage)
	case *threads < 0:
		return fmt.Errorf("%w: -t must not be negative", errUsage)
	}
	l, err := loadForRun(env, *model, engine.SessionOptions{Context: *nCtx, Threads: *threads}, lopt)
	if err != nil {
		return err
	}
	defer l.Close()
	reqs := make([]engine.LoglikelihoodRequest, len(conts))
	for i, ct := range conts {
		reqs[i] = engine.LoglikelihoodRequest{Context: *context_, Continuation: ct}
	}
	res, err := engine.NewScorer(l.s, l.tok).LogLikelihood(ctx, reqs)
	if err != nil {
		return err
	}
	if *asJSON {
		type row struct {
			Continuation string  `json:"continuation"`
			LogProb      float64 `json:"logprob"`
			NTokens      int     `json:"n_tokens"`
			IsGreedy     bool    `json:"is_greedy"`
		}
		rows := make([]row, len(res))
		for i, r := range res {
			rows[i] = row{conts[i], r.LogProb, r.NTokens, r.IsGreedy}
		}
		b, _ := json.Marshal(rows)
		_, err = fmt.Fprintf(env.Stdout, "%s\n", b)
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "logprob\tn_tokens\tgreedy\tcontinuation")
	for i, r := range res {
		fmt.Fprintf(tw, "%.6f\t%d\t%v\t%q\n", r.LogProb, r.NTokens, r.IsGreedy, conts[i])
	}
	return tw.Flush()
}
