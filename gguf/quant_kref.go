package gguf

import (
	"encoding/binary"
	"math"
)

// Reference quantizers of the k-quants: Go versions of ggml's
// quantize_row_{q2,q3,q4,q5,q6}_K_ref (the paths llama-quantize takes
// without an importance matrix) and of the scale searches they share. They
// are checked bit for bit against llama.cpp's own libggml-base in the
// golden tests, so the float32 arithmetic keeps ggml's order of operations;
// every product that feeds an addition is rounded with float32() so the Go
// compiler cannot fuse it into an FMA (ggml's reference build has none).

func init() {
	traits[Q2_K].Quantize = quantQ2_K
	traits[Q3_K].Quantize = quantQ3_K
	traits[Q4_K].Quantize = quantQ4_K
	traits[Q5_K].Quantize = quantQ5_K
	traits[Q6_K].Quantize = quantQ6_K
}

// groupMaxEps is ggml's GROUP_MAX_EPS: a group whose largest |x| is below
// it counts as all zero.
const groupMaxEps = float32(1e-15)

func abs32(x float32) float32    { return float32(math.Abs(float64(x))) }
func sqrt32(x float32) float32   { return float32(math.Sqrt(float64(x))) }
func clampInt(v, lo, hi int) int { return max(lo, min(hi, v)) }

// makeQKX2Quants finds a scale and a min for x (ggml make_qkx2_quants):
// x ≈ scale*L - theMin with L in 0..nmax, minimising the weighted squared
// (or, with useMad, absolute) error over nstep+1 candidate scales.
func makeQKX2Quants(nmax int, x, weights []float32, L, laux []uint8, rmin, rdelta float32, nstep int, useMad bool) (scale, theMin float32) {
	n := len(x)
	mn, mx := x[0], x[0]
	sumW := weights[0]
	sumX := float32(sumW * x[0])
	for i := 1; i < n; i++ {
		if x[i] < mn {
			mn = x[i]
		}
		if x[i] > mx {
			mx = x[i]
		}
		w := weights[i]
		sumW += w
		sumX += float32(w * x[i])
	}
	if mn > 0 {
		mn = 0
	}
	if mx == mn {
		clear(L[:n])
		return 0, -mn
	}
	errOf := func(d float32) float32 {
		if useMad {
			return abs32(d)
		}
		return float32(d * d)
	}
	iscale := float32(nmax) / float32(mx-mn)
	scale = 1 / iscale
	var bestErr float32
	for i := range n {
		l := nearestInt(float32(iscale * float32(x[i]-mn)))
		L[i] = uint8(clampInt(l, 0, nmax))
		diff := float32(float32(float32(scale*float32(L[i]))+mn) - x[i])
		bestErr += float32(weights[i] * errOf(diff))
	}
	if nstep < 1 {
		return scale, -mn
	}
	for is := 0; is <= nstep; is++ {
		iscale = float32(float32(rmin+float32(rdelta*float32(is)))+float32(nmax)) / float32(mx-mn)
		var sumL, sumL2, sumXL float32
		for i := range n {
			l := clampInt(nearestInt(float32(iscale*float32(x[i]-mn))), 0, nmax)
			laux[i] = uint8(l)
			w, fl := weights[i], float32(l)
			sumL += float32(w * fl)
			sumL2 += float32(float32(w*fl) * fl)
			sumXL += float32(float32(w*fl) * x[i])
		}
		D := float32(float32(sumW*sumL2) - float32(sumL*sumL))
		if D > 0 {
			thisScale := float32(float32(sumW*sumXL)-float32(sumX*sumL)) / D
			thisMin := float32(float32(sumL2*sumX)-float32(sumL*sumXL)) / D
			if thisMin > 0 {
				thisMin = 0
				thisScale = sumXL / sumL2
			}
			var curErr float32
			for i := range n {
				diff := float32(float32(float32(thisScale*float32(laux[i]))+thisMin) - x[i])
				curErr += float32(weights[i] * errOf(diff))
			}
			if curErr < bestErr {
				copy(L[:n], laux[:n])
				bestErr, scale, mn = curErr, thisScale, thisMin
			}
		}
	}
	return scale, -mn
}

