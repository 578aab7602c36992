package gguf

// Go mirrors of ggml-common.h's block structs. The (de)quantizers index
// bytes directly; these types document the layouts and let a test assert
// that every TypeSize in the traits table matches its struct (ggml's
// static_asserts). f16 fields are uint16 bit patterns.

type blockQ4_0 struct {
	D  uint16
	Qs [16]uint8
}

type blockQ4_1 struct {
	D, M uint16
	Qs   [16]uint8
}

type blockQ5_0 struct {
	D  uint16
	Qh [4]uint8
	Qs [16]uint8
}

type blockQ5_1 struct {
	D, M uint16
	Qh   [4]uint8
	Qs   [16]uint8
}

type blockQ8_0 struct {
	D  uint16
	Qs [32]int8
}

type blockQ8_1 struct {
	D, S uint16
	Qs   [32]int8
}

type blockQ2_K struct {
	Scales  [QK_K / 16]uint8
	Qs      [QK_K / 4]uint8
	D, Dmin uint16
}

type blockQ3_K struct {
	Hmask  [QK_K / 8]uint8
	Qs     [QK_K / 4]uint8
	Scales [12]uint8
	D      uint16
}

type blockQ4_K struct {
	D, Dmin uint16
	Scales  [12]uint8
	Qs      [QK_K / 2]uint8
}

type blockQ5_K struct {
	D, Dmin uint16
	Scales  [12]uint8
	Qh      [QK_K / 8]uint8
	Qs      [QK_K / 2]uint8
}

type blockQ6_K struct {
	Ql     [QK_K / 2]uint8
	Qh     [QK_K / 4]uint8
	Scales [QK_K / 16]int8
	D      uint16
}

type blockQ8_K struct {
	D     float32
	Qs    [QK_K]int8
	Bsums [QK_K / 16]int16
}

type blockIQ4_NL struct {
	D  uint16
	Qs [16]uint8
}

type blockIQ4_XS struct {
	D       uint16
	ScalesH uint16
	ScalesL [QK_K / 64]uint8
	Qs      [QK_K / 2]uint8
}

type blockIQ2_XXS struct {
	D  uint16
	Qs [QK_K / 8]uint16
}

type blockIQ2_XS struct {
	D      uint16
	Qs     [QK_K / 8]uint16
	Scales [QK_K / 32]uint8
}

type blockIQ2_S struct {
	D      uint16
	Qs     [QK_K / 4]uint8
	Qh     [QK_K / 32]uint8
	Scales [QK_K / 32]uint8
}

type blockIQ3_XXS struct {
	D  uint16
	Qs [3 * QK_K / 8]uint8
}

type blockIQ3_S struct {
	D     uint16
	Qs    [QK_K / 4]uint8
	Qh    [QK_K / 32]uint8
	Signs [QK_K / 8]uint8
	Scale [QK_K / 64]uint8
}

type blockIQ1_S struct {
	D  uint16
	Qs [QK_K / 8]uint8
	Qh [QK_K / 32]uint16
}

type blockIQ1_M struct {
	Qs     [QK_K / 8]uint8
	Qh     [QK_K / 16]uint8
	Scales [QK_K / 32]uint8
}

type blockTQ1_0 struct {
	Qs [(QK_K - 4*QK_K/64) / 5]uint8
	Qh [QK_K / 64]uint8
	D  uint16
}

type blockTQ2_0 struct {
	Qs [QK_K / 4]uint8
	D  uint16
}

type blockMXFP4 struct {
	E  uint8
	Qs [16]uint8
}
