package kernels

import (
	"encoding/binary"
	"math/rand/v2"

	"hyoka/gguf"
)

// BenchMatrix returns a rows×cols matrix of type t filled with random blocks
// whose scales are small normal float16 values, for benchmarks and tests
// where only the layout matters. cols must be a multiple of t's block size.
func BenchMatrix(t gguf.Type, rows, cols int, seed uint64) Matrix {
	tr := t.Traits()
	rb := cols / tr.BlockSize * tr.TypeSize
	data := make([]byte, rows*rb)
	rng := rand.New(rand.NewPCG(seed, 1))
	for i := range data {
		data[i] = byte(rng.Uint32())
	}
	put := func(off int, v float32) { binary.LittleEndian.PutUint16(data[off:], gguf.F32ToF16(v)) }
	scale := func() float32 { return 0.001 + 0.01*rng.Float32() }
	switch t {
	case gguf.F32:
		for i := 0; i < len(data); i += 4 {
			binary.LittleEndian.PutUint32(data[i:], uint32(rng.Uint32()%0x3f000000))
		}
	case gguf.F16:
		for i := 0; i < len(data); i += 2 {
			put(i, rng.Float32()-0.5)
		}
	case gguf.BF16:
		for i := 0; i < len(data); i += 2 {
			binary.LittleEndian.PutUint16(data[i:], uint16(rng.Uint32()%0x3f00))
		}
	}
	for i := 0; i+tr.TypeSize <= len(data) && tr.BlockSize > 1; i += tr.TypeSize {
		switch t {
		case gguf.Q4_1, gguf.Q5_1, gguf.Q4_K, gguf.Q5_K, gguf.Q2_K:
			put(i, scale())
			put(i+2, scale())
		case gguf.Q6_K:
			put(i+208, scale())
		case gguf.Q3_K:
			put(i+108, scale())
		default:
			put(i, scale())
		}
	}
	return Matrix{Type: t, Rows: rows, Cols: cols, RowBytes: rb, Data: data}
}

// PeakFMA runs n iterations of a register-only loop of 8 independent 8-lane
// float32 FMAs on the calling goroutine and returns the floating-point
// operations done (2 per lane per FMA), to measure the FMA peak.
func PeakFMA(n int) float64 { return peakFMA(n) }

// PeakInt8 runs n iterations of a register-only loop of 8 independent
// u8×s8 32-byte dot steps (VPMADDUBSW + VPMADDWD + VPADDD, as the quantized
// dots use them) and returns the integer operations done (one multiply and
// one add per byte pair), to measure the int8-dot peak.
func PeakInt8(n int) float64 { return peakInt8(n) }

// PeakVNNI runs n iterations of a register-only loop of 8 independent
// 256-bit VPDPBUSD (the x8 kernels' dot step) and returns the integer
// operations done; 0 where the x8 kernels are not available.
func PeakVNNI(n int) float64 { return peakVNNI(n) }

func peakFMAGeneric(n int) float64 {
	var a [8]float32
	for i := range a {
		a[i] = float32(i)
	}
	for range n {
		for j := range a {
			a[j] = a[j]*0.999 + 0.001
		}
	}
	sink = a[0]
	return float64(n) * 16
}

func peakInt8Generic(n int) float64 {
	var a [8]int32
	for range n {
		for j := range a {
			a[j] += int32(int8(j)) * 3
		}
	}
	sink = float32(a[0])
	return float64(n) * 16
}

var sink float32
