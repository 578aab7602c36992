package eval

import (
	"context"
	"encoding/json"
	"errors"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeLM is a deterministic test double for runner logic only: a request's
// answer depends on its own strings, never on batching or order. It records
// every call so tests can check what the runner sent.
type fakeLM struct {
	mu        sync.Mutex
	llCalls   [][]LLRequest
	genCalls  [][]GenRequest
	failAfter int // fail the call after this many successful calls (0: never)
	calls     int
	onFirst   func()        // called (outside the lock) before the first call is answered
	sleep     time.Duration // each call waits this long (a paused process)
	burn      time.Duration // and computes this long (process CPU time)
	log       []string      // "ll " or "gen " + each call's first context, in call order
}

func hash01(parts ...string) float64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return float64(h.Sum64()%1_000_003) / 1_000_003
}

func (f *fakeLM) step() error {
	f.mu.Lock()
	f.calls++
	first, hook := f.calls == 1, f.onFirst
	fail := f.failAfter > 0 && f.calls > f.failAfter
	f.mu.Unlock()
	if first && hook != nil {
		hook()
	}
	time.Sleep(f.sleep)
	for c0, x := processCPU(), 1.0; f.burn > 0 && processCPU()-c0 < f.burn.Seconds(); x = x*1.0000001 + 1e-9 {
		_ = x
	}
	if fail {
		return errors.New("fake LM: killed")
	}
	return nil
}

