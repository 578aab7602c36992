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

func hasAsmRows(t gguf.Type) bool { return false }

func rowsQ4_KVec() rowsDotFunc     { return genericRows(dotQ4_KVecGeneric) }
func floatImpl(t gguf.Type) string { return "generic" }

func quantTile4(t gguf.Type) tile4Func { return nil }

func quantTile8(t gguf.Type) tile8Func { return nil }

func tileCorrShift(t gguf.Type) int { return -1 }

func q5ToQ8(dst, src []byte, nb int) { q5ToQ8Generic(dst, src, nb) }

func axpy(y []float32, a float32, x []float32) { axpyGeneric(y, a, x) }
func roundF16(x []float32)                     { roundF16Generic(x) }
func toF16(dst []uint16, x []float32)          { toF16Generic(dst, x) }
func fromF16(dst []float32, h []uint16)        { fromF16Generic(dst, h) }

func expSub(x []float32, m float32) { expSubGeneric(x, m) }
func silu(x []float32)              { siluGeneric(x) }
func gelu(x []float32)              { geluGeneric(x) }

func tileImpl(t gguf.Type) string { return "" }

func attnScoresFast(dst, q []float32, k []uint16, rows []int32, stride, off int) {
	attnScoresFastGeneric(dst, q, k, rows, stride, off)
}

func attnSumFast(out, p []float32, v []uint16, rows []int32, stride, off int) {
	attnSumFastGeneric(out, p, v, rows, stride, off)
}

func attnSum(out, p []float32, v []uint16, rows []int32, stride, off, lane0 int) {
	attnSumGeneric(out, p, v, rows, stride, off, lane0)
}

func x8Available() bool { return false }

func x8Rows(t gguf.Type, dst []float32, w []byte, ngroups, nb int, a *qAct) {
	x8RowsGeneric(t, dst, w, ngroups, nb, a)
}

func x8Tile4(t gguf.Type, dst []float32, stride int, w []byte, ngroups, nb int, p *packed4) {
	x8Tile4Generic(t, dst, stride, w, ngroups, nb, p)
}

func x8ExactRows(t gguf.Type, dst []float32, w []byte, ngroups, nb int, a *qAct) {
	x8ExactRowsGeneric(t, dst, w, ngroups, nb, a)
}

func x8ExactTile4(t gguf.Type, dst []float32, stride int, w []byte, ngroups, nb int, p *packed4) {
	x8ExactTile4Generic(t, dst, stride, w, ngroups, nb, p)
}

func gegluTable(gate, up []float32, table *[1 << 16]float32) { gegluTableGeneric(gate, up, table) }

func vecBinary(op int, dst, x []float32, s float32) { vecBinaryGeneric(op, dst, x, s) }

func peakVNNI(n int) float64 { return 0 }

func sum16(x []float32, sum float64) float64 { return sum16Generic(x, sum) }
func maxOf(x []float32) float32              { return maxOfGeneric(x) }
func argmax(x []float32) int                 { return argmaxGeneric(x) }

func attnScoresExact(dst, q []float32, k []uint16, rows []int32, stride, off int) int { return 0 }

func vecLanes(a, b []float32) [4][16]float32 { return vecLanesGeneric(a, b) }

func fmaAxpy(y []float32, a float32, x []float32) { fmaAxpyGeneric(y, a, x) }

func attnScoresGroupExact(dst []float32, ld, n int, q []float32, heads int, k []uint16, rows []int32, stride, off int) int {
	return 0
}

func attnSumGroup(out []float32, ldo, w int, p []float32, ldp, n, heads int, v []uint16, rows []int32, stride, off, lane0 int) int {
	return 0
}

func attnScoresPair(dst [2][]float32, ld [2]int, q [2][]float32, heads int, k []uint16, rows []int32, stride, off int) int {
	return 0
}
