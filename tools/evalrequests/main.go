// Command evalrequests writes the log-likelihood requests of a hyoka eval
// task as token ids, exactly as `hyoka eval` sends them to the engine, so
// that another program (tools/llamacpp/naive_score.mjs) can score the very
// same token sequences.
//
//	go run ./tools/evalrequests -m MODEL.gguf --task mmlu --limit 2 > reqs.jsonl
//
// One JSON line per request, in document order and, within a document, in
// choice order: {"task","doc_index","doc_id","gold","choice",
// "context_ids","continuation_ids"}. The encoding is eval.EngineLM's: the
// context's trailing whitespace (Python's rstrip) moves to the
// continuation, then engine.Scorer.EncodePair applies lm-eval's _encode_pair
// (whole and context encoded separately; BOS first only where the model's
// metadata adds it). --limit and --data are hyoka eval's (--limit counts
// per subject for MMLU).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"hyoka/engine"
	"hyoka/eval"
	"hyoka/tokenizer"
)

type request struct {
	Task            string  `json:"task"`
	DocIndex        int     `json:"doc_index"`
	DocID           string  `json:"doc_id"`
	Gold            int     `json:"gold"`
	Choice          int     `json:"choice"`
	ContextIDs      []int32 `json:"context_ids"`
	ContinuationIDs []int32 `json:"continuation_ids"`
}

// pySpace is eval.EngineLM's whitespace rule (Python's str.rstrip()).
func pySpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

func main() {
	model := flag.String("m", "", "GGUF model file")
	task := flag.String("task", "", "task name (a log-likelihood task: mmlu, hellaswag, ...)")
	limit := flag.Int("limit", 0, "hyoka eval's --limit (0: all documents)")
	data := flag.String("data", "", "hyoka eval's --data (default: the data built into hyoka)")
	flag.Parse()
	if *model == "" || *task == "" {
		fmt.Fprintln(os.Stderr, "usage: evalrequests -m MODEL.gguf --task TASK [--limit N] [--data DIR]")
		os.Exit(2)
	}
	if err := run(*model, *task, *limit, *data); err != nil {
		fmt.Fprintln(os.Stderr, "evalrequests:", err)
		os.Exit(1)
	}
}

func run(modelPath, taskName string, limit int, data string) error {
	t, err := eval.Lookup(taskName)
	if err != nil {
		return err
	}
	src := eval.Embedded()
	if data != "" {
		if src, err = eval.OpenSource(data); err != nil {
			return err
		}
	}
	ins, err := t.Instances(src, limit)
	if err != nil {
		return err
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
	s, err := m.NewSession(engine.SessionOptions{Context: 64, Threads: 1})
	if err != nil {
		return err
	}
	sc := engine.NewScorer(s, tok)
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	n := 0
	for _, in := range ins {
		if len(in.LL) == 0 {
			return fmt.Errorf("task %s document %s has no log-likelihood requests", taskName, in.Doc.ID)
		}
		for j, r := range in.LL {
			c := strings.TrimRightFunc(r.Context, pySpace)
			p := sc.EncodePair(c, r.Context[len(c):]+r.Continuation)
			if err := enc.Encode(request{Task: taskName, DocIndex: in.Index, DocID: in.Doc.ID, Gold: in.Doc.Gold,
				Choice: j, ContextIDs: p.Context, ContinuationIDs: p.Continuation}); err != nil {
				return err
			}
			n++
		}
	}
	fmt.Fprintf(os.Stderr, "evalrequests: %s: %d documents, %d requests\n", taskName, len(ins), n)
	return w.Flush()
}
