package engine

import (
	"math"

	"hyoka/kernels"
)

// RoPE, computed the way ggml does in float32 so that angles match
// llama.cpp's bit for bit: the angle of pair i is pos * base^(-2i/Dims),
// built by repeated multiplication, and its sine and cosine are glibc's
// sincosf's (see sincosf.go).

// ropeCorrDims returns YaRN's [low, high] correction range of pair dimensions.
func ropeCorrDims(r *RopeConfig) (lo, hi float32) {
	corr := func(beta float32) float64 {
		return float64(r.Dims) * math.Log(float64(r.OrigCtx)/(float64(beta)*2*math.Pi)) / (2 * math.Log(float64(r.Base)))
	}
	start := float32(math.Floor(corr(r.BetaFast)))
	end := float32(math.Ceil(corr(r.BetaSlow)))
	return max(0, start), min(float32(r.Dims-1), end)
}

// ropeAngles writes cos and sin of every rotated pair at position pos:
// cs[2i] = cos θ_i * mscale, cs[2i+1] = sin θ_i * mscale, for i < Dims/2.
func ropeAngles(r *RopeConfig, pos int, cs []float32) {
	thetaScale := float32(math.Pow(float64(r.Base), -2.0/float64(r.Dims)))
	var lo, hi float32
	if r.ExtFactor != 0 {
		lo, hi = ropeCorrDims(r)
	}
	theta := float32(pos)
	for i0 := 0; i0 < r.Dims; i0 += 2 {
		ext := theta
		if r.FreqFactors != nil {
			ext = theta / r.FreqFactors[i0/2]
		}
		interp := r.FreqScale * ext
		t := interp
		mscale := r.AttnFactor
		if r.ExtFactor != 0 {
			y := (float32(i0)/2 - lo) / max(0.001, hi-lo)
			ramp := (1 - min(1, max(0, y))) * r.ExtFactor
			t = interp*(1-ramp) + ext*ramp
			mscale *= 1 + 0.1*float32(math.Log(float64(1/r.FreqScale)))
		}
		sin, cos := sincosf(t)
		cs[i0] = cos * mscale
		cs[i0+1] = sin * mscale
		theta *= thetaScale
	}
}

// applyRope rotates the first dims elements of each of the heads in x
// (len(x) = nHeads*headDim) by the angles in cs (from ropeAngles), with
// the fused multiply-adds GCC made of ggml's rotate_pairs in llama.cpp's
// x86 build: x0*cos - x1*sin rounds x1*sin and fuses x0*cos, x0*sin + x1*cos
// rounds x1*cos and fuses x0*sin (kernels.RopeRotate).
func applyRope(x []float32, nHeads, headDim int, cs []float32, dims int, neox bool) {
	for h := 0; h < nHeads; h++ {
		kernels.RopeRotate(x[h*headDim:h*headDim+dims], cs[:dims], neox)
	}
}

// fma32 is a*b + c rounded once (kernels.FMA32).
func fma32(a, b, c float32) float32 { return kernels.FMA32(a, b, c) }
