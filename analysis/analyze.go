package analysis

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Options controls Analyze. The zero value is listwise deletion, no
// rotation, no bootstrap, all scaling fits.
type Options struct {
	// Filters select models by metadata (all must match).
	Filters []Filter
	// Pairwise computes each correlation cell and each benchmark's scaling
	// fit from every model that has the values it needs. PCA always uses
	// the models with no missing cell (a PCA needs a complete matrix).
	Pairwise bool
	// Varimax, when > 0, also reports a varimax rotation of that many
	// leading components.
	Varimax int
	// Bootstrap, when > 0, is the number of resamples for loading CIs.
	Bootstrap int
	// BootstrapComponents is how many leading components get CIs (default 3).
	BootstrapComponents int
	// Seed seeds the bootstrap generator.
	Seed uint64
	// Level is the CI level (default 0.95).
	Level float64
	// ScalingComponents is how many PC scores are fitted against compute
	// (default 3).
	ScalingComponents int
	// Meta names the metadata columns used for compute.
	Meta MetaColumns
}

// Mat is a matrix that encodes NaN cells as JSON null.
type Mat [][]float64

// Vec is a vector that encodes NaN as JSON null.
type Vec []float64

// MarshalJSON writes v with NaN and ±Inf as null.
func (v Vec) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, x := range v {
		if i > 0 {
			b.WriteByte(',')
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			b.WriteString("null")
		} else {
			b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
		}
	}
	b.WriteByte(']')
	return b.Bytes(), nil
}

// MarshalJSON writes m row by row with NaN as null.
func (m Mat) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, r := range m {
		if i > 0 {
			b.WriteByte(',')
		}
		rb, _ := Vec(r).MarshalJSON()
		b.Write(rb)
	}
	b.WriteByte(']')
	return b.Bytes(), nil
}

// Dropped is a model left out by listwise deletion, with the benchmarks it
// lacks.
type Dropped struct {
	Model   string   `json:"model"`
	Missing []string `json:"missing"`
}

// MissingReport says how missing cells were handled.
type MissingReport struct {
	Policy       string    `json:"policy"` // "listwise" or "pairwise"
	ModelsIn     int       `json:"models_in"`
	ModelsUsed   int       `json:"models_complete"`
	MissingCells int       `json:"missing_cells"`
	Dropped      []Dropped `json:"dropped"`
}

// Correlation is the correlation section of a Result. Matrices are in
// Benchmarks order; ClusterOrder permutes them for the heatmap.
type Correlation struct {
	Pearson      Mat      `json:"pearson"`
	PearsonP     Mat      `json:"pearson_p"`
	Spearman     Mat      `json:"spearman"`
	SpearmanP    Mat      `json:"spearman_p"`
	N            [][]int  `json:"n"`
	ClusterOrder []int    `json:"cluster_order"`
	ClusterNames []string `json:"cluster_benchmarks"`
}

// PCASection is the PCA section of a Result.
type PCASection struct {
	Models []string `json:"models"`
	*PCAResult
	Varimax   *VarimaxResult `json:"varimax,omitempty"`
	Bootstrap *BootstrapCI   `json:"bootstrap,omitempty"`
}

// VarimaxResult holds a rotation of the leading structure loadings.
type VarimaxResult struct {
	Components int         `json:"components"`
	Loadings   [][]float64 `json:"loadings"`
	Rotation   [][]float64 `json:"rotation"`
}

// Result is everything Analyze computes; it is analysis.json.
type Result struct {
	Benchmarks  []string      `json:"benchmarks"` // hyoka task names, matrix order
	Labels      []string      `json:"labels"`     // short display labels
	Models      []string      `json:"models"`     // models after filtering
	Scores      Mat           `json:"scores"`     // models × benchmarks, NaN = missing
	Filters     []string      `json:"filters"`
	Missing     MissingReport `json:"missing"`
	Correlation Correlation   `json:"correlation"`
	PCA         PCASection    `json:"pca"`
	Scaling     []Fit         `json:"scaling"`
	// Display names of models for figures (display_name metadata if any).
	Display []string `json:"display_names"`
}

// JSON returns the result as indented JSON.
func (r *Result) JSON() ([]byte, error) {
	return json.MarshalIndent(r, "", "  ")
}

