package analysis

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// TableOptions says how to read a CSV score table.
type TableOptions struct {
	// Columns adds column-name → task-name mappings to DefaultColumns
	// (keys are normalised with NormalizeColumn).
	Columns map[string]string
	// Ignore lists columns to skip wherever they are.
	Ignore []string
	// ModelColumn names the model column; "" means "model", or the first
	// column when there is no "model" column.
	ModelColumn string
	// Scale divides every score (100 for a table in percent); 0 means 1.
	Scale float64
}

func (o TableOptions) task(col string) (string, bool) {
	k := NormalizeColumn(col)
	for c, t := range o.Columns {
		if NormalizeColumn(c) == k {
			return t, true
		}
	}
	t, ok := DefaultColumns[k]
	return t, ok
}

func (o TableOptions) ignored(col string) bool {
	for _, c := range o.Ignore {
		if NormalizeColumn(c) == NormalizeColumn(col) {
			return true
		}
	}
	return false
}

// isMissing reports whether a cell means "no score".
func isMissing(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "na", "n/a", "nan", "-", "null", "none":
		return true
	}
	return false
}

// ReadTable reads a CSV score table: a header row, one row per model. The
// layout is: the model column and any metadata columns first, then one column
// per benchmark. Columns before the first column that maps to a task are
// metadata (kept as strings for --filter); every column from the first
// benchmark column on must map to a task or be listed in opts.Ignore,
// otherwise ReadTable fails with ErrInput naming the column, so a misspelt
// benchmark is never dropped silently. Empty, "NA", "nan" and "-" cells are
// missing; any other non-numeric cell, or a score outside 0..1 after
// scaling, is an ErrInput error with its line and column.
func ReadTable(r io.Reader, name string, opts TableOptions) (*Matrix, error) {
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInput, name, err)
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("%w: %s: need a header row and at least one model row", ErrInput, name)
	}
	head := recs[0]
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\ufeff")
	}
	modelCol := -1
	want := opts.ModelColumn
	if want == "" {
		want = "model"
	}
	for j, h := range head {
		if strings.EqualFold(strings.TrimSpace(h), want) {
			modelCol = j
		}
	}
	if modelCol < 0 {
		if opts.ModelColumn != "" {
			return nil, fmt.Errorf("%w: %s: no column %q", ErrInput, name, opts.ModelColumn)
		}
		modelCol = 0
	}
	scale := opts.Scale
	if scale == 0 {
		scale = 1
	}
	type bcol struct {
		j    int
		task string
	}
	var bcols []bcol
	metaCols := []int{}
	seenTask := map[string]string{}
	for j, h := range head {
		if j == modelCol || opts.ignored(h) {
			continue
		}
		t, ok := opts.task(h)
		if !ok {
			if len(bcols) == 0 {
				metaCols = append(metaCols, j)
				continue
			}
			return nil, fmt.Errorf("%w: %s: column %q maps to no benchmark (known names: the 19 hyoka task names or leaderboard headers such as JCom, MGSM, WMT20 (en-ja); add --map %q=TASK or --ignore %q)",
				ErrInput, name, h, h, h)
		}
		if prev, dup := seenTask[t]; dup {
			return nil, fmt.Errorf("%w: %s: columns %q and %q both map to %s", ErrInput, name, prev, h, t)
		}
		seenTask[t] = h
		bcols = append(bcols, bcol{j, t})
	}
	if len(bcols) == 0 {
		return nil, fmt.Errorf("%w: %s: no column maps to a benchmark", ErrInput, name)
	}
	m := &Matrix{}
	for _, b := range bcols {
		m.Benchmarks = append(m.Benchmarks, b.task)
	}
	for ln, rec := range recs[1:] {
		line := ln + 2
		model := strings.TrimSpace(rec[modelCol])
		if model == "" {
			return nil, fmt.Errorf("%w: %s:%d: empty model name", ErrInput, name, line)
		}
		if m.modelIndex(model) >= 0 {
			return nil, fmt.Errorf("%w: %s:%d: model %q appears twice", ErrInput, name, line, model)
		}
		row := make([]float64, len(bcols))
		for k, b := range bcols {
			cell := rec[b.j]
			if isMissing(cell) {
				row[k] = math.NaN()
				continue
			}
			v, err := strconv.ParseFloat(strings.TrimSpace(cell), 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%w: %s:%d: column %q, model %q: %q is not a number",
					ErrInput, name, line, head[b.j], model, cell)
			}
			v /= scale
			if v < 0 || v > 1 {
				return nil, fmt.Errorf("%w: %s:%d: column %q, model %q: score %g is outside 0..1 (a table in percent needs --scale 100)",
					ErrInput, name, line, head[b.j], model, v)
			}
			row[k] = v
		}
		md := map[string]string{}
		for _, j := range metaCols {
			md[strings.TrimSpace(head[j])] = strings.TrimSpace(rec[j])
		}
		m.Models = append(m.Models, model)
		m.Values = append(m.Values, row)
		m.Meta = append(m.Meta, md)
		m.Sources = append(m.Sources, name)
	}
	out := &Matrix{}
	if err := out.Merge(m); err != nil {
		return nil, err
	}
	return out, nil
}

