package eval

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"hyoka/eval/internal/parquet"
)

// Readers of the issue-7 tasks (JEMHopQA, NIILC, JSQuAD, XL-Sum, WMT20,
// SQuAD2, HumanEval, JHumanEval).

// readMaybeGzip returns rel's bytes, gunzipped when rel ends in ".gz".
func readMaybeGzip(src Source, rel string) ([]byte, error) {
	b, err := src.ReadFile(rel)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(rel, ".gz") {
		return b, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	return out, nil
}

// decodeJSONLines decodes one JSON object per non-blank line of b into a
// new T and calls fn for each; name is used in messages.
func decodeJSONLines[T any](b []byte, name string, fn func(rec *T) error) error {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		l := bytes.TrimSpace(sc.Bytes())
		if len(l) == 0 {
			continue
		}
		var rec T
		if err := json.Unmarshal(l, &rec); err != nil {
			return fmt.Errorf("%s line %d: %w", name, line, err)
		}
		if err := fn(&rec); err != nil {
			return fmt.Errorf("%s line %d: %w", name, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// ---- llm-jp-eval question answering (JEMHopQA, NIILC, JSQuAD) ----

type jemhopqaRecord struct {
	QID      string `json:"qid"`
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// readJEMHopQA reads a JEMHopQA corpus file (a JSON array) as llm-jp-eval
// 1.3.0 does: input "質問：{question}", output the answer.
func readJEMHopQA(rel, split string) func(Source) ([]Doc, error) {
	return func(src Source) ([]Doc, error) {
		b, err := src.ReadFile(rel)
		if err != nil {
			return nil, err
		}
		var recs []jemhopqaRecord
		if err := json.Unmarshal(b, &recs); err != nil {
			return nil, fmt.Errorf("%s: %w", rel, err)
		}
		docs := make([]Doc, 0, len(recs))
		for i, r := range recs {
			docs = append(docs, llmjpDoc(fmt.Sprintf("%s/%d", split, i), "質問："+r.Question, r.Answer))
		}
		return docs, nil
	}
}

func llmjpDoc(id, input, output string) Doc {
	return Doc{ID: id, Query: input, Target: output, Answers: []string{output}, Gold: -1}
}

// llmjpTrainPool reads a train file and keeps llm-jp-eval's train split.
func llmjpTrainPool(read func(Source) ([]Doc, error)) func(Source) ([]Doc, error) {
	return func(src Source) ([]Doc, error) {
		docs, err := read(src)
		if err != nil {
			return nil, err
		}
		return llmjpTrainSplit(docs), nil
	}
}

type niilcXML struct {
	Questions []struct {
		ID      string   `xml:"id,attr"`
		Text    string   `xml:"text"`
		Answers []string `xml:"answers>answer"`
	} `xml:"question"`
}

// readNIILC reads a NIILC-ECQA2015 XML file as llm-jp-eval 1.3.0's
// niilc.py does (through xmltodict): input "質問：{text}", the answers
// joined with ","; a question whose only answer is "-" is dropped.
func readNIILC(rel, split string) func(Source) ([]Doc, error) {
	return func(src Source) ([]Doc, error) {
		b, err := src.ReadFile(rel)
		if err != nil {
			return nil, err
		}
		var x niilcXML
		if err := xml.Unmarshal(b, &x); err != nil {
			return nil, fmt.Errorf("%s: %w", rel, err)
		}
		var docs []Doc
		for i, q := range x.Questions {
			if len(q.Answers) == 0 {
				return nil, fmt.Errorf("%s: question %s has no answer", rel, q.ID)
			}
			// xmltodict strips the whitespace around text nodes.
			for j := range q.Answers {
				q.Answers[j] = pyStrip(q.Answers[j])
			}
			var ans string
			if len(q.Answers) > 1 {
				// ",".join([ans for ans in answers if ans])
				var nonEmpty []string
				for _, a := range q.Answers {
					if a != "" {
						nonEmpty = append(nonEmpty, a)
					}
				}
				ans = strings.Join(nonEmpty, ",")
			} else if ans = q.Answers[0]; ans == "-" {
				continue
			}
			d := llmjpDoc(fmt.Sprintf("%s/%d", split, i), "質問："+pyStrip(q.Text), ans)
			if q.ID != "" {
				d.ID = split + "/" + q.ID
			}
			docs = append(docs, d)
		}
		return docs, nil
	}
}

type squadFile struct {
	Data []struct {
		Title      string `json:"title"`
		Paragraphs []struct {
			Context string `json:"context"`
			QAs     []struct {
				ID       string `json:"id"`
				Question string `json:"question"`
				Answers  []struct {
					Text string `json:"text"`
				} `json:"answers"`
			} `json:"qas"`
		} `json:"paragraphs"`
	} `json:"data"`
}

func readSquadFile(src Source, rel string) (*squadFile, error) {
	b, err := readMaybeGzip(src, rel)
	if err != nil {
		return nil, err
	}
	var f squadFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	return &f, nil
}

// readJSQuADAll reads JGLUE's JSQuAD valid file as llm-jp-eval 1.3.0's
// jsquad.py flattens it: input "文章：{context}\n質問：{question}", output
// the first answer.
func readJSQuADAll(src Source) ([]Doc, error) {
	const rel = "jsquad/valid-v1.1.json"
	f, err := readSquadFile(src, rel)
	if err != nil {
		return nil, err
	}
	var docs []Doc
	for _, a := range f.Data {
		for _, p := range a.Paragraphs {
			for _, q := range p.QAs {
				if len(q.Answers) == 0 {
					return nil, fmt.Errorf("%s: question %s has no answer", rel, q.ID)
				}
				d := llmjpDoc("valid/"+q.ID, "文章："+p.Context+"\n質問："+q.Question, q.Answers[0].Text)
				docs = append(docs, d)
			}
		}
	}
	return docs, nil
}

// jsquadShotCount is the number of substitute JSQuAD shots taken from the
// validation file (its train file is missing; see the task's deviations).
const jsquadShotCount = 4

// jsquadSplit returns the substitute shots (the first four validation
// questions after llm-jp-eval's seed-42 shuffle) and the remaining
// questions in file order.
func jsquadSplit(src Source) (shots, rest []Doc, err error) {
	all, err := readJSQuADAll(src)
	if err != nil {
		return nil, nil, err
	}
	sh := llmjpTrainSplit(append([]Doc(nil), all...))[:jsquadShotCount]
	used := map[string]bool{}
	for _, s := range sh {
		used[s.ID] = true
	}
	for _, d := range all {
		if !used[d.ID] {
			rest = append(rest, d)
		}
	}
	return sh, rest, nil
}

func readJSQuADDocs(src Source) ([]Doc, error) {
	_, rest, err := jsquadSplit(src)
	return rest, err
}

func readJSQuADShots(src Source) ([]Doc, error) {
	sh, _, err := jsquadSplit(src)
	return sh, err
}

// ---- XL-Sum ja ----

// xlsumRecord is one article in both published layouts: the original
// XL-Sum JSON Lines and mkshing/xlsum_ja's rows (same field names).
type xlsumRecord struct {
	ID      string `json:"id"`
	URL     string `json:"url"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
	Text    string `json:"text"`
}

// xlsumLayout is one way the XL-Sum ja files can be laid out under
// xlsum_ja/: file names (JSON Lines) or glob patterns (parquet), tried in
// order. filtered reports whether the files already hold mkshing's
// 15-gram-filtered splits.
type xlsumLayout struct {
	name     string
	test     []string // candidates for the evaluation split
	shots    []string // candidates for the few-shot split
	parquet  bool     // the candidates are glob patterns of parquet files
	filtered bool
}

// xlsumLayouts lists the supported layouts, preferred first: mkshing's
// dataset as JSON Lines (test/train, filtered) in the folder or its data/
// subfolder, then as the Hugging Face parquet files (data/test-*.parquet,
// or the refs/convert/parquet layout default/test/*.parquet), then the
// original XL-Sum v2.0 files (test/validation, unfiltered; filtered here
// with the reconstructed id lists).
var xlsumLayouts = []xlsumLayout{
	{name: "mkshing/xlsum_ja JSON Lines", filtered: true,
		test:  []string{"xlsum_ja/test.jsonl", "xlsum_ja/test.jsonl.gz", "xlsum_ja/data/test.jsonl", "xlsum_ja/data/test.jsonl.gz"},
		shots: []string{"xlsum_ja/train.jsonl", "xlsum_ja/train.jsonl.gz", "xlsum_ja/data/train.jsonl", "xlsum_ja/data/train.jsonl.gz"}},
	{name: "mkshing/xlsum_ja parquet", filtered: true, parquet: true,
		test:  []string{"xlsum_ja/data/test-*.parquet", "xlsum_ja/test-*.parquet", "xlsum_ja/default/test/*.parquet", "xlsum_ja/test/*.parquet"},
		shots: []string{"xlsum_ja/data/train-*.parquet", "xlsum_ja/train-*.parquet", "xlsum_ja/default/train/*.parquet", "xlsum_ja/train/*.parquet"}},
	{name: "original XL-Sum v2.0 japanese_*.jsonl",
		test:  []string{"xlsum_ja/japanese_test.jsonl", "xlsum_ja/japanese_test.jsonl.gz"},
		shots: []string{"xlsum_ja/japanese_val.jsonl", "xlsum_ja/japanese_val.jsonl.gz"}},
}

const (
	xlsumTestIDs = "xlsum_ja/filter15_reconstructed_test_ids.txt"
	xlsumValIDs  = "xlsum_ja/filter15_reconstructed_val_ids.txt"
)

// ErrUnsupportedFormat is wrapped when a dataset file is in a variant of
// its format hyoka cannot read (a parquet feature outside
// eval/internal/parquet's subset).
var ErrUnsupportedFormat = errors.New("unsupported dataset format")

// firstExisting returns the first of names that src has, or "".
func firstExisting(src Source, names []string) (string, error) {
	for _, n := range names {
		_, err := src.ReadFile(n)
		if err == nil {
			return n, nil
		}
		if !errors.Is(err, ErrMissingData) {
			return "", err
		}
	}
	return "", nil
}

// firstGlob returns the files of the first pattern that matches any.
func firstGlob(src Source, patterns []string) ([]string, error) {
	for _, p := range patterns {
		m, err := src.Glob(p)
		if err != nil && !errors.Is(err, ErrMissingData) {
			return nil, err
		}
		if len(m) > 0 {
			return m, nil
		}
	}
	return nil, nil
}

// readXLSumSplit reads the evaluation (shots=false) or few-shot split of
// XL-Sum ja from the first layout whose files are present.
func readXLSumSplit(src Source, shots bool) ([]Doc, error) {
	var tried []string
	for _, l := range xlsumLayouts {
		names, ids := l.test, xlsumTestIDs
		if shots {
			names, ids = l.shots, xlsumValIDs
		}
		tried = append(tried, names...)
		if l.parquet {
			files, err := firstGlob(src, names)
			if err != nil {
				return nil, err
			}
			if len(files) > 0 {
				return readXLSumParquet(src, files)
			}
			continue
		}
		rel, err := firstExisting(src, names)
		if err != nil {
			return nil, err
		}
		if rel == "" {
			continue
		}
		if l.filtered {
			ids = ""
		}
		return readXLSumFile(src, rel, ids)
	}
	return nil, fmt.Errorf("%w: XL-Sum ja is unavailable in %s: none of %s found (see shared/datasets/xlsum_ja/SOURCE.md)",
		ErrMissingData, src, strings.Join(tried, ", "))
}

// readXLSumParquet reads mkshing/xlsum_ja parquet shards in name order.
func readXLSumParquet(src Source, files []string) ([]Doc, error) {
	var docs []Doc
	for _, rel := range files {
		b, err := src.ReadFile(rel)
		if err != nil {
			return nil, err
		}
		cols, err := parquet.ReadStrings(b, []string{"id", "text", "summary"})
		if errors.Is(err, parquet.ErrUnsupported) {
			return nil, fmt.Errorf("%w: %s: %w; convert it to JSON Lines (xlsum_ja/test.jsonl, train.jsonl)", ErrUnsupportedFormat, rel, err)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", rel, err)
		}
		split := splitOfParquet(rel)
		for i := range cols[0] {
			d, err := xlsumDoc(split, &xlsumRecord{ID: cols[0][i], Text: cols[1][i], Summary: cols[2][i]})
			if err != nil {
				return nil, fmt.Errorf("%s row %d: %w", rel, i, err)
			}
			docs = append(docs, d)
		}
	}
	return docs, nil
}

// splitOfParquet names the split of a parquet shard ("test" for
// data/test-00000-of-00001.parquet and default/test/0000.parquet).
func splitOfParquet(rel string) string {
	base := strings.TrimSuffix(path.Base(rel), ".parquet")
	if i := strings.IndexByte(base, '-'); i > 0 {
		return base[:i]
	}
	return path.Base(path.Dir(rel))
}

func xlsumDoc(split string, r *xlsumRecord) (Doc, error) {
	if r.Text == "" || r.Summary == "" {
		return Doc{}, fmt.Errorf("article %q has no text or summary", r.ID)
	}
	return Doc{
		ID: split + "/" + r.ID, Description: xlsumDescription, Query: "ニュース記事:" + r.Text + "\n要約:",
		Target: r.Summary, Answers: []string{r.Summary}, Gold: -1,
		Key: jsonKey([]string{r.ID, r.Text, r.Summary}),
	}, nil
}

// xlsumDescription is XLSumJa.DESCRIPTION (it already ends in "\n\n").
const xlsumDescription = "与えられたニュース記事を要約してください。\n\n"

// readXLSumFile reads one JSON Lines file of articles. With idsRel set,
// only the articles listed there (one id per line) are kept, in file order.
func readXLSumFile(src Source, rel, idsRel string) ([]Doc, error) {
	b, err := readMaybeGzip(src, rel)
	if err != nil {
		return nil, err
	}
	var keep map[string]bool
	if idsRel != "" {
		lines, err := readLines(src, idsRel)
		if err != nil {
			return nil, err
		}
		keep = map[string]bool{}
		for _, l := range lines {
			if l = strings.TrimSpace(l); l != "" {
				keep[l] = true
			}
		}
	}
	var docs []Doc
	split := strings.TrimSuffix(strings.TrimSuffix(path.Base(rel), ".gz"), ".jsonl")
	err = decodeJSONLines(b, rel, func(r *xlsumRecord) error {
		if keep != nil && !keep[r.ID] {
			return nil
		}
		d, err := xlsumDoc(split, r)
		if err != nil {
			return err
		}
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if keep != nil && len(docs) != len(keep) {
		return nil, fmt.Errorf("%s: %d of the %d articles listed in %s found", rel, len(docs), len(keep), idsRel)
	}
	return docs, nil
}

// ---- WMT20 ----

// readWMT20 reads newstest2020 source and reference lines (rstripped, as
// the harness reads sacrebleu's files) into documents
// "{Src} phrase: {src}\n{Tgt} phrase:" with target " {ref}".
func readWMT20(dir, srcLang, tgtLang, srcName, tgtName string) func(Source) ([]Doc, error) {
	return func(src Source) ([]Doc, error) {
		s, err := readLines(src, dir+"/newstest2020."+srcLang)
		if err != nil {
			return nil, err
		}
		r, err := readLines(src, dir+"/newstest2020."+tgtLang)
		if err != nil {
			return nil, err
		}
		if len(s) != len(r) {
			return nil, fmt.Errorf("%s: %d source lines but %d reference lines", dir, len(s), len(r))
		}
		docs := make([]Doc, len(s))
		for i := range s {
			sl, rl := pyRStrip(s[i]), pyRStrip(r[i])
			docs[i] = Doc{
				ID:    fmt.Sprintf("test/%d", i),
				Query: srcName + " phrase: " + sl + "\n" + tgtName + " phrase:",
				// doc_to_target: " " + ref
				Target: " " + rl, Answers: []string{rl}, Gold: -1,
				Key: jsonKey([]string{sl, rl}),
			}
		}
		return docs, nil
	}
}

func pyRStrip(s string) string { return strings.TrimRightFunc(s, pyIsSpace) }

// ---- SQuAD2 ----

// readSquad2 reads a SQuAD v2.0 file (gzipped or not) in the HF squad_v2
// row order with lm-eval 0.4.2's squadv2 templates: doc_to_text
// "Title: …\n\nBackground: …\n\nQuestion: …\n\nAnswer:" and doc_to_target
// " " + the first answer or " unanswerable". Answers holds every gold
// text (empty for unanswerable questions).
func readSquad2(rel string) func(Source) ([]Doc, error) {
	return func(src Source) ([]Doc, error) {
		f, err := readSquadFile(src, rel)
		if err != nil {
			return nil, err
		}
		var docs []Doc
		for _, a := range f.Data {
			for _, p := range a.Paragraphs {
				for _, q := range p.QAs {
					answers := make([]string, 0, len(q.Answers))
					for _, x := range q.Answers {
						answers = append(answers, x.Text)
					}
					target := " unanswerable"
					if len(answers) > 0 {
						target = " " + answers[0]
					}
					docs = append(docs, Doc{
						ID: q.ID,
						Query: "Title: " + a.Title + "\n\n" + "Background: " + p.Context + "\n\n" +
							"Question: " + q.Question + "\n\n" + "Answer:",
						Target: target, Answers: answers, Gold: -1, Key: q.ID,
					})
				}
			}
		}
		return docs, nil
	}
}

// ---- HumanEval, JHumanEval ----

type humanevalRecord struct {
	TaskID     string `json:"task_id"`
	Prompt     string `json:"prompt"`
	Test       string `json:"test"`
	EntryPoint string `json:"entry_point"`
}

// humanevalTest is bigcode's get_reference: "\n" + test + "\n" +
// "check(entry_point)".
func humanevalTest(r *humanevalRecord) string {
	return "\n" + r.Test + "\n" + "check(" + r.EntryPoint + ")"
}

// readHumanEval reads a (J)HumanEval JSON Lines file (gzipped). Query is
// the unstripped prompt; Target holds the test program bigcode appends
// (get_reference) and Answers[0] the entry point.
func readHumanEval(rel string) func(Source) ([]Doc, error) {
	return func(src Source) ([]Doc, error) {
		b, err := readMaybeGzip(src, rel)
		if err != nil {
			return nil, err
		}
		var docs []Doc
		err = decodeJSONLines(b, rel, func(r *humanevalRecord) error {
			if r.Prompt == "" || r.Test == "" || r.EntryPoint == "" {
				return fmt.Errorf("problem %q lacks prompt, test or entry_point", r.TaskID)
			}
			docs = append(docs, Doc{ID: r.TaskID, Query: r.Prompt, Target: humanevalTest(r), Answers: []string{r.EntryPoint}, Gold: -1})
			return nil
		})
		return docs, err
	}
}
