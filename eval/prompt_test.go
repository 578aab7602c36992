package eval

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"hyoka/internal/testenv"
)

type goldenPrompt struct {
	Index  int         `json:"index"`
	Prompt string      `json:"prompt"`
	LL     [][2]string `json:"ll"`
	Gen    *struct {
		Until      []string `json:"until"`
		MaxGenToks int      `json:"max_gen_toks"`
	} `json:"gen"`
}

func readGolden(t *testing.T, task string) []goldenPrompt {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "prompts", task+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []goldenPrompt
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var g goldenPrompt
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			t.Fatal(err)
		}
		out = append(out, g)
	}
	return out
}

// TestPromptsMatchReference compares, byte for byte, the prompts and
// requests hyoka builds from the embedded data with those the reference
// harness code renders (scripts/reference/prompt_goldens.py): the first 20
// documents of every task, plus the first document of every MMLU subject and
// BBH subtask.
func TestPromptsMatchReference(t *testing.T) {
	for _, task := range Tasks() {
		t.Run(task.Name, func(t *testing.T) {
			golden := readGolden(t, task.Name)
			if len(golden) < 20 {
				t.Fatalf("golden has %d documents", len(golden))
			}
			maxIdx := 0
			for _, g := range golden {
				maxIdx = max(maxIdx, g.Index)
			}
			ins, err := task.Instances(Embedded(), maxIdx+1)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range golden {
				in := ins[g.Index]
				if in.Prompt != g.Prompt {
					t.Errorf("doc %d (%s): prompt differs %s", g.Index, in.Doc.ID, firstDiff(in.Prompt, g.Prompt))
					continue
				}
				if g.Gen != nil {
					if in.Gen == nil || !reflect.DeepEqual(in.Gen.Until, g.Gen.Until) && !(len(in.Gen.Until) == 0 && len(g.Gen.Until) == 0) || in.Gen.MaxTokens != g.Gen.MaxGenToks {
						t.Errorf("doc %d: generation request %+v, want %+v", g.Index, in.Gen, *g.Gen)
					}
					continue
				}
				if len(in.LL) != len(g.LL) {
					t.Errorf("doc %d: %d requests, want %d", g.Index, len(in.LL), len(g.LL))
					continue
				}
				for j, r := range g.LL {
					if in.LL[j].Context != g.Prompt+r[0] || in.LL[j].Continuation != r[1] {
						t.Errorf("doc %d request %d: (%q, %q), want (prompt+%q, %q)", g.Index, j, tail(in.LL[j].Context), in.LL[j].Continuation, r[0], r[1])
					}
				}
			}
		})
	}
}

// TestPromptsFromSharedFolder checks that the uncompressed datasets folder
// gives the same prompts as the embedded archives.
func TestPromptsFromSharedFolder(t *testing.T) {
	dir := testenv.Shared(t, "datasets")
	src, err := OpenSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"mmlu", "mgsm_ja", "xwinograd_en"} {
		task, _ := Lookup(name)
		a, err := task.Instances(src, 30)
		if err != nil {
			t.Fatal(err)
		}
		b, err := task.Instances(Embedded(), 30)
		if err != nil {
			t.Fatal(err)
		}
		for i := range a {
			if a[i].Prompt != b[i].Prompt {
				t.Fatalf("%s doc %d differs between %s and the embedded data", name, i, dir)
			}
		}
	}
}

func tail(s string) string {
	if len(s) > 400 {
		return "..." + s[len(s)-400:]
	}
	return s
}

// firstDiff describes where got and want first differ.
func firstDiff(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	lo := max(0, i-120)
	return fmt.Sprintf("at byte %d (len %d vs %d)\n got: %q\nwant: %q", i, len(got), len(want), got[lo:min(len(got), i+120)], want[lo:min(len(want), i+120)])
}

// TestLLMJPTrainSplit checks the Go rebuild of llm-jp-eval's JCommonsenseQA
// train split (random.seed(42); shuffle; first 90%) against the four shots
// derived independently in shared/datasets.
func TestLLMJPTrainSplit(t *testing.T) {
	b, err := Embedded().ReadFile("jcommonsenseqa/llm-jp-eval-1.3.0_fewshots.json")
	if err != nil {
		t.Fatal(err)
	}
	var f llmjpFewshots
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	task, _ := Lookup("jcommonsenseqa")
	pool, err := task.Shots.Pool(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	if len(pool) != 8045 || len(f.FewShots) != 4 {
		t.Fatalf("train split %d, derived shots %d", len(pool), len(f.FewShots))
	}
	for i, s := range f.FewShots {
		if pool[i].Query != s.Input || pool[i].Target != s.Output {
			t.Errorf("shot %d = %q/%q, want %q/%q", i, pool[i].Query, pool[i].Target, s.Input, s.Output)
		}
	}
}

// TestAllPromptsDigest extends the byte-for-byte check to every document of
// every task: the sha256 over all prompts and requests, as the reference
// script computes it (scripts/reference/prompt_goldens.py digest()).
func TestAllPromptsDigest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every prompt of every task")
	}
	b, err := os.ReadFile(filepath.Join("testdata", "prompts", "all.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]struct {
		Documents int    `json:"documents"`
		SHA256    string `json:"sha256"`
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	for _, task := range Tasks() {
		w, ok := want[task.Name]
		if !ok {
			t.Errorf("%s: no digest in all.json", task.Name)
			continue
		}
		ins, err := task.Instances(Embedded(), 0)
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		for _, in := range ins {
			h.Write([]byte(in.Prompt))
			h.Write([]byte{0})
			for _, r := range in.LL {
				h.Write([]byte(strings.TrimPrefix(r.Context, in.Prompt)))
				h.Write([]byte{0})
				h.Write([]byte(r.Continuation))
				h.Write([]byte{0})
			}
			if in.Gen != nil {
				h.Write(pyGenJSON(in.Gen))
			}
			h.Write([]byte{1})
		}
		if len(ins) != w.Documents || hex.EncodeToString(h.Sum(nil)) != w.SHA256 {
			t.Errorf("%s: %d documents, digest %x; want %d, %s", task.Name, len(ins), h.Sum(nil), w.Documents, w.SHA256)
		}
	}
}

// pyGenJSON is json.dumps({"until": ..., "max_gen_toks": ...}) as the
// reference script writes it (", " and ": " separators, ASCII escapes).
func pyGenJSON(g *GenRequest) []byte {
	until := "null"
	if len(g.Until) > 0 {
		q := make([]string, len(g.Until))
		for i, u := range g.Until {
			q[i] = pyJSONString(u)
		}
		until = "[" + strings.Join(q, ", ") + "]"
	}
	return []byte(fmt.Sprintf(`{"until": %s, "max_gen_toks": %d}`, until, g.MaxTokens))
}

func pyJSONString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20 || r > 0x7e:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
