package eval

import (
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
)

// English tasks, lm-evaluation-harness v0.4.2 configs as run by
// swallow-evaluation v202407 (scripts/evaluate_english.sh).

const (
	lmevalFewshotDelim = "\n\n"
	lmevalTargetDelim  = " "
)

// ---- OpenBookQA (tasks/openbookqa/openbookqa.yaml) ----

type obqaRecord struct {
	ID       string `json:"id"`
	Question struct {
		Stem    string `json:"stem"`
		Choices []struct {
			Text  string `json:"text"`
			Label string `json:"label"`
		} `json:"choices"`
	} `json:"question"`
	AnswerKey string `json:"answerKey"`
}

func readOBQA(rel, split string) func(Source) ([]Doc, error) {
	return func(src Source) ([]Doc, error) {
		var docs []Doc
		err := readJSONL(src, rel, func(i int, r *obqaRecord) error {
			d := Doc{ID: fmt.Sprintf("%s/%s", split, r.ID), Query: r.Question.Stem, Gold: -1}
			key := strings.TrimLeft(r.AnswerKey, " \t\n\r\v\f")
			for j, c := range r.Question.Choices {
				d.Choices = append(d.Choices, c.Text)
				if c.Label == key {
					d.Gold = j
				}
			}
			if d.Gold < 0 {
				return fmt.Errorf("answerKey %q is not a choice label", r.AnswerKey)
			}
			d.Key = jsonKey(r)
			docs = append(docs, d)
			return nil
		})
		return docs, err
	}
}

var openbookqa = register(&Task{
	Name: "openbookqa", Version: "1.0", Lang: "en",
	Reference:    "lm-eval 0.4.2 tasks/openbookqa/openbookqa.yaml (acc), 4-shot",
	Harness:      LMEval,
	Files:        []string{"openbookqa/Data/Main/test.jsonl", "openbookqa/Data/Main/train.jsonl"},
	Docs:         readOBQA("openbookqa/Data/Main/test.jsonl", "test"),
	Shots:        Shots{N: 4, Rule: RandomShots, Pool: readOBQA("openbookqa/Data/Main/train.jsonl", "train")},
	FewshotDelim: lmevalFewshotDelim, TargetDelim: lmevalTargetDelim,
	Request: MultipleChoice, Score: scoreAcc, Metric: "acc",
})

// ---- HellaSwag (tasks/hellaswag/hellaswag.yaml, utils.py) ----

var hellaswagBrackets = regexp.MustCompile(`\[.*?\]`)

// hellaswagPreprocess is hellaswag/utils.py preprocess().
func hellaswagPreprocess(s string) string {
	s = pyStrip(s)
	s = strings.ReplaceAll(s, " [title]", ". ")
	s = hellaswagBrackets.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "  ", " ")
	return s
}

func readHellaswagVal(src Source) ([]Doc, error) {
	const rel = "hellaswag/hellaswag_val_full.txt.bz2"
	lines, err := readLines(src, rel)
	if err != nil {
		return nil, err
	}
	if len(lines)%6 != 0 {
		return nil, fmt.Errorf("%s: %d lines, not a multiple of 6", rel, len(lines))
	}
	docs := make([]Doc, 0, len(lines)/6)
	for i := 0; i < len(lines); i += 6 {
		var gold int
		if _, err := fmt.Sscanf(lines[i+1], "%d", &gold); err != nil || gold < 0 || gold > 3 {
			return nil, fmt.Errorf("%s line %d: bad label %q", rel, i+2, lines[i+1])
		}
		d := Doc{ID: fmt.Sprintf("validation/%d", i/6), Query: hellaswagPreprocess(lines[i]), Gold: gold}
		for _, e := range lines[i+2 : i+6] {
			d.Choices = append(d.Choices, hellaswagPreprocess(e))
		}
		d.Key = jsonKey(lines[i : i+6])
		docs = append(docs, d)
	}
	return docs, nil
}

type hellaswagRecord struct {
	Ind           int      `json:"ind"`
	ActivityLabel string   `json:"activity_label"`
	CtxA          string   `json:"ctx_a"`
	CtxB          string   `json:"ctx_b"`
	Ctx           string   `json:"ctx"`
	Endings       []string `json:"endings"`
	SourceID      string   `json:"source_id"`
	Split         string   `json:"split"`
	SplitType     string   `json:"split_type"`
	Label         string   `json:"label"`
}

