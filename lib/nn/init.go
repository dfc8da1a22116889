package nn

import (
	"math"
	"math/rand/v2"
)

type initKind int

const (
	// initDefault is PyTorch's default for nn.Linear and nn.Conv2d:
	// weights and biases U(−1/√fan_in, 1/√fan_in) (kaiming_uniform with
	// a = √5 for weights).
	initDefault initKind = iota
	// initXavierNormal is nn.init.xavier_normal_: N(0, 2/(fan_in+fan_out)),
	// biases zero.
	initXavierNormal
)

// Init returns parameters drawn as PyTorch initialises the equivalent
// modules (weights and biases U(−1/√fan_in, 1/√fan_in), fan_in = in
// features, or in channels × k × k for convolutions; deep linear nets use
// Xavier normal). The same seed gives the same vector on every platform
// (math/rand/v2 PCG); values are distributed like PyTorch's, not equal to
// them.
func (n *Net) Init(seed int64) []float64 {
	w := make([]float64, n.Dim())
	n.InitTo(w, seed)
	return w
}

// InitTo writes the initial parameters for seed into dst (length Dim).
func (n *Net) InitTo(dst []float64, seed int64) {
	if len(dst) != n.Dim() {
		panic("nn: init dst has the wrong length")
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	if n.graph != nil {
		n.initGraph(dst, rng)
		return
	}
	s := n.stack
	for i := 0; i < s.Len(); i++ {
		l := s.Layer(i)
		p := dst[s.Offset(i):s.Offset(i+1)]
		shapes := l.ParamShapes()
		off := 0
		var fanIn, fanOut int
		for j, sh := range shapes {
			size := 1
			for _, d := range sh {
				size *= d
			}
			t := p[off : off+size]
			off += size
			if j == 0 {
				// weight: [out, in, (k, k)]
				rf := 1
				for _, d := range sh[2:] {
					rf *= d
				}
				fanIn, fanOut = sh[1]*rf, sh[0]*rf
			}
			switch {
			case n.inits[i] == initXavierNormal && j == 0:
				std := math.Sqrt(2 / float64(fanIn+fanOut))
				for k := range t {
					t[k] = std * rng.NormFloat64()
				}
			case n.inits[i] == initXavierNormal:
				clear(t)
			default:
				bound := 1 / math.Sqrt(float64(fanIn))
				for k := range t {
					t[k] = bound * (2*rng.Float64() - 1)
				}
			}
		}
	}
}
