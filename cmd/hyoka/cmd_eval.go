package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"hyoka/engine"
	"hyoka/eval"
)

func init() {
	register(&command{
		Name:  "eval",
		Usage: "eval -m MODEL.gguf [--tasks LIST|paper] [--limit N] [--data DIR] [--out DIR] [-t N] [-c CTX] [--fast | --llamacpp] [--no-mmap] [--allow-code-execution] [--json]",
		Short: "evaluate a model on the paper's benchmarks (or some of them)",
		Long: `Evaluates MODEL on the tasks named by --tasks (comma-separated names, or
"paper" for all 19 tasks of arXiv:2412.14471 in the paper's order; "hyoka tasks" lists
them) with the swallow-evaluation v202407 protocol: the reference harnesses' prompts,
few-shot examples, stop strings, answer extraction and metrics.

The benchmark data ship inside hyoka; --data DIR reads another copy laid out like
shared/datasets. Requests are ordered so that shared prompt prefixes are computed once;
scores do not depend on that order, on the thread count or on --limit's batching
(except with --llamacpp, whose logits, like llama.cpp's, depend on how many tokens each
forward pass holds; results.json records the numerics as settings.numerics; --fast is
faster and not llama.cpp's arithmetic).

With --out DIR, results go to DIR/<model>/results.json and one samples_<task>.jsonl per
task (prompt, target, response, per-choice log-likelihoods, score), written as documents
finish: a run that is killed resumes where it stopped when started again with the same
--out. Several processes may share one --out folder (say one per core): each takes the
tasks no other one is evaluating, skips and names the others, and results.json keeps
every process's results. A progress line per task goes to stderr; the summary table (or
with --json the results object) goes to stdout.

HumanEval and JHumanEval run the model's programs. They run only with
--allow-code-execution, each in a sandbox (own temporary directory, CPU, memory and process
limits, no network through a new network namespace). Where the system cannot create
namespaces the run stops unless --allow-network is also given.

Examples:
  hyoka eval -m models/smollm2-135m-instruct-q4_1.gguf --tasks mmlu,hellaswag --limit 50
  hyoka eval -m model.gguf --tasks paper --out results --allow-code-execution`,
		Run: runEval,
	})
}

// evalSeqs and evalParallel size an evaluation's session: sequence 0 for
// shared prefixes and 16 in flight (two full eight-token kernel tiles per
// step), and cache cells for four full contexts (within the cache budget).
const (
	evalSeqs     = 17
	evalParallel = 4
)

func runEval(ctx context.Context, env *Env, args []string) error {
	c := commands["eval"]
	fs := newFlags(c, env)
	model := fs.String("m", "", "GGUF model file (required)")
	tasks := fs.String("tasks", "paper", `comma-separated task names, or "paper" for all 19`)
	limit := fs.Int("limit", 0, "evaluate only the first N documents of each task (subject/subtask for mmlu and bbh); 0: all")
	data := fs.String("data", "", "benchmark data folder (default: the data built into hyoka)")
	out := fs.String("out", "", "write results.json and samples files under DIR/<model>/ and resume from them")
	threads := fs.Int("t", 0, "threads (0: all CPUs)")
	loadOpts := loadFlags(fs)
	nCtx := fs.Int("c", 0, "context size in tokens (0: the model's, capped by memory)")
	batch := fs.Int("batch-docs", 0, "documents of a log-likelihood task sent to the model per call (0: 32); generation tasks stream all their documents")
	allowCode := fs.Bool("allow-code-execution", false, "run model-generated programs (HumanEval, JHumanEval) in the sandbox")
	allowNet := fs.Bool("allow-network", false, "where network namespaces are unavailable, run generated programs without network isolation")
	asJSON := fs.Bool("json", false, "print the results object as JSON instead of the table")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to `file` (for go tool pprof)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	lopt, err := loadOpts()
	if err != nil {
		return err
	}
	if *model == "" && len(pos) == 1 {
		*model, pos = pos[0], nil
	}
	if *model == "" || len(pos) > 0 {
		return fmt.Errorf("%w: give the model with -m (and no other arguments)", errUsage)
	}
	if *limit < 0 {
		return fmt.Errorf("%w: --limit must be >= 0", errUsage)
	}
	sel, err := eval.Select(*tasks)
	if err != nil {
		if errors.Is(err, eval.ErrUnknownTask) {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		return err
	}
	var src eval.Source
	if *data != "" {
		if src, err = eval.OpenSource(*data); err != nil {
			return err
		}
	}
	if _, err := os.Stat(*model); err != nil {
		return err
	}
	sum, err := eval.FileSHA256(*model)
	if err != nil {
		return err
	}
	// Generation tasks keep up to 16 documents in flight (continuous
	// batching), so the cache gets room for several full contexts.
	l, err := loadForRun(env, *model, engine.SessionOptions{Context: *nCtx, Threads: *threads, MaxSeqs: evalSeqs, Parallel: evalParallel}, lopt)
	if err != nil {
		return err
	}
	defer l.Close()
	lm := eval.NewEngineLM(engine.NewScorer(l.s, l.tok), l.tok)
	cfg := l.m.Config
	name := strings.TrimSuffix(filepath.Base(*model), filepath.Ext(*model))
	opts := eval.Options{
		Limit: *limit, Source: src, OutDir: *out, BatchDocs: *batch,
		Model: eval.ModelInfo{Name: name, File: *model, SHA256: sum, Metadata: map[string]any{
			"architecture": cfg.Arch, "layers": cfg.NLayer, "embedding": cfg.NEmbd, "vocabulary": cfg.NVocab,
		}},
		HyokaVersion:       versionString(),
		Settings:           map[string]any{"threads": threadsOf(*threads), "context": l.s.Options().Context, "limit": *limit, "numerics": l.m.Numerics().String()},
		AllowCodeExecution: *allowCode,
		AllowNetwork:       *allowNet,
	}
	last := time.Time{}
	opts.Progress = func(p eval.Progress) {
		done := p.Done >= p.Total
		if !done && time.Since(last) < 500*time.Millisecond {
			return
		}
		last = time.Now()
		end := ""
		if done {
			end = "\n"
		}
		fmt.Fprintf(env.Stderr, "\r%s\x1b[K%s", p, end)
	}
	stop, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	res, runErr := eval.Run(ctx, lm, sel, opts)
	stop()
	if res != nil && len(res.Busy) > 0 {
		what := "it"
		if len(res.Busy) > 1 {
			what = "them"
		}
		fmt.Fprintf(env.Stderr, "hyoka: skipped %s: another process is evaluating %s into %s; results.json gets its results when it finishes\n",
			strings.Join(res.Busy, ", "), what, filepath.Join(*out, name))
	}
	if res != nil {
		if *asJSON {
			if err := writeJSON(env, res); err != nil {
				return err
			}
		} else if err := res.WriteTable(env.Stdout); err != nil {
			return err
		}
	}
	if runErr != nil {
		if errors.Is(runErr, eval.ErrCodeExecutionNotAllowed) {
			return fmt.Errorf("%w: %v", errUsage, runErr)
		}
		if *out != "" && !errors.Is(runErr, flag.ErrHelp) {
			return fmt.Errorf("%w (finished documents are saved under %s; run again with the same --out to resume)", runErr, *out)
		}
		return runErr
	}
	return nil
}