func (f *fakeLM) Loglikelihood(ctx context.Context, reqs []LLRequest) ([]LLResult, error) {
	if err := f.step(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.llCalls = append(f.llCalls, reqs)
	f.log = append(f.log, "ll "+reqs[0].Context)
	f.mu.Unlock()
	out := make([]LLResult, len(reqs))
	for i, r := range reqs {
		out[i] = LLResult{LogProb: -10 * hash01(r.Context, r.Continuation), NTokens: len(r.Continuation)}
	}
	return out, nil
}

func (f *fakeLM) GenerateUntil(ctx context.Context, reqs []GenRequest) ([]string, error) {
	if err := f.step(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.genCalls = append(f.genCalls, reqs)
	f.log = append(f.log, "gen "+reqs[0].Context)
	f.mu.Unlock()
	out := make([]string, len(reqs))
	for i, r := range reqs {
		// Sometimes the right shape of answer, sometimes not; with text
		// after a stop string that the runner must cut.
		switch x := hash01(r.Context); {
		case x < 0.3:
			out[i] = " 2\n\nQ: more"
		case x < 0.6:
			out[i] = " So the answer is (A).\n\nQ"
		default:
			out[i] = "#### 18\nQuestion: next"
		}
	}
	return out, nil
}

func testTasks(t *testing.T) []*Task {
	t.Helper()
	ts, err := Select("jcommonsenseqa,mmlu,xwinograd_en,gsm8k,bbh")
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// TestRunOrderAndBatchingDoNotChangeScores runs the same tasks with
// reordering on and off and different batch sizes; every score and sample
// must be identical.
func TestRunOrderAndBatchingDoNotChangeScores(t *testing.T) {
	ctx := context.Background()
	var ref *Results
	for _, o := range []Options{
		{Limit: 25, NoReorder: true, BatchDocs: 1},
		{Limit: 25, BatchDocs: 7},
		{Limit: 25, BatchDocs: 100},
	} {
		lm := &fakeLM{}
		res, err := Run(ctx, lm, testTasks(t), o)
		if err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref = res
			continue
		}
		for name, tr := range res.Results {
			want := ref.Results[name]
			if tr.Value != want.Value || tr.Stderr != want.Stderr || tr.N != want.N || !reflect.DeepEqual(tr.Groups, want.Groups) {
				t.Errorf("%s with %+v: %v ± %v (n %d), want %v ± %v (n %d)", name, o, tr.Value, tr.Stderr, tr.N, want.Value, want.Stderr, want.N)
			}
		}
	}
	// mmlu and bbh apply the limit per subject, as lm-eval does.
	if v := ref.Results["mmlu"]; v.N != 25*57 || len(v.Groups) != 57 || v.Metric != "acc" || v.Value <= 0 || v.Value >= 1 {
		t.Errorf("mmlu result %+v looks wrong for a hash LM", v)
	}
	if v := ref.Results["bbh"]; v.N != 25*27 || len(v.Groups) != 27 {
		t.Errorf("bbh with --limit 25: n %d over %d subtasks, want 25 of each of 27", v.N, len(v.Groups))
	}
}

// TestRunSharedPrefixesAdjacent checks that a batch sends the choices of a
// question together, in prefix order, and that with the limit per subject
// each batch holds one MMLU subject, all of whose prompts share the
// description and 5-shot prefix.
func TestRunSharedPrefixesAdjacent(t *testing.T) {
	lm := &fakeLM{}
	mmlu, _ := Lookup("mmlu")
	if _, err := Run(context.Background(), lm, []*Task{mmlu}, Options{Limit: 40, BatchDocs: 40}); err != nil {
		t.Fatal(err)
	}
	if len(lm.llCalls) != 57 {
		t.Fatalf("%d calls, want 57 (one per subject)", len(lm.llCalls))
	}
	for c, reqs := range lm.llCalls {
		if len(reqs) != 160 {
			t.Fatalf("call %d: %d requests, want 160", c, len(reqs))
		}
		prefix := reqs[0].Context[:strings.LastIndex(reqs[0].Context, "\n\n")]
		for i := 0; i < len(reqs); i += 4 {
			for j := 1; j < 4; j++ {
				if reqs[i+j].Context != reqs[i].Context {
					t.Fatalf("call %d: choices of one question are not adjacent at %d", c, i)
				}
			}
			if i > 0 && reqs[i].Context < reqs[i-1].Context {
				t.Fatalf("call %d: contexts not in prefix order at %d", c, i)
			}
			if !strings.HasPrefix(reqs[i].Context, prefix) {
				t.Fatalf("call %d: request %d does not share the few-shot prefix", c, i)
			}
		}
	}
}

// TestRunResume kills a run part-way (the LM fails), leaves a torn last
// line, and checks that the second run computes only the missing documents
// and ends with the same results as an uninterrupted run.
func TestRunResume(t *testing.T) {
	ctx := context.Background()
	tasks := testTasks(t)
	opts := Options{Limit: 20, BatchDocs: 3, Model: ModelInfo{Name: "fake", File: "fake.gguf", SHA256: "00"}, HyokaVersion: "test"}

	full, err := Run(ctx, &fakeLM{}, tasks, opts)
	if err != nil {
		t.Fatal(err)
	}

	opts.OutDir = t.TempDir()
	_, err = Run(ctx, &fakeLM{failAfter: 9}, tasks, opts)
	if err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("first run error %v, want the fake kill", err)
	}
	dir := filepath.Join(opts.OutDir, "fake")
	// Simulate a kill in the middle of a write.
	partial := filepath.Join(dir, "samples_mmlu.jsonl")
	before, _ := os.ReadFile(partial)
	fh, err := os.OpenFile(partial, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fh.WriteString(`{"doc_index": 19, "doc_id": "TORN-WRITE-MARKER`)
	fh.Close()
	done := strings.Count(string(before), "\n")
	if done == 0 || done >= 20 { // the first batches are abstract_algebra's (prefix order)
		t.Fatalf("mmlu samples after the kill: %d lines, want some but not all", done)
	}

	lm := &fakeLM{}
	res, err := Run(ctx, lm, tasks, opts)
	if err != nil {
		t.Fatal(err)
	}
	sent := 0
	for _, c := range lm.llCalls {
		for _, r := range c {
			if strings.Contains(r.Context, "abstract algebra") {
				sent++
			}
		}
	}
	if sent != (20-done)*4 {
		t.Errorf("resumed run sent %d mmlu requests, want %d", sent, (20-done)*4)
	}
	for name, tr := range res.Results {
		w := full.Results[name]
		if tr.Value != w.Value || tr.N != w.N {
			t.Errorf("%s after resume: %v (n %d), want %v (n %d)", name, tr.Value, tr.N, w.Value, w.N)
		}
	}
	rj, err := ReadResults(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if rj.Model != "fake" || rj.Results["mmlu"] == nil || rj.Results["mmlu"].Metric != "acc" || rj.TaskVersions["bbh"] != "2.0" {
		t.Fatalf("results.json: %+v", rj)
	}
	if rj.Results["mmlu"].Resumed != done {
		t.Errorf("mmlu resumed %d, want %d", rj.Results["mmlu"].Resumed, done)
	}
	b, _ := os.ReadFile(partial)
	if strings.Contains(string(b), "TORN-WRITE-MARKER") || strings.Count(string(b), "\n") != res.Results["mmlu"].N {
		t.Errorf("samples file after resume has %d lines or the torn line", strings.Count(string(b), "\n"))
	}
	// The task's compute time is the sum of its documents' times, those
	// of the killed run included, and stays when a later run has nothing
	// left to compute.
	sumSeconds := func() float64 {
		var sum float64
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			var s Sample
			if err := json.Unmarshal([]byte(line), &s); err != nil {
				t.Fatal(err)
			}
			if !(s.Seconds > 0) {
				t.Fatalf("sample %s has no time: %s", s.DocID, line)
			}
			sum += s.Seconds
		}
		return sum
	}
	want := sumSeconds()
	if got := rj.Results["mmlu"].Seconds; math.Abs(got-want) > 1e-9*want || rj.Results["mmlu"].DocsPerSec <= 0 {
		t.Errorf("mmlu seconds %v (docs/s %v), want the samples' sum %v", got, rj.Results["mmlu"].DocsPerSec, want)
	}
	// A third run computes nothing.
	lm3 := &fakeLM{}
	res3, err := Run(ctx, lm3, tasks, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(lm3.llCalls)+len(lm3.genCalls) != 0 {
		t.Errorf("finished run recomputed %d batches", len(lm3.llCalls)+len(lm3.genCalls))
	}
	if got := res3.Results["mmlu"].Seconds; math.Abs(got-want) > 1e-9*want {
		t.Errorf("mmlu seconds after a run with nothing to do: %v, want %v", got, want)
	}
}

func TestRunResumeMismatch(t *testing.T) {
	ctx := context.Background()
	gsm, _ := Lookup("gsm8k")
	opts := Options{Limit: 3, OutDir: t.TempDir(), Model: ModelInfo{Name: "m"}}
	if _, err := Run(ctx, &fakeLM{}, []*Task{gsm}, opts); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(opts.OutDir, "m", "samples_gsm8k.jsonl")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(b), "Question:", "Frage:", 1)), 0o644)
	if _, err := Run(ctx, &fakeLM{}, []*Task{gsm}, opts); !errors.Is(err, ErrResumeMismatch) {
		t.Fatalf("error %v, want ErrResumeMismatch", err)
	}
}

