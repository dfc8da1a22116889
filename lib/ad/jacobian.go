package ad

import (
	"fmt"
	"runtime"
	"sync"
)

// The network-output Jacobian of a Model: F(w) ∈ R^{n·k} stacks the outputs
// f(xᵢ; w) of all n examples (example-major, k = Stack.Outputs()), and
// J = ∂F/∂w is n·k × Dim. JVP runs the layers' ForwardTangent rules (the
// R-operator), VJP the Backward rules seeded with u instead of a loss
// gradient, GGNVP both with the loss Hessian in between. They use the same
// work units as Grad and reduce parameter-space sums in unit order, so they
// are bitwise identical whatever GOMAXPROCS is.

type jacMode int

const (
	jacJVP   jacMode = iota // dst[rows of the unit] = J v
	jacVJP                  // acc += Jᵀ u
	jacGGNVP                // acc += Jᵀ (scale·∇²ℓ) J v
)

// OutputDim is the number of stacked outputs, N()·Stack.Outputs(): the
// number of rows of the Jacobian J.
func (m *Model) OutputDim() int { return m.n * m.stack.Outputs() }

// JVP writes J(w)·v into dst: the directional derivative of every network
// output along v, n rows of Stack.Outputs() values (example-major, as
// OutputsTo). dst has length OutputDim, w and v length Dim.
func (m *Model) JVP(dst, w, v []float64) {
	if len(dst) != m.OutputDim() {
		panic(fmt.Sprintf("ad: JVP dst has length %d, want %d", len(dst), m.OutputDim()))
	}
	if len(v) != m.Dim() {
		panic(fmt.Sprintf("ad: JVP direction has length %d, want %d", len(v), m.Dim()))
	}
	m.runJac(jacJVP, dst, w, v)
}

// VJP writes J(w)ᵀ·u into dst (length Dim): the backward pass seeded with
// u (length OutputDim, example-major) in place of the loss gradient.
func (m *Model) VJP(dst, w, u []float64) {
	if len(u) != m.OutputDim() {
		panic(fmt.Sprintf("ad: VJP vector has length %d, want %d", len(u), m.OutputDim()))
	}
	if len(dst) != m.Dim() {
		panic(fmt.Sprintf("ad: dst has length %d, want %d", len(dst), m.Dim()))
	}
	m.runJac(jacVJP, dst, w, u)
}

// GGNVP writes the generalized Gauss–Newton product
//
//	G v = (1/n) Σᵢ Jᵢᵀ ∇²ℓ(f(xᵢ; w), yᵢ) Jᵢ v
//
// into dst, where Jᵢ is the Jacobian of example i's outputs and ∇²ℓ the
// Hessian of the loss in the outputs: the identity for MSE (G = JᵀJ/n, the
// Gauss–Newton matrix), diag(p) − ppᵀ for softmax cross-entropy against
// one-hot targets (the Fisher of the softmax). G is positive semidefinite
// and equals the Hessian when the network is linear in w. Each work unit
// runs one tangent forward pass and one backward pass; J·v is never held
// for more than one unit at a time.
func (m *Model) GGNVP(dst, w, v []float64) {
	if len(v) != m.Dim() {
		panic(fmt.Sprintf("ad: GGNVP direction has length %d, want %d", len(v), m.Dim()))
	}
	if len(dst) != m.Dim() {
		panic(fmt.Sprintf("ad: dst has length %d, want %d", len(dst), m.Dim()))
	}
	m.runJac(jacGGNVP, dst, w, v)
}

