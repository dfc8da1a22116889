package ad

import (
	"fmt"
	"strings"
)

// Stack is a sequential composition of layers over a flat parameter vector:
// layer i owns the parameters w[Offset(i):Offset(i+1)], laid out as its
// ParamShapes in order. For stacks mirroring a PyTorch nn.Sequential, the
// flat vector is the concatenation of the flattened tensors of
// model.parameters(), so vectors are interchangeable with
// torch.nn.utils.parameters_to_vector.
type Stack struct {
	layers []Layer
	offs   []int // offs[i] = first parameter of layer i; offs[len] = Dim
	sizes  []int // sizes[i] = size of layer i's input; sizes[len] = output size
}

// NewStack chains the layers, checking that each layer's input size matches
// the previous layer's output size.
func NewStack(layers ...Layer) (*Stack, error) {
	if len(layers) == 0 {
		return nil, fmt.Errorf("ad: empty stack")
	}
	s := &Stack{layers: append([]Layer(nil), layers...)}
	off := 0
	for i, l := range layers {
		if l == nil {
			return nil, fmt.Errorf("ad: layer %d is nil", i)
		}
		in := shapeSize(l.InShape())
		if i > 0 && in != s.sizes[i] {
			return nil, fmt.Errorf("ad: layer %d (%s) takes %v (%d values) but layer %d (%s) gives %v (%d values)",
				i, l.Name(), l.InShape(), in, i-1, layers[i-1].Name(), layers[i-1].OutShape(), s.sizes[i])
		}
		if i == 0 {
			s.sizes = append(s.sizes, in)
		}
		s.offs = append(s.offs, off)
		off += l.NumParams()
		s.sizes = append(s.sizes, shapeSize(l.OutShape()))
	}
	s.offs = append(s.offs, off)
	return s, nil
}

// Dim is the number of parameters.
func (s *Stack) Dim() int { return s.offs[len(s.layers)] }

// Len is the number of layers.
func (s *Stack) Len() int { return len(s.layers) }

// Layer returns layer i.
func (s *Stack) Layer(i int) Layer { return s.layers[i] }

// Offset returns the index in the flat vector of layer i's first parameter;
// Offset(Len()) is Dim().
func (s *Stack) Offset(i int) int { return s.offs[i] }

// InShape and OutShape are the shapes of one example's input and output.
func (s *Stack) InShape() []int  { return s.layers[0].InShape() }
func (s *Stack) OutShape() []int { return s.layers[len(s.layers)-1].OutShape() }

// Inputs and Outputs are the flat sizes of one example's input and output.
func (s *Stack) Inputs() int  { return s.sizes[0] }
func (s *Stack) Outputs() int { return s.sizes[len(s.layers)] }

// String lists the layers and their parameter counts.
func (s *Stack) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "input %v\n", s.InShape())
	for i, l := range s.layers {
		fmt.Fprintf(&b, "%2d  %s → %v, %d params\n", i, l.Name(), l.OutShape(), l.NumParams())
	}
	fmt.Fprintf(&b, "total %d parameters", s.Dim())
	return b.String()
}

// microRows is the number of examples evaluated at once inside a chunk: all
// of them unless the four streams of activations (values, tangents,
// gradients and their tangents) would exceed about 64 MB per worker. It
// depends only on the stack and the chunk, never on GOMAXPROCS.
func (s *Stack) microRows(chunk int) int {
	const budget = 1 << 23 // float64s
	per, fixed := 0, 0
	for i, l := range s.layers {
		per += 4*s.sizes[i+1] + l.ScratchSize(1) - l.ScratchSize(0)
		fixed += l.ScratchSize(0)
	}
	m := (budget - fixed) / max(per, 1)
	return max(1, min(m, chunk))
}
