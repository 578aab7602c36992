package analysis

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Sentinel errors. Every error the package returns for bad input wraps one of
// these, so callers can branch with errors.Is and users get a clear message.
var (
	// ErrInput marks malformed input: unreadable tables, non-numeric cells,
	// columns that map to no benchmark, conflicting values.
	ErrInput = errors.New("analysis: bad input")
	// ErrDegenerate marks data that cannot be analysed as asked: a benchmark
	// with one distinct value, fewer models than benchmarks, too few rows.
	ErrDegenerate = errors.New("analysis: degenerate data")
)

// Tasks lists the 19 hyoka task names of arXiv:2412.14471 in the paper's
// order (Japanese tasks, then English tasks). Matrices built from the known
// tables keep this order.
var Tasks = []string{
	"jcommonsenseqa", "jemhopqa", "niilc", "jsquad", "xlsum_ja", "mgsm_ja",
	"wmt20_en_ja", "wmt20_ja_en", "jmmlu", "jhumaneval",
	"openbookqa", "triviaqa", "hellaswag", "squad2", "xwinograd_en", "mmlu",
	"gsm8k", "bbh", "humaneval",
}

// taskLabels are short, ASCII labels for figures and tables (the
// leaderboard's column names), so no Japanese font is ever needed.
var taskLabels = map[string]string{
	"jcommonsenseqa": "JCom", "jemhopqa": "JEMHopQA", "niilc": "NIILC",
	"jsquad": "JSQuAD", "xlsum_ja": "XL-Sum", "mgsm_ja": "MGSM",
	"wmt20_en_ja": "WMT20 en-ja", "wmt20_ja_en": "WMT20 ja-en", "jmmlu": "JMMLU",
	"jhumaneval": "JHumanEval", "openbookqa": "OpenBookQA", "triviaqa": "TriviaQA",
	"hellaswag": "HellaSwag", "squad2": "SQuAD2", "xwinograd_en": "XWINO",
	"mmlu": "MMLU", "gsm8k": "GSM8K", "bbh": "BBH", "humaneval": "HumanEval",
}

// Label returns the short display label of a benchmark (its leaderboard
// column name for the 19 known tasks, the name itself otherwise).
func Label(task string) string {
	if l, ok := taskLabels[task]; ok {
		return l
	}
	return task
}

// DefaultColumns maps score-table column names to hyoka task names. Keys are
// normalised with NormalizeColumn, so "WMT20 (en-ja)", "wmt20_en_ja" and
// "WMT20 en-ja" all match. The hyoka task names map to themselves.
var DefaultColumns = func() map[string]string {
	m := map[string]string{}
	add := func(task string, names ...string) {
		m[NormalizeColumn(task)] = task
		for _, n := range names {
			m[NormalizeColumn(n)] = task
		}
	}
	add("jcommonsenseqa", "JCom", "JCommonsenseQA", "JCQA")
	add("jemhopqa", "JEMHopQA")
	add("niilc", "NIILC")
	add("jsquad", "JSQuAD")
	add("xlsum_ja", "XL-Sum", "XLSum", "xlsum")
	add("mgsm_ja", "MGSM", "mgsm")
	add("wmt20_en_ja", "WMT20 (en-ja)", "WMT20 en-ja", "wmt20-en-ja")
	add("wmt20_ja_en", "WMT20 (ja-en)", "WMT20 ja-en", "wmt20-ja-en")
	add("jmmlu", "JMMLU")
	add("jhumaneval", "JHumanEval")
	add("openbookqa", "OpenBookQA", "OBQA")
	add("triviaqa", "TriviaQA")
	add("hellaswag", "HellaSwag")
	add("squad2", "SQuAD2", "SQuAD 2.0", "squad_v2")
	add("xwinograd_en", "XWINO", "XWinograd", "xwinograd")
	add("mmlu", "MMLU")
	add("gsm8k", "GSM8K")
	add("bbh", "BBH")
	add("humaneval", "HumanEval")
	return m
}()

