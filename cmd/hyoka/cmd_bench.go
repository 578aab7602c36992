package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"time"

	"github.com/klauspost/cpuid/v2"

	"hyoka/engine"
	"hyoka/gguf"
	"hyoka/kernels"
)

func init() {
	register(&command{
		Name:  "bench",
		Usage: "bench kernels [-t N] [--json] | bench -m MODEL [-p 512] [-n 128] [-t N] [-r 5] [--fast | --llamacpp] [--no-mmap] [--json] | bench requant -type Q8_0 IN.gguf OUT.gguf",
		Short: "measure kernel throughput, or a model's prompt and generation speed",
		Long: `bench kernels measures, on -t threads, the machine's peaks (memory read
bandwidth, float32 FMA, int8 dot) and hyoka's matrix-vector (one token) and
matrix-matrix (64 tokens) multiply for each weight type, in GB/s of weights
read and GOP/s (2 operations per weight per token), naming the
implementation in use.

bench -m MODEL measures prompt processing of -p tokens and generation of -n
tokens, -r times, and prints tokens/s median and min-max like llama-bench,
with the default numerics, --fast or --llamacpp (whose generation runs
llama.cpp's one-token kernels, slower than hyoka's).

bench requant -type T IN OUT writes a copy of IN whose quantized weight
matrices are re-quantized to T with hyoka's own quantizers (to make, for
example, a Q8_0 file of a model published only in other types). F32 and
F16/BF16 tensors are copied unchanged.`,
		Run: runBench,
	})
}

func runBench(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 && args[0] == "kernels" {
		return runBenchKernels(ctx, env, args[1:])
	}
	if len(args) > 0 && args[0] == "requant" {
		return runBenchRequant(ctx, env, args[1:])
	}
	return runBenchModel(ctx, env, args)
}

// kernelResult is one line of `bench kernels`.
type kernelResult struct {
	Kernel  string  `json:"kernel"`
	Type    string  `json:"type,omitempty"`
	Impl    string  `json:"impl"`
	Threads int     `json:"threads"`
	Seconds float64 `json:"seconds"`
	GBs     float64 `json:"gb_per_s,omitempty"`
	GOPs    float64 `json:"gop_per_s,omitempty"`
}

