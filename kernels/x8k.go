package kernels

import (
	"encoding/binary"

	"hyoka/gguf"
)

// The x8 layout of the k-quants (Q4_K, Q5_K, Q6_K): as for the 32-value
// types (see x8.go), eight rows are interleaved so that byte 4r+i of a
// 256-bit value vector is value 4k+i of row r of some 4-value group k, and
// one VPDPBUSD against four broadcast Q8_K activation bytes yields eight
// rows' partial sums. For each group of eight rows and each 256-value
// super-block, one record:
//
// Q4_K and Q5_K (1184 and 1440 bytes; 8*144 and 8*176 in the original):
//
//	d[8]     float16 row scales, as stored in the blocks          (16 bytes)
//	dmin[8]  float16 row minimum scales                           (16 bytes)
//	sc[8][8] the 6-bit sub-block scales as bytes, [sub-block][row]: the
//	         eight bytes of a sub-block widen (VPMOVZXBD) to its eight
//	         rows' scales as int32 lanes                          (64 bytes)
//	mn[4][8][2] the 6-bit sub-block minimums as bytes: byte 2r+h of mn[t]
//	         is row r's minimum of sub-block 2t+h, so mn[t] widens
//	         (VPMOVZXBW) to int16 pairs that one VPDPWSSD multiplies by
//	         the activation pair (sum of sub-block 2t, of 2t+1)    (64 bytes)
//	N[4][8]  32-byte nibble vectors: byte 4r+i of N[p][k] holds value 4k+i
//	         of sub-block 2p of row r in its low nibble and value 4k+i of
//	         sub-block 2p+1 in its high nibble (the low four bits of the
//	         value for Q5_K)                                     (1024 bytes)
//	Q5_K then: H[4][8][2] uint32: bit 4r+i of H[p][k][h] is the fifth bit
//	         of value 4k+i of sub-block 2p+h of row r             (256 bytes)
//
// Per row lane, token activations (Q8_K: ints q, scale da, bsums) and
// super-block b, with u the unsigned values (0..15, Q5_K 0..31), sc/m the
// sub-block scales and minimums, and s_j = sum of q over sub-block j:
//
//	tot = sum_j sc_j * sum_{e in j} u[e]*q[e]   (int32)
//	mns = sum_j m_j * s_j                       (int32)
//	acc = fma(float32(tot), d*da, acc)
//	acc = fma(float32(mns), -(dmin*da), acc)
//
// Q6_K (1680 bytes, as in the original):
//
//	d[8]      float16 row scales                                  (16 bytes)
//	sc[16][8] the int8 scales of the 16-value sub-blocks, [sub-block][row]
//	                                                             (128 bytes)
//	V[16][3]  32-byte vectors, three per sub-block s: byte 4r+i of V[s][x]
//	          (x < 3) holds value 16s+4x+i of row r (0..63) in its low six
//	          bits and bits 2x, 2x+1 of value 16s+12+i in its top two
//	                                                            (1536 bytes)
//
// and per super-block, with u the values 0..63 (the weight is d*sc*(u-32))
// and s_j the activation sum of sub-block j (Q8_K's bsums):
//
//	tot = sum_j sc_j * (sum_{e in j} u[e]*q[e] - 32*s_j)   (int32)
//	acc = fma(float32(tot), d*da, acc)
//
// The integer sums are exact (they fit int32 with room), so the one-token
// and four-token kernels, which do the float operations above in the same
// order, agree bit for bit.
//
// Q4_K also has exact-order kernels on the same records (PrepareExact):
// per row lane, with sd = d*da and sm = dmin*da rounded once each, per
// 64-value chunk c (sub-blocks 2c, 2c+1)
//
//	accm = fma(float32(m_2c*s_2c + m_2c+1*s_2c+1), sm, accm)
//	acc  = fma(float32(sc_2c*dot_2c + sc_2c+1*dot_2c+1), sd, acc)
//
// and at the end (acc+0) + (0-(accm+0)): the float operations of
// dotQ4_KGeneric (llama.cpp's repacked q4_K gemm), row by row, so the
// outputs are the per-row exact kernels' bits.
//
// So does Q5_K, in the order of ggml_vec_dot_q5_K_q8_K (dotQ5_KGeneric),
// which keeps eight float lanes per row: lane m sums value group m (values
// 4m..4m+3 of every sub-block), the x8 records' group k = m. Per row, with
// sd = d*da and sm = dmin*da rounded once each, per super-block
//
//	acc[m] = fma(float32(sum_j sc_j*dot_jm), sd, acc[m])   (m < 8)
//	summs  = fma(float32(sum_j m_j*s_j), -sm, summs)
//
// and at the end ((acc0+acc4)+(acc2+acc6)) + ((acc1+acc5)+(acc3+acc7)) +
// summs, so the kernels keep eight accumulators of eight row lanes each.
//
// And Q6_K, in the order of ggml_vec_dot_q6_K_q8_K (dotQ6_KGeneric), also
// eight float lanes per row: lane m sums values 4m..4m+3 of every 32, which
// in the records is value group x = m%4 of the 16-value sub-blocks s of
// parity m/4. Per row, with sd = d*da rounded once, per super-block
//
//	T_m    = sum_{s%2 = m/4} sc_s*dot_s,m%4 - 32*(sc_2m*s_2m + sc_2m+1*s_2m+1)
//	acc[m] = fma(sd, float32(T_m), acc[m])   (m < 8)
//
// and at the end ((acc0+acc4)+(acc2+acc6)) + ((acc1+acc5)+(acc3+acc7)).