// NormalizeColumn lower-cases s and drops everything but letters and digits,
// the key used to look column names up in a column map.
func NormalizeColumn(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Matrix is a models × benchmarks score table. Values[i][j] is model i's
// score on benchmark j on a 0..1 scale; NaN marks a missing cell. Meta holds
// per-model metadata columns (from a score table's leading columns or a
// metadata table), keyed by column name.
type Matrix struct {
	Models     []string
	Benchmarks []string
	Values     [][]float64
	Meta       []map[string]string
	// Sources names where each model's row came from (a file path).
	Sources []string
}

// Rows returns the number of models.
func (m *Matrix) Rows() int { return len(m.Models) }

// Column returns a copy of benchmark j's scores.
func (m *Matrix) Column(j int) []float64 {
	c := make([]float64, len(m.Models))
	for i := range m.Models {
		c[i] = m.Values[i][j]
	}
	return c
}

// modelIndex returns the row of model name, or -1.
func (m *Matrix) modelIndex(name string) int {
	for i, n := range m.Models {
		if n == name {
			return i
		}
	}
	return -1
}

// benchIndex returns the column of benchmark b, adding a NaN column if absent.
func (m *Matrix) benchIndex(b string) int {
	for j, n := range m.Benchmarks {
		if n == b {
			return j
		}
	}
	m.Benchmarks = append(m.Benchmarks, b)
	for i := range m.Values {
		m.Values[i] = append(m.Values[i], math.NaN())
	}
	return len(m.Benchmarks) - 1
}

// Merge adds the rows of o to m. A model present in both gets the union of
// its cells and metadata (a metadata value already in m wins unless empty);
// the same score cell with two different values (beyond 1e-9) is an ErrInput
// error naming both sources.
func (m *Matrix) Merge(o *Matrix) error {
	for i, name := range o.Models {
		r := m.modelIndex(name)
		if r < 0 {
			m.Models = append(m.Models, name)
			row := make([]float64, len(m.Benchmarks))
			for k := range row {
				row[k] = math.NaN()
			}
			m.Values = append(m.Values, row)
			m.Meta = append(m.Meta, map[string]string{})
			m.Sources = append(m.Sources, o.Sources[i])
			r = len(m.Models) - 1
		}
		for j, b := range o.Benchmarks {
			v := o.Values[i][j]
			if math.IsNaN(v) {
				continue
			}
			c := m.benchIndex(b)
			if old := m.Values[r][c]; !math.IsNaN(old) && math.Abs(old-v) > 1e-9 {
				return fmt.Errorf("%w: model %q has two values for %s: %g (%s) and %g (%s)",
					ErrInput, name, b, old, m.Sources[r], v, o.Sources[i])
			}
			m.Values[r][c] = v
		}
		for k, v := range o.Meta[i] {
			if _, ok := m.Meta[r][k]; !ok || m.Meta[r][k] == "" {
				m.Meta[r][k] = v
			}
		}
	}
	m.sortBenchmarks()
	return nil
}

// sortBenchmarks orders columns: the 19 known tasks in paper order first,
// then any other benchmark alphabetically.
func (m *Matrix) sortBenchmarks() {
	rank := func(b string) int {
		for k, t := range Tasks {
			if t == b {
				return k
			}
		}
		return len(Tasks)
	}
	perm := make([]int, len(m.Benchmarks))
	for k := range perm {
		perm[k] = k
	}
	sort.SliceStable(perm, func(a, b int) bool {
		ra, rb := rank(m.Benchmarks[perm[a]]), rank(m.Benchmarks[perm[b]])
		if ra != rb {
			return ra < rb
		}
		return m.Benchmarks[perm[a]] < m.Benchmarks[perm[b]]
	})
	m.Benchmarks = permute(m.Benchmarks, perm)
	for i := range m.Values {
		m.Values[i] = permute(m.Values[i], perm)
	}
}

func permute[T any](s []T, perm []int) []T {
	out := make([]T, len(perm))
	for k, p := range perm {
		out[k] = s[p]
	}
	return out
}

// Filter is one COLUMN=VALUE selection on model metadata.
type Filter struct{ Column, Value string }

// ParseFilter parses "COLUMN=VALUE".
func ParseFilter(s string) (Filter, error) {
	k, v, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(k) == "" {
		return Filter{}, fmt.Errorf("%w: filter %q is not COLUMN=VALUE", ErrInput, s)
	}
	return Filter{Column: strings.TrimSpace(k), Value: strings.TrimSpace(v)}, nil
}

// Select returns the models whose metadata match every filter (exact string
// match after trimming spaces). A filter on a column that no model has is an
// ErrInput error, so a typo does not silently select nothing.
func (m *Matrix) Select(filters []Filter) (*Matrix, error) {
	for _, f := range filters {
		seen := false
		for _, md := range m.Meta {
			if _, ok := md[f.Column]; ok {
				seen = true
				break
			}
		}
		if !seen {
			return nil, fmt.Errorf("%w: filter column %q is in no table (known: %s)",
				ErrInput, f.Column, strings.Join(m.metaColumns(), ", "))
		}
	}
	out := &Matrix{Benchmarks: append([]string(nil), m.Benchmarks...)}
	for i := range m.Models {
		keep := true
		for _, f := range filters {
			if strings.TrimSpace(m.Meta[i][f.Column]) != f.Value {
				keep = false
			}
		}
		if keep {
			out.Models = append(out.Models, m.Models[i])
			out.Values = append(out.Values, append([]float64(nil), m.Values[i]...))
			out.Meta = append(out.Meta, m.Meta[i])
			out.Sources = append(out.Sources, m.Sources[i])
		}
	}
	if len(out.Models) == 0 {
		return nil, fmt.Errorf("%w: the filters select no model", ErrInput)
	}
	return out, nil
}

// SelectBenchmarks keeps only the named benchmarks (hyoka task names or
// table headers), in the given order. An unknown or repeated name is an
// ErrInput error.
func (m *Matrix) SelectBenchmarks(names []string) (*Matrix, error) {
	idx := make([]int, len(names))
	for k, n := range names {
		idx[k] = -1
		for j, b := range m.Benchmarks {
			if b == n || DefaultColumns[NormalizeColumn(n)] == b {
				idx[k] = j
			}
		}
		if idx[k] < 0 {
			return nil, fmt.Errorf("%w: benchmark %q is in no input (have: %s)", ErrInput, n, strings.Join(m.Benchmarks, ", "))
		}
		for _, prev := range idx[:k] {
			if prev == idx[k] {
				return nil, fmt.Errorf("%w: benchmark %q is selected twice", ErrInput, n)
			}
		}
	}
	out := &Matrix{Models: m.Models, Meta: m.Meta, Sources: m.Sources, Benchmarks: permute(m.Benchmarks, idx)}
	for i := range m.Values {
		out.Values = append(out.Values, permute(m.Values[i], idx))
	}
	return out, nil
}

func (m *Matrix) metaColumns() []string {
	set := map[string]bool{}
	for _, md := range m.Meta {
		for k := range md {
			set[k] = true
		}
	}
	cols := make([]string, 0, len(set))
	for k := range set {
		cols = append(cols, k)
	}
	sort.Strings(cols)
	return cols
}

// Complete returns the indices of models with no missing cell (listwise
// deletion).
func (m *Matrix) Complete() []int {
	var rows []int
	for i, row := range m.Values {
		ok := true
		for _, v := range row {
			if math.IsNaN(v) {
				ok = false
				break
			}
		}
		if ok {
			rows = append(rows, i)
		}
	}
	return rows
}

// Rows returns the sub-matrix of the given model rows.
func (m *Matrix) subset(rows []int) *Matrix {
	out := &Matrix{Benchmarks: m.Benchmarks}
	for _, i := range rows {
		out.Models = append(out.Models, m.Models[i])
		out.Values = append(out.Values, m.Values[i])
		out.Meta = append(out.Meta, m.Meta[i])
		out.Sources = append(out.Sources, m.Sources[i])
	}
	return out
}
