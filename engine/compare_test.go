package engine

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"hyoka/tokenizer"
)

// TestCompareLlamaCpp compares next-token distributions with llama.cpp on
// long real texts. It runs only when HYOKA_COMPARE_DIR names a folder
// written by scripts/compare-llamacpp.sh: for each MODEL.LANG.json (token
// ids) a MODEL.LANG.f32 (llama.cpp's max-shifted logits, one row per
// position) and the model file under models/.
//
// compareLoadOptions picks the numerics from HYOKA_COMPARE_NUMERICS
// (exact, fast or llamacpp; HYOKA_COMPARE_FAST=1 is fast, to measure how far
// --fast is from llama.cpp), Exact otherwise.
func compareLoadOptions(t *testing.T) LoadOptions {
	switch v := os.Getenv("HYOKA_COMPARE_NUMERICS"); v {
	case "", "exact":
	case "fast":
		return LoadOptions{Numerics: Fast}
	case "llamacpp":
		return LoadOptions{Numerics: LlamaCpp}
	default:
		t.Fatalf("HYOKA_COMPARE_NUMERICS=%q: want exact, fast or llamacpp", v)
	}
	if os.Getenv("HYOKA_COMPARE_FAST") == "1" {
		return LoadOptions{Numerics: Fast}
	}
	return LoadOptions{}
}

// Budgets (issue 4): top-1 agreement >= 99%, mean KL(llama.cpp || ours) <= 1e-3.
func TestCompareLlamaCpp(t *testing.T) {
	dir := os.Getenv("HYOKA_COMPARE_DIR")
	if dir == "" {
		t.Skip("HYOKA_COMPARE_DIR not set (see scripts/compare-llamacpp.sh)")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	type agg struct {
		n, agree int
		kls      []float64
	}
	byModel := map[string]*agg{}
	var order []string
	for _, jf := range files {
		base := strings.TrimSuffix(filepath.Base(jf), ".json")
		dot := strings.LastIndex(base, ".")
		if dot < 0 || strings.HasPrefix(base, "gen.") {
			continue
		}
		modelName := base[:dot]
		ff := strings.TrimSuffix(jf, ".json") + ".f32"
		if _, err := os.Stat(ff); err != nil {
			continue
		}
		var ids []int32
		raw, err := os.ReadFile(jf)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &ids); err != nil {
			t.Fatalf("%s: %v", jf, err)
		}
		mp := filepath.Join(dir, modelName+".gguf")
		if _, err := os.Stat(mp); err != nil {
			mp = filepath.Join(repoRoot(), "models", modelName+".gguf")
		}
		m, err := LoadWith(mp, compareLoadOptions(t))
		if err != nil {
			t.Fatal(err)
		}
		if n, err := strconv.Atoi(os.Getenv("HYOKA_COMPARE_MAXTOK")); err == nil && n > 0 && n < len(ids) {
			ids = ids[:n]
		}
		s, err := m.NewSession(SessionOptions{Context: len(ids) + 1, BatchSize: 64, MaxOutputs: 64})
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(ff)
		if err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReaderSize(f, 1<<20)
		V := m.Config.NVocab
		rowBytes := make([]byte, 4*V)
		ref := make([]float64, V)
		ours := make([]float64, V)
		a := byModel[modelName]
		if a == nil {
			a = &agg{}
			byModel[modelName] = a
			order = append(order, modelName)
		}
		seq := []int{0}
		langAgree, langN := 0, 0
		var langKL []float64
		for lo := 0; lo < len(ids); lo += 64 {
			hi := min(lo+64, len(ids))
			batch := make([]Token, 0, hi-lo)
			for i := lo; i < hi; i++ {
				batch = append(batch, Token{ID: ids[i], Pos: i, Seq: seq, Logits: true})
			}
			if err := s.Decode(context.Background(), batch); err != nil {
				t.Fatal(err)
			}
			for i := range batch {
				if _, err := io.ReadFull(r, rowBytes); err != nil {
					t.Fatalf("%s: row %d: %v", ff, lo+i, err)
				}
				for j := range ref {
					ref[j] = float64(math.Float32frombits(binary.LittleEndian.Uint32(rowBytes[4*j:])))
				}
				l := s.Logits(i)
				for j, v := range l {
					ours[j] = float64(v)
				}
				logSoftmax64(ref)
				logSoftmax64(ours)
				kl := 0.0
				for j, lp := range ref {
					if lp > -200 {
						kl += math.Exp(lp) * (lp - ours[j])
					}
				}
				if argmax64(ref) == argmax64(ours) {
					langAgree++
				}
				langN++
				langKL = append(langKL, kl)
				if lo+i < 8 && os.Getenv("HYOKA_COMPARE_DEBUG") != "" {
					t.Logf("pos %d: KL %.3g", lo+i, kl)
				}
			}
		}
		f.Close()
		s.Close()
		m.Close()
		var buckets []string
		for lo := 0; lo < len(langKL); lo += 256 {
			m, _, _ := klStats(langKL[lo:min(lo+256, len(langKL))])
			buckets = append(buckets, fmt.Sprintf("[%d,%d) %.3g", lo, min(lo+256, len(langKL)), m))
		}
		t.Logf("%s: KL mean by position: %s", base, strings.Join(buckets, ", "))
		mean, p99, mx := klStats(langKL)
		t.Logf("%s: %d tokens, top-1 agreement %.2f%%, KL mean %.3g p99 %.3g max %.3g",
			base, langN, 100*float64(langAgree)/float64(langN), mean, p99, mx)
		a.n += langN
		a.agree += langAgree
		a.kls = append(a.kls, langKL...)
	}
	if len(order) == 0 {
		t.Fatalf("no MODEL.LANG.json/.f32 pairs in %s", dir)
	}
	for _, name := range order {
		a := byModel[name]
		mean, p99, mx := klStats(a.kls)
		agree := float64(a.agree) / float64(a.n)
		t.Logf("%s (all): %d tokens, top-1 agreement %.2f%%, KL mean %.3g p99 %.3g max %.3g", name, a.n, 100*agree, mean, p99, mx)
		if agree < 0.99 || mean > 1e-3 {
			t.Errorf("%s: agreement %.4f (want >= 0.99), mean KL %.3g (want <= 1e-3)", name, agree, mean)
		}
	}
}

