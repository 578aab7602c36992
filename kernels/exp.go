package kernels

import "math"

// expf is the vectorised kernels' exp, one lane at a time: Cephes expf
// (x clamped to [-88, 88], n = roundeven(x*log2e), r = x - n*ln2 in two
// parts, a degree-5 polynomial, times 2^n built in the exponent bits; 2^-127
// flushes to 0, so exp(-inf) = 0). Error about 2 ulp.
func expf(x float32) float32 {
	x = min(max(x, -88), 88)
	n := float32(math.RoundToEven(float64(x * 1.44269504088896341)))
	x -= n * 0.693359375
	x -= n * -2.12194440e-4
	p := float32(1.9875691500e-4)
	p = p*x + 1.3981999507e-3
	p = p*x + 8.3334519073e-3
	p = p*x + 4.1665795894e-2
	p = p*x + 1.6666665459e-1
	p = p*x + 5.0000001201e-1
	p = p * x * x
	y := p + x
	y += 1
	return y * math.Float32frombits(uint32(int32(n)+127)<<23)
}

func siluGeneric(x []float32) {
	for i, v := range x {
		x[i] = v / (expf(-v) + 1)
	}
}

func geluGeneric(x []float32) {
	const c = 0.7978845608028654 // sqrt(2/pi)
	for i, v := range x {
		u := (v*v*v*0.044715 + v) * c
		x[i] = v / (expf(u*-2) + 1)
	}
}

func expSubGeneric(x []float32, m float32) {
	for i, v := range x {
		x[i] = expf(v - m)
	}
}

// vecTail runs f on x's last len(x)%8 values through an 8-value buffer, so
// assembly that handles whole groups of 8 covers every length.
func vecTail(x []float32, f func([]float32)) {
	n := len(x) &^ 7
	if n == len(x) {
		return
	}
	var buf [8]float32
	copy(buf[:], x[n:])
	f(buf[:])
	copy(x[n:], buf[:len(x)-n])
}
