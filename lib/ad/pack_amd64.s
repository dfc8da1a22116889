//go:build amd64 && !purego

#include "textflag.h"

// The packing copies of the GEMM (gemm_pack_amd64.go) with 32-byte AVX
// moves: the Go loops they replace moved 16 bytes at a time and spilled
// their indexes.

// func packRows16AVX(dst, src *float64, rs, kc, strips int)
// For p < kc and s < strips: dst[s*kc*16+p*16+j] = src[p*rs+s*16+j], j < 16.
TEXT ·packRows16AVX(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ rs+16(FP), R8
	SHLQ $3, R8
	MOVQ kc+24(FP), CX
	MOVQ strips+32(FP), R9
	MOVQ CX, R12
	SHLQ $7, R12 // bytes between strips: kc·128
	TESTQ CX, CX
	JEQ  rows16done
	TESTQ R9, R9
	JEQ  rows16done
rows16row:
	MOVQ SI, AX
	MOVQ DI, BX
	MOVQ R9, DX
rows16strip:
	PREFETCHT0 (AX)(R8*4)
	PREFETCHT0 64(AX)(R8*4)
	VMOVUPD 0(AX), Y0
	VMOVUPD 32(AX), Y1
	VMOVUPD 64(AX), Y2
	VMOVUPD 96(AX), Y3
	VMOVUPD Y0, 0(BX)
	VMOVUPD Y1, 32(BX)
	VMOVUPD Y2, 64(BX)
	VMOVUPD Y3, 96(BX)
	ADDQ $128, AX
	ADDQ R12, BX
	DECQ DX
	JNE  rows16strip
	ADDQ R8, SI
	ADDQ $128, DI
	DECQ CX
	JNE  rows16row
rows16done:
	VZEROUPPER
	RET

// func packRows8AVX(dst, src *float64, rs, kc, strips int)
// For p < kc and s < strips: dst[s*kc*8+p*8+j] = src[p*rs+s*8+j], j < 8.
TEXT ·packRows8AVX(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ rs+16(FP), R8
	SHLQ $3, R8
	MOVQ kc+24(FP), CX
	MOVQ strips+32(FP), R9
	MOVQ CX, R12
	SHLQ $6, R12 // bytes between strips: kc·64
	TESTQ CX, CX
	JEQ  rows8done
	TESTQ R9, R9
	JEQ  rows8done
rows8row:
	MOVQ SI, AX
	MOVQ DI, BX
	MOVQ R9, DX
rows8strip:
	PREFETCHT0 (AX)(R8*4)
	VMOVUPD 0(AX), Y0
	VMOVUPD 32(AX), Y1
	VMOVUPD Y0, 0(BX)
	VMOVUPD Y1, 32(BX)
	ADDQ $64, AX
	ADDQ R12, BX
	DECQ DX
	JNE  rows8strip
	ADDQ R8, SI
	ADDQ $64, DI
	DECQ CX
	JNE  rows8row
rows8done:
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