func klStats(kls []float64) (mean, p99, mx float64) {
	s := slices.Clone(kls)
	slices.Sort(s)
	for _, v := range s {
		mean += v
	}
	mean /= float64(len(s))
	return mean, s[min(len(s)-1, int(math.Ceil(0.99*float64(len(s))))-1)], s[len(s)-1]
}

// logSoftmax64 replaces x by its log-softmax.
func logSoftmax64(x []float64) {
	mx := math.Inf(-1)
	for _, v := range x {
		mx = math.Max(mx, v)
	}
	sum := 0.0
	for _, v := range x {
		sum += math.Exp(v - mx)
	}
	lse := mx + math.Log(sum)
	for i := range x {
		x[i] -= lse
	}
}

func argmax64(x []float64) int {
	b := 0
	for i, v := range x {
		if v > x[b] {
			b = i
		}
	}
	return b
}

func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(file))
}

// TestCompareGreedy compares greedy generation with llama.cpp's: for each
// gen.MODEL.jsonl line (ref.mjs generate output) the generated ids must be
// identical, except from a step where llama.cpp's top two logits are within
// 1e-3 of each other (a near-tie, reported). As ref.mjs did, each prompt
// starts from an empty cache and is decoded in one batch (with logits for
// its last token only), then one token at a time: the batches matter with
// LlamaCpp numerics (HYOKA_COMPARE_NUMERICS=llamacpp).
//
// With HYOKA_COMPARE_GAPS=1 it also replays each prompt's common steps the
// same way and compares our top-2 logit gap with llama.cpp's at every step
// (ref.mjs's gap, log(p1/p2) of its float32 probabilities rounded to 1e-6,
// is within about 1e-6 of the logits' difference): identical logits give
// gaps within 2e-6 everywhere, a last-bit difference in some step's logits
// usually shows as more.
func TestCompareGreedy(t *testing.T) {
	dir := os.Getenv("HYOKA_COMPARE_DIR")
	if dir == "" {
		t.Skip("HYOKA_COMPARE_DIR not set (see scripts/compare-llamacpp.sh)")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "gen.*.jsonl"))
	if len(files) == 0 {
		t.Fatalf("no gen.*.jsonl in %s", dir)
	}
	for _, gf := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(gf), "gen."), ".jsonl")
		m, err := LoadWith(filepath.Join(repoRoot(), "models", name+".gguf"), compareLoadOptions(t))
		if err != nil {
			t.Fatal(err)
		}
		tok, err := tokenizer.FromGGUFWarn(m.File(), nil)
		if err != nil {
			t.Fatal(err)
		}
		s, err := m.NewSession(SessionOptions{Context: 512, BatchSize: 512})
		if err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(gf)
		if err != nil {
			t.Fatal(err)
		}
		same, ties, bad := 0, 0, 0
		gapSteps, gapOff, gapMax := 0, 0, 0.0
		for ln, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
			var ref struct {
				PromptTokens []int32   `json:"prompt_tokens"`
				Tokens       []int32   `json:"tokens"`
				Gaps         []float64 `json:"top2_gaps"`
			}
			if err := json.Unmarshal([]byte(line), &ref); err != nil {
				t.Fatalf("%s:%d: %v", gf, ln+1, err)
			}
			if err := s.Truncate(0, 0); err != nil { // no prefix reuse: the whole prompt in one batch
				t.Fatal(err)
			}
			g, err := GenerateTokens(context.Background(), s, tok, ref.PromptTokens, GenerateOptions{MaxTokens: len(ref.Tokens)})
			if err != nil {
				t.Fatal(err)
			}
			k := commonPrefix(g.Tokens, ref.Tokens)
			switch {
			case k == len(ref.Tokens) && len(g.Tokens) == len(ref.Tokens):
				same++
			case k < len(ref.Gaps) && ref.Gaps[k] < 1e-3:
				ties++
				t.Logf("%s prompt %d: diverges at step %d, a near-tie (llama.cpp top-2 gap %.3g)", name, ln+1, k, ref.Gaps[k])
			default:
				bad++
				gap := math.NaN()
				if k < len(ref.Gaps) {
					gap = ref.Gaps[k]
				}
				t.Errorf("%s prompt %d: diverges at step %d (llama.cpp top-2 gap %.3g)\n ours %v\n ref  %v", name, ln+1, k, gap, g.Tokens, ref.Tokens)
			}
			if os.Getenv("HYOKA_COMPARE_GAPS") == "1" {
				gaps := replayGaps(t, s, ref.PromptTokens, ref.Tokens[:min(k, len(ref.Gaps))])
				for j, gp := range gaps {
					d := math.Abs(gp - ref.Gaps[j])
					gapSteps++
					gapMax = max(gapMax, d)
					if d > 2e-6 {
						gapOff++
						if gapOff <= 5 {
							t.Logf("%s prompt %d step %d: top-2 gap %.7f, llama.cpp %.7f", name, ln+1, j, gp, ref.Gaps[j])
						}
					}
				}
			}
		}
		if gapSteps > 0 {
			t.Logf("%s (%s): top-2 gaps at %d common steps: %d differ from llama.cpp's by more than 2e-6, largest difference %.3g",
				name, m.Numerics(), gapSteps, gapOff, gapMax)
		}
		t.Logf("%s (%s): %d prompts identical, %d differ at near-ties, %d differ", name, m.Numerics(), same, ties, bad)
		s.Close()
		m.Close()
	}
}