// makeQ3Quants is ggml's make_q3_quants with do_rmse: signed levels
// -nmax..nmax-1 refined by coordinate descent on the x²-weighted error.
// L receives the levels offset by nmax.
func makeQ3Quants(nmax int, x []float32, L []int8) float32 {
	n := len(x)
	var amax, mx float32
	for _, v := range x {
		if a := abs32(v); a > amax {
			amax, mx = a, v
		}
	}
	if amax < groupMaxEps {
		clear(L[:n])
		return 0
	}
	iscale := float32(-nmax) / mx
	var sumlx, suml2 float32
	for i, v := range x {
		l := clampInt(nearestInt(float32(iscale*v)), -nmax, nmax-1)
		L[i] = int8(l)
		w := float32(v * v)
		sumlx += float32(float32(w*v) * float32(l))
		suml2 += float32(float32(w*float32(l)) * float32(l))
	}
	for range 5 {
		changed := 0
		for i, v := range x {
			w := float32(v * v)
			li := float32(L[i])
			slx := float32(sumlx - float32(float32(w*v)*li))
			if slx > 0 {
				sl2 := float32(suml2 - float32(float32(w*li)*li))
				nl := clampInt(nearestInt(float32(v*sl2)/slx), -nmax, nmax-1)
				if nl != int(L[i]) {
					fl := float32(nl)
					slx += float32(float32(w*v) * fl)
					sl2 += float32(float32(w*fl) * fl)
					if sl2 > 0 && float32(float32(slx*slx)*suml2) > float32(float32(sumlx*sumlx)*sl2) {
						L[i], sumlx, suml2 = int8(nl), slx, sl2
						changed++
					}
				}
			}
		}
		if changed == 0 {
			break
		}
	}
	for i := range n {
		L[i] += int8(nmax)
	}
	return sumlx / suml2
}

// makeQXQuants is ggml's make_qx_quants with rmse_type 1 and no importance
// weights: a symmetric scale tried at 19 nearby values, weighted by x².
// L receives levels offset by nmax.
func makeQXQuants(nmax int, x []float32, L []int8) float32 {
	n := len(x)
	var amax, mx float32
	for _, v := range x {
		if a := abs32(v); a > amax {
			amax, mx = a, v
		}
	}
	if amax < groupMaxEps {
		clear(L[:n])
		return 0
	}
	sums := func(iscale float32, store bool) (sumlx, suml2 float32) {
		for i, v := range x {
			l := clampInt(nearestInt(float32(iscale*v)), -nmax, nmax-1)
			if store {
				L[i] = int8(nmax + l)
			}
			w, fl := float32(v*v), float32(l)
			sumlx += float32(float32(w*v) * fl)
			suml2 += float32(float32(w*fl) * fl)
		}
		return sumlx, suml2
	}
	sumlx, suml2 := sums(float32(-nmax)/mx, true)
	var scale float32
	if suml2 != 0 {
		scale = sumlx / suml2
	}
	best := float32(scale * sumlx)
	for is := -9; is <= 9; is++ {
		if is == 0 {
			continue
		}
		iscale := -float32(float32(nmax)+float32(0.1*float32(is))) / mx
		sumlx, suml2 = sums(iscale, false)
		if suml2 > 0 && float32(sumlx*sumlx) > float32(best*suml2) {
			sums(iscale, true)
			scale = sumlx / suml2
			best = float32(scale * sumlx)
		}
	}
	return scale
}

// packScalesK4 stores eight 6-bit scales and mins in the 12 scale bytes of
// block_q4_K/block_q5_K (the inverse of scaleMinK4).
func packScalesK4(s []byte, ls, lm *[8]uint8) {
	clear(s[:12])
	for j := range 8 {
		if j < 4 {
			s[j] = ls[j]
			s[j+4] = lm[j]
		} else {
			s[j+4] = ls[j]&0xf | (lm[j]&0xf)<<4
			s[j-4] |= (ls[j] >> 4) << 6
			s[j] |= (lm[j] >> 4) << 6
		}
	}
}

// pack2bit stores 256 2-bit levels as block_q2_K/q3_K's qs: byte 32*h+l
// holds elements 128*h+l, +32, +64, +96 in bit pairs 0..3.
func pack2bit(qs []byte, L []uint8) {
	for h := 0; h < 2; h++ {
		for l := 0; l < 32; l++ {
			j := 128*h + l
			qs[32*h+l] = L[j] | L[j+32]<<2 | L[j+64]<<4 | L[j+96]<<6
		}
	}
}

