//go:build amd64 && !purego && !noasm

package kernels

import "github.com/klauspost/cpuid/v2"

// Feature toggles, set once from cpuid at init. useAVX2 also requires FMA
// and F16C, which every AVX2 CPU in practice has and our kernels use.
var (
	useAVX2   bool
	useAVX512 bool // AVX-512 F/BW/VL with VNNI
)

func init() {
	c := &cpuid.CPU
	useAVX2 = c.Supports(cpuid.AVX, cpuid.AVX2, cpuid.FMA3, cpuid.F16C, cpuid.BMI2)
	useAVX512 = useAVX2 && c.Supports(cpuid.AVX512F, cpuid.AVX512BW, cpuid.AVX512VL, cpuid.AVX512VNNI)
	// registrations read the toggles above, so they run here, not in
	// their files' init functions (which run in file-name order)
	registerAsm()
	registerX8()
	registerVec()
	registerRope()
	registerSumExp()
	registerExpUnits()
}