// TestRunResumeOtherModelOrNumerics: an output folder is not resumed with
// another model file or another arithmetic (the samples would mix); the
// same settings resume.
func TestRunResumeOtherModelOrNumerics(t *testing.T) {
	ctx := context.Background()
	gsm, _ := Lookup("gsm8k")
	dir := t.TempDir()
	base := Options{Limit: 2, OutDir: dir, Model: ModelInfo{Name: "m", SHA256: "aa"},
		Settings: map[string]any{"numerics": "exact"}}
	if _, err := Run(ctx, &fakeLM{}, []*Task{gsm}, base); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(ctx, &fakeLM{}, []*Task{gsm}, base); err != nil {
		t.Fatalf("same settings: %v", err)
	}
	other := base
	other.Model.SHA256 = "bb"
	if _, err := Run(ctx, &fakeLM{}, []*Task{gsm}, other); !errors.Is(err, ErrResumeMismatch) {
		t.Errorf("another model file: error %v, want ErrResumeMismatch", err)
	}
	fast := base
	fast.Settings = map[string]any{"numerics": "fast"}
	if _, err := Run(ctx, &fakeLM{}, []*Task{gsm}, fast); !errors.Is(err, ErrResumeMismatch) || !strings.Contains(err.Error(), "numerics") {
		t.Errorf("other numerics: error %v, want ErrResumeMismatch naming numerics", err)
	}
}