func quantQ2_K(dst []byte, src []float32) {
	const q4scale = 15
	var L [QK_K]uint8
	var w [16]float32
	var laux [16]uint8
	var mins, scales [QK_K / 16]float32
	for i := 0; i < len(src)/QK_K; i++ {
		x := src[QK_K*i : QK_K*i+QK_K]
		b := dst[84*i : 84*i+84]
		sc, qs := b[:16], b[16:80]
		var maxScale, maxMin float32
		for j := range QK_K / 16 {
			xs := x[16*j : 16*j+16]
			for l, v := range xs {
				w[l] = abs32(v)
			}
			scales[j], mins[j] = makeQKX2Quants(3, xs, w[:], L[16*j:16*j+16], laux[:], -0.5, 0.1, 15, true)
			maxScale = max(maxScale, scales[j])
			maxMin = max(maxMin, mins[j])
		}
		if maxScale > 0 {
			iscale := q4scale / maxScale
			for j := range QK_K / 16 {
				sc[j] = uint8(nearestInt(float32(iscale * scales[j])))
			}
			binary.LittleEndian.PutUint16(b[80:], F32ToF16(maxScale/q4scale))
		} else {
			clear(sc)
			binary.LittleEndian.PutUint16(b[80:], 0)
		}
		if maxMin > 0 {
			iscale := q4scale / maxMin
			for j := range QK_K / 16 {
				sc[j] |= uint8(nearestInt(float32(iscale*mins[j]))) << 4
			}
			binary.LittleEndian.PutUint16(b[82:], F32ToF16(maxMin/q4scale))
		} else {
			binary.LittleEndian.PutUint16(b[82:], 0)
		}
		d, dmin := f16At(b[80:]), f16At(b[82:])
		for j := range QK_K / 16 {
			dl := d * float32(sc[j]&0xf)
			if dl == 0 {
				continue
			}
			dm := dmin * float32(sc[j]>>4)
			for ii := range 16 {
				L[16*j+ii] = uint8(clampInt(nearestInt(float32(x[16*j+ii]+dm)/dl), 0, 3))
			}
		}
		pack2bit(qs, L[:])
	}
}

func quantQ3_K(dst []byte, src []float32) {
	var L [QK_K]int8
	var scales [QK_K / 16]float32
	var Lu [QK_K]uint8
	for i := 0; i < len(src)/QK_K; i++ {
		x := src[QK_K*i : QK_K*i+QK_K]
		b := dst[110*i : 110*i+110]
		hm, qs, sc := b[:32], b[32:96], b[96:108]
		var maxScale, amax float32
		for j := range QK_K / 16 {
			scales[j] = makeQ3Quants(4, x[16*j:16*j+16], L[16*j:16*j+16])
			if a := abs32(scales[j]); a > amax {
				amax, maxScale = a, scales[j]
			}
		}
		clear(sc)
		if maxScale != 0 {
			iscale := -32 / maxScale
			for j := range QK_K / 16 {
				l := int(int8(nearestInt(float32(iscale * scales[j]))))
				l = clampInt(l, -32, 31) + 32
				if j < 8 {
					sc[j] = uint8(l & 0xf)
				} else {
					sc[j-8] |= uint8(l&0xf) << 4
				}
				sc[8+j%4] |= uint8(l>>4) << (2 * (j / 4))
			}
			binary.LittleEndian.PutUint16(b[108:], F32ToF16(1/iscale))
		} else {
			binary.LittleEndian.PutUint16(b[108:], 0)
		}
		d := f16At(b[108:])
		for j := range QK_K / 16 {
			dl := d * float32(q3Scale(sc, j))
			if dl == 0 {
				continue
			}
			for ii := range 16 {
				L[16*j+ii] = int8(clampInt(nearestInt(x[16*j+ii]/dl), -4, 3) + 4)
			}
		}
		clear(hm)
		for j := range QK_K {
			l := uint8(L[j])
			if l > 3 {
				hm[j%32] |= 1 << (j / 32)
				l -= 4
			}
			Lu[j] = l
		}
		pack2bit(qs, Lu[:])
	}
}

