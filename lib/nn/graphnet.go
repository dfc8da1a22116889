package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/eoslab/eoslab/internal/memory"
	"github.com/eoslab/eoslab/lib/ad"
)

// Init is how one parameter tensor of a graph network is initialised.
type Init struct {
	// Kind is "uniform" (U(−Scale, Scale)), "normal" (N(0, Scale²)),
	// "zeros" or "ones".
	Kind  string
	Scale float64
}

// Param is a named parameter tensor of a graph network with its
// initialisation.
type Param struct {
	Name  string
	Shape []int
	Init  Init
}

// Shorthands for the initialisations PyTorch's modules use.
func UniformInit(bound float64) Init { return Init{Kind: "uniform", Scale: bound} }
func NormalInit(std float64) Init    { return Init{Kind: "normal", Scale: std} }
func ZerosInit() Init                { return Init{Kind: "zeros"} }
func OnesInit() Init                 { return Init{Kind: "ones"} }

// NewGraphNet returns a network defined by a forward function over graph
// ops (see ad.Graph): params in the order of the matching PyTorch
// module's parameters(), inShape the shape of one example, outputs the
// values per example. forward receives the parameter tensors in params
// order and the inputs [rows, inShape...]. The network gets exact
// gradients, HVPs and third-order terms from the ops' rules, and works with
// NewObjective and every tool that takes one.
func NewGraphNet(name string, params []Param, inShape []int, outputs int, forward ad.ForwardFunc) (*Net, error) {
	if forward == nil {
		return nil, fmt.Errorf("nn: graph network %s needs a forward function", name)
	}
	if outputs <= 0 || len(inShape) == 0 {
		return nil, fmt.Errorf("nn: graph network %s needs an input shape and positive outputs, got %v and %d", name, inShape, outputs)
	}
	spec := &ad.GraphSpec{InShape: append([]int(nil), inShape...), Outputs: outputs, Forward: forward}
	total := 0.0 // in floating point: a product of shapes may overflow int
	for _, p := range params {
		size := 1.0
		for _, d := range p.Shape {
			if d <= 0 || len(p.Shape) == 0 {
				return nil, fmt.Errorf("nn: parameter %s has bad shape %v", p.Name, p.Shape)
			}
			size *= float64(d)
		}
		total += size
		switch p.Init.Kind {
		case "uniform", "normal", "zeros", "ones":
		default:
			return nil, fmt.Errorf("nn: parameter %s: unknown init %q (valid: uniform, normal, zeros, ones)", p.Name, p.Init.Kind)
		}
		spec.Params = append(spec.Params, ad.ParamSpec{Name: p.Name, Shape: p.Shape})
	}
	if err := memory.Check(fmt.Sprintf("%s's %.0f parameters and their gradient", name, total), 16*total); err != nil {
		return nil, fmt.Errorf("nn: %v: choose smaller parameter shapes", err)
	}
	return &Net{Arch: name, graph: spec, params: append([]Param(nil), params...)}, nil
}

// Graph returns the graph spec of a graph network (nil for stack nets).
func (n *Net) Graph() *ad.GraphSpec { return n.graph }

func (n *Net) initGraph(dst []float64, rng *rand.Rand) {
	off := 0
	for _, p := range n.params {
		size := 1
		for _, d := range p.Shape {
			size *= d
		}
		t := dst[off : off+size]
		off += size
		for i := range t {
			switch p.Init.Kind {
			case "uniform":
				t[i] = p.Init.Scale * (2*rng.Float64() - 1)
			case "normal":
				t[i] = p.Init.Scale * rng.NormFloat64()
			case "zeros":
				t[i] = 0
			case "ones":
				t[i] = 1
			}
		}
	}
}

// linearParams are nn.Linear(in, out)'s weight and bias with PyTorch's
// default init, named prefix.weight and prefix.bias.
func linearParams(prefix string, in, out int) []Param {
	b := 1 / math.Sqrt(float64(in))
	return []Param{
		{Name: prefix + ".weight", Shape: []int{out, in}, Init: UniformInit(b)},
		{Name: prefix + ".bias", Shape: []int{out}, Init: UniformInit(b)},
	}
}

// normParams are a LayerNorm's or GroupNorm's weight (ones) and bias
// (zeros).
func normParams(prefix string, d int) []Param {
	return []Param{
		{Name: prefix + ".weight", Shape: []int{d}, Init: OnesInit()},
		{Name: prefix + ".bias", Shape: []int{d}, Init: ZerosInit()},
	}
}