func TestRunProgressAndBadModelName(t *testing.T) {
	var last Progress
	n := 0
	gsm, _ := Lookup("gsm8k")
	_, err := Run(context.Background(), &fakeLM{}, []*Task{gsm}, Options{Limit: 10, BatchDocs: 4, Progress: func(p Progress) { last = p; n++ }})
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 || last.Done != 10 || last.Total != 10 || last.DocsPerSec <= 0 {
		t.Errorf("progress: %d calls, last %+v", n, last)
	}
	if _, err := Run(context.Background(), &fakeLM{}, []*Task{gsm}, Options{OutDir: t.TempDir(), Model: ModelInfo{Name: "../x"}}); err == nil {
		t.Error("model name with a slash accepted")
	}
}

func TestFloatsJSON(t *testing.T) {
	b, err := Floats{-1.5, math.Inf(-1), math.NaN()}.MarshalJSON()
	if err != nil || string(b) != "[-1.5,null,null]" {
		t.Fatalf("%s %v", b, err)
	}
	var f Floats
	if err := f.UnmarshalJSON(b); err != nil || f[0] != -1.5 || !math.IsNaN(f[1]) {
		t.Fatalf("%v %v", f, err)
	}
}

func TestProgressStringAndTable(t *testing.T) {
	p := Progress{Task: "mmlu", Done: 50, Total: 200, DocsPerSec: 10, ETA: 15 * 1e9, Resumed: 5}
	if s := p.String(); !strings.Contains(s, "50/200") || !strings.Contains(s, "25.0%") || !strings.Contains(s, "ETA 15s") || !strings.Contains(s, "5 resumed") {
		t.Errorf("progress line %q", s)
	}
	p.DocsPerSec = 0.04 // HumanEval on Gemma 3: 25 s a problem
	if s := p.String(); !strings.Contains(s, "25 s/doc") || strings.Contains(s, "docs/s") {
		t.Errorf("slow progress line %q", s)
	}
	p.DocsPerSec = 0.1
	if s := p.String(); !strings.Contains(s, "0.1 docs/s") {
		t.Errorf("progress line at 0.1 docs/s %q", s)
	}
	r := &Results{Results: map[string]*TaskResult{"gsm8k": {Metric: "exact_match", Filter: "strict-match", Value: 0.25, N: 4}}}
	var b strings.Builder
	if err := r.WriteTable(&b); err != nil || !strings.Contains(b.String(), "exact_match,strict-match") || !strings.Contains(b.String(), "0.2500") {
		t.Errorf("table %q %v", b.String(), err)
	}
}

// TestRunResumeLargerLimit scores 5 documents per MMLU subject, then 8: the
// second run reuses the first run's samples (matched by document id) and
// computes only the new ones.
func TestRunResumeLargerLimit(t *testing.T) {
	ctx := context.Background()
	mmlu, _ := Lookup("mmlu")
	opts := Options{Limit: 5, OutDir: t.TempDir(), Model: ModelInfo{Name: "m"}}
	if _, err := Run(ctx, &fakeLM{}, []*Task{mmlu}, opts); err != nil {
		t.Fatal(err)
	}
	opts.Limit = 8
	lm := &fakeLM{}
	res, err := Run(ctx, lm, []*Task{mmlu}, opts)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range lm.llCalls {
		n += len(c)
	}
	if n != 3*57*4 || res.Results["mmlu"].Resumed != 5*57 || res.Results["mmlu"].N != 8*57 {
		t.Fatalf("second run sent %d requests, resumed %d, n %d", n, res.Results["mmlu"].Resumed, res.Results["mmlu"].N)
	}
	full, err := Run(ctx, &fakeLM{}, []*Task{mmlu}, Options{Limit: 8})
	if err != nil {
		t.Fatal(err)
	}
	if full.Results["mmlu"].Value != res.Results["mmlu"].Value {
		t.Fatalf("resumed value %v, fresh %v", res.Results["mmlu"].Value, full.Results["mmlu"].Value)
	}
}

