package eval

import (
	"encoding/json"
	"fmt"
	"path"
	"strconv"
	"strings"

	"hyoka/eval/internal/pyrand"
)

// Japanese tasks: llm-jp-eval v1.3.0 (JCommonsenseQA, JMMLU) and the JP
// lm-evaluation-harness (MGSM), as run by swallow-evaluation v202407.

// ---- JCommonsenseQA (llm_jp_eval/datasets/jcommonsenseqa.py) ----

type jcqaRecord struct {
	QID      int    `json:"q_id"`
	Question string `json:"question"`
	Choice0  string `json:"choice0"`
	Choice1  string `json:"choice1"`
	Choice2  string `json:"choice2"`
	Choice3  string `json:"choice3"`
	Choice4  string `json:"choice4"`
	Label    int    `json:"label"`
}

func readJCQA(rel, split string) func(Source) ([]Doc, error) {
	return func(src Source) ([]Doc, error) {
		var docs []Doc
		err := readJSONL(src, rel, func(i int, r *jcqaRecord) error {
			out := strconv.Itoa(r.Label)
			docs = append(docs, Doc{
				ID: fmt.Sprintf("%s/%d", split, r.QID),
				Query: "質問：" + r.Question + "\n選択肢：0." + r.Choice0 + ",1." + r.Choice1 + ",2." + r.Choice2 +
					",3." + r.Choice3 + ",4." + r.Choice4,
				Target: out, Answers: []string{out}, Gold: -1,
			})
			return nil
		})
		return docs, err
	}
}

// llmjpTrainSplit is llm-jp-eval's split of a train file: random.seed(42),
// random.shuffle(samples), train = the first int(0.9 * n).
func llmjpTrainSplit(docs []Doc) []Doc {
	r := pyrand.New(42)
	r.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
	return docs[:len(docs)*9/10]
}

var jcommonsenseqa = register(&Task{
	Name: "jcommonsenseqa", Version: "1.3.0", Lang: "ja",
	Reference: "llm-jp-eval 1.3.0 datasets/jcommonsenseqa.py (exact_match), 4-shot, config_no-sample.yaml (greedy)",
	Harness:   LLMJP,
	Files:     []string{"jcommonsenseqa/valid-v1.1.json", "jcommonsenseqa/train-v1.1.json"},
	Docs:      readJCQA("jcommonsenseqa/valid-v1.1.json", "valid"),
	Shots: Shots{N: 4, Rule: FirstShots, Pool: func(src Source) ([]Doc, error) {
		docs, err := readJCQA("jcommonsenseqa/train-v1.1.json", "train")(src)
		if err != nil {
			return nil, err
		}
		return llmjpTrainSplit(docs), nil
	}},
	Instruction: "質問と回答の選択肢を入力として受け取り、選択肢から回答を選択してください。なお、回答は選択肢の番号（例：0）でするものとします。 回答となる数値をint型で返し、他には何も含めないことを厳守してください。",
	Request:     Generate, MaxTokens: 1,
	Score: scoreLLMJPExact, Metric: "exact_match",
})

// ---- JMMLU (llm_jp_eval/datasets/jmmlu.py) ----

type llmjpFewshots struct {
	FewShots []struct {
		Input  string `json:"input"`
		Output string `json:"output"`
	} `json:"few_shots"`
}

func jmmluQuery(r []string) string {
	return "質問：" + r[0] + "\n選択肢：A." + r[1] + ",B." + r[2] + ",C." + r[3] + ",D." + r[4]
}

func readJMMLUShots(src Source) ([]Doc, error) {
	const rel = "jmmlu/llm-jp-eval-1.3.0_fewshots.json"
	b, err := src.ReadFile(rel)
	if err != nil {
		return nil, err
	}
	var f llmjpFewshots
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	var docs []Doc
	for i, s := range f.FewShots {
		docs = append(docs, Doc{ID: fmt.Sprintf("train/%d", i), Query: s.Input, Target: s.Output, Answers: []string{s.Output}, Gold: -1})
	}
	return docs, nil
}

