package analysis

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// ZScore returns the columns of rows (models × benchmarks, complete)
// standardised to mean 0 and sample standard deviation 1 (n-1 divisor):
//
//	z_ij = (x_ij - mean_j) / sd_j
//
// A column with one distinct value cannot be standardised: ZScore returns
// ErrDegenerate naming its index.
func ZScore(rows [][]float64) (*mat.Dense, error) {
	n := len(rows)
	if n < 2 {
		return nil, fmt.Errorf("%w: need at least 2 models, have %d", ErrDegenerate, n)
	}
	k := len(rows[0])
	z := mat.NewDense(n, k, nil)
	col := make([]float64, n)
	for j := 0; j < k; j++ {
		for i := range rows {
			col[i] = rows[i][j]
		}
		mean, sd := stat.MeanStdDev(col, nil)
		if !(sd > 1e-12*math.Max(1, math.Abs(mean))) {
			return nil, &constantColumnError{j: j, v: col[0]}
		}
		for i := range rows {
			z.Set(i, j, (col[i]-mean)/sd)
		}
	}
	return z, nil
}

type constantColumnError struct {
	j int
	v float64
}

func (e *constantColumnError) Error() string {
	return fmt.Sprintf("%v: column %d has one distinct value (%g) over the models used, so it cannot be standardised", ErrDegenerate, e.j, e.v)
}
func (e *constantColumnError) Unwrap() error { return ErrDegenerate }

// PCAResult holds a principal component analysis of standardised scores.
// Component c is column c of Loadings (benchmarks × components).
type PCAResult struct {
	// ExplainedVariance[c] is the variance of the scores on component c
	// (eigenvalue of the correlation matrix); Ratio is it over the total.
	ExplainedVariance []float64 `json:"explained_variance"`
	Ratio             []float64 `json:"explained_variance_ratio"`
	// Loadings are the unit-length eigenvectors (scikit-learn's
	// components_, transposed). Signs: PC1's loadings sum to a positive
	// number (PC1 rises with the mean standardised score); every other
	// component's largest-magnitude loading is positive.
	Loadings [][]float64 `json:"loadings"`
	// Structure are loadings scaled by sqrt(eigenvalue): the correlation
	// between each standardised benchmark and each component's scores.
	Structure [][]float64 `json:"structure_loadings"`
	// Scores are the models' coordinates, Z · Loadings (models × components).
	Scores [][]float64 `json:"scores"`
}

// PCA runs a principal component analysis (gonum stat.PC) on z, a models ×
// benchmarks matrix of standardised scores, and fixes component signs as
// PCAResult documents. It returns ErrDegenerate when there are fewer models
// than benchmarks or the decomposition fails.
func PCA(z *mat.Dense) (*PCAResult, error) {
	n, k := z.Dims()
	if n < k {
		return nil, fmt.Errorf("%w: %d models but %d benchmarks; PCA needs at least as many models as benchmarks (select fewer benchmarks with --benchmarks or add models)", ErrDegenerate, n, k)
	}
	var pc stat.PC
	if !pc.PrincipalComponents(z, nil) {
		return nil, fmt.Errorf("%w: the principal component decomposition failed", ErrDegenerate)
	}
	var vecs mat.Dense
	pc.VectorsTo(&vecs)
	vars := pc.VarsTo(nil)
	_, nc := vecs.Dims()
	total := 0.0
	for _, v := range vars {
		total += v
	}
	res := &PCAResult{}
	for c := 0; c < nc; c++ {
		sum, big := 0.0, 0.0
		for j := 0; j < k; j++ {
			v := vecs.At(j, c)
			sum += v
			if math.Abs(v) > math.Abs(big)+1e-12 {
				big = v
			}
		}
		if (c == 0 && sum < 0) || (c > 0 && big < 0) {
			for j := 0; j < k; j++ {
				vecs.Set(j, c, -vecs.At(j, c))
			}
		}
		ev := math.Max(vars[c], 0)
		res.ExplainedVariance = append(res.ExplainedVariance, ev)
		res.Ratio = append(res.Ratio, ev/total)
	}
	res.Loadings = make([][]float64, k)
	res.Structure = make([][]float64, k)
	for j := 0; j < k; j++ {
		res.Loadings[j] = make([]float64, nc)
		res.Structure[j] = make([]float64, nc)
		for c := 0; c < nc; c++ {
			res.Loadings[j][c] = vecs.At(j, c)
			res.Structure[j][c] = vecs.At(j, c) * math.Sqrt(res.ExplainedVariance[c])
		}
	}
	var sc mat.Dense
	sc.Mul(z, &vecs)
	res.Scores = make([][]float64, n)
	for i := 0; i < n; i++ {
		res.Scores[i] = mat.Row(nil, i, &sc)
	}
	return res, nil
}

