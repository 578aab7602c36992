package eval

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// resultSettings are the Options.Settings keys that change results: a run
// resumes an output folder only when they are equal.
var resultSettings = []string{"numerics"}

// ErrResumeMismatch is wrapped when an output folder was written by another
// run: samples for different prompts (another task version, limit rule or
// data), or results of another model file or numerics.
var ErrResumeMismatch = errors.New("samples file does not match this run")

// ErrTaskBusy is wrapped when another process (or another Run) is
// evaluating a task into the same output folder: Run skips that task and
// lists it in Results.Busy. Several processes can so share one folder,
// each taking the tasks no other one holds (Unix; flock).
var ErrTaskBusy = errors.New("another process is evaluating this task into the same folder")

// ModelInfo describes the evaluated model for the result files.
type ModelInfo struct {
	// Name is the folder name under Options.OutDir and results.json's
	// "model" ("smollm2-135m-instruct-q4_1").
	Name string
	// File is the model file's path as given; SHA256 its hex digest
	// (FileSHA256 computes it).
	File   string
	SHA256 string
	// Metadata is free-form (architecture, parameters, quantization, ...).
	Metadata map[string]any
}

// Progress reports a task's advance after each batch or streamed document.
type Progress struct {
	Task        string
	Done, Total int           // documents scored (resumed ones included) and to score
	Resumed     int           // documents read back from an earlier run
	Elapsed     time.Duration // time spent on this task in this run
	DocsPerSec  float64       // documents computed per second in this run
	ETA         time.Duration // estimated time left at the current rate (0 if unknown)
}

// Options configure Run. The zero value evaluates every document from the
// embedded data without writing files.
type Options struct {
	// Limit keeps the first Limit documents of each task (0: all).
	Limit int
	// Source is the benchmark data; nil means Embedded().
	Source Source
	// OutDir, when set, receives OutDir/<Model.Name>/results.json and
	// samples_<task>.jsonl; an interrupted run resumes from the samples.
	OutDir string
	Model  ModelInfo
	// HyokaVersion is recorded in results.json.
	HyokaVersion string
	// BatchDocs is the number of documents whose requests go to the model
	// in one call (default 32).
	BatchDocs int
	// NoReorder keeps evaluation order; by default documents are sorted by
	// prompt so that requests sharing a prefix are adjacent. Scores are the
	// same either way.
	NoReorder bool
	// Progress, when set, is called after each batch (or each document,
	// when a generation task is streamed).
	Progress func(Progress)
	// Settings are extra options to record in results.json (threads, ...).
	Settings map[string]any
	// AllowCodeExecution permits tasks that run model-generated programs
	// (HumanEval, JHumanEval; the CLI's --allow-code-execution). Without it
	// Run refuses them with ErrCodeExecutionNotAllowed before asking the
	// model for anything.
	AllowCodeExecution bool
	// AllowNetwork lets generated programs run without network isolation
	// where the system cannot create namespaces (the CLI's --allow-network;
	// sandbox.Options.AllowNetwork).
	AllowNetwork bool
}

// Sample is one line of samples_<task>.jsonl: everything needed to audit
// (and to resume without recomputing) one document. Resuming matches
// samples to documents by DocID and checks that the prompt is unchanged, so
// a run with a larger --limit reuses the documents already scored.
type Sample struct {
	DocIndex       int      `json:"doc_index"`
	DocID          string   `json:"doc_id"`
	Prompt         string   `json:"prompt"`
	Target         string   `json:"target"`
	Choices        []string `json:"choices,omitempty"`
	Gold           int      `json:"gold"`
	LogLikelihoods Floats   `json:"loglikelihoods,omitempty"`
	IsGreedy       []bool   `json:"is_greedy,omitempty"`
	Response       *string  `json:"response,omitempty"`
	Responses      []string `json:"responses,omitempty"` // every sample (Task.Samples > 1)
	Extracted      string   `json:"extracted"`
	Score          float64  `json:"score"`
	// Seconds is this document's share of the compute time of the batch
	// it was evaluated in (the batch's time over its documents), so that a
	// task's time adds up across resumed runs. 0 in files written before
	// hyoka recorded it.
	Seconds float64 `json:"seconds,omitempty"`
	// CPUSeconds is the same share of the process's CPU time (user and
	// system, every thread), which a paused or crowded process does not
	// add to: with one thread, the document's compute alone. 0 where the
	// system does not report it, and in files written before hyoka
	// recorded it.
	CPUSeconds float64 `json:"cpu_seconds,omitempty"`
}

