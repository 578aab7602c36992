// PFHEAD prefetches every 64-byte line of one cached head of half-precision
// values for the attention kernels: the row listed at disp(list) (an int32
// cell index) times the stride, plus the offset, as a byte address from
// base in reg; walk steps through the head's len values 32 at a time. lbl
// must be a label of its own at each use.
#define PFHEAD(disp, list, reg, walk, stride, off, base, len, lbl) \
	MOVLQSX disp(list), reg \
	IMULQ stride, reg \
	ADDQ off, reg \
	SHLQ $1, reg \
	ADDQ base, reg \
	XORQ walk, walk \
lbl: \
	PREFETCHT0 (reg)(walk*2) \
	ADDQ $32, walk \
	CMPQ walk, len \
	JLT lbl