// readHellaswagTrain applies utils.process_docs to original-format rows.
func readHellaswagTrain(src Source) ([]Doc, error) {
	var docs []Doc
	err := readJSONL(src, "hellaswag/olmes_std_fewshot_train.jsonl", func(i int, r *hellaswagRecord) error {
		var gold int
		if _, err := fmt.Sscanf(r.Label, "%d", &gold); err != nil || gold < 0 || gold >= len(r.Endings) {
			return fmt.Errorf("bad label %q", r.Label)
		}
		ctx := r.CtxA + " " + pyCapitalize(r.CtxB)
		d := Doc{ID: fmt.Sprintf("train/%d", i), Query: hellaswagPreprocess(r.ActivityLabel + ": " + ctx), Gold: gold}
		for _, e := range r.Endings {
			d.Choices = append(d.Choices, hellaswagPreprocess(e))
		}
		d.Key = jsonKey(r)
		docs = append(docs, d)
		return nil
	})
	return docs, err
}

var hellaswag = register(&Task{
	Name: "hellaswag", Version: "1.0", Lang: "en",
	Reference: "lm-eval 0.4.2 tasks/hellaswag/hellaswag.yaml + utils.py (acc), 4-shot",
	Harness:   LMEval,
	Files:     []string{"hellaswag/hellaswag_val_full.txt.bz2", "hellaswag/olmes_std_fewshot_train.jsonl"},
	Docs:      readHellaswagVal,
	// hellaswag.yaml leaves fewshot_split unset and sets test_split: null,
	// so lm-eval's "fewshot_split == test_split" holds and it draws 5.
	Shots:        Shots{N: 4, Rule: RandomShots, Pool: readHellaswagTrain, DrawExtra: true},
	FewshotDelim: lmevalFewshotDelim, TargetDelim: lmevalTargetDelim,
	Request: MultipleChoice, Score: scoreAcc, Metric: "acc",
	Deviations: []string{
		"validation documents come from a derived text export (klosax/hellaswag_text_data) that has ctx = ctx_a + \" \" + ctx_b without lm-eval's ctx_b.capitalize(); the query is preprocess(activity_label + \": \" + ctx), so the first letter of ctx_b stays lower case",
		"few-shot pool is the 11 OLMES curated train rows (hellaswag/olmes_std_fewshot_train.jsonl), not the 39,905-row train split: random.Random(1234).sample draws 4 of these 11",
	},
})

// ---- XWinograd en (tasks/xwinograd/xwinograd_en.yaml, utils.py) ----

// xwinoDoc is the Muennighoff/xwinograd row form: the sentence with "_" in
// place of the pronoun and the two candidates.
type xwinoDoc struct {
	Sentence string `json:"sentence"`
	Option1  string `json:"option1"`
	Option2  string `json:"option2"`
	Answer   string `json:"answer"`
}

// xwinoFromTSV rebuilds the Muennighoff/xwinograd row from one line of
// crosslingual_winograd's dataset.tsv: the pronoun's token span is located
// in the raw sentence by aligning the tokens left to right.
func xwinoFromTSV(fields []string) (xwinoDoc, error) {
	var d xwinoDoc
	if len(fields) < 7 {
		return d, fmt.Errorf("%d columns, want 7", len(fields))
	}
	sent := fields[3]
	var toks []string
	if err := json.Unmarshal([]byte(fields[4]), &toks); err != nil {
		return d, fmt.Errorf("tokens: %w", err)
	}
	var pron []json.RawMessage
	if err := json.Unmarshal([]byte(fields[5]), &pron); err != nil || len(pron) < 2 {
		return d, fmt.Errorf("pronoun column %q", fields[5])
	}
	var span [2]int
	if err := json.Unmarshal(pron[1], &span); err != nil {
		return d, fmt.Errorf("pronoun span: %w", err)
	}
	var cands [][]json.RawMessage
	if err := json.Unmarshal([]byte(fields[6]), &cands); err != nil || len(cands) != 2 {
		return d, fmt.Errorf("candidates column %q", fields[6])
	}
	var opts [2]string
	correct := -1
	for i, c := range cands {
		if len(c) < 4 {
			return d, fmt.Errorf("candidate %d malformed", i)
		}
		var ok bool
		if err := json.Unmarshal(c[0], &opts[i]); err != nil {
			return d, fmt.Errorf("candidate %d text: %w", i, err)
		}
		if err := json.Unmarshal(c[3], &ok); err != nil {
			return d, fmt.Errorf("candidate %d flag: %w", i, err)
		}
		if ok {
			correct = i
		}
	}
	if correct < 0 {
		return d, fmt.Errorf("no correct candidate")
	}
	// Align tokens to character offsets. Tokens are PTB-style: quotes may
	// appear as `` and ''; a token that cannot be found is skipped (only the
	// pronoun's tokens must align).
	starts := make([]int, len(toks))
	ends := make([]int, len(toks))
	pos := 0
	for i, tk := range toks {
		starts[i], ends[i] = -1, -1
		for _, alt := range []string{tk, strings.NewReplacer("``", "\"", "''", "\"").Replace(tk), "'"} {
			j := strings.Index(sent[pos:], alt)
			if j >= 0 && strings.TrimSpace(sent[pos:pos+j]) == "" {
				starts[i], ends[i] = pos+j, pos+j+len(alt)
				pos = ends[i]
				break
			}
		}
	}
	if span[0] < 0 || span[1] > len(toks) || span[0] >= span[1] {
		return d, fmt.Errorf("pronoun span %v out of range", span)
	}
	if starts[span[0]] < 0 || ends[span[1]-1] < 0 {
		return d, fmt.Errorf("pronoun tokens %v do not align with the sentence", span)
	}
	var pronText string
	if err := json.Unmarshal(pron[0], &pronText); err != nil {
		return d, fmt.Errorf("pronoun text: %w", err)
	}
	if got := sent[starts[span[0]]:ends[span[1]-1]]; got != pronText {
		return d, fmt.Errorf("pronoun %q aligned to %q", pronText, got)
	}
	d.Sentence = sent[:starts[span[0]]] + "_" + sent[ends[span[1]-1]:]
	d.Option1, d.Option2 = opts[0], opts[1]
	d.Answer = fmt.Sprint(correct + 1)
	return d, nil
}