// x8kTypes lists the k-quants with an x8 layout and their record sizes.
var x8kTypes = map[gguf.Type]int{
	gguf.Q4_K: 1184,
	gguf.Q5_K: 1440,
	gguf.Q6_K: 1680,
}

// kValues decodes one k-quant block (256 values) to its unsigned values
// and its sub-block scales (Q4_K/Q5_K: 8 with minimums; Q6_K: 16).
func kValues(t gguf.Type, blk []byte) (u [256]byte, sc [16]int32, mn [8]int32) {
	switch t {
	case gguf.Q4_K, gguf.Q5_K:
		qs := blk[16:]
		if t == gguf.Q5_K {
			qs = blk[48:]
		}
		for c := range 4 {
			for l := range 32 {
				lo, hi := qs[32*c+l]&15, qs[32*c+l]>>4
				if t == gguf.Q5_K {
					qh := blk[16+l]
					lo |= qh >> (2 * c) & 1 << 4
					hi |= qh >> (2*c + 1) & 1 << 4
				}
				u[64*c+l], u[64*c+32+l] = lo, hi
			}
		}
		for j := range 8 {
			s, m := scaleMinK4(j, blk[4:16])
			sc[j], mn[j] = int32(s), int32(m)
		}
	case gguf.Q6_K:
		for h := range 2 {
			ql := blk[64*h : 64*h+64]
			qh := blk[128+32*h : 128+32*h+32]
			for l := range 32 {
				u[128*h+l] = ql[l]&15 | qh[l]&3<<4
				u[128*h+l+32] = ql[l+32]&15 | qh[l]>>2&3<<4
				u[128*h+l+64] = ql[l]>>4 | qh[l]>>4&3<<4
				u[128*h+l+96] = ql[l+32]>>4 | qh[l]>>6&3<<4
			}
		}
		for j := range 16 {
			sc[j] = int32(int8(blk[192+j]))
		}
	}
	return u, sc, mn
}