// streamLM is fakeLM with GenerateUntilStream: it delivers a call's
// answers in an order unrelated to the requests' and can be killed after a
// number of answers.
type streamLM struct {
	fakeLM
	killAfter int // fail after this many answers (0: never)
	answers   int
	streams   int
}

func (f *streamLM) GenerateUntilStream(ctx context.Context, reqs []GenRequest, done func(int, string) error) error {
	texts, err := f.GenerateUntil(ctx, reqs)
	if err != nil {
		return err
	}
	f.streams++
	order := make([]int, len(reqs))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		return hash01(reqs[order[a]].Context, strconv.Itoa(order[a])) < hash01(reqs[order[b]].Context, strconv.Itoa(order[b]))
	})
	for _, i := range order {
		if f.killAfter > 0 && f.answers >= f.killAfter {
			return errors.New("fake LM: killed")
		}
		f.answers++
		if err := done(i, texts[i]); err != nil {
			return err
		}
	}
	return nil
}

// streamTestTasks are generation tasks (one with three samples per
// document) and a log-likelihood task, which is not streamed.
func streamTestTasks(t *testing.T) []*Task {
	t.Helper()
	ts, err := Select("gsm8k,bbh,mmlu")
	if err != nil {
		t.Fatal(err)
	}
	multi := *ts[0]
	multi.Name, multi.Samples = "gsm8k_x3", 3
	return append(ts, &multi)
}

