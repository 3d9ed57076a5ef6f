// Command asmgen writes gemm_amd64.s, the encoder's AVX-512 matrix
// micro-kernels, with avo (github.com/mmcloughlin/avo). Run it through
// `go generate ./embed/bert`; it is a module of its own so that avo stays out
// of docseek's dependencies.
//
// Each kernel computes an R×16·P block (R rows of x, P packed 16-wide panels
// of the weights, P = 1 or 2) as a sum of outer products held in R·P zmm
// accumulators: per step kk it loads P panel rows, broadcasts x[r][kk] for
// each row r, and issues R·P fused multiply-adds. R runs to 12, so the
// 12×32 kernel keeps 24 accumulators, 2 panel rows and 1 broadcast in the
// 32 zmm registers and is bound by the FMA units, not by loads; the smaller
// ones exist so that a query's 17 rows cost 12+5, not 2·12, row passes.
package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// maxRows is the tallest kernel.
const maxRows = 12

// prefetch is how many bytes ahead of the panel rows in use the kernels ask
// for the next ones (0: leave it to the hardware prefetcher).
var prefetch = 2048

func main() {
	ConstraintExpr("goexperiment.simd,amd64")
	for _, panels := range []int{1, 2} {
		for rows := 1; rows <= maxRows; rows++ {
			kernel(rows, panels)
		}
	}
	Generate()
}

func kernel(rows, panels int) {
	name := fmt.Sprintf("gemm512r%dp%d", rows, panels)
	TEXT(name, NOSPLIT, "func(out *float32, ldo int, x *float32, ldx int, k int, b *float32, bstride int, bias *float32)")
	Doc(fmt.Sprintf("%s sets the %d×%d block out = bias + x·B (bias may be nil),", name, rows, 16*panels),
		"B being the packed panels at b, bstride bytes apart; ldo and ldx are row",
		"strides in floats. It needs AVX-512F and k >= 1.")
	out := Load(Param("out"), GP64())
	ldo := Load(Param("ldo"), GP64())
	x := Load(Param("x"), GP64())
	ldx := Load(Param("ldx"), GP64())
	k := Load(Param("k"), GP64())
	b := Load(Param("b"), GP64())
	bstride := Load(Param("bstride"), GP64())
	bias := Load(Param("bias"), GP64())
	SHLQ(Imm(2), ldo)
	SHLQ(Imm(2), ldx)

	acc := make([][]reg.VecVirtual, rows)
	for r := range acc {
		acc[r] = make([]reg.VecVirtual, panels)
		for p := range acc[r] {
			acc[r][p] = ZMM()
		}
	}
	Comment("accumulators start at the bias, or zero")
	TESTQ(bias, bias)
	JZ(LabelRef(name + "_zero"))
	for p := range panels {
		VMOVUPS(Mem{Base: bias, Disp: 64 * p}, acc[0][p])
	}
	JMP(LabelRef(name + "_init"))
	Label(name + "_zero")
	for p := range panels {
		VPXORD(acc[0][p], acc[0][p], acc[0][p])
	}
	Label(name + "_init")
	for r := 1; r < rows; r++ {
		for p := range panels {
			VMOVAPS(acc[0][p], acc[r][p])
		}
	}

	// Row r of x is read at base[r/3] + (r%3)·ldx.
	bases := make([]reg.GPVirtual, (rows+2)/3)
	for i := range bases {
		bases[i] = GP64()
		if i == 0 {
			MOVQ(x, bases[i])
		} else {
			LEAQ(Mem{Base: bases[i-1], Index: ldx, Scale: 2}, bases[i])
			ADDQ(ldx, bases[i])
		}
	}
	row := func(r int) Mem {
		m := Mem{Base: bases[r/3]}
		if r%3 > 0 {
			m.Index, m.Scale = ldx, uint8(r%3)
		}
		return m
	}

	Label(name + "_loop")
	bv := make([]reg.VecVirtual, panels)
	for p := range panels {
		bv[p] = ZMM()
		if p == 0 {
			VMOVUPS(Mem{Base: b}, bv[p])
		} else {
			VMOVUPS(Mem{Base: b, Index: bstride, Scale: 1}, bv[p])
		}
	}
	for r := range rows {
		a := ZMM()
		VBROADCASTSS(row(r), a)
		for p := range panels {
			VFMADD231PS(bv[p], a, acc[r][p])
		}
	}
	if prefetch > 0 {
		PREFETCHT0(Mem{Base: b, Disp: prefetch})
		if panels == 2 {
			PREFETCHT0(Mem{Base: b, Index: bstride, Scale: 1, Disp: prefetch})
		}
	}
	ADDQ(Imm(64), b)
	for _, base := range bases {
		ADDQ(Imm(4), base)
	}
	DECQ(k)
	JNZ(LabelRef(name + "_loop"))

	for r := range rows {
		for p := range panels {
			VMOVUPS(acc[r][p], Mem{Base: out, Disp: 64 * p})
		}
		if r < rows-1 {
			ADDQ(ldo, out)
		}
	}
	VZEROUPPER()
	RET()
}
