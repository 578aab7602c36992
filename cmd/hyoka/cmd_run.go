package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"hyoka/engine"
	"hyoka/tokenizer"
)

func init() {
	register(&command{
		Name:  "run",
		Usage: "run -m MODEL.gguf -p PROMPT [-n 128] [--temp 0.8] [--top-k 40] [--top-p 0.95] [--min-p 0.05] [--repeat-penalty 1] [--seed 0] [--stop STR]... [-t THREADS] [-c CTX] [--fast | --llamacpp] [--no-mmap] [--json]",
		Short: "generate text from a prompt",
		Long: `Generates up to -n tokens after PROMPT and streams the text to standard
output; load time and prompt/generation speed go to standard error.

The prompt gets a BOS token in front when the model's metadata asks for it.
--temp 0 is greedy decoding; otherwise the sampler applies the repetition
penalty, top-k, top-p and min-p (on the temperature-1 distribution), then the
temperature, and draws with a generator seeded by --seed. Generation stops at
an end-of-generation token, at the first --stop string (not printed), after
-n tokens, or when the context (-c, default: the model's, capped at 2 GiB of
KV cache) is full. --json prints {"prompt_tokens":[...],"tokens":[...],"text":"..."}
after generating instead of streaming. Ctrl-C stops cleanly.

The default numerics reproduce llama.cpp's arithmetic for batches of two or
more tokens and keep it for every batch, so a token's logits never depend on
batching. --fast takes hyoka's faster kernels instead. --llamacpp switches,
as llama.cpp itself does, to llama.cpp's one-token kernels when a batch
holds one token: greedy generation (--temp 0) then gives llama.cpp's tokens.`,
		Run: runRun,
	})
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// loaded is a model with its tokenizer and one session.
type loaded struct {
	m    *engine.Model
	tok  tokenizer.Tokenizer
	s    *engine.Session
	load time.Duration
}

func (l *loaded) Close() {
	if l.s != nil {
		l.s.Close()
	}
	l.m.Close()
}

// loadForRun loads path with lopt, builds its tokenizer and a session
// (Context and Threads from the flags, the rest of opt as given), and
// reports the model and cache size on stderr.
func loadForRun(env *Env, path string, opt engine.SessionOptions, lopt engine.LoadOptions) (*loaded, error) {
	threads, nCtx := opt.Threads, opt.Context
	t0 := time.Now()
	m, err := engine.LoadWith(path, lopt)
	if err != nil {
		return nil, err
	}
	tok, err := tokenizer.FromGGUFWarn(m.File(), env.Stderr)
	if err != nil {
		m.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if nCtx < 0 {
		m.Close()
		return nil, fmt.Errorf("%w: -c must be >= 0", errUsage)
	}
	s, err := m.NewSession(opt)
	if err != nil {
		m.Close()
		return nil, err
	}
	l := &loaded{m: m, tok: tok, s: s, load: time.Since(t0)}
	c := m.Config
	so := s.Options()
	cells := ""
	if so.Cells != so.Context {
		cells = fmt.Sprintf(" (%d cells for up to %d sequences)", so.Cells, so.MaxSeqs)
	}
	fmt.Fprintf(env.Stderr, "hyoka: %s: %s, %d layers, width %d, vocab %d; context %d tokens, KV cache %.1f MiB%s; %d threads; %s numerics\n",
		path, c.Arch, c.NLayer, c.NEmbd, c.NVocab, so.Context, float64(s.CacheBytes())/(1<<20), cells, threadsOf(threads), m.Numerics())
	return l, nil
}

// fastUsage is the help text of every command's --fast flag.
const fastUsage = "hyoka's fastest kernels (repacked weights, eight-key attention) instead of llama.cpp's arithmetic: faster, but not llama.cpp's logits (they differ by about 8-bit quantization noise; see docs/engine.md)"

// llamaCppUsage is the help text of every command's --llamacpp flag.
const llamaCppUsage = "llama.cpp's own kernel choice per batch: its one-token kernels when a batch holds one token, so that greedy generation follows llama.cpp token for token; a token's logits then depend on the batch it is decoded in (as llama.cpp's do), so results are no longer independent of batching (see docs/engine.md)"

// noMmapUsage is the help text of every command's --no-mmap flag.
const noMmapUsage = "read the model into memory instead of mapping it (as llama.cpp's --no-mmap): on Linux in transparent huge pages, which makes one-token generation faster (Gemma 3 270M: about 13%); the whole file is read first and stays resident"

// loadFlags registers --fast, --llamacpp and --no-mmap on fs. The function
// it returns, called after parsing, gives the load options they select
// (Exact numerics when neither --fast nor --llamacpp is set), or a usage
// error naming both when both are.
func loadFlags(fs *flag.FlagSet) func() (engine.LoadOptions, error) {
	fast := fs.Bool("fast", false, fastUsage)
	lc := fs.Bool("llamacpp", false, llamaCppUsage)
	noMmap := fs.Bool("no-mmap", false, noMmapUsage)
	return func() (engine.LoadOptions, error) {
		opt := engine.LoadOptions{Numerics: engine.Exact, NoMmap: *noMmap}
		switch {
		case *fast && *lc:
			return opt, fmt.Errorf("%w: --fast and --llamacpp select different numerics; give one of them", errUsage)
		case *fast:
			opt.Numerics = engine.Fast
		case *lc:
			opt.Numerics = engine.LlamaCpp
		}
		return opt, nil
	}
}

func threadsOf(t int) int {
	if t > 0 {
		return t
	}
	return engineThreads()
}

func runRun(ctx context.Context, env *Env, args []string) error {
	c := commands["run"]
	fs := newFlags(c, env)
	model := fs.String("m", "", "GGUF model file")
	prompt := fs.String("p", "", "prompt text")
	n := fs.Int("n", 128, "tokens to generate at most")
	temp := fs.Float64("temp", 0.8, "temperature (0: greedy)")
	topK := fs.Int("top-k", 40, "keep the K most likely tokens (0: all)")
	topP := fs.Float64("top-p", 0.95, "nucleus sampling threshold (1: off)")
	minP := fs.Float64("min-p", 0.05, "drop tokens below this fraction of the top probability (0: off)")
	rep := fs.Float64("repeat-penalty", 1, "repetition penalty over the last 64 tokens (1: off)")
	seed := fs.Uint64("seed", 0, "random seed")
	var stops stringList
	fs.Var(&stops, "stop", "stop at this string (repeatable; not printed)")
	threads := fs.Int("t", 0, "threads (0: all CPUs)")
	loadOpts := loadFlags(fs)
	nCtx := fs.Int("c", 0, "context size in tokens (0: the model's, capped by memory)")
	asJSON := fs.Bool("json", false, `print {"prompt_tokens":[...],"tokens":[...],"text":"..."} after generating`)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case *model == "":
		return fmt.Errorf("%w: -m MODEL is required", errUsage)
	case len(pos) > 0:
		return fmt.Errorf("%w: unexpected argument %q (the prompt goes after -p)", errUsage, pos[0])
	case *n < 0 || *topK < 0 || *temp < 0 || *threads < 0:
		return fmt.Errorf("%w: -n, --top-k, --temp and -t must not be negative", errUsage)
	}
	visited := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { visited[f.Name] = true })
	if !visited["p"] {
		return fmt.Errorf("%w: -p PROMPT is required", errUsage)
	}
	lopt, err := loadOpts()
	if err != nil {
		return err
	}
	l, err := loadForRun(env, *model, engine.SessionOptions{Context: *nCtx, Threads: *threads}, lopt)
	if err != nil {
		return err
	}
	defer l.Close()
	opt := engine.GenerateOptions{
		MaxTokens: *n,
		Stop:      stops,
		Sampler: engine.SamplerOptions{
			Temperature: *temp, TopK: *topK, TopP: *topP, MinP: *minP,
			RepeatPenalty: *rep, Seed: *seed,
		},
	}
	if *n == 0 {
		opt.MaxTokens = -1
	}
	if !*asJSON {
		opt.OnText = func(s string) error {
			_, err := io.WriteString(env.Stdout, s)
			return err
		}
	}
	var g *engine.Generation
	if *n == 0 {
		g = &engine.Generation{PromptTokens: l.tok.Encode(*prompt, true, false)}
	} else {
		g, err = engine.Generate(ctx, l.s, l.tok, *prompt, opt)
	}
	if g != nil {
		reportTiming(env, l, g)
	}
	if err != nil {
		if errors.Is(err, context.Canceled) && !*asJSON {
			fmt.Fprintln(env.Stdout)
		}
		return err
	}
	if *asJSON {
		out := struct {
			PromptTokens []int32 `json:"prompt_tokens"`
			Tokens       []int32 `json:"tokens"`
			Text         string  `json:"text"`
		}{g.PromptTokens, g.Tokens, g.Text}
		if out.Tokens == nil {
			out.Tokens = []int32{}
		}
		b, _ := json.Marshal(out)
		_, err = fmt.Fprintf(env.Stdout, "%s\n", b)
		return err
	}
	_, err = fmt.Fprintln(env.Stdout)
	return err
}

func reportTiming(env *Env, l *loaded, g *engine.Generation) {
	rate := func(n int, d time.Duration) float64 {
		if d <= 0 {
			return 0
		}
		return float64(n) / d.Seconds()
	}
	np := len(g.PromptTokens) - g.Reused
	fmt.Fprintf(env.Stderr, "hyoka: load %.0f ms; prompt %d tokens in %.0f ms (%.1f tokens/s); generated %d tokens in %.0f ms (%.1f tokens/s); stop: %s\n",
		float64(l.load.Microseconds())/1000,
		np, float64(g.PromptTime.Microseconds())/1000, rate(np, g.PromptTime),
		len(g.Tokens), float64(g.GenTime.Microseconds())/1000, rate(len(g.Tokens), g.GenTime), stopReason(g))
}

func stopReason(g *engine.Generation) string {
	if g.StopReason == "" {
		return "interrupted"
	}
	return g.StopReason
}