// TestRunStreamMatchesBatches: generation tasks streamed through a
// StreamGenerator (answers arriving out of order) give the same samples
// and scores as batched calls, in one call per task, and log-likelihood
// tasks still go in batches.
func TestRunStreamMatchesBatches(t *testing.T) {
	ctx := context.Background()
	opts := Options{Limit: 6, BatchDocs: 4, Model: ModelInfo{Name: "fake"}}
	ref, err := Run(ctx, &fakeLM{}, streamTestTasks(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	lm := &streamLM{}
	opts.OutDir = t.TempDir()
	res, err := Run(ctx, lm, streamTestTasks(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	if lm.streams != 3 {
		t.Errorf("%d streamed calls, want one per generation task (3)", lm.streams)
	}
	if len(lm.llCalls) == 0 {
		t.Error("mmlu was not sent in log-likelihood batches")
	}
	for name, want := range ref.Results {
		got := res.Results[name]
		if got.Value != want.Value || got.Stderr != want.Stderr || got.N != want.N || !reflect.DeepEqual(got.Groups, want.Groups) {
			t.Errorf("%s streamed: %v ± %v (n %d), batched %v ± %v (n %d)", name, got.Value, got.Stderr, got.N, want.Value, want.Stderr, want.N)
		}
	}
	b, err := os.ReadFile(filepath.Join(opts.OutDir, "fake", "samples_gsm8k_x3.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 6 {
		t.Fatalf("gsm8k_x3 samples: %d lines, want 6", len(lines))
	}
	for _, line := range lines {
		var s Sample
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			t.Fatal(err)
		}
		if len(s.Responses) != 3 || s.Response == nil || *s.Response != s.Responses[0] || !(s.Seconds >= 0) {
			t.Errorf("sample %s: %d responses, response %v, seconds %v", s.DocID, len(s.Responses), s.Response, s.Seconds)
		}
	}
}

// TestRunStreamResume: documents that a killed stream finished are on
// disk; the next run generates only the others and ends with the scores of
// an uninterrupted run.
func TestRunStreamResume(t *testing.T) {
	ctx := context.Background()
	tasks := streamTestTasks(t)[:1] // gsm8k
	opts := Options{Limit: 12, Model: ModelInfo{Name: "fake"}}
	full, err := Run(ctx, &fakeLM{}, tasks, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.OutDir = t.TempDir()
	if _, err := Run(ctx, &streamLM{killAfter: 5}, tasks, opts); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("first run error %v, want the fake kill", err)
	}
	b, err := os.ReadFile(filepath.Join(opts.OutDir, "fake", "samples_gsm8k.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), "\n"); n != 5 {
		t.Fatalf("%d documents on disk after a kill after 5 answers, want 5", n)
	}
	lm := &streamLM{}
	res, err := Run(ctx, lm, tasks, opts)
	if err != nil {
		t.Fatal(err)
	}
	if lm.answers != 7 {
		t.Errorf("resumed run generated %d answers, want 7", lm.answers)
	}
	if got, want := res.Results["gsm8k"], full.Results["gsm8k"]; got.Value != want.Value || got.N != want.N || got.Resumed != 5 {
		t.Errorf("after resume %v (n %d, resumed %d), want %v (n %d, resumed 5)", got.Value, got.N, got.Resumed, want.Value, want.N)
	}
}

// TestRunMixedRequestsPerDocument: a task whose documents ask for a
// generation and log-likelihoods of the same prompt (SQuAD2) sends each
// document's log-likelihoods and then its generation, so the prompt is
// still cached (the scores do not depend on it: the engine tests check
// that each answer is independent of what else was computed).
func TestRunMixedRequestsPerDocument(t *testing.T) {
	ctx := context.Background()
	tasks, err := Select("squad2")
	if err != nil {
		t.Fatal(err)
	}
	lm := &fakeLM{}
	res, err := Run(ctx, lm, tasks, Options{Limit: 9, BatchDocs: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(lm.log) != 18 {
		t.Fatalf("%d calls for 9 documents, want 18", len(lm.log))
	}
	for i := 0; i < len(lm.log); i += 2 {
		ll, gen := lm.log[i], lm.log[i+1]
		if !strings.HasPrefix(ll, "ll ") || gen != "gen "+strings.TrimPrefix(ll, "ll ") {
			t.Fatalf("calls %d, %d: %.40q then %.40q, want one document's log-likelihoods then its generation", i, i+1, ll, gen)
		}
	}
	if res.Results["squad2"].N != 9 {
		t.Errorf("squad2 n %d, want 9", res.Results["squad2"].N)
	}
}

// TestRunSkipsBusyTask: a task whose samples file another process holds
// (its lock taken here by another open file) is skipped and listed in
// Busy while the run goes on with the other tasks; once the lock is gone
// a run evaluates it, and results.json holds both.
func TestRunSkipsBusyTask(t *testing.T) {
	ctx := context.Background()
	gsm, _ := Lookup("gsm8k")
	obqa, _ := Lookup("openbookqa")
	opts := Options{Limit: 3, OutDir: t.TempDir(), Model: ModelInfo{Name: "m"}}
	dir := filepath.Join(opts.OutDir, "m")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	held, err := os.OpenFile(filepath.Join(dir, "samples_gsm8k.jsonl"), os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if err := tryLock(held); err != nil {
		t.Fatal(err)
	}
	lm := &fakeLM{}
	res, err := Run(ctx, lm, []*Task{gsm, obqa}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Busy, []string{"gsm8k"}) || res.Results["gsm8k"] != nil || res.Results["openbookqa"] == nil {
		t.Fatalf("busy %v, results %v", res.Busy, res.Results)
	}
	if len(lm.genCalls) != 0 {
		t.Errorf("the busy task was evaluated (%d generation calls)", len(lm.genCalls))
	}
	var table strings.Builder
	if err := res.WriteTable(&table); err != nil || !strings.Contains(table.String(), "gsm8k") || !strings.Contains(table.String(), "another process") {
		t.Errorf("table does not name the skipped task: %q (%v)", table.String(), err)
	}
	held.Close()
	res, err = Run(ctx, &fakeLM{}, []*Task{gsm, obqa}, opts)
	if err != nil {
		t.Fatal(err)
	}
	rj, err := ReadResults(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Busy) != 0 || rj.Results["gsm8k"] == nil || rj.Results["openbookqa"] == nil || rj.Results["gsm8k"].N != 3 {
		t.Fatalf("after the lock: busy %v, results.json %v", res.Busy, rj.Results)
	}
}

// TestRunKeepsOtherProcessesResults: two runs share a folder; one finishes
// a task while the other is under way (it read results.json before that),
// and the other's later writes keep it.
func TestRunKeepsOtherProcessesResults(t *testing.T) {
	ctx := context.Background()
	gsm, _ := Lookup("gsm8k")
	obqa, _ := Lookup("openbookqa")
	opts := Options{Limit: 2, OutDir: t.TempDir(), Model: ModelInfo{Name: "m"}}
	var inner error
	lm := &fakeLM{onFirst: func() {
		// the other process: openbookqa, start to end
		_, inner = Run(ctx, &fakeLM{}, []*Task{obqa}, opts)
	}}
	res, err := Run(ctx, lm, []*Task{gsm}, opts)
	if err != nil || inner != nil {
		t.Fatal(err, inner)
	}
	rj, err := ReadResults(filepath.Join(opts.OutDir, "m", "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"gsm8k", "openbookqa"} {
		if rj.Results[name] == nil || rj.TaskVersions[name] == "" || res.Results[name] == nil {
			t.Errorf("%s missing: results.json %v, returned %v", name, rj.Results, res.Results)
		}
	}
}

// TestRunCPUSeconds: a document's CPU time counts the work done for it and
// not the time its process waited: an LM that sleeps 40 ms and computes
// 10 ms of CPU time a call gives tasks whose seconds include the sleep and
// whose CPU seconds do not (bounds, not timings: a slower machine only
// widens the gap).
func TestRunCPUSeconds(t *testing.T) {
	if processCPU() == 0 {
		t.Skip("no process CPU time on this system")
	}
	ctx := context.Background()
	gsm, _ := Lookup("gsm8k")
	lm := &fakeLM{sleep: 40 * time.Millisecond, burn: 10 * time.Millisecond}
	opts := Options{Limit: 4, BatchDocs: 1, OutDir: t.TempDir(), Model: ModelInfo{Name: "m"}}
	res, err := Run(ctx, lm, []*Task{gsm}, opts)
	if err != nil {
		t.Fatal(err)
	}
	tr := res.Results["gsm8k"]
	calls := float64(lm.calls)
	// CPU seconds at least the burns and well short of the wall seconds,
	// which hold the sleeps
	if tr.CPUDocs != 4 || tr.CPUSeconds < 0.01*calls || tr.Seconds < 0.04*calls || tr.CPUSeconds > tr.Seconds-0.03*calls || tr.DocsPerCPUSecond <= tr.DocsPerSec {
		t.Fatalf("%v calls: seconds %v, cpu seconds %v over %d documents (%v and %v docs/s)", calls, tr.Seconds, tr.CPUSeconds, tr.CPUDocs, tr.DocsPerSec, tr.DocsPerCPUSecond)
	}
	samples, _, err := readSamples(filepath.Join(opts.OutDir, "m", "samples_gsm8k.jsonl"))
	if err != nil || len(samples) != 4 || samples[0].CPUSeconds <= 0 {
		t.Fatalf("samples %d (%v): cpu seconds not written", len(samples), err)
	}
}
