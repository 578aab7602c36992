package eval

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrUnknownTask is wrapped by Lookup and Select for names that are not tasks.
var ErrUnknownTask = errors.New("unknown task")

// RequestType is the kind of request a task sends to the model.
type RequestType int

const (
	// MultipleChoice scores each choice by log-likelihood and picks the
	// highest (lm-eval's output_type: multiple_choice).
	MultipleChoice RequestType = iota
	// Generate generates text greedily until a stop string or a token limit
	// (lm-eval's generate_until, llm-jp-eval's text generation).
	Generate
)

func (o RequestType) String() string {
	if o == Generate {
		return "generate_until"
	}
	return "multiple_choice"
}

// Harness names the reference implementation whose prompt rules a task
// follows. Each has its own few-shot rule and prompt layout (see prompt.go).
type Harness int

const (
	// LMEval is EleutherAI lm-evaluation-harness v0.4.2: description, then
	// few-shot examples "text<TargetDelim>target" joined by FewshotDelim,
	// then the query. Shots come from a per-task random.Random(1234) in
	// document order (Shots.Rule Random) or are the first N of the pool.
	LMEval Harness = iota
	// JPHarness is the Stability-AI JP lm-evaluation-harness (commit 9b42d41):
	// the evaluation documents are shuffled by random.Random(42) and the same
	// generator samples each document's shots; examples are "text"+"target"
	// joined by FewshotDelim.
	JPHarness
	// LLMJP is llm-jp-eval v1.3.0: the Alpaca-style Japanese frame with the
	// task instruction, the first N samples of its train split as shots, and
	// "### 入力:" / "### 応答:" blocks.
	LLMJP
	// BigCode is bigcode-evaluation-harness (commit 0261c52, with the
	// Swallow team's JHumanEval task): zero-shot, the prompt is the
	// problem's prompt.
	BigCode
)

func (h Harness) String() string {
	switch h {
	case JPHarness:
		return "lm-evaluation-harness-jp 9b42d41"
	case LLMJP:
		return "llm-jp-eval 1.3.0"
	case BigCode:
		return "bigcode-evaluation-harness 0261c52"
	}
	return "lm-evaluation-harness 0.4.2"
}

// ShotRule says how few-shot examples are drawn from the pool.
type ShotRule int

const (
	// RandomShots draws with random.sample from the harness's generator
	// (LMEval: one random.Random(1234) per task; JPHarness: the Random(42)
	// that shuffled the documents), document after document in evaluation
	// order. When the pool is the evaluation split itself the document is
	// removed from its own shots as the harness does.
	RandomShots ShotRule = iota
	// FirstShots takes the first N pool documents for every document
	// (lm-eval's first_n sampler, llm-jp-eval's train[:N]).
	FirstShots
)

// Doc is one benchmark item after the task's reader and templates: the
// strings the prompt builder and the metric need. Readers fill it; nothing
// in the runner depends on a task's raw format.
type Doc struct {
	// ID identifies the document within its task, stable across runs
	// ("test/17", "anatomy/3"); samples files and resume key on it.
	ID string `json:"id"`
	// Group is the subtask (MMLU subject, BBH subtask), or "".
	Group string `json:"group,omitempty"`
	// Description is prepended to the document's prompt (lm-eval's
	// description: MMLU's subject line, BBH's task line), or "".
	Description string `json:"-"`
	// Query is the rendered question (lm-eval doc_to_text, llm-jp-eval
	// input). For MultipleInput tasks it is unused.
	Query string `json:"query"`
	// Choices are the candidate continuations of a MultipleChoice task
	// (without the target delimiter) or, for MultipleInput tasks, the
	// candidate contexts.
	Choices []string `json:"choices,omitempty"`
	// Gold is the index of the correct choice; -1 for Generate tasks.
	Gold int `json:"gold"`
	// Target is what a few-shot example shows after the query for Generate
	// tasks (and the shared continuation of MultipleInput tasks).
	Target string `json:"target,omitempty"`
	// Answers are the gold strings a Generate metric compares with
	// (aliases, the numeric answer); Answers[0] is the one to display.
	Answers []string `json:"answers,omitempty"`
	// Key is the document's content identity, used where the harness
	// removes "the document itself" from its shots (Python dict equality).
	Key string `json:"-"`
}

// Shots is a task's few-shot rule.
type Shots struct {
	N    int      // number of examples (0: zero-shot)
	Rule ShotRule // how they are drawn
	// Pool reads the documents shots are drawn from. nil with N > 0 means
	// the evaluation documents themselves.
	Pool func(Source) ([]Doc, error)
	// DrawExtra draws N+1 examples and keeps the first N that are not the
	// evaluated document: lm-eval does this when fewshot_split ==
	// test_split, the JP harness when the task has no training split.
	DrawExtra bool
	// ByGroup draws each document's shots from the pool documents of its
	// own Group, with one generator per group (lm-eval subtasks such as
	// MMLU subjects are separate tasks with their own sampler).
	ByGroup bool
}