// quantQ45K is quantize_row_q4_K_ref (nmax 15) and, with qh, q5_K_ref
// (nmax 31): 32-element sub-blocks with their own scale and min, both
// quantized to 6 bits against the block's d and dmin.
func quantQ45K(b []byte, x []float32, nmax int, rmin, rdelta float32, nstep int, qh []byte) {
	var L [QK_K]uint8
	var laux [32]uint8
	var w [32]float32
	var mins, scales [8]float32
	var maxScale, maxMin float32
	for j := range 8 {
		xs := x[32*j : 32*j+32]
		var sumX2 float32
		for _, v := range xs {
			sumX2 += float32(v * v)
		}
		avX := sqrt32(sumX2 / 32)
		for l, v := range xs {
			w[l] = avX + abs32(v)
		}
		scales[j], mins[j] = makeQKX2Quants(nmax, xs, w[:], L[32*j:32*j+32], laux[:], rmin, rdelta, nstep, false)
		maxScale = max(maxScale, scales[j])
		maxMin = max(maxMin, mins[j])
	}
	var invScale, invMin float32
	if maxScale > 0 {
		invScale = 63 / maxScale
	}
	if maxMin > 0 {
		invMin = 63 / maxMin
	}
	var ls, lm [8]uint8
	for j := range 8 {
		ls[j] = min(63, uint8(nearestInt(float32(invScale*scales[j]))))
		lm[j] = min(63, uint8(nearestInt(float32(invMin*mins[j]))))
	}
	packScalesK4(b[4:16], &ls, &lm)
	binary.LittleEndian.PutUint16(b, F32ToF16(maxScale/63))
	binary.LittleEndian.PutUint16(b[2:], F32ToF16(maxMin/63))
	d, dmin := f16At(b), f16At(b[2:])
	for j := range 8 {
		sc, m := scaleMinK4(j, b[4:16])
		dl := d * float32(sc)
		if dl == 0 {
			continue
		}
		dm := dmin * float32(m)
		for ii := range 32 {
			L[32*j+ii] = uint8(clampInt(nearestInt(float32(x[32*j+ii]+dm)/dl), 0, nmax))
		}
	}
	qs := b[len(b)-QK_K/2:]
	if qh != nil {
		clear(qh)
	}
	for g := range 4 {
		for l := range 32 {
			l1, l2 := L[64*g+l], L[64*g+l+32]
			if l1 > 15 {
				l1 -= 16
				qh[l] |= 1 << (2 * g)
			}
			if l2 > 15 {
				l2 -= 16
				qh[l] |= 2 << (2 * g)
			}
			qs[32*g+l] = l1 | l2<<4
		}
	}
}

func quantQ4_K(dst []byte, src []float32) {
	for i := 0; i < len(src)/QK_K; i++ {
		quantQ45K(dst[144*i:144*i+144], src[QK_K*i:QK_K*i+QK_K], 15, -1, 0.1, 20, nil)
	}
}

func quantQ5_K(dst []byte, src []float32) {
	for i := 0; i < len(src)/QK_K; i++ {
		b := dst[176*i : 176*i+176]
		quantQ45K(b, src[QK_K*i:QK_K*i+QK_K], 31, -0.5, 0.1, 15, b[16:48])
	}
}

func quantQ6_K(dst []byte, src []float32) {
	var L [QK_K]int8
	var scales [QK_K / 16]float32
	for i := 0; i < len(src)/QK_K; i++ {
		x := src[QK_K*i : QK_K*i+QK_K]
		b := dst[210*i : 210*i+210]
		var maxScale, maxAbs float32
		for ib := range QK_K / 16 {
			scales[ib] = makeQXQuants(32, x[16*ib:16*ib+16], L[16*ib:16*ib+16])
			if a := abs32(scales[ib]); a > maxAbs {
				maxAbs, maxScale = a, scales[ib]
			}
		}
		if maxAbs < groupMaxEps {
			clear(b)
			continue
		}
		iscale := -128 / maxScale
		binary.LittleEndian.PutUint16(b[208:], F32ToF16(1/iscale))
		sc := b[192:208]
		for ib := range QK_K / 16 {
			sc[ib] = byte(int8(min(127, nearestInt(float32(iscale*scales[ib])))))
		}
		d := f16At(b[208:])
		for j := range QK_K / 16 {
			dl := d * float32(int8(sc[j]))
			if dl == 0 {
				continue
			}
			for ii := range 16 {
				L[16*j+ii] = int8(clampInt(nearestInt(x[16*j+ii]/dl), -32, 31) + 32)
			}
		}
		for h := 0; h < 2; h++ {
			ql, qh := b[64*h:64*h+64], b[128+32*h:128+32*h+32]
			for l := range 32 {
				j := 128*h + l
				q1, q2, q3, q4 := uint8(L[j]), uint8(L[j+32]), uint8(L[j+64]), uint8(L[j+96])
				ql[l] = q1&0xf | (q3&0xf)<<4
				ql[l+32] = q2&0xf | (q4&0xf)<<4
				qh[l] = q1>>4 | (q2>>4)<<2 | (q3>>4)<<4 | (q4>>4)<<6
			}
		}
	}
}
