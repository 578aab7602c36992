package gguf

import "fmt"

// Type is a ggml tensor type (enum ggml_type).
type Type uint32

// ggml tensor types found in GGUF files. Gaps are types ggml removed.
const (
	F32     Type = 0
	F16     Type = 1
	Q4_0    Type = 2
	Q4_1    Type = 3
	Q5_0    Type = 6
	Q5_1    Type = 7
	Q8_0    Type = 8
	Q8_1    Type = 9
	Q2_K    Type = 10
	Q3_K    Type = 11
	Q4_K    Type = 12
	Q5_K    Type = 13
	Q6_K    Type = 14
	Q8_K    Type = 15
	IQ2_XXS Type = 16
	IQ2_XS  Type = 17
	IQ3_XXS Type = 18
	IQ1_S   Type = 19
	IQ4_NL  Type = 20
	IQ3_S   Type = 21
	IQ2_S   Type = 22
	IQ4_XS  Type = 23
	I8      Type = 24
	I16     Type = 25
	I32     Type = 26
	I64     Type = 27
	F64     Type = 28
	IQ1_M   Type = 29
	BF16    Type = 30
	TQ1_0   Type = 34
	TQ2_0   Type = 35
	MXFP4   Type = 39
)

// QK_K is the super-block size of the k-quants.
const QK_K = 256

// TypeTraits describes one tensor type: its block layout and, where hyoka
// implements them, its conversions. A nil Dequantize means the type is
// recognised but not supported yet.
type TypeTraits struct {
	Name      string
	BlockSize int // elements per block
	TypeSize  int // bytes per block
	// Dequantize converts len(dst)/BlockSize whole blocks of src to float32.
	// len(dst) must be a multiple of BlockSize and len(src) must be
	// len(dst)/BlockSize*TypeSize.
	Dequantize func(dst []float32, src []byte)
	// Quantize is the reference quantizer (ggml's quantize_row_*_ref), the
	// inverse direction with the same length rules. Nil where not provided.
	Quantize func(dst []byte, src []float32)
}

var traits = map[Type]*TypeTraits{
	F32:     {Name: "F32", BlockSize: 1, TypeSize: 4},
	F16:     {Name: "F16", BlockSize: 1, TypeSize: 2},
	BF16:    {Name: "BF16", BlockSize: 1, TypeSize: 2},
	F64:     {Name: "F64", BlockSize: 1, TypeSize: 8},
	I8:      {Name: "I8", BlockSize: 1, TypeSize: 1},
	I16:     {Name: "I16", BlockSize: 1, TypeSize: 2},
	I32:     {Name: "I32", BlockSize: 1, TypeSize: 4},
	I64:     {Name: "I64", BlockSize: 1, TypeSize: 8},
	Q4_0:    {Name: "Q4_0", BlockSize: 32, TypeSize: 18},
	Q4_1:    {Name: "Q4_1", BlockSize: 32, TypeSize: 20},
	Q5_0:    {Name: "Q5_0", BlockSize: 32, TypeSize: 22},
	Q5_1:    {Name: "Q5_1", BlockSize: 32, TypeSize: 24},
	Q8_0:    {Name: "Q8_0", BlockSize: 32, TypeSize: 34},
	Q8_1:    {Name: "Q8_1", BlockSize: 32, TypeSize: 36},
	Q2_K:    {Name: "Q2_K", BlockSize: QK_K, TypeSize: 84},
	Q3_K:    {Name: "Q3_K", BlockSize: QK_K, TypeSize: 110},
	Q4_K:    {Name: "Q4_K", BlockSize: QK_K, TypeSize: 144},
	Q5_K:    {Name: "Q5_K", BlockSize: QK_K, TypeSize: 176},
	Q6_K:    {Name: "Q6_K", BlockSize: QK_K, TypeSize: 210},
	Q8_K:    {Name: "Q8_K", BlockSize: QK_K, TypeSize: 292},
	IQ2_XXS: {Name: "IQ2_XXS", BlockSize: QK_K, TypeSize: 66},
	IQ2_XS:  {Name: "IQ2_XS", BlockSize: QK_K, TypeSize: 74},
	IQ3_XXS: {Name: "IQ3_XXS", BlockSize: QK_K, TypeSize: 98},
	IQ1_S:   {Name: "IQ1_S", BlockSize: QK_K, TypeSize: 50},
	IQ4_NL:  {Name: "IQ4_NL", BlockSize: 32, TypeSize: 18},
	IQ3_S:   {Name: "IQ3_S", BlockSize: QK_K, TypeSize: 110},
	IQ2_S:   {Name: "IQ2_S", BlockSize: QK_K, TypeSize: 82},
	IQ4_XS:  {Name: "IQ4_XS", BlockSize: QK_K, TypeSize: 136},
	IQ1_M:   {Name: "IQ1_M", BlockSize: QK_K, TypeSize: 56},
	TQ1_0:   {Name: "TQ1_0", BlockSize: QK_K, TypeSize: 54},
	TQ2_0:   {Name: "TQ2_0", BlockSize: QK_K, TypeSize: 66},
	MXFP4:   {Name: "MXFP4", BlockSize: 32, TypeSize: 17},
}

