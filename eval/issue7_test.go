package eval

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"hyoka/eval/sandbox"
)

// scriptedLM is a test double whose generations come from a function of
// the request; it records every request and can count tokens (one token
// per rune) so that Task.MaxTokensFor is exercised.
type scriptedLM struct {
	mu      sync.Mutex
	gen     func(r GenRequest) string
	gens    []GenRequest
	lls     []LLRequest
	counted int
}

func (s *scriptedLM) Loglikelihood(_ context.Context, reqs []LLRequest) ([]LLResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lls = append(s.lls, reqs...)
	out := make([]LLResult, len(reqs))
	for i := range reqs {
		out[i] = LLResult{LogProb: -2.5, NTokens: 1}
	}
	return out, nil
}

func (s *scriptedLM) GenerateUntil(_ context.Context, reqs []GenRequest) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gens = append(s.gens, reqs...)
	out := make([]string, len(reqs))
	for i, r := range reqs {
		out[i] = s.gen(r)
	}
	return out, nil
}

func (s *scriptedLM) CountTokens(text string) (int, error) {
	s.mu.Lock()
	s.counted++
	s.mu.Unlock()
	return len([]rune(text)), nil
}

type heProblem struct {
	TaskID            string `json:"task_id"`
	Prompt            string `json:"prompt"`
	CanonicalSolution string `json:"canonical_solution"`
	EntryPoint        string `json:"entry_point"`
	Test              string `json:"test"`
}