// GroupResult is a subtask's share of a task result (MMLU subjects, BBH subtasks).
type GroupResult struct {
	Value float64 `json:"value"`
	N     int     `json:"n"`
}

// TaskResult is one task's entry in results.json.
type TaskResult struct {
	Metric     string                 `json:"metric"`
	Filter     string                 `json:"filter,omitempty"`
	Value      float64                `json:"value"`
	Stderr     float64                `json:"stderr"`
	N          int                    `json:"n"`
	Total      int                    `json:"total"`
	Version    string                 `json:"version"`
	Reference  string                 `json:"reference"`
	Shots      int                    `json:"num_fewshot"`
	Deviations []string               `json:"deviations"`
	Groups     map[string]GroupResult `json:"groups,omitempty"`
	// Seconds is the compute time of the task's documents, summed over
	// every run that evaluated some of them (Sample.Seconds), and
	// DocsPerSec the documents per second over that time; documents from
	// files without per-document times do not count in either.
	Seconds    float64 `json:"seconds"`
	DocsPerSec float64 `json:"docs_per_sec"`
	// CPUSeconds and DocsPerCPUSecond are the same over the documents
	// that recorded their CPU time (Sample.CPUSeconds); CPUDocs counts
	// them.
	CPUSeconds       float64 `json:"cpu_seconds,omitempty"`
	DocsPerCPUSecond float64 `json:"docs_per_cpu_second,omitempty"`
	CPUDocs          int     `json:"cpu_docs,omitempty"`
	// RunSeconds is the wall time of the last run's pass over the task.
	RunSeconds float64   `json:"run_seconds"`
	Resumed    int       `json:"resumed"`
	Finished   time.Time `json:"finished"`
}

// Results is results.json. Value and Stderr are on a 0..1 scale; Value is the
// mean over documents (micro average over subtasks).
type Results struct {
	Model        string                 `json:"model"`
	ModelFile    string                 `json:"model_file"`
	ModelSHA256  string                 `json:"model_sha256"`
	Metadata     map[string]any         `json:"metadata,omitempty"`
	HyokaVersion string                 `json:"hyoka_version"`
	Options      map[string]any         `json:"options"`
	TaskVersions map[string]string      `json:"task_versions"`
	Results      map[string]*TaskResult `json:"results"`
	Started      time.Time              `json:"started"`
	Updated      time.Time              `json:"updated"`
	// Busy lists the tasks this run skipped because another process was
	// evaluating them into the same folder (ErrTaskBusy); not written.
	Busy []string `json:"-"`
}

