//go:build amd64 && !purego

#include "textflag.h"

// TRANSPOSE4 transposes four rows of 4 values: row i of a, b, c, d
// becomes column i (Y4-Y7 scratch).
#define TRANSPOSE4(a, b, c, d) \
	VUNPCKLPD b, a, Y4 \
	VUNPCKHPD b, a, Y5 \
	VUNPCKLPD d, c, Y6 \
	VUNPCKHPD d, c, Y7 \
	VPERM2F128 $0x20, Y6, Y4, a \
	VPERM2F128 $0x20, Y7, Y5, b \
	VPERM2F128 $0x31, Y6, Y4, c \
	VPERM2F128 $0x31, Y7, Y5, d

// PAIR4 stores two rows of 4 values (in a, b; xa, xb their low halves) as
// 4 pairs at (BX), one packed step apart (Y4-Y7 scratch).
#define PAIR4(a, b, xa, xb) \
	VUNPCKLPD b, a, Y4 \
	VUNPCKHPD b, a, Y5 \
	VEXTRACTF128 $1, Y4, X6 \
	VEXTRACTF128 $1, Y5, X7 \
	VMOVUPD X4, (BX) \
	VMOVUPD X5, (BX)(R9*1) \
	VMOVUPD X6, (BX)(R9*2) \
	VMOVUPD X7, (BX)(R10*1)

// The packing copies of the GEMM (gemm_pack_amd64.go) with 32-byte AVX
// moves: the Go loops they replace moved 16 bytes at a time and spilled
// their indexes.

// func packRowsAVX(dst, src *float64, rs, kc, strips, nr int)
// For p < kc, s < strips and j < nr (a multiple of 8):
// dst[s*kc*nr+p*nr+j] = src[p*rs+s*nr+j], in 64-byte moves; prefetches the
// rows 4 ahead.
TEXT ·packRowsAVX(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ rs+16(FP), R8
	SHLQ $3, R8
	MOVQ kc+24(FP), CX
	MOVQ strips+32(FP), R9
	MOVQ nr+40(FP), R10
	SHRQ $3, R10            // 64-byte moves per strip row
	MOVQ nr+40(FP), R12
	SHLQ $3, R12
	IMULQ CX, R12           // bytes between strips: kc·nr·8
	TESTQ CX, CX
	JEQ  rowsdone
	TESTQ R9, R9
	JEQ  rowsdone
rowsrow:
	MOVQ SI, AX
	MOVQ DI, BX
	MOVQ R9, DX
rowsstrip:
	MOVQ R10, R13
	XORQ R11, R11
rowsmove:
	PREFETCHT0 (AX)(R8*4)
	VMOVUPD (AX), Y0
	VMOVUPD 32(AX), Y1
	VMOVUPD Y0, (BX)(R11*1)
	VMOVUPD Y1, 32(BX)(R11*1)
	ADDQ $64, AX
	ADDQ $64, R11
	DECQ R13
	JNE  rowsmove
	ADDQ R12, BX
	DECQ DX
	JNE  rowsstrip
	ADDQ R8, SI
	ADDQ R11, DI            // R11 ends at the bytes of a strip row
	DECQ CX
	JNE  rowsrow
rowsdone:
	VZEROUPPER
	RET

// func packRunsAVX(dst, src *float64, ps, kc, w int)
// For p < kc: dst[p*w+j] = src[p*ps+j], j < w, w even: w/4 32-byte moves
// and one 16-byte move when w%4 == 2.
TEXT ·packRunsAVX(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ ps+16(FP), R8
	SHLQ $3, R8
	MOVQ kc+24(FP), CX
	MOVQ w+32(FP), R9
	MOVQ R9, R10
	SHRQ $2, R10 // 32-byte moves per run
	MOVQ R9, R11
	ANDQ $2, R11 // a 16-byte move too
	SHLQ $3, R9  // bytes per run
	TESTQ CX, CX
	JEQ  runsdone
runsrun:
	PREFETCHT0 (SI)(R8*4)
	XORQ AX, AX
	MOVQ R10, DX
	TESTQ DX, DX
	JEQ  runstail
runsymm:
	VMOVUPD (SI)(AX*1), Y0
	VMOVUPD Y0, (DI)(AX*1)
	ADDQ $32, AX
	DECQ DX
	JNE  runsymm
runstail:
	TESTQ R11, R11
	JEQ  runsnext
	VMOVUPD (SI)(AX*1), X0
	VMOVUPD X0, (DI)(AX*1)
runsnext:
	ADDQ R8, SI
	ADDQ R9, DI
	DECQ CX
	JNE  runsrun
runsdone:
	VZEROUPPER
	RET

// func packStreamsAVX(dst, src *float64, rs, blocks, w int)
// For p < 8·blocks and r < w (w even): dst[p*w+r] = src[r*rs+p]. Blocks of
// 8 steps read a whole cache line of each stream at once (streams a
// multiple of 4 KiB apart share L1 sets and evict each other's lines
// between two half-line reads); each 4×4 part of four streams is
// transposed in registers, and each 4×2 part of the last two streams when
// w%4 == 2.
TEXT ·packStreamsAVX(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ rs+16(FP), R8
	SHLQ $3, R8             // bytes between streams
	MOVQ blocks+24(FP), CX
	MOVQ w+32(FP), R9
	SHLQ $3, R9             // bytes per packed step
	LEAQ (R9)(R9*2), R10    // 3 steps
	LEAQ (R9*4), R11        // 4 steps
	LEAQ (R8*4), R12        // 4 streams
	LEAQ (R8)(R8*2), R13    // 3 streams
	TESTQ CX, CX
	JEQ  streamsdone
streamsblock:
	MOVQ SI, AX
	MOVQ DI, BX
	MOVQ w+32(FP), DX
	SHRQ $2, DX
	TESTQ DX, DX
	JEQ  streamspair
streamsgroup:
	VMOVUPD (AX), Y0
	VMOVUPD (AX)(R8*1), Y1
	VMOVUPD (AX)(R8*2), Y2
	VMOVUPD (AX)(R13*1), Y3
	VMOVUPD 32(AX), Y8
	VMOVUPD 32(AX)(R8*1), Y9
	VMOVUPD 32(AX)(R8*2), Y10
	VMOVUPD 32(AX)(R13*1), Y11
	TRANSPOSE4(Y0, Y1, Y2, Y3)
	TRANSPOSE4(Y8, Y9, Y10, Y11)
	VMOVUPD Y0, (BX)
	VMOVUPD Y1, (BX)(R9*1)
	VMOVUPD Y2, (BX)(R9*2)
	VMOVUPD Y3, (BX)(R10*1)
	ADDQ R11, BX
	VMOVUPD Y8, (BX)
	VMOVUPD Y9, (BX)(R9*1)
	VMOVUPD Y10, (BX)(R9*2)
	VMOVUPD Y11, (BX)(R10*1)
	SUBQ R11, BX
	ADDQ R12, AX
	ADDQ $32, BX
	DECQ DX
	JNE  streamsgroup
streamspair:
	TESTQ $16, R9
	JEQ  streamsnext
	VMOVUPD (AX), Y0
	VMOVUPD (AX)(R8*1), Y1
	VMOVUPD 32(AX), Y8
	VMOVUPD 32(AX)(R8*1), Y9
	PAIR4(Y0, Y1, X0, X1)
	ADDQ R11, BX
	PAIR4(Y8, Y9, X8, X9)
streamsnext:
	ADDQ $64, SI
	ADDQ R11, DI
	ADDQ R11, DI
	DECQ CX
	JNE  streamsblock
streamsdone:
	VZEROUPPER
	RET
