package kernels

import (
	"fmt"

	"hyoka/gguf"
)

// Matrix is a 2-D weight matrix stored in a ggml type: Rows rows of Cols
// elements each, row-major, each row RowBytes bytes. Data is usually a view
// into a memory-mapped GGUF file and is never written.
type Matrix struct {
	Type     gguf.Type
	Rows     int
	Cols     int
	RowBytes int
	Data     []byte

	x8      []byte // repacked copy made by Prepare or PrepareExact, or nil
	x8exact bool   // x8 is multiplied in the exact order (PrepareExact)
}

// NewMatrix makes a Matrix view of a GGUF tensor of 1 or 2 dimensions
// (ggml order: Dims[0] is the row length). Higher dimensions are folded into rows.
func NewMatrix(t *gguf.TensorInfo) (Matrix, error) {
	cols := t.Dims[0]
	rows := t.NumElements() / cols
	rb, err := t.Type.RowSize(cols)
	if err != nil {
		return Matrix{}, fmt.Errorf("kernels: tensor %s: %w", t.Name, err)
	}
	if !t.Type.CanDequantize() {
		return Matrix{}, fmt.Errorf("kernels: tensor %s: %w: type %s", t.Name, gguf.ErrUnsupported, t.Type)
	}
	return Matrix{Type: t.Type, Rows: int(rows), Cols: int(cols), RowBytes: int(rb), Data: t.Data()}, nil
}

// Row dequantizes row r into dst[:Cols].
func (m Matrix) Row(r int, dst []float32) {
	m.Type.Traits().Dequantize(dst[:m.Cols], m.Data[r*m.RowBytes:(r+1)*m.RowBytes])
}