func runBenchKernels(ctx context.Context, env *Env, args []string) error {
	c := commands["bench"]
	fs := newFlags(c, env)
	threads := fs.Int("t", defaultThreads(), "threads")
	asJSON := fs.Bool("json", false, "print JSON")
	minTime := fs.Duration("time", 300*time.Millisecond, "minimum time per measurement")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	pool := kernels.NewPool(*threads)
	defer pool.Close()
	var res []kernelResult
	add := func(r kernelResult) {
		r.Threads = *threads
		res = append(res, r)
		if !*asJSON {
			fmt.Fprintf(env.Stdout, "%-14s %-5s %-18s %8.2f GB/s %9.2f GOP/s\n", r.Kernel, r.Type, r.Impl, r.GBs, r.GOPs)
		}
	}
	// timeIt runs f until minTime has passed (at least 3 times) and returns
	// the best seconds per call.
	timeIt := func(f func()) float64 {
		f()
		best := 1e9
		start := time.Now()
		for n := 0; n < 3 || time.Since(start) < *minTime; n++ {
			t0 := time.Now()
			f()
			best = min(best, time.Since(t0).Seconds())
			if ctx.Err() != nil {
				break
			}
		}
		return best
	}

	// Memory read bandwidth: every thread sums its own part of a 512 MiB buffer.
	buf := make([]float32, 128<<20)
	for i := range buf {
		buf[i] = 1
	}
	s := timeIt(func() {
		pool.For(len(buf)/4096, func(lo, hi int) {
			p := buf[lo*4096 : hi*4096]
			kernels.Dot(p, p)
		})
	})
	add(kernelResult{Kernel: "mem-read", Impl: kernels.InUse("dot_f32"), Seconds: s, GBs: float64(len(buf)*4) / s / 1e9})
	buf = nil

	const peakIters = 1 << 22
	var ops float64
	s = timeIt(func() {
		pool.For(pool.Threads(), func(lo, hi int) { ops = kernels.PeakFMA(peakIters) })
	})
	add(kernelResult{Kernel: "peak-fma-f32", Impl: kernels.InUse("dot_f32"), Seconds: s, GOPs: ops * float64(pool.Threads()) / s / 1e9})
	s = timeIt(func() {
		pool.For(pool.Threads(), func(lo, hi int) { ops = kernels.PeakInt8(peakIters) })
	})
	add(kernelResult{Kernel: "peak-int8-dot", Impl: kernels.InUse("dot_f32"), Seconds: s, GOPs: ops * float64(pool.Threads()) / s / 1e9})
	if kernels.PeakVNNI(1) > 0 {
		s = timeIt(func() {
			pool.For(pool.Threads(), func(lo, hi int) { ops = kernels.PeakVNNI(peakIters) })
		})
		add(kernelResult{Kernel: "peak-int8-vnni", Impl: "avx512vnni", Seconds: s, GOPs: ops * float64(pool.Threads()) / s / 1e9})
	}

	// Dot over L1/L2-resident vectors.
	a, b := make([]float32, 4096), make([]float32, 4096)
	for i := range a {
		a[i], b[i] = float32(i%7), float32(i%5)
	}
	s = timeIt(func() {
		for range 1000 {
			kernels.Dot(a, b)
		}
	})
	add(kernelResult{Kernel: "dot-f32-4k", Type: "F32", Impl: kernels.InUse("dot_f32"), Seconds: s / 1000,
		GBs: 8 * 4096 * 1000 / s / 1e9, GOPs: 2 * 4096 * 1000 / s / 1e9})

	types := []gguf.Type{gguf.F32, gguf.F16, gguf.BF16, gguf.Q8_0, gguf.Q4_0, gguf.Q4_1, gguf.Q5_0, gguf.Q5_1, gguf.Q4_K, gguf.Q5_K, gguf.Q6_K}
	for _, t := range types {
		if !kernels.QuantizedMatMul(t) {
			continue
		}
		// One token streams a 64 MiB matrix from memory (larger than the
		// caches); a 64-token batch runs on a 4096×2048 one.
		cols := 2048
		for _, tc := range []struct {
			batch   int
			prepare func(kernels.Matrix) kernels.Matrix // nil: as loaded
		}{{1, nil}, {64, nil}, {1, kernels.Prepare}, {64, kernels.Prepare}, {1, kernels.PrepareExact}, {64, kernels.PrepareExact}} {
			batch := tc.batch
			rows := 4096
			if batch == 1 {
				rb, _ := t.RowSize(uint64(cols))
				rows = (64 << 20) / int(rb) / 8 * 8 // whole eight-row groups (x8 layout)
			}
			w := kernels.BenchMatrix(t, rows, cols, 1)
			if tc.prepare != nil { // the fast or exact numerics' repacked copy, where there is one
				if w = tc.prepare(w); !w.Prepared() {
					continue
				}
			}
			impl := w.Impl()
			x := make([]float32, batch*cols)
			for i := range x {
				x[i] = float32(i%13) - 6
			}
			dst := make([]float32, batch*rows)
			s := timeIt(func() { kernels.MatMul(pool, dst, w, x, batch) })
			name := "matvec"
			if batch > 1 {
				name = fmt.Sprintf("matmul-b%d", batch)
			}
			add(kernelResult{Kernel: name, Type: t.String(), Impl: impl, Seconds: s,
				GBs: float64(len(w.Data)) / s / 1e9, GOPs: 2 * float64(rows*cols*batch) / s / 1e9})
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", " ")
		return enc.Encode(res)
	}
	return nil
}

// benchResult is one test of `bench -m`, in llama-bench's spirit.
type benchResult struct {
	Test     string    `json:"test"` // "pp512", "tg128"
	Threads  int       `json:"threads"`
	Numerics string    `json:"numerics"` // "exact", "fast" or "llamacpp"
	Median   float64   `json:"median"`   // tokens/s
	Min      float64   `json:"min"`
	Max      float64   `json:"max"`
	Runs     []float64 `json:"runs"`
}

func runBenchModel(ctx context.Context, env *Env, args []string) error {
	c := commands["bench"]
	fs := newFlags(c, env)
	model := fs.String("m", "", "GGUF model file")
	nPrompt := fs.Int("p", 512, "prompt tokens (0: skip the prompt test)")
	nGen := fs.Int("n", 128, "generated tokens (0: skip the generation test)")
	threads := fs.Int("t", defaultThreads(), "threads")
	reps := fs.Int("r", 5, "repetitions")
	loadOpts := loadFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the timed runs to `file`")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	lopt, err := loadOpts()
	if err != nil {
		return err
	}
	stop, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	if *model == "" || *reps < 1 || *nPrompt < 0 || *nGen < 0 {
		return fmt.Errorf("%w: bench needs -m MODEL (or `bench kernels`), -r >= 1", errUsage)
	}
	m, err := engine.LoadWith(*model, lopt)
	if err != nil {
		return err
	}
	defer m.Close()
	batch := max(*nPrompt, 1)
	sess, err := m.NewSession(engine.SessionOptions{
		Context: *nPrompt + *nGen + 1, BatchSize: batch, MaxOutputs: 1, MaxSeqs: 1, Threads: *threads,
	})
	if err != nil {
		return err
	}
	defer sess.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	tok := func() int32 { return int32(rng.IntN(m.Config.NVocab)) }
	seq := []int{0}

	// pp: one Decode of nPrompt random tokens at positions 0.. (logits of the last).
	pp := func() (float64, error) {
		if err := sess.Truncate(0, 0); err != nil {
			return 0, err
		}
		b := make([]engine.Token, *nPrompt)
		for i := range b {
			b[i] = engine.Token{ID: tok(), Pos: i, Seq: seq, Logits: i == len(b)-1}
		}
		t0 := time.Now()
		err := sess.Decode(ctx, b)
		return float64(*nPrompt) / time.Since(t0).Seconds(), err
	}
	// tg: nGen one-token Decodes from an empty cache, as llama-bench's tg.
	tg := func() (float64, error) {
		if err := sess.Truncate(0, 0); err != nil {
			return 0, err
		}
		t0 := time.Now()
		for i := range *nGen {
			if err := sess.Decode(ctx, []engine.Token{{ID: tok(), Pos: i, Seq: seq, Logits: true}}); err != nil {
				return 0, err
			}
		}
		return float64(*nGen) / time.Since(t0).Seconds(), nil
	}
	var res []benchResult
	run := func(name string, f func() (float64, error)) error {
		if _, err := f(); err != nil { // warm-up, as llama-bench does
			return err
		}
		r := benchResult{Test: name, Threads: *threads, Numerics: m.Numerics().String()}
		for range *reps {
			v, err := f()
			if err != nil {
				return err
			}
			r.Runs = append(r.Runs, v)
		}
		s := slices.Sorted(slices.Values(r.Runs))
		r.Min, r.Max = s[0], s[len(s)-1]
		r.Median = s[len(s)/2]
		if len(s)%2 == 0 {
			r.Median = (s[len(s)/2-1] + s[len(s)/2]) / 2
		}
		res = append(res, r)
		if !*asJSON {
			fmt.Fprintf(env.Stdout, "%-28s %-8s t=%d %-5s %8.2f t/s (min %.2f, max %.2f, %d runs)\n",
				filepath.Base(*model), name, *threads, r.Numerics, r.Median, r.Min, r.Max, len(r.Runs))
		}
		return nil
	}
	if *nPrompt > 0 {
		if err := run(fmt.Sprintf("pp%d", *nPrompt), pp); err != nil {
			return err
		}
	}
	if *nGen > 0 {
		if err := run(fmt.Sprintf("tg%d", *nGen), tg); err != nil {
			return err
		}
	}
	if *asJSON {
		return json.NewEncoder(env.Stdout).Encode(res)
	}
	return nil
}

// defaultThreads is the number of physical cores (at least 1).
func defaultThreads() int {
	if n := cpuid.CPU.PhysicalCores; n > 0 {
		return n
	}
	return runtime.NumCPU()
}

func runBenchRequant(ctx context.Context, env *Env, args []string) error {
	c := commands["bench"]
	fs := newFlags(c, env)
	typName := fs.String("type", "Q8_0", "target type")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return fmt.Errorf("%w: bench requant needs IN.gguf OUT.gguf", errUsage)
	}
	var typ gguf.Type
	found := false
	for _, t := range gguf.Types() {
		if t.String() == *typName {
			typ, found = t, true
		}
	}
	if !found || typ.Traits().Quantize == nil {
		return fmt.Errorf("%w: no quantizer for type %q", errUsage, *typName)
	}
	f, err := gguf.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	var b gguf.Builder
	for k, v := range f.KeyValues() {
		if k == "general.file_type" {
			continue // no longer describes the file
		}
		if err := b.AddKV(k, v); err != nil {
			return err
		}
	}
	bs := uint64(typ.Traits().BlockSize)
	for _, t := range f.Tensors() {
		keep := t.Type == gguf.F32 || t.Type == gguf.F16 || t.Type == gguf.BF16 || t.Type == typ ||
			len(t.Dims) < 2 || t.Dims[0]%bs != 0 || !t.Type.CanDequantize()
		if keep {
			if err := b.AddTensor(t.Name, t.Type, t.Dims, t.Data()); err != nil {
				return err
			}
			continue
		}
		x := make([]float32, t.NumElements())
		if err := gguf.Dequantize(t.Type, x, t.Data()); err != nil {
			return err
		}
		size, err := typ.RowSize(uint64(len(x)))
		if err != nil {
			return err
		}
		q := make([]byte, size)
		if err := gguf.Quantize(typ, q, x); err != nil {
			return err
		}
		if err := b.AddTensor(t.Name, typ, t.Dims, q); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "%s: %s -> %s\n", t.Name, t.Type, typ)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return b.WriteFile(pos[1])
}

// startCPUProfile starts a CPU profile written to path (nothing when path
// is empty); the returned function stops it and closes the file.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile %s: %w", path, err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
