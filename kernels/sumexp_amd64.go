//go:build amd64 && !purego && !noasm

package kernels

// sumExpAVX512 adds math.Exp(float64(x[i]) - mx) to s for i = 0, 1, ...
// eight at a time and stops before the first group of eight that holds an
// argument below -700 (or NaN) or that x does not fill; it returns the sum
// and how many values it added.
//
//go:noescape
func sumExpAVX512(x []float32, mx, s float64) (float64, int)

var useExp512 bool // SumExp's AVX-512 exponentials

func registerSumExp() {
	useExp512 = useAVX512
	register("sumexp", "avx512", &useExp512)
}

func sumExpFast(x []float32, mx, s float64) (float64, int) {
	if !useExp512 {
		return s, 0
	}
	return sumExpAVX512(x, mx, s)
}
