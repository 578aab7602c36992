package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"hyoka/eval"
)

func init() {
	register(&command{
		Name:  "tasks",
		Usage: "tasks [--data DIR] [--json] | tasks show TASK [--doc I] [--data DIR] [--json]",
		Short: "list the benchmark tasks, or show one document's exact prompt and target",
		Long: `Without arguments, lists the declared tasks: language, reference harness,
few-shot count, request type, metric and the number of declared deviations
from the paper's protocol.

"tasks show TASK" prints the task's declaration and, for document I (in
evaluation order, default 0), the exact prompt(s) sent to the model and the
target: for multiple-choice tasks every continuation scored, for generation
tasks the stop strings and token limit. With --json the same is printed as a
JSON object, so that bytes such as trailing newlines are unambiguous.

--data DIR reads the benchmark data from DIR (a folder laid out like
shared/datasets, or one holding the <task>.tar.gz archives) instead of the
copy embedded in hyoka.`,
		Run: runTasks,
	})
}

func runTasks(ctx context.Context, env *Env, args []string) error {
	c := commands["tasks"]
	fs := newFlags(c, env)
	data := fs.String("data", "", "benchmark data folder (default: the embedded copy)")
	asJSON := fs.Bool("json", false, "print JSON")
	doc := fs.Int("doc", 0, "document index, in evaluation order (tasks show)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	src, err := eval.OpenSource(*data)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0:
		return listTasks(env, *asJSON)
	case pos[0] == "show" && len(pos) == 2:
		return showTask(env, src, pos[1], *doc, *asJSON)
	case pos[0] == "show":
		return fmt.Errorf("%w: tasks show needs exactly one task name", errUsage)
	default:
		return fmt.Errorf("%w: unknown argument %q", errUsage, pos[0])
	}
}

type taskSummary struct {
	Name       string   `json:"name"`
	Version    string   `json:"version"`
	Lang       string   `json:"lang"`
	Harness    string   `json:"harness"`
	Reference  string   `json:"reference"`
	Shots      int      `json:"num_fewshot"`
	Request    string   `json:"request"`
	Metric     string   `json:"metric"`
	Filter     string   `json:"filter,omitempty"`
	Until      []string `json:"until,omitempty"`
	MaxTokens  int      `json:"max_tokens,omitempty"`
	Files      []string `json:"files"`
	Deviations []string `json:"deviations"`
}

func summarize(t *eval.Task) taskSummary {
	s := taskSummary{
		Name: t.Name, Version: t.Version, Lang: t.Lang, Harness: t.Harness.String(), Reference: t.Reference,
		Shots: t.Shots.N, Request: t.Request.String(), Metric: t.Metric, Filter: t.Filter,
		Files: t.Files, Deviations: t.Deviations,
	}
	if t.Request == eval.Generate {
		s.Until, s.MaxTokens = t.Until, t.MaxTokens
	}
	if s.Deviations == nil {
		s.Deviations = []string{}
	}
	return s
}

func listTasks(env *Env, asJSON bool) error {
	var all []taskSummary
	for _, t := range eval.Tasks() {
		all = append(all, summarize(t))
	}
	if asJSON {
		return writeJSON(env, all)
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TASK\tLANG\tSHOTS\tREQUEST\tMETRIC\tHARNESS\tDEVIATIONS")
	for _, s := range all {
		m := s.Metric
		if s.Filter != "" {
			m += "," + s.Filter
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%d\n", s.Name, s.Lang, s.Shots, s.Request, m, s.Harness, len(s.Deviations))
	}
	return tw.Flush()
}

type shownDoc struct {
	Task      taskSummary `json:"task"`
	Index     int         `json:"index"`
	Documents int         `json:"documents"`
	ID        string      `json:"id"`
	Prompt    string      `json:"prompt"`
	Requests  []shownReq  `json:"requests,omitempty"`
	Gold      int         `json:"gold"`
	Target    string      `json:"target"`
	Answers   []string    `json:"answers,omitempty"`
}

type shownReq struct {
	Context      string `json:"context"`
	Continuation string `json:"continuation"`
}

func showTask(env *Env, src eval.Source, name string, i int, asJSON bool) error {
	t, err := eval.Lookup(name)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if i < 0 {
		return fmt.Errorf("%w: --doc must be >= 0", errUsage)
	}
	ins, err := t.Instances(src, 0)
	if err != nil {
		return err
	}
	if i >= len(ins) {
		return fmt.Errorf("%w: --doc %d: %s has %d documents (0..%d)", errUsage, i, name, len(ins), len(ins)-1)
	}
	in := ins[i]
	d := in.Doc
	out := shownDoc{Task: summarize(t), Index: i, Documents: len(ins), ID: d.ID, Prompt: in.Prompt, Gold: d.Gold, Answers: d.Answers}
	for _, r := range in.LL {
		out.Requests = append(out.Requests, shownReq{r.Context, r.Continuation})
	}
	switch {
	case t.MultipleInput:
		out.Target = d.Target
	case t.Request == eval.MultipleChoice && d.Gold >= 0 && d.Gold < len(d.Choices):
		out.Target = d.Choices[d.Gold]
	case len(d.Answers) > 0:
		out.Target = d.Answers[0]
	}
	if asJSON {
		return writeJSON(env, out)
	}
	w := env.Stdout
	fmt.Fprintf(w, "task %s v%s (%s): document %d of %d, id %s\n", t.Name, t.Version, t.Reference, i, len(ins), d.ID)
	for _, dev := range t.Deviations {
		fmt.Fprintf(w, "deviation: %s\n", dev)
	}
	fmt.Fprintf(w, "----- prompt (%d bytes; exact text between the markers) -----\n%s\n----- end of prompt -----\n", len(in.Prompt), in.Prompt)
	switch {
	case in.Gen != nil:
		fmt.Fprintf(w, "generate_until: stop %s, max %d tokens\n", quoteList(in.Gen.Until), in.Gen.MaxTokens)
		fmt.Fprintf(w, "target: %s\n", strconv.Quote(out.Target))
		if len(d.Answers) > 1 {
			fmt.Fprintf(w, "accepted answers: %s\n", quoteList(d.Answers))
		}
	case t.MultipleInput:
		for j, r := range in.LL {
			fmt.Fprintf(w, "choice %d%s: context = prompt + %s, continuation %s\n", j, goldMark(j, d.Gold),
				strconv.Quote(strings.TrimPrefix(r.Context, in.Prompt)), strconv.Quote(r.Continuation))
		}
	default:
		for j, r := range in.LL {
			fmt.Fprintf(w, "choice %d%s: continuation %s\n", j, goldMark(j, d.Gold), strconv.Quote(r.Continuation))
		}
	}
	return nil
}

func goldMark(j, gold int) string {
	if j == gold {
		return " (gold)"
	}
	return ""
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func writeJSON(env *Env, v any) error {
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