// packX8KBlock writes the record of eight rows' super-blocks blks.
func packX8KBlock(t gguf.Type, blks *[8][]byte, rec []byte) {
	var u [8][256]byte
	var sc [8][16]int32
	var mn [8][8]int32
	for r, blk := range blks {
		u[r], sc[r], mn[r] = kValues(t, blk)
		if t == gguf.Q6_K {
			copy(rec[2*r:2*r+2], blk[208:210])
		} else {
			copy(rec[2*r:2*r+2], blk[0:2])
			copy(rec[16+2*r:16+2*r+2], blk[2:4])
		}
	}
	if t == gguf.Q6_K {
		for s := range 16 {
			for r := range 8 {
				rec[16+8*s+r] = byte(int8(sc[r][s]))
				for x := range 3 {
					for i := range 4 {
						v := u[r][16*s+4*x+i] | (u[r][16*s+12+i]>>(2*x)&3)<<6
						rec[144+96*s+32*x+4*r+i] = v
					}
				}
			}
		}
		return
	}
	for r := range 8 {
		for j := range 8 {
			rec[32+8*j+r] = byte(sc[r][j])
			rec[96+16*(j/2)+2*r+j%2] = byte(mn[r][j])
		}
	}
	for p := range 4 {
		for k := range 8 {
			for r := range 8 {
				for i := range 4 {
					lo, hi := u[r][64*p+4*k+i], u[r][64*p+32+4*k+i]
					rec[160+256*p+32*k+4*r+i] = lo&15 | hi&15<<4
				}
			}
			if t == gguf.Q5_K {
				for h := range 2 {
					var bits uint32
					for r := range 8 {
						for i := range 4 {
							bits |= uint32(u[r][64*p+32*h+4*k+i]>>4) << (4*r + i)
						}
					}
					binary.LittleEndian.PutUint32(rec[1184+64*p+8*k+4*h:], bits)
				}
			}
		}
	}
}

// x8kValues unpacks row r of record rec: its unsigned values, scales and
// (Q4_K, Q5_K) minimums, the inverse of packX8KBlock.
func x8kValues(t gguf.Type, rec []byte, r int) (u [256]int32, sc [16]int32, mn [8]int32) {
	if t == gguf.Q6_K {
		for s := range 16 {
			sc[s] = int32(int8(rec[16+8*s+r]))
			for i := range 4 {
				var top int32
				for x := range 3 {
					v := rec[144+96*s+32*x+4*r+i]
					u[16*s+4*x+i] = int32(v & 63)
					top |= int32(v>>6) << (2 * x)
				}
				u[16*s+12+i] = top
			}
		}
		return u, sc, mn
	}
	for j := range 8 {
		sc[j] = int32(rec[32+8*j+r])
		mn[j] = int32(rec[96+16*(j/2)+2*r+j%2])
	}
	for p := range 4 {
		for k := range 8 {
			for i := range 4 {
				v := rec[160+256*p+32*k+4*r+i]
				u[64*p+4*k+i], u[64*p+32+4*k+i] = int32(v&15), int32(v>>4)
				if t == gguf.Q5_K {
					for h := range 2 {
						bits := binary.LittleEndian.Uint32(rec[1184+64*p+8*k+4*h:])
						u[64*p+32*h+4*k+i] |= int32(bits>>(4*r+i)&1) << 4
					}
				}
			}
		}
	}
	return u, sc, mn
}

// x8kRowsGeneric is the generic twin of the k-quant x8 kernels: dst[8g+r]
// for the ngroups groups of w (records of type t, nb super-blocks per row)
// against one token's Q8_K activations a.
func x8kRowsGeneric(t gguf.Type, dst []float32, w []byte, ngroups, nb int, a *qAct) {
	rec := x8kTypes[t]
	for g := range ngroups {
		for r := range 8 {
			var acc float32
			for b := range nb {
				rb := w[(g*nb+b)*rec:][:rec]
				u, sc, mn := x8kValues(t, rb, r)
				q := a.qs[256*b : 256*b+256]
				bs := a.bsums[16*b : 16*b+16]
				da := a.d[b]
				if t == gguf.Q6_K {
					var tot int32
					for s := range 16 {
						isum := -32 * int32(bs[s])
						for e := 16 * s; e < 16*s+16; e++ {
							isum += u[e] * int32(q[e])
						}
						tot += sc[s] * isum
					}
					acc = fma32(float32(tot), f16(rb[2*r:])*da, acc)
					continue
				}
				var tot, mns int32
				for j := range 8 {
					var isum int32
					for e := 32 * j; e < 32*j+32; e++ {
						isum += u[e] * int32(q[e])
					}
					tot += sc[j] * isum
					mns += mn[j] * (int32(bs[2*j]) + int32(bs[2*j+1]))
				}
				acc = fma32(float32(tot), f16(rb[2*r:])*da, acc)
				acc = fma32(float32(mns), -(f16(rb[16+2*r:]) * da), acc)
			}
			dst[8*g+r] = acc
		}
	}
}