func readXWinogradEN(src Source) ([]Doc, error) {
	const rel = "xwinograd_en/dataset.tsv"
	lines, err := readLines(src, rel)
	if err != nil {
		return nil, err
	}
	var docs []Doc
	for ln, l := range lines {
		f := strings.Split(l, "\t")
		if len(f) == 0 || f[0] != "en" {
			continue
		}
		x, err := xwinoFromTSV(f)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %w", rel, ln+1, err)
		}
		idx := strings.Index(x.Sentence, "_")
		d := Doc{
			ID:      fmt.Sprintf("test/%d", len(docs)),
			Choices: []string{x.Sentence[:idx] + x.Option1, x.Sentence[:idx] + x.Option2},
			Target:  pyStrip(x.Sentence[idx+1:]),
			Gold:    map[string]int{"1": 0, "2": 1}[x.Answer],
			Key:     jsonKey(x),
		}
		docs = append(docs, d)
	}
	return docs, nil
}

var xwinogradEN = register(&Task{
	Name: "xwinograd_en", Version: "1.0", Lang: "en",
	Reference: "lm-eval 0.4.2 tasks/xwinograd/xwinograd_en.yaml + utils.py (acc, multiple-input partial scoring), 4-shot from the test split",
	Harness:   LMEval,
	Files:     []string{"xwinograd_en/dataset.tsv"},
	Docs:      readXWinogradEN,
	// fewshot_split is unset, so lm-eval falls back to the test docs and
	// draws exactly 4 (no extra), dropping the document itself if drawn.
	Shots:        Shots{N: 4, Rule: RandomShots},
	FewshotDelim: lmevalFewshotDelim, TargetDelim: lmevalTargetDelim,
	MultipleInput: true,
	Request:       MultipleChoice, Score: scoreAcc, Metric: "acc",
	Deviations: []string{
		"documents are rebuilt from crosslingual_winograd dataset.tsv (the source of Muennighoff/xwinograd): the pronoun's token span is replaced by \"_\"; the rule is a reconstruction, not Muennighoff's script",
	},
})

// ---- MMLU (tasks/mmlu/default/_default_template_yaml) ----

