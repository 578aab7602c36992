//go:build !amd64 || purego || noasm

package kernels

import "hyoka/gguf"

func quantizeQ8Blocks(a *qAct, x []float32, bs int, q81 bool) {
	quantizeQ8Generic(a, x, bs, q81)
}

func quantRowsDot(t gguf.Type, dot func([]byte, *qAct) float32) rowsDotFunc {
	return genericRows(dot)
}

func floatRowDot(t gguf.Type, dot func([]byte, []float32) float32) func([]byte, []float32) float32 {
	return dot
}

func dot(a, b []float32) float32 { return dotGeneric(a, b) }

func peakFMA(n int) float64  { return peakFMAGeneric(n) }
func peakInt8(n int) float64 { return peakInt8Generic(n) }

func hasAsmRows(t gguf.Type) bool  { return false }
func floatImpl(t gguf.Type) string { return "generic" }

func quantTile4(t gguf.Type) tile4Func { return nil }

func axpy(y []float32, a float32, x []float32) { axpyGeneric(y, a, x) }
func roundF16(x []float32)                     { roundF16Generic(x) }

func expSub(x []float32, m float32) { expSubGeneric(x, m) }
func silu(x []float32)              { siluGeneric(x) }
func gelu(x []float32)              { geluGeneric(x) }

func tileImpl(t gguf.Type) string { return "" }

func attnScores(dst, q, k []float32, rows []int32, stride, off int) {
	attnScoresGeneric(dst, q, k, rows, stride, off)
}

func attnSum(out, p, v []float32, rows []int32, stride, off, lane0 int) {
	attnSumGeneric(out, p, v, rows, stride, off, lane0)
}