// x8kTile4Generic is the generic twin of the four-token k-quant x8
// kernels: dst[j*stride+8g+r] for tokens j < 4 of p.
func x8kTile4Generic(t gguf.Type, dst []float32, stride int, w []byte, ngroups, nb int, p *packed4) {
	for j := range 4 {
		a := unpackK4(p, j, nb)
		x8kRowsGeneric(t, dst[j*stride:j*stride+8*ngroups], w, ngroups, nb, &a)
	}
}

// x8ExactTypes lists the types whose x8 records (the same records as
// Prepare's) also have kernels in the exact numerics' order: each row's
// float operations are those of its per-row dot in qdot_generic.go, so
// outputs are bit-identical to MatMul on the unprepared matrix.
var x8ExactTypes = map[gguf.Type]bool{
	gguf.Q4_K: true,
	gguf.Q5_K: true,
	gguf.Q6_K: true,
}

// x8ExactRowsGeneric is the generic twin of the exact x8 kernels:
// dst[8g+r] for the ngroups groups of w (records of type t, nb
// super-blocks per row) against one token's Q8_K activations a, each the
// bits of the per-row dot (Q4_K: dotQ4_KGeneric; Q5_K: dotQ5_KGeneric;
// Q6_K: dotQ6_KGeneric) of row 8g+r.
func x8ExactRowsGeneric(t gguf.Type, dst []float32, w []byte, ngroups, nb int, a *qAct) {
	switch t {
	case gguf.Q4_K:
	case gguf.Q5_K:
		x8ExactQ5_KGeneric(dst, w, ngroups, nb, a)
		return
	case gguf.Q6_K:
		x8ExactQ6_KGeneric(dst, w, ngroups, nb, a)
		return
	default:
		panic("kernels: no exact x8 kernel for " + t.String())
	}
	rec := x8kTypes[t]
	for g := range ngroups {
		for r := range 8 {
			var acc, accm float32
			for b := range nb {
				rb := w[(g*nb+b)*rec:][:rec]
				u, sc, mn := x8kValues(t, rb, r)
				q := a.qs[256*b : 256*b+256]
				bs := a.bsums[16*b : 16*b+16]
				sd := f16(rb[2*r:]) * a.d[b]
				sm := f16(rb[16+2*r:]) * a.d[b]
				// per 64-value chunk c (sub-blocks 2c, 2c+1): the minimum
				// term into accm, the scaled dot into acc, as dotQ4_KGeneric
				for c := range 4 {
					mins := mn[2*c]*(int32(bs[4*c])+int32(bs[4*c+1])) + mn[2*c+1]*(int32(bs[4*c+2])+int32(bs[4*c+3]))
					accm = fma32(float32(mins), sm, accm)
				}
				for c := range 4 {
					var s0, s1 int32
					for e := 64 * c; e < 64*c+32; e++ {
						s0 += u[e] * int32(q[e])
						s1 += u[e+32] * int32(q[e+32])
					}
					acc = fma32(float32(sc[2*c]*s0+sc[2*c+1]*s1), sd, acc)
				}
			}
			dst[8*g+r] = (acc + 0) + (0 - (accm + 0))
		}
	}
}

