package analysis

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Pearson returns the Pearson correlation of x and y:
//
//	r = Σ (x_i - x̄)(y_i - ȳ) / sqrt(Σ (x_i - x̄)² Σ (y_i - ȳ)²)
//
// It is NaN when either input has zero variance. Unequal lengths panic.
func Pearson(x, y []float64) float64 {
	if len(x) != len(y) {
		panic("analysis: len(x) != len(y)")
	}
	return stat.Correlation(x, y, nil)
}

// Ranks returns the ranks (1-based) of x, ties given their average rank, as
// scipy.stats.rankdata(method="average") does.
func Ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		avg := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = avg
		}
		i = j + 1
	}
	return r
}

// Spearman returns Spearman's rank correlation: Pearson on Ranks(x), Ranks(y).
func Spearman(x, y []float64) float64 {
	if len(x) != len(y) {
		panic("analysis: len(x) != len(y)")
	}
	return stat.Correlation(Ranks(x), Ranks(y), nil)
}

// CorrPValue returns the two-sided p-value of a correlation r over n pairs
// under the null of no correlation, from Student's t with n-2 degrees of
// freedom:
//
//	t = r sqrt((n-2) / (1-r²)),  p = 2 P(T > |t|)
//
// This is exact for Pearson under normality (scipy.stats.pearsonr) and the
// approximation scipy.stats.spearmanr uses. It is NaN for n < 3 or NaN r,
// and 0 when |r| = 1.
func CorrPValue(r float64, n int) float64 {
	if n < 3 || math.IsNaN(r) {
		return math.NaN()
	}
	if math.Abs(r) >= 1 {
		return 0
	}
	df := float64(n - 2)
	t := math.Abs(r) * math.Sqrt(df/(1-r*r))
	return 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(t)
}

// CorrMatrix is a benchmarks × benchmarks correlation matrix with, in each
// cell, the p-value and the number of models behind it.
type CorrMatrix struct {
	R [][]float64 `json:"r"`
	P [][]float64 `json:"p"`
	N [][]int     `json:"n"`
}

// Correlate computes Pearson and Spearman matrices between the columns of
// m. With pairwise false, m must be complete (the caller applies listwise
// deletion); with pairwise true each cell uses the models that have both
// scores. Cells with fewer than 3 models or zero variance are NaN.
func Correlate(m *Matrix, pairwise bool) (pearson, spearman CorrMatrix) {
	k := len(m.Benchmarks)
	alloc := func() CorrMatrix {
		c := CorrMatrix{R: make([][]float64, k), P: make([][]float64, k), N: make([][]int, k)}
		for a := range c.R {
			c.R[a] = make([]float64, k)
			c.P[a] = make([]float64, k)
			c.N[a] = make([]int, k)
		}
		return c
	}
	pearson, spearman = alloc(), alloc()
	for a := 0; a < k; a++ {
		for b := a; b < k; b++ {
			var x, y []float64
			for i := range m.Models {
				va, vb := m.Values[i][a], m.Values[i][b]
				if math.IsNaN(va) || math.IsNaN(vb) {
					continue
				}
				x, y = append(x, va), append(y, vb)
			}
			n := len(x)
			rp, rs := math.NaN(), math.NaN()
			if n >= 3 {
				rp, rs = Pearson(x, y), Spearman(x, y)
			}
			if a == b && n >= 3 && !math.IsNaN(rp) {
				rp, rs = 1, 1
			}
			for _, c := range []struct {
				cm *CorrMatrix
				r  float64
			}{{&pearson, rp}, {&spearman, rs}} {
				p := CorrPValue(c.r, n)
				c.cm.R[a][b], c.cm.R[b][a] = c.r, c.r
				c.cm.P[a][b], c.cm.P[b][a] = p, p
				c.cm.N[a][b], c.cm.N[b][a] = n, n
			}
		}
	}
	return pearson, spearman
}

// ClusterOrder returns a leaf order of the variables for a heatmap, from
// average-linkage (UPGMA) agglomerative clustering on the distance 1 - r.
// At each merge the cluster holding the lower original index goes left, so
// the order is deterministic. NaN correlations count as distance 1.
func ClusterOrder(r [][]float64) []int {
	type cluster struct{ leaves []int }
	k := len(r)
	dist := func(i, j int) float64 {
		v := r[i][j]
		if math.IsNaN(v) {
			return 1
		}
		return 1 - v
	}
	cl := make([]*cluster, k)
	for i := range cl {
		cl[i] = &cluster{leaves: []int{i}}
	}
	for len(cl) > 1 {
		ba, bb, best := 0, 1, math.Inf(1)
		for a := 0; a < len(cl); a++ {
			for b := a + 1; b < len(cl); b++ {
				s := 0.0
				for _, i := range cl[a].leaves {
					for _, j := range cl[b].leaves {
						s += dist(i, j)
					}
				}
				d := s / float64(len(cl[a].leaves)*len(cl[b].leaves))
				if d < best-1e-15 {
					ba, bb, best = a, b, d
				}
			}
		}
		left, right := cl[ba], cl[bb]
		if minInt(right.leaves) < minInt(left.leaves) {
			left, right = right, left
		}
		merged := &cluster{leaves: append(append([]int{}, left.leaves...), right.leaves...)}
		cl[ba] = merged
		cl = append(cl[:bb], cl[bb+1:]...)
	}
	if k == 0 {
		return nil
	}
	return cl[0].leaves
}

func minInt(s []int) int {
	m := s[0]
	for _, v := range s[1:] {
		m = min(m, v)
	}
	return m
}
