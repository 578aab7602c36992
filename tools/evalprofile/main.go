// Command evalprofile runs what `hyoka eval` runs for one task (the same
// eval.Run over eval.EngineLM on one engine session) under a CPU profile,
// to see where the evaluation time goes.
//
//	go run ./tools/evalprofile -m MODEL.gguf --task mmlu --limit 5 [--data DIR] [-t 1] -cpuprofile cpu.prof
//	go tool pprof -top cpu.prof
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"hyoka/engine"
	"hyoka/eval"
	"hyoka/tokenizer"
)

func main() {
	model := flag.String("m", "", "GGUF model file")
	task := flag.String("task", "", "task name")
	limit := flag.Int("limit", 0, "hyoka eval's --limit")
	data := flag.String("data", "", "hyoka eval's --data")
	threads := flag.Int("t", 1, "threads")
	prof := flag.String("cpuprofile", "", "write a CPU profile of the evaluation to this file")
	flag.Parse()
	if err := run(*model, *task, *limit, *data, *threads, *prof); err != nil {
		fmt.Fprintln(os.Stderr, "evalprofile:", err)
		os.Exit(1)
	}
}

func run(modelPath, task string, limit int, data string, threads int, prof string) error {
	sel, err := eval.Select(task)
	if err != nil {
		return err
	}
	var src eval.Source
	if data != "" {
		if src, err = eval.OpenSource(data); err != nil {
			return err
		}
	}
	m, err := engine.Load(modelPath)
	if err != nil {
		return err
	}
	defer m.Close()
	tok, err := tokenizer.FromGGUFWarn(m.File(), os.Stderr)
	if err != nil {
		return err
	}
	s, err := m.NewSession(engine.SessionOptions{Threads: threads})
	if err != nil {
		return err
	}
	lm := eval.NewEngineLM(engine.NewScorer(s, tok), tok)
	if prof != "" {
		f, err := os.Create(prof)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	t0 := time.Now()
	res, err := eval.Run(context.Background(), lm, sel, eval.Options{Limit: limit, Source: src})
	if err != nil {
		return err
	}
	for name, r := range res.Results {
		fmt.Printf("%s: %s %.4f n=%d %.1f s %.3f docs/s (total %.1f s)\n", name, r.Metric, r.Value, r.N, r.Seconds, r.DocsPerSec, time.Since(t0).Seconds())
	}
	return nil
}