// Varimax rotates the first q columns of a structure-loading matrix (rows
// variables) with Kaiser-normalised varimax (as R's stats::varimax with
// normalize=TRUE, eps=1e-5). Rotated factors are sorted by the variance they
// carry (sum of squared loadings), and each is signed so its loadings sum to
// a positive number. It returns the rotated loadings and the rotation matrix
// T (q × q, loadings · T before sorting and signing).
func Varimax(load [][]float64, q int) (rotated [][]float64, rotation [][]float64) {
	p := len(load)
	if q > len(load[0]) {
		q = len(load[0])
	}
	x := mat.NewDense(p, q, nil)
	h := make([]float64, p)
	for i := 0; i < p; i++ {
		s := 0.0
		for c := 0; c < q; c++ {
			s += load[i][c] * load[i][c]
		}
		h[i] = math.Sqrt(s)
		for c := 0; c < q; c++ {
			v := load[i][c]
			if h[i] > 0 {
				v /= h[i]
			}
			x.Set(i, c, v)
		}
	}
	t := mat.NewDense(q, q, nil)
	for c := 0; c < q; c++ {
		t.Set(c, c, 1)
	}
	d := 0.0
	var z, b, u mat.Dense
	for iter := 0; iter < 1000; iter++ {
		z.Mul(x, t)
		// B = X' (Z³ - Z diag(colSums(Z²))/p)
		zz := mat.NewDense(p, q, nil)
		for c := 0; c < q; c++ {
			ss := 0.0
			for i := 0; i < p; i++ {
				ss += z.At(i, c) * z.At(i, c)
			}
			for i := 0; i < p; i++ {
				v := z.At(i, c)
				zz.Set(i, c, v*v*v-v*ss/float64(p))
			}
		}
		b.Mul(x.T(), zz)
		var svd mat.SVD
		if !svd.Factorize(&b, mat.SVDFull) {
			break
		}
		var uu, vv mat.Dense
		svd.UTo(&uu)
		svd.VTo(&vv)
		u.Mul(&uu, vv.T())
		t.Copy(&u)
		dpast := d
		d = 0
		for _, s := range svd.Values(nil) {
			d += s
		}
		if d < dpast*(1+1e-5) {
			break
		}
	}
	z.Mul(x, t)
	out := make([][]float64, p)
	for i := 0; i < p; i++ {
		out[i] = make([]float64, q)
		for c := 0; c < q; c++ {
			out[i][c] = z.At(i, c) * h[i]
		}
	}
	// Sort by carried variance, sign by column sum.
	order := make([]int, q)
	ssq := make([]float64, q)
	for c := range order {
		order[c] = c
		for i := 0; i < p; i++ {
			ssq[c] += out[i][c] * out[i][c]
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return ssq[order[a]] > ssq[order[b]] })
	rotated = make([][]float64, p)
	for i := range rotated {
		rotated[i] = make([]float64, q)
	}
	for nc, c := range order {
		sum := 0.0
		for i := 0; i < p; i++ {
			sum += out[i][c]
		}
		sgn := 1.0
		if sum < 0 {
			sgn = -1
		}
		for i := 0; i < p; i++ {
			rotated[i][nc] = sgn * out[i][c]
		}
	}
	rotation = make([][]float64, q)
	for a := 0; a < q; a++ {
		rotation[a] = mat.Row(nil, a, t)
	}
	return rotated, rotation
}

// BootstrapCI holds percentile confidence intervals of the first
// components' loadings (benchmarks × components) from a bootstrap over
// models.
type BootstrapCI struct {
	Resamples  int         `json:"resamples"`
	Used       int         `json:"used"` // resamples where no column was constant
	Seed       uint64      `json:"seed"`
	Level      float64     `json:"level"`
	Components int         `json:"components"`
	Lower      [][]float64 `json:"lower"`
	Upper      [][]float64 `json:"upper"`
}

// BootstrapLoadings resamples the models (rows of rows) with replacement b
// times using a PCG generator seeded with seed, re-standardises, reruns PCA
// and collects the loadings of the first q components. Each resampled
// component is matched to the reference component (ref) it has the largest
// |cosine| with (greedily, in component order) and flipped to agree in sign,
// so that a swap of nearly equal components does not blur the intervals.
// Resamples with a constant column are skipped and counted. The result
// holds the (1-level)/2 and (1+level)/2 percentiles.
func BootstrapLoadings(ctx context.Context, rows [][]float64, ref *PCAResult, q, b int, seed uint64, level float64) (*BootstrapCI, error) {
	n := len(rows)
	k := len(ref.Loadings)
	nc := len(ref.Loadings[0])
	q = min(q, nc)
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	samples := make([][][]float64, k) // [j][c] -> values
	for j := range samples {
		samples[j] = make([][]float64, q)
	}
	ci := &BootstrapCI{Resamples: b, Seed: seed, Level: level, Components: q}
	res := make([][]float64, n)
	for it := 0; it < b; it++ {
		if it%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		for i := range res {
			res[i] = rows[rng.IntN(n)]
		}
		z, err := ZScore(res)
		if err != nil {
			continue
		}
		p, err := PCA(z)
		if err != nil {
			continue
		}
		used := make([]bool, len(p.Loadings[0]))
		for c := 0; c < q; c++ {
			best, bestDot := -1, 0.0
			for d := range used {
				if used[d] {
					continue
				}
				dot := 0.0
				for j := 0; j < k; j++ {
					dot += p.Loadings[j][d] * ref.Loadings[j][c]
				}
				if best < 0 || math.Abs(dot) > math.Abs(bestDot) {
					best, bestDot = d, dot
				}
			}
			used[best] = true
			sgn := 1.0
			if bestDot < 0 {
				sgn = -1
			}
			for j := 0; j < k; j++ {
				samples[j][c] = append(samples[j][c], sgn*p.Loadings[j][best])
			}
		}
		ci.Used++
	}
	if ci.Used < 2 {
		return nil, fmt.Errorf("%w: only %d of %d bootstrap resamples could be analysed", ErrDegenerate, ci.Used, b)
	}
	ci.Lower = make([][]float64, k)
	ci.Upper = make([][]float64, k)
	for j := 0; j < k; j++ {
		ci.Lower[j] = make([]float64, q)
		ci.Upper[j] = make([]float64, q)
		for c := 0; c < q; c++ {
			s := samples[j][c]
			sort.Float64s(s)
			ci.Lower[j][c] = stat.Quantile((1-level)/2, stat.LinInterp, s, nil)
			ci.Upper[j][c] = stat.Quantile((1+level)/2, stat.LinInterp, s, nil)
		}
	}
	return ci, nil
}