func mmluRows(src Source, split string) ([]Doc, error) {
	files, err := src.Glob("mmlu/" + split + "/*_" + split + ".csv")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%w: no mmlu/%s/*_%s.csv files in %s", ErrMissingData, split, split, src)
	}
	var docs []Doc
	for _, f := range files {
		subject := strings.TrimSuffix(path.Base(f), "_"+split+".csv")
		recs, err := readCSV(src, f, 6, false)
		if err != nil {
			return nil, err
		}
		for i, r := range recs {
			gold := strings.Index("ABCD", pyStrip(r[5]))
			if gold < 0 || len(pyStrip(r[5])) != 1 {
				return nil, fmt.Errorf("%s record %d: answer %q", f, i+1, r[5])
			}
			q := pyStrip(r[0]) + "\nA. " + r[1] + "\nB. " + r[2] + "\nC. " + r[3] + "\nD. " + r[4] + "\nAnswer:"
			docs = append(docs, Doc{
				ID: fmt.Sprintf("%s/%d", subject, i), Group: subject, Query: q,
				// The yaml says ".\n\n"; lm-eval renders it with jinja2, whose
				// default keep_trailing_newline=False drops one "\n".
				Description: "The following are multiple choice questions (with answers) about " +
					strings.ReplaceAll(subject, "_", " ") + ".\n",
				Choices: []string{"A", "B", "C", "D"}, Gold: gold,
				Key: jsonKey([]any{r[0], subject, r[1:5], gold}),
			})
		}
	}
	return docs, nil
}

var mmlu = register(&Task{
	Name: "mmlu", Version: "0.0", Lang: "en",
	Reference:     "lm-eval 0.4.2 tasks/mmlu/default (acc over letters, micro average over 57 subjects), 5-shot first_n from dev",
	Harness:       LMEval,
	Files:         []string{"mmlu/test/*_test.csv", "mmlu/dev/*_dev.csv"},
	LimitPerGroup: true,
	Docs:          func(src Source) ([]Doc, error) { return mmluRows(src, "test") },
	Shots: Shots{N: 5, Rule: FirstShots, ByGroup: true,
		Pool: func(src Source) ([]Doc, error) { return mmluRows(src, "dev") }},
	FewshotDelim: lmevalFewshotDelim, TargetDelim: lmevalTargetDelim,
	Request: MultipleChoice, Score: scoreAcc, Metric: "acc",
})

// ---- GSM8K (tasks/gsm8k/gsm8k.yaml) ----

type gsm8kRecord struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

func readGSM8K(rel, split string) func(Source) ([]Doc, error) {
	return func(src Source) ([]Doc, error) {
		var docs []Doc
		err := readJSONL(src, rel, func(i int, r *gsm8kRecord) error {
			docs = append(docs, Doc{
				ID: fmt.Sprintf("%s/%d", split, i), Query: "Question: " + r.Question + "\nAnswer:",
				Target: r.Answer, Answers: []string{r.Answer}, Gold: -1, Key: jsonKey(r),
			})
			return nil
		})
		return docs, err
	}
}

var gsm8k = register(&Task{
	Name: "gsm8k", Version: "3.0", Lang: "en",
	Reference:    "lm-eval 0.4.2 tasks/gsm8k/gsm8k.yaml (exact_match, strict-match), --num_fewshot 4",
	Harness:      LMEval,
	Files:        []string{"gsm8k/test.jsonl", "gsm8k/train.jsonl"},
	Docs:         readGSM8K("gsm8k/test.jsonl", "test"),
	Shots:        Shots{N: 4, Rule: RandomShots, Pool: readGSM8K("gsm8k/train.jsonl", "train")},
	FewshotDelim: lmevalFewshotDelim, TargetDelim: lmevalTargetDelim,
	Request: Generate, Until: []string{"Question:", "</s>", "<|im_end|>"}, MaxTokens: 256,
	Score: scoreGSM8K, Metric: "exact_match", Filter: "strict-match",
})

// ---- BBH (tasks/bbh/cot_fewshot) ----

type bbhFile struct {
	Examples []struct {
		Input  string `json:"input"`
		Target string `json:"target"`
	} `json:"examples"`
}

// bbhPrompt splits a BIG-Bench-Hard cot-prompts file the way lm-eval's
// bbh/_generate_configs.py does: the part after the last "\n-----\n" is
// the description and the exemplars, separated by blank lines. The yaml
// description is description+"\n\n", but lm-eval renders it with jinja2,
// whose default keep_trailing_newline=False drops the last "\n".
//
// The shipped snarks.yaml differs from that script's output: its
// description runs up to the first exemplar ("Q: ..."), two paragraphs. The
// rule "description = the blocks before the first one starting with Q:"
// gives every one of the 27 shipped yamls.
func bbhPrompt(txt string) (description, prefix string) {
	parts := strings.Split(txt, "\n-----\n")
	p := parts[len(parts)-1]
	blocks := strings.Split(p, "\n\n")
	k := 1
	for k < len(blocks) && !strings.HasPrefix(blocks[k], "Q:") {
		k++
	}
	return strings.Join(blocks[:k], "\n\n") + "\n", strings.Join(blocks[k:], "\n\n") + "\n\n"
}

func readBBH(src Source) ([]Doc, error) {
	files, err := src.Glob("bbh/bbh/*.json")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%w: no bbh/bbh/*.json files in %s", ErrMissingData, src)
	}
	var docs []Doc
	for _, f := range files {
		sub := strings.TrimSuffix(path.Base(f), ".json")
		b, err := src.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var bf bbhFile
		if err := json.Unmarshal(b, &bf); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		pt, err := src.ReadFile("bbh/cot-prompts/" + sub + ".txt")
		if err != nil {
			return nil, err
		}
		desc, prefix := bbhPrompt(string(pt))
		for i, e := range bf.Examples {
			docs = append(docs, Doc{
				ID: fmt.Sprintf("%s/%d", sub, i), Group: sub, Description: desc,
				// The template ends "step by step.\n"; jinja2 drops that "\n".
				Query:  prefix + "Q: " + e.Input + "\nA: Let's think step by step.",
				Target: e.Target, Answers: []string{e.Target}, Gold: -1,
				Key: jsonKey(e),
			})
		}
	}
	return docs, nil
}

var bbh = register(&Task{
	Name: "bbh", Version: "2.0", Lang: "en",
	Reference: "lm-eval 0.4.2 tasks/bbh/cot_fewshot (exact_match, get-answer; 3 CoT exemplars inside each prompt, num_fewshot 0), micro average over 27 subtasks",
	Harness:   LMEval,
	Files:     []string{"bbh/bbh/*.json", "bbh/cot-prompts/*.txt"},
	Docs:      readBBH,
	// lm-eval's bbh is a group: --limit applies to each of its subtasks
	LimitPerGroup: true,
	FewshotDelim:  lmevalFewshotDelim, TargetDelim: lmevalTargetDelim,
	Request: Generate, Until: []string{"</s>", "Q", "\n\n"}, MaxTokens: 1024,
	Score: scoreBBH, Metric: "exact_match", Filter: "get-answer",
})

// ---- TriviaQA (tasks/triviaqa/default.yaml) ----

type triviaRecord struct {
	Context string   `json:"context"`
	Answer  string   `json:"answer"`
	Aliases []string `json:"aliases"`
}

func readTriviaQA(src Source) ([]Doc, error) {
	var docs []Doc
	err := readJSONL(src, "triviaqa/llm-foundry_triviaqa_sm_sub.jsonl", func(i int, r *triviaRecord) error {
		q, ok := strings.CutPrefix(r.Context, "Question: ")
		if ok {
			q, ok = strings.CutSuffix(q, "\nAnswer:")
		}
		if !ok {
			return fmt.Errorf("context %q is not \"Question: ...\\nAnswer:\"", r.Context)
		}
		if len(r.Aliases) == 0 {
			return fmt.Errorf("no aliases")
		}
		// Scoring accepts exactly the aliases (lm-eval's doc_to_target); the
		// answer value, when it is one of them, is listed first for display.
		answers := r.Aliases
		if slices.Contains(r.Aliases, r.Answer) {
			answers = append([]string{r.Answer}, r.Aliases...)
		}
		docs = append(docs, Doc{
			ID: fmt.Sprintf("sub/%d", i), Query: "Question: " + q + "?\nAnswer:",
			// Shots show the first alias: str(doc_to_target(doc)[0]).
			Target: r.Aliases[0], Answers: answers, Gold: -1, Key: jsonKey(r),
		})
		return nil
	})
	return docs, err
}

var triviaqa = register(&Task{
	Name: "triviaqa", Version: "3.0", Lang: "en",
	Reference: "lm-eval 0.4.2 tasks/triviaqa/default.yaml (exact_match, remove_whitespace), 4-shot",
	Harness:   LMEval,
	Files:     []string{"triviaqa/llm-foundry_triviaqa_sm_sub.jsonl"},
	Docs:      readTriviaQA,
	// default.yaml sets neither fewshot_split nor test_split, so lm-eval's
	// "fewshot_split == test_split" holds and it draws 5, dropping the
	// document itself when drawn.
	Shots:        Shots{N: 4, Rule: RandomShots, DrawExtra: true},
	FewshotDelim: lmevalFewshotDelim, TargetDelim: lmevalTargetDelim,
	Request: Generate, Until: []string{"\n", ".", ","}, MaxTokens: 256,
	Score: scoreTriviaQA, Metric: "exact_match", Filter: "remove_whitespace",
	Deviations: []string{
		"evaluation set is MosaicML llm-foundry's 3,000-question TriviaQA subsample, not rc.nocontext validation (17,944): scores are not comparable with the paper",
		"few-shot pool is the same 3,000 questions (the train split is missing); a shot shows the first alias in llm-foundry's order",
	},
})
