package analysis_test

import (
	"fmt"

	"hyoka/analysis"
)

// MMLU-like and JMMLU-like scores of six models. The printed values agree
// with scipy.stats.pearsonr and spearmanr on the same vectors
// (0.9796167731, p 0.00061898; 0.9428571429, p 0.00480466).
func ExampleCorrPValue() {
	x := []float64{0.62, 0.45, 0.71, 0.38, 0.55, 0.80}
	y := []float64{0.58, 0.40, 0.69, 0.41, 0.49, 0.77}
	r := analysis.Pearson(x, y)
	rho := analysis.Spearman(x, y)
	fmt.Printf("pearson %.6f p=%.6f\n", r, analysis.CorrPValue(r, len(x)))
	fmt.Printf("spearman %.6f p=%.6f\n", rho, analysis.CorrPValue(rho, len(x)))
	// Output:
	// pearson 0.979617 p=0.000619
	// spearman 0.942857 p=0.004805
}
