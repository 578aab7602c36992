package kernels

import "hyoka/gguf"

// GEGLUTable computes the gated GELU through a table of half-precision
// inputs, as ggml's CPU backend does with GGML_GELU_FP16:
//
//	for i := range gate {
//		switch x := gate[i]; {
//		case x <= -10:
//			gate[i] = 0
//		case x >= 10:
//			gate[i] = x * up[i]
//		default:
//			gate[i] = table[gguf.F32ToF16(x)] * up[i]
//		}
//	}
//
// bit for bit for finite inputs. up must be at least as long as gate.
func GEGLUTable(gate, up []float32, table *[1 << 16]float32) {
	up = up[:len(gate)]
	gegluTable(gate, up, table)
}

func gegluTableGeneric(gate, up []float32, table *[1 << 16]float32) {
	up = up[:len(gate)]
	for i, x := range gate {
		switch {
		case x <= -10:
			gate[i] = 0
		case x >= 10:
			gate[i] = x * up[i]
		default:
			gate[i] = table[gguf.F32ToF16(x)] * up[i]
		}
	}
}