// Task declares one benchmark: where its data is, how documents become
// prompts, what is asked of the model and how answers are scored. Tasks are
// values; adding one means adding a declaration (tasks_*.go) and, for a new
// format, a small reader.
type Task struct {
	Name    string // as in the analysis tables: "jcommonsenseqa", "mmlu"
	Version string // our declaration's version; bump when prompts or scoring change
	Lang    string // "ja" or "en"
	// Reference says which harness config this declaration reproduces.
	Reference string
	Harness   Harness
	// LimitPerGroup applies a document limit to each Group separately, as
	// lm-eval does for groups of subtasks (--limit 50 on mmlu evaluates 50
	// questions of every subject).
	LimitPerGroup bool
	// Files lists the dataset files (relative to the datasets folder) the
	// task reads, for messages and `hyoka tasks show`.
	Files []string
	// Docs reads the evaluation documents in the harness's original order.
	Docs  func(Source) ([]Doc, error)
	Shots Shots

	// Prompt layout (a document's own Description comes first). FewshotDelim
	// separates examples and follows the last one; TargetDelim separates an
	// example's text from its target (and is the prefix of MultipleChoice
	// continuations).
	FewshotDelim string
	TargetDelim  string
	// Instruction is llm-jp-eval's task instruction (LLMJP only).
	Instruction string
	// MultipleInput marks lm-eval's "multiple input" mode (XWinograd): the
	// choices are contexts and Target is the shared continuation.
	MultipleInput bool

	Request RequestType
	// Until are the stop strings of Generate tasks; the response is cut
	// before the earliest one. The engine also stops at end-of-sequence.
	Until []string
	// MaxTokens is the generation limit in tokens.
	MaxTokens int

	// Score turns one document's model output into its metric value (0..1).
	// For MultipleChoice tasks out.LogLikelihoods is set, for Generate tasks
	// out.Response; Score also returns the extracted answer for the samples
	// file.
	Score func(d *Doc, out Output) (value float64, extracted string)
	// Metric names the reported number ("acc", "exact_match") and Filter the
	// extraction it follows ("strict-match", "get-answer"; "" for none), in
	// the reference harness's words.
	Metric string
	Filter string

	// Deviations lists every known difference from the reference protocol
	// (usually forced by missing data). They are written into every result.
	Deviations []string

	// Hooks for generation tasks that need more than one greedy request
	// and a per-document mean (issue 7; see tasks_issue7.go).

	// Samples is the number of generations per document (bigcode's
	// n_samples); 0 or 1 means one. Each sample k of a document is sent
	// with a copy of Sampling whose Seed is SampleSeed(doc ID, k), so the
	// samples do not depend on batching or order.
	Samples  int
	Sampling *Sampling
	// ExtraLL are continuations scored by log-likelihood after the prompt
	// of a Generate task, in addition to the generation (SQuAD2's
	// " unanswerable"); their values arrive in Output.LogLikelihoods.
	ExtraLL []string
	// MaxTokensFor, when set and the LM implements TokenCounter, gives a
	// document's generation limit from token counts (XL-Sum: the
	// reference summary's length + 10). Without a TokenCounter MaxTokens
	// applies.
	MaxTokensFor func(d *Doc, prompt string, count func(string) (int, error)) (int, error)
	// ExecutesCode marks tasks whose scoring runs model-generated programs:
	// Run refuses them, before generating anything, unless
	// Options.AllowCodeExecution is set (ErrCodeExecutionNotAllowed).
	ExecutesCode bool
	// ScoreContext, when set, is used instead of Score: scoring that runs
	// programs needs a context and the run's options and can fail for
	// reasons that are not the model's (no sandbox); its error stops the run.
	ScoreContext func(ctx context.Context, d *Doc, out Output, opts Options) (value float64, extracted string, err error)
	// Aggregate, when set, computes the task's value and stderr from all
	// samples in evaluation order (corpus BLEU, ROUGE-2) instead of the
	// mean of per-document scores.
	Aggregate func(ins []Instance, samples []*Sample) (value, stderr float64, err error)
}

// Output is what the model produced for one document.
type Output struct {
	LogLikelihoods []float64 // per choice (MultipleChoice)
	IsGreedy       []bool    // per choice (MultipleChoice)
	Response       string    // generated text after stop-string cutting (Generate)
	// Responses holds every sample of a Task with Samples > 1 (Response is
	// the first), each cut at the stop strings.
	Responses []string
}

var registry = map[string]*Task{}

func register(t *Task) *Task {
	if _, dup := registry[t.Name]; dup {
		panic("eval: duplicate task " + t.Name)
	}
	registry[t.Name] = t
	return t
}

// Tasks returns every declared task, sorted by name.
func Tasks() []*Task {
	out := make([]*Task, 0, len(registry))
	for _, t := range registry {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Lookup returns the task called name.
func Lookup(name string) (*Task, error) {
	t, ok := registry[name]
	if !ok {
		return nil, fmt.Errorf("eval: %w %q (known: %s)", ErrUnknownTask, name, strings.Join(taskNames(), ", "))
	}
	return t, nil
}

// PaperTasks lists, in the paper's column order, the 19 benchmarks of
// arXiv:2412.14471. Not all may be declared yet; Select skips none silently.
var PaperTasks = []string{
	"jcommonsenseqa", "jemhopqa", "niilc", "jsquad", "xlsum_ja", "mgsm_ja",
	"wmt20_en_ja", "wmt20_ja_en", "jmmlu", "jhumaneval",
	"openbookqa", "triviaqa", "hellaswag", "squad2", "xwinograd_en", "mmlu",
	"gsm8k", "bbh", "humaneval",
}

// Select resolves a comma-separated task list; "paper" stands for the
// declared tasks of PaperTasks and "all" for every declared task.
func Select(list string) ([]*Task, error) {
	var out []*Task
	seen := map[string]bool{}
	add := func(t *Task) {
		if !seen[t.Name] {
			seen[t.Name] = true
			out = append(out, t)
		}
	}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		switch name {
		case "":
			continue
		case "paper":
			for _, n := range PaperTasks {
				if t, ok := registry[n]; ok {
					add(t)
				}
			}
		case "all":
			for _, t := range Tasks() {
				add(t)
			}
		default:
			t, err := Lookup(name)
			if err != nil {
				return nil, err
			}
			add(t)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("eval: %w: empty task list", ErrUnknownTask)
	}
	return out, nil
}

func taskNames() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func sortStrings(s []string) { sort.Strings(s) }