// Traits returns the table entry of t, or nil for a type ggml does not define.
func (t Type) Traits() *TypeTraits { return traits[t] }

// Known reports whether t is a ggml type hyoka recognises.
func (t Type) Known() bool { return traits[t] != nil }

// CanDequantize reports whether hyoka can convert t to float32.
func (t Type) CanDequantize() bool {
	tr := traits[t]
	return tr != nil && tr.Dequantize != nil
}

func (t Type) String() string {
	if tr := traits[t]; tr != nil {
		return tr.Name
	}
	return fmt.Sprintf("Type(%d)", uint32(t))
}

// RowSize returns the bytes of n elements of type t, or an error when n is
// not a whole number of blocks or t is unknown.
func (t Type) RowSize(n uint64) (uint64, error) {
	tr := traits[t]
	if tr == nil {
		return 0, fmt.Errorf("%w: tensor type %d", ErrUnsupported, uint32(t))
	}
	if n%uint64(tr.BlockSize) != 0 {
		return 0, fmt.Errorf("%w: %d elements of %s is not a multiple of its block size %d", ErrCorrupt, n, tr.Name, tr.BlockSize)
	}
	return n / uint64(tr.BlockSize) * uint64(tr.TypeSize), nil
}

// Types returns every recognised type in enum order.
func Types() []Type {
	var ts []Type
	for t := Type(0); t < 64; t++ {
		if traits[t] != nil {
			ts = append(ts, t)
		}
	}
	return ts
}

// Dequantize converts n = len(dst) elements stored as type t in src to
// float32. It returns ErrUnsupported for types hyoka cannot convert yet.
func Dequantize(t Type, dst []float32, src []byte) error {
	tr := traits[t]
	if tr == nil || tr.Dequantize == nil {
		return fmt.Errorf("%w: dequantize %s", ErrUnsupported, t)
	}
	need, err := t.RowSize(uint64(len(dst)))
	if err != nil {
		return err
	}
	if uint64(len(src)) < need {
		return fmt.Errorf("%w: %d elements of %s need %d bytes, have %d", ErrCorrupt, len(dst), t, need, len(src))
	}
	tr.Dequantize(dst, src[:need])
	return nil
}

// Quantize converts src to type t into dst, which must hold RowSize(len(src)) bytes.
func Quantize(t Type, dst []byte, src []float32) error {
	tr := traits[t]
	if tr == nil || tr.Quantize == nil {
		return fmt.Errorf("%w: quantize to %s", ErrUnsupported, t)
	}
	need, err := t.RowSize(uint64(len(src)))
	if err != nil {
		return err
	}
	if uint64(len(dst)) < need {
		return fmt.Errorf("gguf: quantize to %s: dst has %d bytes, need %d", t, len(dst), need)
	}
	tr.Quantize(dst[:need], src)
	return nil
}
