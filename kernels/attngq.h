// Macros and data shared by the grouped-attention kernels
// (attn_group512_amd64.s, attn_pair512_amd64.s).

// GQ1 is the first step of GQRED8 and GQRED4 for two vectors: za's lanes
// 0-7 become za[i]+za[i+8], its lanes 8-15 zb[i]+zb[i+8], by one shuffle
// and one blend ([za high, zb low] + [za low, zb high]; x+y and y+x are the
// same bits): two shuffles took 5% longer. Z24, Z25 temporaries; K2 must
// hold 0xff00 (GQK2).
#define GQ1(za, zb) \
	VSHUFF64X2 $0x4e, zb, za, Z24; \
	VBLENDMPS zb, za, K2, Z25; \
	VADDPS Z25, Z24, za

// GQK2 sets K2 for GQ1; R11 scratch.
#define GQK2 \
	MOVL $0xff00, R11; \
	KMOVW R11, K2

// GQRED8 reduces the 16 lanes of eight vectors z0..z7 as
// attnScoresL16AVX512 does (reduce16 per vector) and leaves vector j's sum
// in lane j of z0. Z24, Z25 temporaries; Z31 holds gq_gather; K2 as GQ1
// wants it.
#define GQRED8(z0, z1, z2, z3, z4, z5, z6, z7) \
	GQ1(z0, z1); \
	GQ1(z2, z3); \
	GQ1(z4, z5); \
	GQ1(z6, z7); \
	VSHUFF32X4 $0x88, z2, z0, Z24; \
	VSHUFF32X4 $0xdd, z2, z0, Z25; \
	VADDPS Z25, Z24, z0; \
	VSHUFF32X4 $0x88, z6, z4, Z24; \
	VSHUFF32X4 $0xdd, z6, z4, Z25; \
	VADDPS Z25, Z24, z4; \
	VPERMILPS $0x4e, z0, Z24; \
	VADDPS Z24, z0, z0; \
	VMOVSHDUP z0, Z24; \
	VADDPS Z24, z0, z0; \
	VPERMILPS $0x4e, z4, Z24; \
	VADDPS Z24, z4, z4; \
	VMOVSHDUP z4, Z24; \
	VADDPS Z24, z4, z4; \
	VPERMT2PS z4, Z31, z0

// GQRED4 is GQRED8 for four vectors z0..z3 (the same additions per
// vector): vector j's sum ends in lane j of z0. Z24, Z25 temporaries; Z31
// holds gq_gather.
#define GQRED4(z0, z1, z2, z3) \
	GQ1(z0, z1); \
	GQ1(z2, z3); \
	VSHUFF32X4 $0x88, z2, z0, Z24; \
	VSHUFF32X4 $0xdd, z2, z0, Z25; \
	VADDPS Z25, Z24, z0; \
	VPERMILPS $0x4e, z0, Z24; \
	VADDPS Z24, z0, z0; \
	VMOVSHDUP z0, Z24; \
	VADDPS Z24, z0, z0; \
	VPERMPS z0, Z31, z0

// the lane-0 sums of the eight vectors after GQRED8's second step: vector
// j's in lane 4j (z0) or 4(j-4)+16 (z4)
DATA gq_gather<>+0(SB)/4, $0
DATA gq_gather<>+4(SB)/4, $4
DATA gq_gather<>+8(SB)/4, $8
DATA gq_gather<>+12(SB)/4, $12
DATA gq_gather<>+16(SB)/4, $16
DATA gq_gather<>+20(SB)/4, $20
DATA gq_gather<>+24(SB)/4, $24
DATA gq_gather<>+28(SB)/4, $28
DATA gq_gather<>+32(SB)/4, $0
DATA gq_gather<>+36(SB)/4, $0
DATA gq_gather<>+40(SB)/4, $0
DATA gq_gather<>+44(SB)/4, $0
DATA gq_gather<>+48(SB)/4, $0
DATA gq_gather<>+52(SB)/4, $0
DATA gq_gather<>+56(SB)/4, $0
DATA gq_gather<>+60(SB)/4, $0
GLOBL gq_gather<>(SB), RODATA|NOPTR, $64

// GSPF1 prefetches the current outputs' values of the row listed at
// disp(R8)(R14*4); CX scratch.
#define GSPF1(disp) \
	MOVLQSX disp(R8)(R14*4), CX \
	IMULQ R9, CX \
	PREFETCHT0 (R15)(CX*1)

// GSPREF prefetches the current outputs' values of the four rows a sweep
// visits 32 rows on (two groups of 16), where the list has them; CX
// scratch.
#define GSPREF(skip) \
	LEAQ 35(R14), CX \
	CMPQ CX, BX \
	JGE skip \
	GSPF1(128) \
	GSPF1(132) \
	GSPF1(136) \
	GSPF1(140) \
skip:
// GCRED reduces the 16 lanes of one head stored at b(CX) (lane l at
// b+64l) as reduce16 does, into Z0.
#define GCRED(b) \
	VMOVUPS (b+0)(CX), Z0; \
	VADDPS (b+512)(CX), Z0, Z0; \
	VMOVUPS (b+64)(CX), Z1; \
	VADDPS (b+576)(CX), Z1, Z1; \
	VMOVUPS (b+128)(CX), Z2; \
	VADDPS (b+640)(CX), Z2, Z2; \
	VMOVUPS (b+192)(CX), Z3; \
	VADDPS (b+704)(CX), Z3, Z3; \
	VMOVUPS (b+256)(CX), Z4; \
	VADDPS (b+768)(CX), Z4, Z4; \
	VMOVUPS (b+320)(CX), Z5; \
	VADDPS (b+832)(CX), Z5, Z5; \
	VMOVUPS (b+384)(CX), Z6; \
	VADDPS (b+896)(CX), Z6, Z6; \
	VMOVUPS (b+448)(CX), Z7; \
	VADDPS (b+960)(CX), Z7, Z7; \
	VADDPS Z4, Z0, Z0; \
	VADDPS Z5, Z1, Z1; \
	VADDPS Z6, Z2, Z2; \
	VADDPS Z7, Z3, Z3; \
	VADDPS Z2, Z0, Z0; \
	VADDPS Z3, Z1, Z1; \
	VADDPS Z1, Z0, Z0
