package analysis

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat"
)

// MetaColumns names the metadata columns the compute estimate reads. All
// counts are in billions (of parameters or tokens).
type MetaColumns struct {
	Params      string // default "params_B"
	TokensTotal string // default "train_tokens_total_B"
	TokensJa    string // default "train_tokens_ja_B"
	TokensEn    string // default "train_tokens_en_B"; when absent, total - ja
}

func (c MetaColumns) withDefaults() MetaColumns {
	def := func(s *string, d string) {
		if *s == "" {
			*s = d
		}
	}
	def(&c.Params, "params_B")
	def(&c.TokensTotal, "train_tokens_total_B")
	def(&c.TokensJa, "train_tokens_ja_B")
	def(&c.TokensEn, "train_tokens_en_B")
	return c
}

// Compute kinds, the x axes of the scaling fits.
const (
	ComputeTotal = "total"
	ComputeEn    = "english"
	ComputeJa    = "japanese"
)

// ComputeKinds lists the compute kinds in report order.
var ComputeKinds = []string{ComputeTotal, ComputeEn, ComputeJa}

func metaFloat(md map[string]string, col string) (float64, bool) {
	s := strings.TrimSpace(md[col])
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(v > 0) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// Log10Compute returns log10 of the training compute C = 6 N D in FLOPs of
// one model, for kind total (D = all tokens), english (D = English tokens:
// the English column when present, else total - Japanese) or japanese
// (D = Japanese tokens). N and D are read in billions from md. ok is false
// when a needed value is missing, non-numeric or not positive.
func Log10Compute(md map[string]string, cols MetaColumns, kind string) (float64, bool) {
	cols = cols.withDefaults()
	n, ok := metaFloat(md, cols.Params)
	if !ok {
		return 0, false
	}
	var d float64
	switch kind {
	case ComputeTotal:
		d, ok = metaFloat(md, cols.TokensTotal)
	case ComputeJa:
		d, ok = metaFloat(md, cols.TokensJa)
	case ComputeEn:
		d, ok = metaFloat(md, cols.TokensEn)
		if !ok {
			t, ok1 := metaFloat(md, cols.TokensTotal)
			j, ok2 := metaFloat(md, cols.TokensJa)
			d, ok = t-j, ok1 && ok2 && t-j > 0
		}
	default:
		return 0, false
	}
	if !ok {
		return 0, false
	}
	return math.Log10(6) + math.Log10(n*1e9) + math.Log10(d*1e9), true
}

// Fit is an ordinary least-squares line y = Intercept + Slope·x, where x is
// log10 compute (FLOPs), with its R² and the models behind it.
type Fit struct {
	Target    string    `json:"target"`  // benchmark or "PC1".."PCk"
	Compute   string    `json:"compute"` // total, english or japanese
	Slope     float64   `json:"slope"`
	Intercept float64   `json:"intercept"`
	R2        float64   `json:"r2"`
	N         int       `json:"n"`
	Models    []string  `json:"models"`
	X         []float64 `json:"x"`
	Y         []float64 `json:"y"`
}

// FitLine fits y = a + b x by least squares (gonum stat.LinearRegression).
// It returns ok false for fewer than 3 points or constant x.
func FitLine(x, y []float64) (slope, intercept, r2 float64, ok bool) {
	if len(x) < 3 || len(x) != len(y) {
		return 0, 0, 0, false
	}
	_, vx := stat.MeanVariance(x, nil)
	if !(vx > 0) {
		return 0, 0, 0, false
	}
	a, b := stat.LinearRegression(x, y, nil, false)
	return b, a, stat.RSquared(x, y, nil, a, b), true
}