func readHumanEvalProblems(t *testing.T, n int) []heProblem {
	t.Helper()
	b, err := readMaybeGzip(Embedded(), "humaneval/HumanEval.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	var out []heProblem
	if err := decodeJSONLines(b, "HumanEval", func(p *heProblem) error {
		if len(out) < n {
			out = append(out, *p)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCodeTaskNeedsOptIn: without AllowCodeExecution a code task fails
// before the model is asked for anything, with an error that names the
// flag; other tasks in the same run are not started either.
func TestCodeTaskNeedsOptIn(t *testing.T) {
	for _, name := range []string{"humaneval", "jhumaneval"} {
		lm := &scriptedLM{gen: func(GenRequest) string { return "    return 1\n" }}
		tasks, err := Select("jemhopqa," + name)
		if err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		_, err = Run(context.Background(), lm, tasks, Options{Limit: 2, OutDir: out, Model: ModelInfo{Name: "m"}})
		if !errors.Is(err, ErrCodeExecutionNotAllowed) {
			t.Fatalf("%s: err = %v, want ErrCodeExecutionNotAllowed", name, err)
		}
		if !strings.Contains(err.Error(), "--allow-code-execution") || !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not name the flag and the task", err)
		}
		if len(lm.gens) != 0 || len(lm.lls) != 0 {
			t.Errorf("%s: model asked %d generations and %d log-likelihoods without the opt-in", name, len(lm.gens), len(lm.lls))
		}
		if files, _ := filepath.Glob(filepath.Join(out, "m", "*")); len(files) != 0 {
			t.Errorf("files written without the opt-in: %v", files)
		}
	}
	// The scorer refuses as well if called directly.
	task, _ := Lookup("humaneval")
	if _, _, err := task.ScoreContext(context.Background(), &Doc{}, Output{Response: ""}, Options{}); !errors.Is(err, ErrCodeExecutionNotAllowed) {
		t.Errorf("ScoreContext without the opt-in: %v", err)
	}
}

// TestHumanEvalThroughSandbox: with the opt-in, the canonical solution
// (followed by text after a stop word, which must be cut) passes and a
// wrong body fails, through the real sandbox; every problem gets 10
// sampled requests with distinct seeds, T=0.2, top-p 0.95 and the
// 1024-token budget minus the prompt.
func TestHumanEvalThroughSandbox(t *testing.T) {
	probs := readHumanEvalProblems(t, 2)
	lm := &scriptedLM{gen: func(r GenRequest) string {
		if r.Context == probs[0].Prompt {
			return probs[0].CanonicalSolution + "\ndef unrelated():\n    raise SystemExit(1)\n"
		}
		return "    return None\n"
	}}
	task, _ := Lookup("humaneval")
	outDir := t.TempDir()
	res, err := Run(context.Background(), lm, []*Task{task}, Options{Limit: 2, AllowCodeExecution: true, OutDir: outDir, Model: ModelInfo{Name: "m"}})
	if errors.Is(err, sandbox.ErrNoIsolation) || errors.Is(err, sandbox.ErrNoPython) {
		t.Skipf("sandbox unavailable here: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(lm.gens) != 20 {
		t.Fatalf("%d generation requests, want 2 problems x 10 samples", len(lm.gens))
	}
	seeds := map[int64]bool{}
	for _, g := range lm.gens {
		if g.Sampling == nil || g.Sampling.Temperature != 0.2 || g.Sampling.TopP != 0.95 || g.Sampling.TopK != 0 {
			t.Fatalf("sampling %+v, want T=0.2 top-p 0.95", g.Sampling)
		}
		seeds[g.Sampling.Seed] = true
		if want := 1024 - len([]rune(g.Context)); g.MaxTokens != want {
			t.Errorf("MaxTokens %d, want %d", g.MaxTokens, want)
		}
	}
	if len(seeds) != 20 {
		t.Errorf("%d distinct seeds for 20 samples", len(seeds))
	}
	r := res.Results["humaneval"]
	if r.N != 2 || math.Abs(r.Value-0.5) > 1e-12 || r.Metric != "pass@1" {
		t.Errorf("result %+v, want pass@1 0.5 over 2 problems", r)
	}
	samples, _, err := readSamples(filepath.Join(outDir, "m", "samples_humaneval.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(samples) != 2 {
		t.Fatalf("%d samples written", len(samples))
	}
	for _, s := range samples {
		if len(s.Responses) != 10 {
			t.Errorf("%s: %d responses recorded, want 10", s.DocID, len(s.Responses))
		}
		if s.DocID == probs[0].TaskID && (s.Score != 1 || s.Responses[0] != probs[0].CanonicalSolution) {
			t.Errorf("%s: score %v, response %q (want the canonical solution, cut before \\ndef)", s.DocID, s.Score, s.Responses[0])
		}
		if s.DocID == probs[1].TaskID && s.Score != 0 {
			t.Errorf("%s: wrong body scored %v", s.DocID, s.Score)
		}
	}
}

// TestHumanEvalScoreDirect checks the program layout and per-sample
// counting: 3 of 10 samples correct gives pass@1 = 0.3.
func TestHumanEvalScoreDirect(t *testing.T) {
	p := readHumanEvalProblems(t, 1)[0]
	task, _ := Lookup("humaneval")
	docs, err := task.Docs(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	d := &docs[0]
	if want := p.Prompt + p.CanonicalSolution + "\n" + "\n" + p.Test + "\n" + "check(" + p.EntryPoint + ")"; HumanEvalProgram(d, p.CanonicalSolution) != want {
		t.Fatalf("program layout differs from bigcode's prompt + generation + \"\\n\" + reference")
	}
	var out Output
	for k := 0; k < 10; k++ {
		if k < 3 {
			out.Responses = append(out.Responses, p.CanonicalSolution)
		} else {
			out.Responses = append(out.Responses, "    return not True\n")
		}
	}
	out.Response = out.Responses[0]
	v, ex, err := task.ScoreContext(context.Background(), d, out, Options{AllowCodeExecution: true})
	if errors.Is(err, sandbox.ErrNoIsolation) || errors.Is(err, sandbox.ErrNoPython) {
		t.Skipf("sandbox unavailable here: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(v-0.3) > 1e-12 || ex != "3/10 passed" {
		t.Errorf("score %v (%s), want 0.3 (3/10 passed)", v, ex)
	}
}

// TestSquad2Requests: each document gets the generation until "\n" and
// the log-likelihood of " unanswerable" after the same prompt, as the
// reference's construct_requests; exact match scores the generation.
func TestSquad2Requests(t *testing.T) {
	golden := readGolden(t, "squad2")
	var ll []struct{ LL [][2]string }
	b, err := os.ReadFile(filepath.Join("testdata", "prompts", "squad2.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		var x struct{ LL [][2]string }
		if err := json.Unmarshal(line, &x); err != nil {
			t.Fatal(err)
		}
		ll = append(ll, x)
	}
	task, _ := Lookup("squad2")
	ins, err := task.Instances(Embedded(), len(golden))
	if err != nil {
		t.Fatal(err)
	}
	for i, g := range golden {
		if len(ll[i].LL) != 1 || len(ins[i].LL) != 1 || ins[i].LL[0].Context != g.Prompt || ins[i].LL[0].Continuation != ll[i].LL[0][1] {
			t.Fatalf("doc %d: log-likelihood requests %+v, want %v", i, ins[i].LL, ll[i].LL)
		}
	}
	lm := &scriptedLM{gen: func(r GenRequest) string { return " France\nQuestion:" }}
	res, err := Run(context.Background(), lm, []*Task{task}, Options{Limit: 3, NoReorder: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(lm.lls) != 3 || lm.lls[0].Continuation != " unanswerable" {
		t.Errorf("log-likelihood requests %+v", lm.lls)
	}
	// The first dev questions are about Normandy: "France" is right for 1 of 3.
	docs, _ := task.Docs(Embedded())
	want := 0.0
	for _, d := range docs[:3] {
		for _, a := range d.Answers {
			if a == "France" {
				want++
				break
			}
		}
	}
	if r := res.Results["squad2"]; math.Abs(r.Value-want/3) > 1e-12 {
		t.Errorf("exact = %v, want %v", r.Value, want/3)
	}
}

// TestWMT20JaEnCorpusBLEU: a model that returns the references scores
// BLEU 1 (the task value is corpus BLEU /100).
func TestWMT20JaEnCorpusBLEU(t *testing.T) {
	task, _ := Lookup("wmt20_ja_en")
	ins, err := task.Instances(Embedded(), 30)
	if err != nil {
		t.Fatal(err)
	}
	ref := map[string]string{}
	for _, in := range ins {
		ref[in.Prompt] = in.Doc.Answers[0]
	}
	lm := &scriptedLM{gen: func(r GenRequest) string { return " " + ref[r.Context] + "\nJapanese phrase:" }}
	res, err := Run(context.Background(), lm, []*Task{task}, Options{Limit: 30})
	if err != nil {
		t.Fatal(err)
	}
	if v := res.Results["wmt20_ja_en"].Value; math.Abs(v-1) > 1e-9 {
		t.Errorf("BLEU of the references = %v, want 1", v)
	}
	lm2 := &scriptedLM{gen: func(r GenRequest) string { return " the the the" }}
	res, err = Run(context.Background(), lm2, []*Task{task}, Options{Limit: 30})
	if err != nil {
		t.Fatal(err)
	}
	if v := res.Results["wmt20_ja_en"].Value; v > 0.05 {
		t.Errorf("BLEU of junk = %v", v)
	}
}

// TestLLMJPQAShotsMatchDerived: the JEMHopQA and NIILC shots rebuilt from
// the raw files equal the independently derived llm-jp-eval 1.3.0 shots.
func TestLLMJPQAShotsMatchDerived(t *testing.T) {
	for _, name := range []string{"jemhopqa", "niilc"} {
		b, err := Embedded().ReadFile(name + "/llm-jp-eval-1.3.0_fewshots.json")
		if err != nil {
			t.Fatal(err)
		}
		var f struct {
			NTrain   int `json:"n_train_split"`
			FewShots []struct {
				Input, Output string
			} `json:"few_shots"`
		}
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatal(err)
		}
		task, _ := Lookup(name)
		pool, err := task.Shots.Pool(Embedded())
		if err != nil {
			t.Fatal(err)
		}
		if len(pool) != f.NTrain || len(f.FewShots) != 4 {
			t.Fatalf("%s: train split %d, derived %d", name, len(pool), f.NTrain)
		}
		for i, s := range f.FewShots {
			if pool[i].Query != s.Input || pool[i].Target != s.Output {
				t.Errorf("%s shot %d = %q/%q, want %q/%q", name, i, pool[i].Query, pool[i].Target, s.Input, s.Output)
			}
		}
	}
	for name, n := range map[string]int{"jemhopqa": 120, "niilc": 198, "jsquad": 4438} {
		task, _ := Lookup(name)
		docs, err := task.Docs(Embedded())
		if err != nil || len(docs) != n {
			t.Errorf("%s: %d documents (%v), want %d", name, len(docs), err, n)
		}
	}
}

func TestCharF1Scoring(t *testing.T) {
	task, _ := Lookup("niilc")
	d := &Doc{Answers: []string{"東芝"}}
	if v, ex := task.Score(d, Output{Response: "東芝\n\n以下略"}); v != 1 || ex != "東芝" {
		t.Errorf("exact answer scored %v (%q)", v, ex)
	}
	if v, _ := task.Score(d, Output{Response: "日立"}); v != 0 {
		t.Errorf("wrong answer scored %v", v)
	}
}

// ---- XL-Sum readers on small fixtures ----

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func gz(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func xlsumLines(t *testing.T, recs ...xlsumRecord) []byte {
	var b bytes.Buffer
	for _, r := range recs {
		j, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func art(id string) xlsumRecord {
	return xlsumRecord{ID: id, URL: "https://www.bbc.com/japanese/" + id, Title: "題" + id, Summary: "要約" + id, Text: "本文" + id + "。二文目。"}
}

func xlsumDocs(t *testing.T, dir string) (docs, pool []Doc, err error) {
	t.Helper()
	src, err := OpenSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	if docs, err = readXLSumSplit(src, false); err != nil {
		return nil, nil, err
	}
	pool, err = readXLSumSplit(src, true)
	return docs, pool, err
}

func TestXLSumReaders(t *testing.T) {
	ids := func(ds []Doc) string {
		var s []string
		for _, d := range ds {
			s = append(s, d.ID)
		}
		return strings.Join(s, ",")
	}
	t.Run("mkshing JSON Lines", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "xlsum_ja", "test.jsonl"), xlsumLines(t, art("a"), art("b")))
		writeFile(t, filepath.Join(dir, "xlsum_ja", "train.jsonl.gz"), gz(t, xlsumLines(t, art("t1"))))
		docs, pool, err := xlsumDocs(t, dir)
		if err != nil {
			t.Fatal(err)
		}
		if ids(docs) != "test/a,test/b" || ids(pool) != "train/t1" {
			t.Fatalf("docs %s, pool %s", ids(docs), ids(pool))
		}
		d := docs[1]
		if d.Query != "ニュース記事:本文b。二文目。\n要約:" || d.Target != "要約b" || d.Answers[0] != "要約b" || d.Description != xlsumDescription {
			t.Errorf("doc %+v", d)
		}
	})
	t.Run("mkshing in data/", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "xlsum_ja", "data", "test.jsonl.gz"), gz(t, xlsumLines(t, art("x"))))
		writeFile(t, filepath.Join(dir, "xlsum_ja", "data", "train.jsonl"), xlsumLines(t, art("y")))
		docs, pool, err := xlsumDocs(t, dir)
		if err != nil || ids(docs) != "test/x" || ids(pool) != "train/y" {
			t.Fatalf("docs %s pool %s err %v", ids(docs), ids(pool), err)
		}
	})
	t.Run("original XL-Sum filtered by ids", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "xlsum_ja", "japanese_test.jsonl.gz"), gz(t, xlsumLines(t, art("1"), art("2"), art("3"))))
		writeFile(t, filepath.Join(dir, "xlsum_ja", "japanese_val.jsonl"), xlsumLines(t, art("v1"), art("v2")))
		writeFile(t, filepath.Join(dir, "xlsum_ja", "filter15_reconstructed_test_ids.txt"), []byte("3\n1\n"))
		writeFile(t, filepath.Join(dir, "xlsum_ja", "filter15_reconstructed_val_ids.txt"), []byte("v2\n"))
		docs, pool, err := xlsumDocs(t, dir)
		if err != nil {
			t.Fatal(err)
		}
		if ids(docs) != "japanese_test/1,japanese_test/3" || ids(pool) != "japanese_val/v2" {
			t.Fatalf("docs %s, pool %s", ids(docs), ids(pool))
		}
		// an id list naming an article the file lacks is an error
		writeFile(t, filepath.Join(dir, "xlsum_ja", "filter15_reconstructed_test_ids.txt"), []byte("3\n9\n"))
		if _, err := readXLSumSplit(mustSource(t, dir), false); err == nil || !strings.Contains(err.Error(), "1 of the 2") {
			t.Errorf("missing listed article: %v", err)
		}
	})
	t.Run("absent", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "xlsum_ja", "README.md"), []byte("nothing here"))
		_, _, err := xlsumDocs(t, dir)
		if !errors.Is(err, ErrMissingData) || !strings.Contains(err.Error(), "XL-Sum ja is unavailable") || !strings.Contains(err.Error(), "japanese_test.jsonl.gz") {
			t.Fatalf("err = %v", err)
		}
		task, _ := Lookup("xlsum_ja")
		if _, err := task.Instances(mustSource(t, dir), 1); !errors.Is(err, ErrMissingData) {
			t.Errorf("Instances: %v", err)
		}
	})
	t.Run("mkshing parquet", func(t *testing.T) {
		fixture := func(name string) []byte {
			b, err := os.ReadFile(filepath.Join("internal", "parquet", "testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "xlsum_ja", "data", "test-00000-of-00001.parquet"), fixture("snappy_dict_v1.parquet"))
		writeFile(t, filepath.Join(dir, "xlsum_ja", "data", "train-00000-of-00001.parquet"), fixture("gzip_dict_v2_pages.parquet"))
		docs, pool, err := xlsumDocs(t, dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != 23 || len(pool) != 23 || docs[2].ID != "test/id-2" || pool[0].ID != "train/id-0" {
			t.Fatalf("%d docs (%s...), %d shots", len(docs), docs[0].ID, len(pool))
		}
		if docs[2].Query != "ニュース記事:本文。本文。本文。記事2\n要約:" || docs[2].Answers[0] != "要約要約2。" {
			t.Errorf("doc 2 = %q / %q", docs[2].Query, docs[2].Answers[0])
		}
		// the refs/convert/parquet layout
		dir2 := t.TempDir()
		writeFile(t, filepath.Join(dir2, "xlsum_ja", "default", "test", "0000.parquet"), fixture("none_plain_v2.parquet"))
		writeFile(t, filepath.Join(dir2, "xlsum_ja", "default", "train", "0000.parquet"), fixture("snappy_plain_v1_groups.parquet"))
		if docs, _, err := xlsumDocs(t, dir2); err != nil || len(docs) != 23 || docs[0].ID != "test/id-0" {
			t.Fatalf("default/test layout: %d docs, %v", len(docs), err)
		}
		// a codec outside the reader's subset, and a damaged file
		writeFile(t, filepath.Join(dir, "xlsum_ja", "data", "test-00000-of-00001.parquet"), fixture("zstd.parquet"))
		if _, err := readXLSumSplit(mustSource(t, dir), false); !errors.Is(err, ErrUnsupportedFormat) {
			t.Errorf("zstd: %v", err)
		}
		writeFile(t, filepath.Join(dir, "xlsum_ja", "data", "test-00000-of-00001.parquet"), []byte("PAR1 not really"))
		if _, err := readXLSumSplit(mustSource(t, dir), false); err == nil || !strings.Contains(err.Error(), "test-00000-of-00001.parquet") {
			t.Errorf("damaged file: %v", err)
		}
	})
	t.Run("bad line", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "xlsum_ja", "test.jsonl"), []byte("{\"id\": \"a\", \"text\": \"x\", \"summary\": \"y\"}\n{not json\n"))
		writeFile(t, filepath.Join(dir, "xlsum_ja", "train.jsonl"), xlsumLines(t, art("t")))
		if _, _, err := xlsumDocs(t, dir); err == nil || !strings.Contains(err.Error(), "line 2") {
			t.Fatalf("err = %v", err)
		}
	})
}

func mustSource(t *testing.T, dir string) Source {
	t.Helper()
	src, err := OpenSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// TestXLSumEmbedded: the embedded data gives the 766 reconstructed test
// articles and the 757 filtered validation articles, and the generation
// limit is the summary's token count + 10 when the model counts tokens.
func TestXLSumEmbedded(t *testing.T) {
	task, _ := Lookup("xlsum_ja")
	docs, err := task.Docs(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	pool, err := task.Shots.Pool(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 766 || len(pool) != 757 {
		t.Fatalf("%d test, %d shot articles", len(docs), len(pool))
	}
	ins, err := task.Instances(Embedded(), 1)
	if err != nil {
		t.Fatal(err)
	}
	lm := &scriptedLM{}
	reqs, err := genRequests(lm, task, &ins[0])
	if err != nil {
		t.Fatal(err)
	}
	if want := len([]rune(ins[0].Doc.Answers[0])) + 10; len(reqs) != 1 || reqs[0].MaxTokens != want || reqs[0].Sampling != nil {
		t.Errorf("requests %+v, want one greedy request with MaxTokens %d", reqs, want)
	}
	if reqs, _ := genRequests(&fakeLM{}, task, &ins[0]); reqs[0].MaxTokens != 256 {
		t.Errorf("without a token counter MaxTokens = %d, want 256", reqs[0].MaxTokens)
	}
}

func TestPaperGroup(t *testing.T) {
	tasks, err := Select("paper")
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 19 {
		t.Fatalf("paper has %d declared tasks, want 19", len(tasks))
	}
	for i, task := range tasks {
		if task.Name != PaperTasks[i] {
			t.Errorf("paper task %d = %s, want %s", i, task.Name, PaperTasks[i])
		}
	}
}

// TestJapaneseCorpusMetrics: XL-Sum and WMT20 en-ja through the runner; a
// model that returns the references scores 1, one that returns another
// document's reference scores low. Loads the kagome UniDic dictionary.
func TestJapaneseCorpusMetrics(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the UniDic dictionary")
	}
	for _, name := range []string{"xlsum_ja", "wmt20_en_ja"} {
		task, _ := Lookup(name)
		ins, err := task.Instances(Embedded(), 8)
		if err != nil {
			t.Fatal(err)
		}
		ref, other := map[string]string{}, map[string]string{}
		for i, in := range ins {
			ref[in.Prompt] = in.Doc.Answers[0]
			other[in.Prompt] = ins[(i+1)%len(ins)].Doc.Answers[0]
		}
		good := &scriptedLM{gen: func(r GenRequest) string { return ref[r.Context] + "\n次" }}
		res, err := Run(context.Background(), good, []*Task{task}, Options{Limit: 8})
		if err != nil {
			t.Fatal(err)
		}
		if v := res.Results[name].Value; math.Abs(v-1) > 1e-9 {
			t.Errorf("%s: references score %v, want 1", name, v)
		}
		bad := &scriptedLM{gen: func(r GenRequest) string { return other[r.Context] }}
		res, err = Run(context.Background(), bad, []*Task{task}, Options{Limit: 8})
		if err != nil {
			t.Fatal(err)
		}
		if v := res.Results[name].Value; v > 0.3 {
			t.Errorf("%s: other documents' references score %v", name, v)
		}
	}
}