// ResultsFile is the part of a `hyoka eval` result file that analysis reads,
// DIR/<model>/results.json:
//
//	{"model": "smollm2-135m", "results": {"jcommonsenseqa": {"metric": "acc", "value": 0.41}, ...}}
//
// model defaults to the name of the folder holding the file. Task names are
// hyoka task names (leaderboard headers are accepted too); value is on a 0..1
// scale. Other fields anywhere are ignored.
type ResultsFile struct {
	Model   string                 `json:"model"`
	Results map[string]ResultEntry `json:"results"`
}

// ResultEntry is one task's headline score in a ResultsFile.
type ResultEntry struct {
	Metric string   `json:"metric"`
	Value  *float64 `json:"value"`
}

// ReadResults reads one ResultsFile.
func ReadResults(path string) (*Matrix, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInput, err)
	}
	var rf ResultsFile
	if err := json.Unmarshal(b, &rf); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInput, path, err)
	}
	if rf.Model == "" {
		rf.Model = filepath.Base(filepath.Dir(path))
	}
	if len(rf.Results) == 0 {
		return nil, fmt.Errorf("%w: %s: no \"results\"", ErrInput, path)
	}
	tasks := make([]string, 0, len(rf.Results))
	for t := range rf.Results {
		tasks = append(tasks, t)
	}
	sort.Strings(tasks)
	m := &Matrix{Models: []string{rf.Model}, Meta: []map[string]string{{}}, Sources: []string{path}}
	row := []float64{}
	for _, t := range tasks {
		e := rf.Results[t]
		if e.Value == nil {
			return nil, fmt.Errorf("%w: %s: task %q has no \"value\"", ErrInput, path, t)
		}
		v := *e.Value
		if v < 0 || v > 1 {
			return nil, fmt.Errorf("%w: %s: task %q: value %g is outside 0..1", ErrInput, path, t, v)
		}
		name := t
		if k, ok := DefaultColumns[NormalizeColumn(t)]; ok {
			name = k
		}
		for _, b := range m.Benchmarks {
			if b == name {
				return nil, fmt.Errorf("%w: %s: two entries for task %s", ErrInput, path, name)
			}
		}
		m.Benchmarks = append(m.Benchmarks, name)
		row = append(row, v)
	}
	m.Values = [][]float64{row}
	return m, nil
}

// Load reads and merges score sources: a CSV table (.csv), a results file
// (.json), a folder holding results.json, or a folder of model folders each
// holding results.json (what `hyoka eval --out DIR` writes).
func Load(paths []string, opts TableOptions) (*Matrix, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("%w: no score source given", ErrInput)
	}
	all := &Matrix{}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInput, err)
		}
		var ms []*Matrix
		switch {
		case st.IsDir():
			files := []string{filepath.Join(p, "results.json")}
			if _, err := os.Stat(files[0]); errors.Is(err, fs.ErrNotExist) {
				files, _ = filepath.Glob(filepath.Join(p, "*", "results.json"))
			}
			if len(files) == 0 {
				return nil, fmt.Errorf("%w: %s holds no results.json and no */results.json", ErrInput, p)
			}
			for _, f := range files {
				m, err := ReadResults(f)
				if err != nil {
					return nil, err
				}
				ms = append(ms, m)
			}
		case strings.EqualFold(filepath.Ext(p), ".json"):
			m, err := ReadResults(p)
			if err != nil {
				return nil, err
			}
			ms = append(ms, m)
		default:
			f, err := os.Open(p)
			if err != nil {
				return nil, fmt.Errorf("%w: %v", ErrInput, err)
			}
			m, err := ReadTable(f, p, opts)
			f.Close()
			if err != nil {
				return nil, err
			}
			ms = append(ms, m)
		}
		for _, m := range ms {
			if err := all.Merge(m); err != nil {
				return nil, err
			}
		}
	}
	return all, nil
}

// MetaTable is a model metadata table: one row per model, string cells keyed
// by column name. ../shared/paper/model_meta.csv is one.
type MetaTable struct {
	Columns []string
	Rows    map[string]map[string]string
}

// ReadMeta reads a metadata CSV whose first column (or "model") names the
// model.
func ReadMeta(r io.Reader, name string) (*MetaTable, error) {
	cr := csv.NewReader(r)
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInput, name, err)
	}
	if len(recs) < 1 {
		return nil, fmt.Errorf("%w: %s: empty", ErrInput, name)
	}
	head := recs[0]
	mc := 0
	for j, h := range head {
		if strings.EqualFold(strings.TrimSpace(h), "model") {
			mc = j
		}
	}
	t := &MetaTable{Rows: map[string]map[string]string{}}
	for _, h := range head {
		t.Columns = append(t.Columns, strings.TrimSpace(h))
	}
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for j, c := range rec {
			row[t.Columns[j]] = strings.TrimSpace(c)
		}
		t.Rows[strings.TrimSpace(rec[mc])] = row
	}
	return t, nil
}

// Attach copies the metadata of each model in t into m.Meta (existing
// non-empty values win). It returns the number of models matched.
func (t *MetaTable) Attach(m *Matrix) int {
	n := 0
	for i, name := range m.Models {
		row, ok := t.Rows[name]
		if !ok {
			continue
		}
		n++
		for k, v := range row {
			if old := m.Meta[i][k]; old == "" {
				m.Meta[i][k] = v
			}
		}
	}
	return n
}