// Run evaluates tasks with lm. Each task's documents are built as the
// reference harness builds them, sent to lm in batches ordered so that
// shared prompt prefixes are adjacent, scored, and (with OutDir) appended to
// the samples file, synced after every batch. A later Run with the same
// OutDir reads the samples back and only computes the missing documents.
// The returned Results are also written to OutDir/<model>/results.json
// after every task.
func Run(ctx context.Context, lm LM, tasks []*Task, opts Options) (*Results, error) {
	if lm == nil {
		return nil, errors.New("eval: Run: nil LM")
	}
	src := opts.Source
	if src == nil {
		src = Embedded()
	}
	if opts.BatchDocs <= 0 {
		opts.BatchDocs = 32
	}
	res := &Results{
		Model: opts.Model.Name, ModelFile: opts.Model.File, ModelSHA256: opts.Model.SHA256,
		Metadata: opts.Model.Metadata, HyokaVersion: opts.HyokaVersion,
		Options: map[string]any{
			"limit": opts.Limit, "data": src.String(), "batch_docs": opts.BatchDocs, "reorder": !opts.NoReorder,
		},
		TaskVersions: map[string]string{}, Results: map[string]*TaskResult{},
		Started: time.Now().UTC(),
	}
	for k, v := range opts.Settings {
		res.Options[k] = v
	}
	if err := checkCodeExecution(ctx, tasks, opts); err != nil {
		return nil, err
	}
	var dir string
	if opts.OutDir != "" {
		if opts.Model.Name == "" || strings.ContainsAny(opts.Model.Name, `/\`) || opts.Model.Name == "." || opts.Model.Name == ".." {
			return nil, fmt.Errorf("eval: Run: model name %q cannot name a folder", opts.Model.Name)
		}
		dir = filepath.Join(opts.OutDir, opts.Model.Name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("eval: %w", err)
		}
		// Keep results of tasks evaluated by earlier runs into this folder,
		// if they were made with the same model file and numerics.
		if old, err := ReadResults(filepath.Join(dir, "results.json")); err == nil {
			if old.ModelSHA256 != "" && opts.Model.SHA256 != "" && old.ModelSHA256 != opts.Model.SHA256 {
				return nil, fmt.Errorf("eval: %w: %s was written for another model file (sha256 %s); use a new --out folder",
					ErrResumeMismatch, filepath.Join(dir, "results.json"), old.ModelSHA256)
			}
			for _, key := range resultSettings {
				was, ok1 := old.Options[key]
				now, ok2 := opts.Settings[key]
				if ok1 && ok2 && fmt.Sprint(was) != fmt.Sprint(now) {
					return nil, fmt.Errorf("eval: %w: %s was written with %s %v, this run has %v; use a new --out folder",
						ErrResumeMismatch, filepath.Join(dir, "results.json"), key, was, now)
				}
			}
			for k, v := range old.Results {
				res.Results[k] = v
			}
			for k, v := range old.TaskVersions {
				res.TaskVersions[k] = v
			}
			res.Started = old.Started
		}
	}
	mine := map[string]bool{} // the tasks this run evaluated
	for _, t := range tasks {
		tr, err := runTask(ctx, lm, t, src, dir, opts)
		if errors.Is(err, ErrTaskBusy) {
			res.Busy = append(res.Busy, t.Name)
			continue
		}
		if err != nil {
			return res, err
		}
		if old := res.Results[t.Name]; old != nil && tr.Seconds == 0 && old.Seconds > 0 {
			// samples written before per-document times: keep what the
			// run that computed them measured
			tr.Seconds, tr.DocsPerSec = old.Seconds, old.DocsPerSec
		}
		res.Results[t.Name] = tr
		res.TaskVersions[t.Name] = t.Version
		res.Updated = time.Now().UTC()
		mine[t.Name] = true
		if dir != "" {
			if err := writeResults(dir, res, mine); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

// writeResults writes res to dir/results.json under a lock on dir, first
// taking from the file the tasks that other processes sharing the folder
// finished since this run read it (every task but the ones in mine), so
// that no process's results overwrite another's.
func writeResults(dir string, res *Results, mine map[string]bool) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	defer d.Close()
	lockWait(d)
	path := filepath.Join(dir, "results.json")
	if cur, err := ReadResults(path); err == nil {
		for k, v := range cur.Results {
			if !mine[k] {
				res.Results[k] = v
				if ver, ok := cur.TaskVersions[k]; ok {
					res.TaskVersions[k] = ver
				}
			}
		}
	}
	return writeJSONAtomic(path, res)
}

func runTask(ctx context.Context, lm LM, t *Task, src Source, dir string, opts Options) (*TaskResult, error) {
	ins, err := t.Instances(src, opts.Limit)
	if err != nil {
		return nil, err
	}
	samples := make([]*Sample, len(ins))
	var out *os.File
	resumed := 0
	if dir != "" {
		path := filepath.Join(dir, "samples_"+t.Name+".jsonl")
		// the samples file, locked while this run appends to it
		out, err = os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			return nil, fmt.Errorf("eval: %w", err)
		}
		defer out.Close()
		if err := tryLock(out); err != nil {
			return nil, fmt.Errorf("eval: %s: %s: %w", t.Name, path, err)
		}
		old, validLen, err := readSamples(path)
		if err != nil {
			return nil, err
		}
		byID := make(map[string]int, len(ins))
		for i := range ins {
			byID[ins[i].Doc.ID] = i
		}
		for _, s := range old {
			i, ok := byID[s.DocID]
			if !ok {
				continue // outside this run's limit: kept in the file, not counted
			}
			if s.Prompt != ins[i].Prompt {
				return nil, fmt.Errorf("eval: %s: %w: %s document %s was written for another prompt; use a new --out folder",
					t.Name, ErrResumeMismatch, path, s.DocID)
			}
			if samples[i] == nil {
				resumed++
			}
			s.DocIndex = i
			samples[i] = s
		}
		// Drop a partial last line left by a kill, then append.
		if err := out.Truncate(validLen); err != nil {
			return nil, fmt.Errorf("eval: %w", err)
		}
		if _, err := out.Seek(validLen, io.SeekStart); err != nil {
			return nil, fmt.Errorf("eval: %w", err)
		}
	}

	var pending []int
	for i := range ins {
		if samples[i] == nil {
			pending = append(pending, i)
		}
	}
	if !opts.NoReorder {
		sort.SliceStable(pending, func(a, b int) bool { return ins[pending[a]].Prompt < ins[pending[b]].Prompt })
	}

	start := time.Now()
	computed := 0
	report := func() {
		if opts.Progress == nil {
			return
		}
		el := time.Since(start)
		p := Progress{Task: t.Name, Done: resumed + computed, Total: len(ins), Resumed: resumed, Elapsed: el}
		if computed > 0 && el > 0 {
			p.DocsPerSec = float64(computed) / el.Seconds()
			p.ETA = time.Duration(float64(len(ins)-p.Done) / p.DocsPerSec * float64(time.Second))
		}
		opts.Progress(p)
	}
	report()
	// emit records finished documents: appended to the samples file (and
	// synced when sync is set) and counted.
	var unsynced bytes.Buffer
	lastSync := time.Now()
	emit := func(done []*Sample, sync bool) error {
		for _, s := range done {
			samples[s.DocIndex] = s
			if out == nil {
				continue
			}
			b, err := json.Marshal(s)
			if err != nil {
				return fmt.Errorf("eval: %w", err)
			}
			unsynced.Write(b)
			unsynced.WriteByte('\n')
		}
		computed += len(done)
		if out != nil && unsynced.Len() > 0 && (sync || time.Since(lastSync) >= syncEvery) {
			if _, err := out.Write(unsynced.Bytes()); err != nil {
				return fmt.Errorf("eval: %w", err)
			}
			if err := out.Sync(); err != nil {
				return fmt.Errorf("eval: %w", err)
			}
			unsynced.Reset()
			lastSync = time.Now()
		}
		report()
		return nil
	}
	if sg, ok := lm.(StreamGenerator); ok && streamable(ins, pending) {
		last, lastCPU := time.Now(), processCPU()
		err := streamDocs(ctx, sg, lm, t, ins, pending, opts, func(s *Sample) error {
			now, cpu := time.Now(), processCPU()
			s.Seconds, s.CPUSeconds = now.Sub(last).Seconds(), cpu-lastCPU
			last, lastCPU = now, cpu
			return emit([]*Sample{s}, false)
		})
		// what finished before an error or a cancellation is kept
		if ferr := emit(nil, true); err == nil {
			err = ferr
		}
		if err != nil {
			return nil, fmt.Errorf("eval: %s: %w", t.Name, err)
		}
	} else {
		for lo := 0; lo < len(pending); lo += opts.BatchDocs {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			batch := pending[lo:min(lo+opts.BatchDocs, len(pending))]
			bt, bcpu := time.Now(), processCPU()
			done, err := evalBatch(ctx, lm, t, ins, batch, opts)
			if err != nil {
				return nil, fmt.Errorf("eval: %s: %w", t.Name, err)
			}
			if len(done) > 0 {
				share := time.Since(bt).Seconds() / float64(len(done))
				cpu := (processCPU() - bcpu) / float64(len(done))
				for _, s := range done {
					s.Seconds, s.CPUSeconds = share, cpu
				}
			}
			if err := emit(done, true); err != nil {
				return nil, err
			}
		}
	}

	el := time.Since(start)
	tr := &TaskResult{
		Metric: t.Metric, Filter: t.Filter, Version: t.Version, Reference: t.Reference,
		Shots: t.Shots.N, Deviations: append([]string{}, t.Deviations...),
		N: len(ins), Total: len(ins), RunSeconds: el.Seconds(), Resumed: resumed,
		Finished: time.Now().UTC(),
	}
	if opts.Limit > 0 {
		all, err := cachedDocs(src, t.Name, "docs", t.Docs)
		if err == nil {
			tr.Total = len(all)
		}
	}
	timed := 0
	for _, s := range samples {
		if s.Seconds > 0 {
			tr.Seconds += s.Seconds
			timed++
		}
	}
	if tr.Seconds > 0 {
		tr.DocsPerSec = float64(timed) / tr.Seconds
	}
	for _, s := range samples {
		if s.CPUSeconds > 0 {
			tr.CPUSeconds += s.CPUSeconds
			tr.CPUDocs++
		}
	}
	if tr.CPUSeconds > 0 {
		tr.DocsPerCPUSecond = float64(tr.CPUDocs) / tr.CPUSeconds
	}
	scores := make([]float64, len(samples))
	groups := map[string][]float64{}
	for i, s := range samples {
		scores[i] = s.Score
		if g := ins[i].Doc.Group; g != "" {
			groups[g] = append(groups[g], s.Score)
		}
	}
	tr.Value, tr.Stderr = MeanStderr(scores)
	if t.Aggregate != nil {
		if tr.Value, tr.Stderr, err = t.Aggregate(ins, samples); err != nil {
			return nil, fmt.Errorf("eval: %s: %w", t.Name, err)
		}
	}
	if len(groups) > 0 {
		tr.Groups = map[string]GroupResult{}
		for g, xs := range groups {
			m, _ := MeanStderr(xs)
			tr.Groups[g] = GroupResult{Value: m, N: len(xs)}
		}
	}
	return tr, nil
}

// evalBatch sends the requests of the documents in batch to lm (one call per
// request type) and scores them. Documents that ask for both a generation
// and log-likelihoods of the same prompt (SQuAD2's " unanswerable") go one
// at a time, log-likelihoods first, so that the generation finds the
// prompt still in the model's cache instead of computing it a second time.
func evalBatch(ctx context.Context, lm LM, t *Task, ins []Instance, batch []int, opts Options) ([]*Sample, error) {
	if len(batch) > 1 && ins[batch[0]].Gen != nil && len(ins[batch[0]].LL) > 0 {
		var out []*Sample
		for _, i := range batch {
			s, err := evalBatch(ctx, lm, t, ins, []int{i}, opts)
			if err != nil {
				return nil, err
			}
			out = append(out, s...)
		}
		return out, nil
	}
	var ll []LLRequest
	var gen []GenRequest
	for _, i := range batch {
		in := &ins[i]
		reqs, err := genRequests(lm, t, in)
		if err != nil {
			return nil, err
		}
		gen = append(gen, reqs...)
		ll = append(ll, in.LL...)
	}
	var llRes []LLResult
	var genRes []string
	var err error
	if len(ll) > 0 {
		if llRes, err = lm.Loglikelihood(ctx, ll); err != nil {
			return nil, err
		}
		if len(llRes) != len(ll) {
			return nil, fmt.Errorf("model returned %d log-likelihoods for %d requests", len(llRes), len(ll))
		}
	}
	if len(gen) > 0 {
		if genRes, err = lm.GenerateUntil(ctx, gen); err != nil {
			return nil, err
		}
		if len(genRes) != len(gen) {
			return nil, fmt.Errorf("model returned %d generations for %d requests", len(genRes), len(gen))
		}
	}
	out := make([]*Sample, 0, len(batch))
	li, gi := 0, 0
	k := t.samplesPerDoc()
	for _, i := range batch {
		in := &ins[i]
		var texts []string
		if in.Gen != nil {
			texts = genRes[gi : gi+k]
			gi += k
		}
		s, err := scoreDoc(ctx, t, in, llRes[li:li+len(in.LL)], texts, opts)
		if err != nil {
			return nil, err
		}
		li += len(in.LL)
		out = append(out, s)
	}
	return out, nil
}

// scoreDoc builds and scores the sample of one document from its
// log-likelihood results and generated texts (one per sample of the
// document; none for a document without a generation request).
func scoreDoc(ctx context.Context, t *Task, in *Instance, ll []LLResult, texts []string, opts Options) (*Sample, error) {
	d := in.Doc
	s := &Sample{DocIndex: in.Index, DocID: d.ID, Prompt: in.Prompt, Gold: d.Gold}
	var o Output
	if in.Gen != nil {
		// Stop strings cut the text even if the model did not.
		for _, text := range texts {
			o.Responses = append(o.Responses, CutAtStops(text, in.Gen.Until))
		}
		r := o.Responses[0]
		o.Response = r
		s.Response = &r
		if len(texts) > 1 {
			s.Responses = o.Responses
		} else {
			o.Responses = nil
		}
		if len(d.Answers) > 0 {
			s.Target = d.Answers[0]
		}
	}
	for _, r := range ll {
		o.LogLikelihoods = append(o.LogLikelihoods, r.LogProb)
		o.IsGreedy = append(o.IsGreedy, r.IsGreedy)
	}
	if len(ll) > 0 {
		s.LogLikelihoods, s.IsGreedy = Floats(o.LogLikelihoods), o.IsGreedy
	}
	if in.Gen == nil {
		s.Choices = d.Choices
		if d.Gold >= 0 && d.Gold < len(d.Choices) {
			s.Target = d.Choices[d.Gold]
		}
		if t.MultipleInput {
			s.Target = d.Target
		}
	}
	var err error
	if t.ScoreContext != nil {
		if s.Score, s.Extracted, err = t.ScoreContext(ctx, d, o, opts); err != nil {
			return nil, fmt.Errorf("scoring %s: %w", d.ID, err)
		}
	} else {
		s.Score, s.Extracted = t.Score(d, o)
	}
	return s, nil
}

// streamable reports whether every pending document asks only for
// generations, so that they can be streamed (streamDocs).
func streamable(ins []Instance, pending []int) bool {
	for _, i := range pending {
		if ins[i].Gen == nil || len(ins[i].LL) > 0 {
			return false
		}
	}
	return len(pending) > 0
}

// streamDocs generates every request of the pending documents in one
// stream and passes each document, scored, to emit as soon as all its
// samples have ended (in the order they end).
func streamDocs(ctx context.Context, sg StreamGenerator, lm LM, t *Task, ins []Instance, pending []int, opts Options, emit func(*Sample) error) error {
	var reqs []GenRequest
	first := make([]int, len(pending)+1) // pending[p]'s requests are reqs[first[p]:first[p+1]]
	for p, i := range pending {
		r, err := genRequests(lm, t, &ins[i])
		if err != nil {
			return err
		}
		first[p] = len(reqs)
		reqs = append(reqs, r...)
	}
	first[len(pending)] = len(reqs)
	owner := make([]int, len(reqs))
	for p := range pending {
		for r := first[p]; r < first[p+1]; r++ {
			owner[r] = p
		}
	}
	texts := make([][]string, len(pending))
	left := make([]int, len(pending))
	for p := range pending {
		left[p] = first[p+1] - first[p]
	}
	return sg.GenerateUntilStream(ctx, reqs, func(r int, text string) error {
		if r < 0 || r >= len(reqs) || left[owner[r]] == 0 {
			return fmt.Errorf("model reported request %d of %d twice or out of range", r, len(reqs))
		}
		p := owner[r]
		if texts[p] == nil {
			texts[p] = make([]string, first[p+1]-first[p])
		}
		texts[p][r-first[p]] = text
		if left[p]--; left[p] > 0 {
			return nil
		}
		s, err := scoreDoc(ctx, t, &ins[pending[p]], nil, texts[p], opts)
		if err != nil {
			return err
		}
		texts[p] = nil
		return emit(s)
	})
}

// syncEvery is how long streamed documents may wait in memory before they
// are written and synced to the samples file (a kill loses at most that).
const syncEvery = 2 * time.Second

// readSamples reads a samples file written by Run. A missing file gives no
// samples. validLen is the length of the prefix made of complete lines: a
// last line without its newline (a write cut by a kill) is ignored so that
// it can be overwritten.
func readSamples(path string) ([]*Sample, int64, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	var out []*Sample
	var n int64
	for line := 1; ; line++ {
		b, err := r.ReadBytes('\n')
		if err == io.EOF {
			return out, n, nil // b (if any) is an incomplete last line
		}
		if err != nil {
			return nil, 0, fmt.Errorf("eval: %s: %w", path, err)
		}
		var s Sample
		if err := json.Unmarshal(b, &s); err != nil {
			return nil, 0, fmt.Errorf("eval: %s line %d: %w", path, line, err)
		}
		out = append(out, &s)
		n += int64(len(b))
	}
}

// ReadResults reads a results.json written by Run.
func ReadResults(path string) (*Results, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	var r Results
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("eval: %s: %w", path, err)
	}
	return &r, nil
}

func writeJSONAtomic(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("eval: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("eval: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	return nil
}

// FileSHA256 returns the hex sha256 of the file at path.
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("eval: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Floats is a float slice whose JSON form writes non-finite values (a
// log-probability of -Inf, NaN) as null, which encoding/json cannot encode;
// null reads back as NaN.
type Floats []float64

// MarshalJSON implements json.Marshaler.
func (f Floats) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, x := range f {
		if i > 0 {
			b.WriteByte(',')
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			b.WriteString("null")
			continue
		}
		v, err := json.Marshal(x)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte(']')
	return b.Bytes(), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (f *Floats) UnmarshalJSON(data []byte) error {
	var raw []*float64
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	out := make(Floats, len(raw))
	for i, p := range raw {
		if p == nil {
			out[i] = math.NaN()
		} else {
			out[i] = *p
		}
	}
	*f = out
	return nil
}
