package kernels

func siluGeneric(x []float32) {
	for i, v := range x {
		x[i] = v / (1 + expGGML(-v))
	}
}

func geluGeneric(x []float32) {
	const c = 0.7978845608028654 // sqrt(2/pi)
	for i, v := range x {
		u := (v*v*v*0.044715 + v) * c
		x[i] = v / (expGGML(u*-2) + 1)
	}
}

func expSubGeneric(x []float32, m float32) {
	for i, v := range x {
		x[i] = expGGML(v - m)
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
