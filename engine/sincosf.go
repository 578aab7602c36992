package engine

import "math"

// sincosf computes sin(y) and cos(y) in float32 with the arithmetic of
// glibc's sincosf (the FMA variant x86-64 machines run, glibc 2.28 and
// later), which llama.cpp calls for its RoPE angles. It is not correctly
// rounded (worst case 0.56 ulp) and about 2% of the angles RoPE uses round
// differently from float32(math.Sin(float64(y))); those last bits then
// reach every rotated query and key. Written from the algorithm's
// description and its published constants; each product that the compiled
// library fuses into one multiply-add is math.FMA here, every other
// product is rounded on its own (float64(...) keeps Go from fusing it).
func sincosf(y float32) (sin, cos float32) {
	x := float64(y)
	top := math.Float32bits(y) >> 20 & 0x7ff
	switch {
	case top < 0x3f4: // |y| < pi/4
		if top < 0x398 { // |y| < 2^-12
			return y, 1
		}
		return sincosfPoly(x, float64(x*x), &sincosfTab[0], 0)
	case top < 0x42f: // |y| < 120: one multiply-subtract with pi/2
		r := float64(x * sincosfTab[0].hpiInv)
		n := (int32(r) + 0x800000) >> 24
		x = math.FMA(-float64(n), sincosfTab[0].hpi, x)
		s := sincosfTab[0].sign[n&3]
		p := &sincosfTab[0]
		if n&2 != 0 {
			p = &sincosfTab[1]
		}
		return sincosfPoly(float64(x*s), float64(x*x), p, int(n))
	case top < 0x7f8: // finite: reduction with 4/pi to 192 bits
		xi := math.Float32bits(y)
		sign := int(xi >> 31)
		x, n := sincosfReduceLarge(xi)
		s := sincosfTab[0].sign[(n+sign)&3]
		p := &sincosfTab[0]
		if (n+sign)&2 != 0 {
			p = &sincosfTab[1]
		}
		return sincosfPoly(float64(x*s), float64(x*x), p, n)
	}
	nan := y - y
	return nan, nan
}

type sincosfConsts struct {
	sign        [4]float64
	hpiInv, hpi float64
	c0, c1, c2  float64
	c3, c4      float64
	s1, s2, s3  float64
}

// The cosine polynomial is negated in the second entry.
var sincosfTab = [2]sincosfConsts{
	{sign: [4]float64{1, -1, -1, 1}, hpiInv: 0x1.45F306DC9C883p+23, hpi: 0x1.921FB54442D18p0,
		c0: 0x1p0, c1: -0x1.ffffffd0c621cp-2, c2: 0x1.55553e1068f19p-5, c3: -0x1.6c087e89a359dp-10, c4: 0x1.99343027bf8c3p-16,
		s1: -0x1.555545995a603p-3, s2: 0x1.1107605230bc4p-7, s3: -0x1.994eb3774cf24p-13},
	{sign: [4]float64{1, -1, -1, 1}, hpiInv: 0x1.45F306DC9C883p+23, hpi: 0x1.921FB54442D18p0,
		c0: -0x1p0, c1: 0x1.ffffffd0c621cp-2, c2: -0x1.55553e1068f19p-5, c3: 0x1.6c087e89a359dp-10, c4: -0x1.99343027bf8c3p-16,
		s1: -0x1.555545995a603p-3, s2: 0x1.1107605230bc4p-7, s3: -0x1.994eb3774cf24p-13},
}

// sincosfPoly evaluates both polynomials on the reduced x (x2 = x*x); odd
// quadrants n swap the results.
func sincosfPoly(x, x2 float64, p *sincosfConsts, n int) (sin, cos float32) {
	x3 := float64(x2 * x)
	x4 := float64(x2 * x2)
	s1 := math.FMA(x2, p.s3, p.s2)
	c2 := math.FMA(x2, p.c4, p.c3)
	c1 := math.FMA(x2, p.c1, p.c0)
	x5 := float64(x2 * x3)
	x6 := float64(x2 * x4)
	s := math.FMA(x3, p.s1, x)
	c := math.FMA(x4, p.c2, c1)
	so := float32(math.FMA(s1, x5, s))
	co := float32(math.FMA(c2, x6, c))
	if n&1 != 0 {
		return co, so
	}
	return so, co
}

// invPio4 is 4/pi to 192 bits, 8 new bits per entry.
var invPio4 = [24]uint32{
	0xa2, 0xa2f9, 0xa2f983, 0xa2f9836e,
	0xf9836e4e, 0x836e4e44, 0x6e4e4415, 0x4e441529,
	0x441529fc, 0x1529fc27, 0x29fc2757, 0xfc2757d1,
	0x2757d1f5, 0x57d1f534, 0xd1f534dd, 0xf534ddc0,
	0x34ddc0db, 0xddc0db62, 0xc0db6295, 0xdb629599,
	0x6295993c, 0x95993c43, 0x993c4390, 0x3c439041,
}

// sincosfReduceLarge reduces |y| (bits xi, |y| >= 2) modulo pi/2 with a
// 32x96-bit fixed-point product: the remainder in [-pi/4, pi/4] and the
// quadrant.
func sincosfReduceLarge(xi uint32) (float64, int) {
	arr := invPio4[(xi>>26)&15:]
	shift := (xi >> 23) & 7
	xi = (xi&0xffffff | 0x800000) << shift
	res0 := uint64(xi * arr[0])
	res1 := uint64(xi) * uint64(arr[4])
	res2 := uint64(xi) * uint64(arr[8])
	res0 = res2>>32 | res0<<32
	res0 += res1
	n := (res0 + 1<<61) >> 62
	res0 -= n << 62
	return float64(float64(int64(res0)) * 0x1.921FB54442D18p-62), int(n)
}