// runJac evaluates the work units in waves of up to GOMAXPROCS, as run
// does. In jacVJP and jacGGNVP modes dst (length Dim) is the sum of the
// units' accumulators in unit order; in jacJVP mode each unit writes its
// own rows of dst.
func (m *Model) runJac(md jacMode, dst, w, vec []float64) {
	if len(w) != m.Dim() {
		panic(fmt.Sprintf("ad: parameter vector has length %d, want %d", len(w), m.Dim()))
	}
	if md != jacJVP {
		clear(dst)
	}
	units := m.units()
	nu := len(units)
	wss, release := m.workspaces(nu)
	defer release()
	workers := len(wss)
	for wave := 0; wave < nu; wave += workers {
		cnt := min(workers, nu-wave)
		threads := max(1, runtime.GOMAXPROCS(0)/cnt)
		if cnt == 1 {
			m.jacUnit(wss[0], md, dst, w, vec, units[wave][0], units[wave][1], threads)
		} else {
			var wg sync.WaitGroup
			for j := 0; j < cnt; j++ {
				r := units[wave+j]
				wg.Add(1)
				go func() {
					defer wg.Done()
					m.jacUnit(wss[j], md, dst, w, vec, r[0], r[1], threads)
				}()
			}
			wg.Wait()
		}
		if md == jacJVP {
			continue
		}
		for j := 0; j < cnt; j++ {
			for i, g := range wss[j].acc {
				dst[i] += g
			}
		}
	}
}

// jacUnit evaluates examples [lo, hi) of one work unit (micro-batches of at
// most m.micro rows). In jacJVP mode it writes rows lo..hi of dst; in the
// other modes ws.acc holds the unit's parameter-space sum.
func (m *Model) jacUnit(ws *workspace, md jacMode, dst, w, vec []float64, lo, hi, threads int) {
	s := m.stack
	L := len(s.layers)
	in, k := s.Inputs(), s.Outputs()
	wmode := modeHVP // act, dact, g and their scratch
	if md == jacVJP {
		wmode = modeGrad
	}
	ws.prepare(s, wmode, m.micro, s.Dim())
	if md != jacJVP {
		clear(ws.acc)
	}
	// The backward pass after ForwardTangent relies on ForwardTangent
	// leaving Forward's primal scratch, which this package's layers do; for
	// others, the primal forward pass is rerun.
	refwd := false
	if md == jacGGNVP {
		for _, l := range s.layers {
			if _, ok := l.(primalCacher); !ok {
				refwd = true
			}
		}
	}
	a := &ws.pass
	for start := lo; start < hi; start += m.micro {
		rows := min(m.micro, hi-start)
		x := m.x[start*in : (start+rows)*in]
		forward := func(tangent bool) {
			for i, l := range s.layers {
				*a = Pass{Rows: rows, Threads: threads, P: w[s.offs[i]:s.offs[i+1]], Y: ws.act[i+1], Scratch: ws.scratch[i]}
				if i == 0 {
					a.X = x
				} else {
					a.X = ws.act[i]
				}
				if !tangent {
					l.Forward(a)
					continue
				}
				a.DP = vec[s.offs[i]:s.offs[i+1]]
				a.DY = ws.dact[i+1]
				if i > 0 {
					a.DX = ws.dact[i]
				}
				l.ForwardTangent(a)
			}
		}
		// Forward (with tangents for J·v).
		forward(md != jacVJP)
		out := ws.act[L][:rows*k]
		switch md {
		case jacJVP:
			copy(dst[start*k:(start+rows)*k], ws.dact[L][:rows*k])
			continue
		case jacVJP:
			copy(ws.g[L][:rows*k], vec[start*k:(start+rows)*k])
		case jacGGNVP:
			y := m.y[start*k : (start+rows)*k]
			m.loss.HessVec(ws.g[L], out, ws.dact[L], y, rows, k, 1/float64(m.n))
			if refwd {
				forward(false)
			}
		}
		// Backward, seeded with g[L].
		for i := L - 1; i >= 0; i-- {
			l := s.layers[i]
			*a = Pass{Rows: rows, Threads: threads, P: w[s.offs[i]:s.offs[i+1]], Y: ws.act[i+1], GY: ws.g[i+1], Scratch: ws.scratch[i],
				GP: ws.acc[s.offs[i]:s.offs[i+1]]}
			if i == 0 {
				a.X = x
			} else {
				a.X = ws.act[i]
				a.GX = ws.g[i]
			}
			l.Backward(a)
		}
	}
	*a = Pass{}
}