// Analyze filters m, applies the missing-data policy, and computes the
// correlations, the PCA (with optional varimax and bootstrap) and the
// compute-scaling fits. Errors wrap ErrInput or ErrDegenerate and name the
// benchmark or count at fault.
func Analyze(ctx context.Context, m *Matrix, opts Options) (*Result, error) {
	if opts.Level == 0 {
		opts.Level = 0.95
	}
	if !(opts.Level > 0 && opts.Level < 1) {
		return nil, fmt.Errorf("%w: CI level %g is not in (0,1)", ErrInput, opts.Level)
	}
	if opts.BootstrapComponents == 0 {
		opts.BootstrapComponents = 3
	}
	if opts.ScalingComponents == 0 {
		opts.ScalingComponents = 3
	}
	sel := m
	if len(opts.Filters) > 0 {
		var err error
		if sel, err = m.Select(opts.Filters); err != nil {
			return nil, err
		}
	}
	k := len(sel.Benchmarks)
	if k < 2 {
		return nil, fmt.Errorf("%w: need at least 2 benchmarks, have %d", ErrDegenerate, k)
	}
	res := &Result{Benchmarks: sel.Benchmarks, Models: sel.Models, Scores: Mat(sel.Values), Filters: []string{}}
	for _, b := range sel.Benchmarks {
		res.Labels = append(res.Labels, Label(b))
	}
	for _, f := range opts.Filters {
		res.Filters = append(res.Filters, f.Column+"="+f.Value)
	}
	for i, name := range sel.Models {
		d := sel.Meta[i]["display_name"]
		if d == "" {
			d = name
		}
		res.Display = append(res.Display, d)
	}

	// Missing cells.
	complete := sel.Complete()
	res.Missing = MissingReport{Policy: "listwise", ModelsIn: sel.Rows(), ModelsUsed: len(complete), Dropped: []Dropped{}}
	if opts.Pairwise {
		res.Missing.Policy = "pairwise"
	}
	for i, row := range sel.Values {
		var miss []string
		for j, v := range row {
			if math.IsNaN(v) {
				miss = append(miss, sel.Benchmarks[j])
			}
		}
		res.Missing.MissingCells += len(miss)
		if len(miss) > 0 {
			res.Missing.Dropped = append(res.Missing.Dropped, Dropped{sel.Models[i], miss})
		}
	}
	cm := sel.subset(complete)
	if len(complete) < 3 {
		return nil, fmt.Errorf("%w: only %d model(s) have scores on all %d benchmarks (%d missing cells); choose benchmarks with --benchmarks or add models",
			ErrDegenerate, len(complete), k, res.Missing.MissingCells)
	}
	for j, b := range sel.Benchmarks {
		col := cm.Column(j)
		distinct := false
		for _, v := range col[1:] {
			if v != col[0] {
				distinct = true
				break
			}
		}
		if !distinct {
			return nil, fmt.Errorf("%w: benchmark %s has one distinct value (%g) over the %d models used; drop it with --benchmarks",
				ErrDegenerate, b, col[0], len(col))
		}
	}

	// Correlations.
	src := cm
	if opts.Pairwise {
		src = sel
	}
	pr, sp := Correlate(src, opts.Pairwise)
	res.Correlation = Correlation{Pearson: pr.R, PearsonP: pr.P, Spearman: sp.R, SpearmanP: sp.P, N: pr.N}
	res.Correlation.ClusterOrder = ClusterOrder(pr.R)
	for _, j := range res.Correlation.ClusterOrder {
		res.Correlation.ClusterNames = append(res.Correlation.ClusterNames, sel.Benchmarks[j])
	}

	// PCA on the complete rows.
	z, err := ZScore(cm.Values)
	if err != nil {
		return nil, err
	}
	p, err := PCA(z)
	if err != nil {
		return nil, err
	}
	res.PCA = PCASection{Models: cm.Models, PCAResult: p}
	if opts.Varimax > 0 {
		q := min(opts.Varimax, len(p.Ratio))
		rot, t := Varimax(p.Structure, q)
		res.PCA.Varimax = &VarimaxResult{Components: q, Loadings: rot, Rotation: t}
	}
	if opts.Bootstrap > 0 {
		ci, err := BootstrapLoadings(ctx, cm.Values, p, opts.BootstrapComponents, opts.Bootstrap, opts.Seed, opts.Level)
		if err != nil {
			return nil, err
		}
		res.PCA.Bootstrap = ci
	}

	// Scaling fits.
	fitSrc := src
	for _, kind := range ComputeKinds {
		for j, b := range sel.Benchmarks {
			f := Fit{Target: b, Compute: kind}
			for i := range fitSrc.Models {
				v := fitSrc.Values[i][j]
				x, ok := Log10Compute(fitSrc.Meta[i], opts.Meta, kind)
				if !ok || math.IsNaN(v) {
					continue
				}
				f.Models, f.X, f.Y = append(f.Models, fitSrc.Models[i]), append(f.X, x), append(f.Y, v)
			}
			if addFit(&f) {
				res.Scaling = append(res.Scaling, f)
			}
		}
		for c := 0; c < min(opts.ScalingComponents, len(p.Ratio)); c++ {
			f := Fit{Target: fmt.Sprintf("PC%d", c+1), Compute: kind}
			for i := range cm.Models {
				x, ok := Log10Compute(cm.Meta[i], opts.Meta, kind)
				if !ok {
					continue
				}
				f.Models, f.X, f.Y = append(f.Models, cm.Models[i]), append(f.X, x), append(f.Y, p.Scores[i][c])
			}
			if addFit(&f) {
				res.Scaling = append(res.Scaling, f)
			}
		}
	}
	return res, ctx.Err()
}

func addFit(f *Fit) bool {
	f.N = len(f.X)
	s, a, r2, ok := FitLine(f.X, f.Y)
	if !ok {
		return false
	}
	f.Slope, f.Intercept, f.R2 = s, a, r2
	return true
}

// Fits returns the scaling fits for one compute kind, in result order.
func (r *Result) Fits(kind string) []Fit {
	var out []Fit
	for _, f := range r.Scaling {
		if f.Compute == kind {
			out = append(out, f)
		}
	}
	return out
}

// index returns the position of benchmark b, or -1.
func (r *Result) index(b string) int {
	for j, n := range r.Benchmarks {
		if strings.EqualFold(n, b) {
			return j
		}
	}
	return -1
}

// Pearson returns r between two benchmarks by hyoka task name (NaN if absent).
func (r *Result) Pearson(a, b string) float64 {
	i, j := r.index(a), r.index(b)
	if i < 0 || j < 0 {
		return math.NaN()
	}
	return r.Correlation.Pearson[i][j]
}
