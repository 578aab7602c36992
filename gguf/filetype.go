package gguf

import "fmt"

// FileType is general.file_type (llama.cpp's enum llama_ftype): the quant
// mix a converter or quantizer aimed at. It describes the file as a whole;
// the tensors' own types are what count when reading them.
type FileType uint32

// FileTypeGuessed is or'ed into a FileType that was not in the file but
// guessed from the tensor types, as llama.cpp does.
const FileTypeGuessed FileType = 1024

// fileTypeNames are gguf-py's LlamaFileType names; gaps are removed types.
var fileTypeNames = map[FileType]string{
	0: "ALL_F32", 1: "MOSTLY_F16", 2: "MOSTLY_Q4_0", 3: "MOSTLY_Q4_1",
	7: "MOSTLY_Q8_0", 8: "MOSTLY_Q5_0", 9: "MOSTLY_Q5_1", 10: "MOSTLY_Q2_K",
	11: "MOSTLY_Q3_K_S", 12: "MOSTLY_Q3_K_M", 13: "MOSTLY_Q3_K_L",
	14: "MOSTLY_Q4_K_S", 15: "MOSTLY_Q4_K_M", 16: "MOSTLY_Q5_K_S",
	17: "MOSTLY_Q5_K_M", 18: "MOSTLY_Q6_K", 19: "MOSTLY_IQ2_XXS",
	20: "MOSTLY_IQ2_XS", 21: "MOSTLY_Q2_K_S", 22: "MOSTLY_IQ3_XS",
	23: "MOSTLY_IQ3_XXS", 24: "MOSTLY_IQ1_S", 25: "MOSTLY_IQ4_NL",
	26: "MOSTLY_IQ3_S", 27: "MOSTLY_IQ3_M", 28: "MOSTLY_IQ2_S",
	29: "MOSTLY_IQ2_M", 30: "MOSTLY_IQ4_XS", 31: "MOSTLY_IQ1_M",
	32: "MOSTLY_BF16", 36: "MOSTLY_TQ1_0", 37: "MOSTLY_TQ2_0",
	38: "MOSTLY_MXFP4_MOE", 39: "MOSTLY_NVFP4", 40: "MOSTLY_Q1_0",
}

// String returns the gguf-py name ("MOSTLY_Q4_K_M"), with " (guessed)" for
// a guessed type, or "FileType(N)" for a number no converter writes.
func (ft FileType) String() string {
	name, ok := fileTypeNames[ft&^FileTypeGuessed]
	if !ok {
		name = fmt.Sprintf("FileType(%d)", uint32(ft&^FileTypeGuessed))
	}
	if ft&FileTypeGuessed != 0 {
		name += " (guessed)"
	}
	return name
}

// guessFileType maps the most common tensor type to a file type, the way
// llama.cpp's model loader does when general.file_type is missing.
var guessFileType = map[Type]FileType{
	F32: 0, F16: 1, BF16: 32, Q4_0: 2, Q4_1: 3, Q5_0: 8, Q5_1: 9, Q8_0: 7,
	Q2_K: 10, Q3_K: 12, Q4_K: 15, Q5_K: 17, Q6_K: 18, TQ1_0: 36, TQ2_0: 37,
	IQ2_XXS: 19, IQ2_XS: 20, IQ2_S: 28, IQ3_XXS: 23, IQ1_S: 24, IQ1_M: 31,
	IQ4_NL: 25, IQ4_XS: 30, IQ3_S: 26, MXFP4: 38,
}

// FileType returns general.file_type, or, when the file has none, the type
// guessed from the tensors (the type most tensors have, the first to reach
// that count on ties) with FileTypeGuessed set, as llama.cpp reports it.
func (f *File) FileType() FileType {
	if v, ok := f.Uint("general.file_type"); ok && v < 1<<31 {
		return FileType(v)
	}
	counts := map[Type]int{}
	best, bestN := F32, 0
	for _, t := range f.tensors {
		counts[t.Type]++
		if counts[t.Type] > bestN {
			best, bestN = t.Type, counts[t.Type]
		}
	}
	return guessFileType[best] | FileTypeGuessed
}

// NumParams is the number of elements of all tensors, llama.cpp's
// llama_model_n_params.
func (f *File) NumParams() uint64 {
	var n uint64
	for _, t := range f.tensors {
		n += t.NumElements()
	}
	return n
}

// TensorBytes is the size of all tensor data, llama.cpp's llama_model_size.
func (f *File) TensorBytes() uint64 {
	var n uint64
	for _, t := range f.tensors {
		n += t.Size
	}
	return n
}
