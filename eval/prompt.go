package eval

import (
	"fmt"
	"strings"
	"sync"

	"hyoka/eval/internal/pyrand"
)

// Instance is one document ready for the model: its prompt and requests.
type Instance struct {
	// Index is the document's position in evaluation order (the order the
	// reference harness visits documents; --limit keeps the first N).
	Index int
	Doc   *Doc
	// Prompt is the full context for MultipleChoice and Generate tasks; for
	// MultipleInput tasks it is the few-shot prefix the contexts share.
	Prompt string
	// LL holds one request per choice (MultipleChoice tasks).
	LL []LLRequest
	// Gen is the generation request (Generate tasks).
	Gen *GenRequest
}

// llmjpIntro is llm-jp-eval v1.3.0's fixed Japanese Alpaca preamble.
const llmjpIntro = "以下は、タスクを説明する指示と、文脈のある入力の組み合わせです。要求を適切に満たす応答を書きなさい。"

// Instances reads the task's data and builds every document's prompt and
// requests in evaluation order, drawing few-shot examples exactly as the
// reference harness does. limit > 0 keeps the first limit documents, or the
// first limit of each group when t.LimitPerGroup (the shots of the kept
// documents do not depend on limit). Instance.Index counts kept documents.
func (t *Task) Instances(src Source, limit int) ([]Instance, error) {
	docs, err := cachedDocs(src, t.Name, "docs", t.Docs)
	if err != nil {
		return nil, fmt.Errorf("eval: %s: %w", t.Name, err)
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("eval: %s: no documents", t.Name)
	}
	var pool []Doc
	if t.Shots.N > 0 {
		if t.Shots.Pool == nil {
			pool = docs
		} else if pool, err = cachedDocs(src, t.Name, "pool", t.Shots.Pool); err != nil {
			return nil, fmt.Errorf("eval: %s few-shot pool: %w", t.Name, err)
		}
		if len(pool) < t.Shots.N {
			return nil, fmt.Errorf("eval: %s: few-shot pool has %d documents, need %d", t.Name, len(pool), t.Shots.N)
		}
	}
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	var rnd *pyrand.Rand
	switch t.Harness {
	case LMEval:
		rnd = pyrand.New(1234)
	case JPHarness:
		rnd = pyrand.New(42)
		rnd.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	// Per-group pools and generators (ByGroup).
	groupPool := map[string][]Doc{}
	groupRnd := map[string]*pyrand.Rand{}
	if t.Shots.ByGroup {
		for _, p := range pool {
			groupPool[p.Group] = append(groupPool[p.Group], p)
		}
	}
	n := len(docs)
	if limit > 0 && limit < n && !t.LimitPerGroup {
		n = limit
	}
	out := make([]Instance, 0, n)
	perGroup := map[string]int{}
	for i := 0; i < n; i++ {
		d := &docs[order[i]]
		if limit > 0 && t.LimitPerGroup {
			if perGroup[d.Group] >= limit {
				continue
			}
			perGroup[d.Group]++
		}
		r, p := rnd, pool
		if t.Shots.ByGroup && t.Shots.N > 0 {
			p = groupPool[d.Group]
			if len(p) < t.Shots.N {
				return nil, fmt.Errorf("eval: %s: few-shot pool of group %q has %d documents, need %d", t.Name, d.Group, len(p), t.Shots.N)
			}
			if r = groupRnd[d.Group]; r == nil && t.Harness == LMEval {
				r = pyrand.New(1234)
				groupRnd[d.Group] = r
			}
		}
		shots, err := t.drawShots(r, d, p)
		if err != nil {
			return nil, err
		}
		out = append(out, t.instance(len(out), d, shots))
	}
	return out, nil
}

// drawShots picks the shots of document d.
func (t *Task) drawShots(rnd *pyrand.Rand, d *Doc, pool []Doc) ([]*Doc, error) {
	k := t.Shots.N
	if k == 0 {
		return nil, nil
	}
	m := k
	if t.Shots.DrawExtra {
		m = k + 1
	}
	var picked []int
	if t.Shots.Rule == FirstShots {
		if m > len(pool) {
			m = len(pool)
		}
		for i := 0; i < m; i++ {
			picked = append(picked, i)
		}
	} else {
		if rnd == nil {
			return nil, fmt.Errorf("eval: %s: random shots need the LMEval or JPHarness generator", t.Name)
		}
		idx, ok := rnd.Sample(len(pool), m)
		if !ok {
			return nil, fmt.Errorf("eval: %s: cannot sample %d of %d few-shot documents", t.Name, m, len(pool))
		}
		picked = idx
	}
	shots := make([]*Doc, 0, k)
	for _, i := range picked {
		s := &pool[i]
		if t.removesSelf() && s.Key != "" && s.Key == d.Key {
			continue // the harness removes the document itself (x != doc)
		}
		shots = append(shots, s)
	}
	if len(shots) > k {
		shots = shots[:k]
	}
	return shots, nil
}

// removesSelf reports whether the harness drops the evaluated document from
// its own shots: lm-eval always filters the drawn examples with x != doc; the
// JP harness only when it samples from the evaluation split.
func (t *Task) removesSelf() bool {
	switch t.Harness {
	case LMEval:
		return true
	case JPHarness:
		return t.Shots.Pool == nil
	}
	return false
}

func (t *Task) shotText(s *Doc) string {
	switch {
	case t.MultipleInput:
		return s.Choices[s.Gold] + t.TargetDelim + s.Target
	case t.Request == MultipleChoice:
		return s.Query + t.TargetDelim + s.Choices[s.Gold]
	default:
		return s.Query + t.TargetDelim + s.Target
	}
}

func (t *Task) instance(i int, d *Doc, shots []*Doc) Instance {
	var b strings.Builder
	switch t.Harness {
	case LLMJP:
		b.WriteString(llmjpIntro)
		b.WriteString("\n\n### 指示:\n")
		b.WriteString(t.Instruction)
		for _, s := range shots {
			b.WriteString("\n\n### 入力:\n")
			b.WriteString(s.Query)
			b.WriteString("\n\n### 応答:\n")
			b.WriteString(s.Target)
		}
		b.WriteString("\n\n### 入力:\n")
		b.WriteString(d.Query)
		b.WriteString("\n\n### 応答:\n")
	default:
		b.WriteString(d.Description)
		for _, s := range shots {
			b.WriteString(t.shotText(s))
			b.WriteString(t.FewshotDelim)
		}
		if !t.MultipleInput {
			b.WriteString(d.Query)
		}
	}
	in := Instance{Index: i, Doc: d, Prompt: b.String()}
	switch {
	case t.Request == Generate:
		in.Gen = &GenRequest{Context: in.Prompt, Until: t.Until, MaxTokens: t.MaxTokens, Sampling: t.Sampling}
		for _, c := range t.ExtraLL {
			in.LL = append(in.LL, LLRequest{Context: in.Prompt, Continuation: c})
		}
	case t.MultipleInput:
		for _, c := range d.Choices {
			in.LL = append(in.LL, LLRequest{Context: in.Prompt + c, Continuation: t.TargetDelim + d.Target})
		}
	default:
		for _, c := range d.Choices {
			in.LL = append(in.LL, LLRequest{Context: in.Prompt, Continuation: t.TargetDelim + c})
		}
	}
	return in
}

type docsKey struct {
	src        Source
	task, kind string
}

var (
	docsMu    sync.Mutex
	docsCache = map[docsKey][]Doc{}
)

// cachedDocs reads documents once per source and task: readers parse
// whole files and evaluation, tests and `hyoka tasks show` ask repeatedly.
// Callers must not modify the returned documents.
func cachedDocs(src Source, task, kind string, read func(Source) ([]Doc, error)) ([]Doc, error) {
	k := docsKey{src, task, kind}
	docsMu.Lock()
	d, ok := docsCache[k]
	docsMu.Unlock()
	if ok {
		return d, nil
	}
	d, err := read(src)
	if err != nil {
		return nil, err
	}
	docsMu.Lock()
	docsCache[k] = d
	docsMu.Unlock()
	return d, nil
}