func readJMMLU(src Source) ([]Doc, error) {
	shots, err := readJMMLUShots(src)
	if err != nil {
		return nil, err
	}
	inShots := map[string]bool{}
	for _, s := range shots {
		inShots[s.Query] = true
	}
	files, err := src.Glob("jmmlu/JMMLU/*.csv")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%w: no jmmlu/JMMLU/*.csv files in %s", ErrMissingData, src)
	}
	var docs []Doc
	for _, f := range files {
		subject := strings.TrimSuffix(path.Base(f), ".csv")
		recs, err := readCSV(src, f, 6, true)
		if err != nil {
			return nil, err
		}
		for i, r := range recs {
			q := jmmluQuery(r)
			if inShots[q] {
				continue
			}
			docs = append(docs, Doc{
				ID: fmt.Sprintf("%s/%d", subject, i), Group: subject, Query: q,
				Target: r[5], Answers: []string{r[5]}, Gold: -1,
			})
		}
	}
	return docs, nil
}

var jmmlu = register(&Task{
	Name: "jmmlu", Version: "1.3.0", Lang: "ja",
	Reference:   "llm-jp-eval 1.3.0 datasets/jmmlu.py (exact_match, micro average), config_no-sample.yaml (greedy)",
	Harness:     LLMJP,
	Files:       []string{"jmmlu/JMMLU/*.csv", "jmmlu/llm-jp-eval-1.3.0_fewshots.json"},
	Docs:        readJMMLU,
	Shots:       Shots{N: 4, Rule: FirstShots, Pool: readJMMLUShots},
	Instruction: "与えられた質問と選択肢から、最も適切な回答を選択してください。なお、回答には選択肢のアルファベット（例：A）のみを含め、他には何も含めないことを厳守してください。",
	Request:     Generate, MaxTokens: 1,
	Score: scoreLLMJPExact, Metric: "exact_match",
	Deviations: []string{
		"4 shots instead of the paper's 5: only the first 4 samples of llm-jp-eval's 32-item JMMLU train split could be rebuilt (jmmlu/llm-jp-eval-1.3.0_fewshots.json)",
		"evaluation set is every row of the 53 JMMLU subjects except those 4 shots (7,093 questions), not llm-jp-eval's 3,541-question test half: the per-subject split could not be reproduced without its source",
		"the JMMLU instruction text is taken from later llm-jp-eval releases; its equality with v1.3.0 is not verified",
		"CSV files are read in Python's default text mode (\\r\\n inside quoted cells becomes \\n), assumed to be how llm-jp-eval opens them",
	},
})

// ---- MGSM ja (lm-evaluation-harness-jp lm_eval/tasks/ja/mgsm.py, prompt 0.0) ----

type mgsmExemplar struct {
	ID           string `json:"id"`
	Question     string `json:"question"`
	Answer       string `json:"answer"`
	AnswerNumber int64  `json:"answer_number"`
}

func mgsmQuery(q string) string {
	return "問題：" + strings.ReplaceAll(q, "問題：", "") + "\n" + "ステップごとの答え："
}

func readMGSMTest(src Source) ([]Doc, error) {
	const rel = "mgsm_ja/mgsm_ja.tsv"
	lines, err := readLines(src, rel)
	if err != nil {
		return nil, err
	}
	var docs []Doc
	for i, l := range lines {
		if l == "" {
			continue
		}
		j := strings.LastIndexByte(l, '\t')
		if j < 0 {
			return nil, fmt.Errorf("%s line %d: no tab", rel, i+1)
		}
		num := strings.ReplaceAll(l[j+1:], ",", "")
		if _, err := strconv.ParseInt(num, 10, 64); err != nil {
			return nil, fmt.Errorf("%s line %d: answer %q: %w", rel, i+1, l[j+1:], err)
		}
		docs = append(docs, Doc{ID: fmt.Sprintf("test/%d", len(docs)), Query: mgsmQuery(l[:j]), Answers: []string{num}, Gold: -1})
	}
	return docs, nil
}

func readMGSMTrain(src Source) ([]Doc, error) {
	var docs []Doc
	err := readJSONL(src, "mgsm_ja/mgsm_ja_exemplars.jsonl", func(i int, r *mgsmExemplar) error {
		docs = append(docs, Doc{
			ID: "train/" + r.ID, Query: mgsmQuery(r.Question),
			Target:  strings.ReplaceAll(r.Answer, "ステップごとの答え：", ""),
			Answers: []string{strconv.FormatInt(r.AnswerNumber, 10)}, Gold: -1,
		})
		return nil
	})
	return docs, err
}

var mgsmJA = register(&Task{
	Name: "mgsm_ja", Version: "1.0-0.0", Lang: "ja",
	Reference:    "lm-evaluation-harness-jp 9b42d41 tasks/ja/mgsm.py (mgsm-1.0-0.0, acc), 4-shot",
	Harness:      JPHarness,
	Files:        []string{"mgsm_ja/mgsm_ja.tsv", "mgsm_ja/mgsm_ja_exemplars.jsonl"},
	Docs:         readMGSMTest,
	Shots:        Shots{N: 4, Rule: RandomShots, Pool: readMGSMTrain},
	FewshotDelim: "\n\n", TargetDelim: "",
	Request: Generate, Until: []string{"\n"}, MaxTokens: 256,
	Score: scoreMGSM, Metric: "acc",
	Deviations: []string{
		"the JP harness retries with fewer shots while the prompt exceeds the model's max_length - 256 tokens (each retry draws new shots); hyoka always uses 4 shots, which is the same whenever the 4-shot prompt fits",
	},
})