// replayGaps decodes prompt into sequence 0 of an emptied cache in one
// batch (logits for its last token), then tokens one at a time, and
// returns the top-2 logit gap before each of them.
func replayGaps(t *testing.T, s *Session, prompt, tokens []int32) []float64 {
	t.Helper()
	if err := s.Truncate(0, 0); err != nil {
		t.Fatal(err)
	}
	batch := make([]Token, len(prompt))
	for i, id := range prompt {
		batch[i] = Token{ID: id, Pos: i, Seq: []int{0}, Logits: i == len(prompt)-1}
	}
	if err := s.Decode(context.Background(), batch); err != nil {
		t.Fatal(err)
	}
	logits := s.Logits(len(prompt) - 1)
	gaps := make([]float64, len(tokens))
	for j, id := range tokens {
		a, b := math.Inf(-1), math.Inf(-1)
		for _, v := range logits {
			switch f := float64(v); {
			case f > a:
				a, b = f, a
			case f > b:
				b = f
			}
		}
		gaps[j] = a - b
		if j == len(tokens)-1 {
			break
		}
		if err := s.Decode(context.Background(), []Token{{ID: id, Pos: len(prompt) + j, Seq: []int{0}, Logits: true}}); err != nil {
			t.Fatal(err)
		}
		logits = s.Logits(0)
	}
	return gaps
}
