package hessian

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// knownSpectrum returns Q·diag(lambda)·Qᵀ for a random orthogonal Q, and Q.
func knownSpectrum(seed uint64, lambda []float64) (*mat.SymDense, *mat.Dense) {
	n := len(lambda)
	rng := rand.New(rand.NewPCG(seed, 7))
	g := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			g.Set(i, j, rng.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(g)
	var q mat.Dense
	qr.QTo(&q)
	a := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			s := 0.0
			for l := range n {
				s += q.At(i, l) * lambda[l] * q.At(j, l)
			}
			a.SetSym(i, j, s)
		}
	}
	return a, &q
}

// denseEigen returns the eigenvalues of a in descending order with the
// matching eigenvectors as columns.
func denseEigen(t *testing.T, a mat.Symmetric) ([]float64, *mat.Dense) {
	t.Helper()
	var es mat.EigenSym
	if !es.Factorize(a, true) {
		t.Fatal("EigenSym failed")
	}
	vals := es.Values(nil)
	var q mat.Dense
	es.VectorsTo(&q)
	n := len(vals)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool { return vals[idx[x]] > vals[idx[y]] })
	out := make([]float64, n)
	vecs := mat.NewDense(n, n, nil)
	for c, i := range idx {
		out[c] = vals[i]
		for r := range n {
			vecs.Set(r, c, q.At(r, i))
		}
	}
	return out, vecs
}

// outsideEigenspace returns ‖(I − QgQgᵀ)x‖ where Qg spans the eigenvectors
// whose eigenvalues lie within clusterTol·scale of lambda.
func outsideEigenspace(x []float64, lambda float64, vals []float64, vecs *mat.Dense, clusterTol float64) float64 {
	n := len(x)
	scale := math.Abs(vals[0])
	for _, v := range vals {
		scale = math.Max(scale, math.Abs(v))
	}
	r := append([]float64(nil), x...)
	for c, v := range vals {
		if math.Abs(v-lambda) <= clusterTol*scale {
			col := mat.Col(nil, c, vecs)
			axpy(r, -dot(col, x), col)
		}
	}
	_ = n
	return norm(r)
}

func linspace(a, b float64, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		if n == 1 {
			x[i] = a
			continue
		}
		x[i] = a + (b-a)*float64(i)/float64(n-1)
	}
	return x
}

func randVec(seed uint64, n int) []float64 {
	return randNormal(newRand(seed), n)
}

func relErr(got, want float64) float64 {
	return math.Abs(got-want) / math.Max(math.Abs(want), 1e-300)
}

// countingOp counts matvecs and can cancel a context after a number of them.
type countingOp struct {
	Operator
	n      int
	after  int
	cancel func()
}

func (c *countingOp) MulVecTo(dst, v []float64) {
	c.n++
	if c.cancel != nil && c.n == c.after {
		c.cancel()
	}
	c.Operator.MulVecTo(dst, v)
}
