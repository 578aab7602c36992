//go:build amd64 && !purego && !noasm

package kernels

// expUnitsAVX512 runs ExpUnits over the first len(x)/8*8 values of x,
// eight at a time, and returns the units, flags (bit 0: a tie, bit 1: a
// NaN or an infinity) and how many values it covered.
//
//go:noescape
func expUnitsAVX512(x []float32, mx, lim, scale float64) (units, flags uint64, n int)

var useExpUnits512 bool // ExpUnits's AVX-512 exponentials

func registerExpUnits() {
	useExpUnits512 = useAVX512
	register("expunits", "avx512", &useExpUnits512)
}

func expUnitsFast(x []float32, mx, lim, scale float64) (units uint64, tie, bad bool, n int) {
	if !useExpUnits512 {
		return 0, false, false, 0
	}
	u, f, n := expUnitsAVX512(x, mx, lim, scale)
	return u, f&1 != 0, f&2 != 0, n
}