// x8ExactQ5_KGeneric is x8ExactRowsGeneric for Q5_K: per row lane the
// float operations of dotQ5_KGeneric (eight lanes, one per value group).
func x8ExactQ5_KGeneric(dst []float32, w []byte, ngroups, nb int, a *qAct) {
	const rec = 1440
	for g := range ngroups {
		for r := range 8 {
			var acc [8]float32
			var summs float32
			for b := range nb {
				rb := w[(g*nb+b)*rec:][:rec]
				u, sc, mn := x8kValues(gguf.Q5_K, rb, r)
				q := a.qs[256*b : 256*b+256]
				bs := a.bsums[16*b : 16*b+16]
				var lanes [8]int32
				var summ int32
				for j := range 8 {
					for e := 32 * j; e < 32*j+32; e++ {
						lanes[e%32/4] += sc[j] * u[e] * int32(q[e])
					}
					summ += mn[j] * (int32(bs[2*j]) + int32(bs[2*j+1]))
				}
				sd := f16(rb[2*r:]) * a.d[b]
				sm := -(f16(rb[16+2*r:]) * a.d[b])
				summs = fma32(float32(summ), sm, summs)
				for m := range lanes {
					acc[m] = fma32(float32(lanes[m]), sd, acc[m])
				}
			}
			dst[8*g+r] = hsum8(&acc) + summs
		}
	}
}

// x8ExactQ6_KGeneric is x8ExactRowsGeneric for Q6_K: per row lane the
// float operations of dotQ6_KGeneric (eight lanes; lane m sums values
// 4m..4m+3 of every 32, i.e. value group m%4 of the sub-blocks of parity
// m/4, less 32 times the scaled activation sums of sub-blocks 2m, 2m+1).
func x8ExactQ6_KGeneric(dst []float32, w []byte, ngroups, nb int, a *qAct) {
	const rec = 1680
	for g := range ngroups {
		for r := range 8 {
			var acc [8]float32
			for b := range nb {
				rb := w[(g*nb+b)*rec:][:rec]
				u, sc, _ := x8kValues(gguf.Q6_K, rb, r)
				q := a.qs[256*b : 256*b+256]
				bs := a.bsums[16*b : 16*b+16]
				var lanes [8]int32
				for e := range 256 {
					lanes[e%32/4] += sc[e/16] * u[e] * int32(q[e])
				}
				d := f16(rb[2*r:]) * a.d[b]
				for m := range lanes {
					lanes[m] -= 32 * (sc[2*m]*int32(bs[2*m]) + sc[2*m+1]*int32(bs[2*m+1]))
					acc[m] = fma32(d, float32(lanes[m]), acc[m])
				}
			}
			dst[8*g+r] = hsum8(&acc)
		}
	}
}

// x8ExactTile4Generic is the generic twin of the four-token exact x8
// kernels: dst[j*stride+8g+r] for tokens j < 4 of p, each what
// x8ExactRowsGeneric gives the token alone.
func x8ExactTile4Generic(t gguf.Type, dst []float32, stride int, w []byte, ngroups, nb int, p *packed4) {
	for j := range 4 {
		a := unpackK4(p, j, nb)
		x8ExactRowsGeneric(t, dst[j*stride:j*stride+8*ngroups], w, ngroups, nb, &a)
	}
}

// unpackK4 returns token j of p (nb super-blocks of Q8_K activations).
func unpackK4(p *packed4, j, nb int) qAct {
	a := qAct{qs: make([]int8, 256*nb), d: make([]float32, nb), bsums: make([]int16, 16*nb)}
	for b := range nb {
		copy(a.qs[256*b:256*b+256], p.qs[(4*b+j)*256:][:256])
		copy(a.bsums[16*b:16*b+16], p.bsums[(4*b+j)*16:][:16])
		a.d[b] = p.d[4*b+j]
	}
	return a
}
