// Package pyrand is a bit-exact port of CPython's random.Random (Mersenne
// Twister MT19937 with init_by_array seeding) and of the Python-level
// algorithms the reference harnesses use to pick few-shot examples:
// random(), getrandbits, _randbelow, shuffle, sample and choice.
//
// Equality with CPython 3.11 is proven by pyrand_test.go against a golden
// file written by scripts/reference/pyrandom_golden.py.
package pyrand

import "math"

const (
	n         = 624
	m         = 397
	matrixA   = 0x9908b0df
	upperMask = 0x80000000
	lowerMask = 0x7fffffff
)

// Rand is the state of one random.Random instance. The zero value is not
// usable; call New.
type Rand struct {
	mt  [n]uint32
	mti int
}

// New returns the generator Python builds with random.Random(seed) (or
// random.seed(seed)) for an int seed: the key is abs(seed) split into 32-bit
// words, least significant first, and fed to init_by_array.
func New(seed int64) *Rand {
	u := uint64(seed)
	if seed < 0 {
		u = uint64(-seed) // abs; math.MinInt64 wraps to 1<<63, which is its abs
	}
	var key []uint32
	for u != 0 {
		key = append(key, uint32(u))
		u >>= 32
	}
	if len(key) == 0 {
		key = []uint32{0}
	}
	r := &Rand{}
	r.initByArray(key)
	return r
}

func (r *Rand) initGenrand(s uint32) {
	r.mt[0] = s
	for i := 1; i < n; i++ {
		r.mt[i] = 1812433253*(r.mt[i-1]^(r.mt[i-1]>>30)) + uint32(i)
	}
	r.mti = n
}

func (r *Rand) initByArray(key []uint32) {
	r.initGenrand(19650218)
	i, j := 1, 0
	k := n
	if len(key) > k {
		k = len(key)
	}
	for ; k > 0; k-- {
		r.mt[i] = (r.mt[i] ^ ((r.mt[i-1] ^ (r.mt[i-1] >> 30)) * 1664525)) + key[j] + uint32(j)
		i++
		j++
		if i >= n {
			r.mt[0] = r.mt[n-1]
			i = 1
		}
		if j >= len(key) {
			j = 0
		}
	}
	for k = n - 1; k > 0; k-- {
		r.mt[i] = (r.mt[i] ^ ((r.mt[i-1] ^ (r.mt[i-1] >> 30)) * 1566083941)) - uint32(i)
		i++
		if i >= n {
			r.mt[0] = r.mt[n-1]
			i = 1
		}
	}
	r.mt[0] = 0x80000000
}

// Uint32 returns the next 32-bit output of MT19937 (genrand_uint32).
func (r *Rand) Uint32() uint32 {
	if r.mti >= n {
		var kk int
		mag := func(y uint32) uint32 {
			if y&1 != 0 {
				return matrixA
			}
			return 0
		}
		for kk = 0; kk < n-m; kk++ {
			y := (r.mt[kk] & upperMask) | (r.mt[kk+1] & lowerMask)
			r.mt[kk] = r.mt[kk+m] ^ (y >> 1) ^ mag(y)
		}
		for ; kk < n-1; kk++ {
			y := (r.mt[kk] & upperMask) | (r.mt[kk+1] & lowerMask)
			r.mt[kk] = r.mt[kk+(m-n)] ^ (y >> 1) ^ mag(y)
		}
		y := (r.mt[n-1] & upperMask) | (r.mt[0] & lowerMask)
		r.mt[n-1] = r.mt[m-1] ^ (y >> 1) ^ mag(y)
		r.mti = 0
	}
	y := r.mt[r.mti]
	r.mti++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// Random returns random.random(): a float64 in [0, 1) with 53 random bits.
func (r *Rand) Random() float64 {
	a := r.Uint32() >> 5
	b := r.Uint32() >> 6
	return (float64(a)*67108864.0 + float64(b)) * (1.0 / 9007199254740992.0)
}

// GetRandBits returns random.getrandbits(k) for 0 <= k <= 64: 32-bit words
// fill the result from the least significant end, and the last word keeps
// only its high bits. It panics for k outside [0, 64], a programming error.
func (r *Rand) GetRandBits(k int) uint64 {
	if k < 0 || k > 64 {
		panic("pyrand: GetRandBits k out of range")
	}
	if k == 0 {
		return 0
	}
	if k <= 32 {
		return uint64(r.Uint32() >> (32 - k))
	}
	lo := uint64(r.Uint32())
	hi := uint64(r.Uint32() >> (64 - k))
	return lo | hi<<32
}

// RandBelow returns random._randbelow(n) for n > 0: getrandbits(n.bit_length())
// redrawn until it is below n. It returns 0 for n <= 0 (Python returns 0
// for n == 0 and never calls it with n < 0 on the paths used here).
func (r *Rand) RandBelow(n int) int {
	if n <= 0 {
		return 0
	}
	k := bitLen(uint64(n))
	v := r.GetRandBits(k)
	for v >= uint64(n) {
		v = r.GetRandBits(k)
	}
	return int(v)
}

func bitLen(x uint64) int {
	l := 0
	for x != 0 {
		l++
		x >>= 1
	}
	return l
}

// Shuffle permutes a sequence of length n in place as random.shuffle does:
// for i from n-1 down to 1, swap(i, _randbelow(i+1)).
func (r *Rand) Shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		j := r.RandBelow(i + 1)
		swap(i, j)
	}
}

// Perm returns the order random.shuffle gives list(range(n)).
func (r *Rand) Perm(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	r.Shuffle(n, func(i, j int) { p[i], p[j] = p[j], p[i] })
	return p
}

// Sample returns the indices random.sample(population, k) picks from a
// population of size n, in the order Python returns them. Python uses a
// pool-swap algorithm when n is small relative to k and set-based rejection
// otherwise; both are reproduced. ok is false when k is outside [0, n]
// (Python raises ValueError).
func (r *Rand) Sample(n, k int) (idx []int, ok bool) {
	if k < 0 || k > n {
		return nil, false
	}
	result := make([]int, k)
	setsize := 21
	if k > 5 {
		setsize += int(math.Pow(4, math.Ceil(math.Log(float64(k*3))/math.Log(4))))
	}
	if n <= setsize {
		pool := make([]int, n)
		for i := range pool {
			pool[i] = i
		}
		for i := 0; i < k; i++ {
			j := r.RandBelow(n - i)
			result[i] = pool[j]
			pool[j] = pool[n-i-1]
		}
		return result, true
	}
	selected := make(map[int]bool, k)
	for i := 0; i < k; i++ {
		j := r.RandBelow(n)
		for selected[j] {
			j = r.RandBelow(n)
		}
		selected[j] = true
		result[i] = j
	}
	return result, true
}

// Choice returns the index random.choice picks from a sequence of length n
// (n > 0): _randbelow(n).
func (r *Rand) Choice(n int) int { return r.RandBelow(n) }
