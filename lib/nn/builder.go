package nn

import (
	"fmt"
	"strings"

	"github.com/eoslab/eoslab/internal/memory"
	"github.com/eoslab/eoslab/lib/ad"
)

// Builder composes a custom network layer by layer, tracking the shape of
// one example. Methods chain and record the first error, which Build
// returns:
//
//	net, err := nn.NewBuilder(3, 32, 32).Conv(16, 3, 1, 1).Relu().MaxPool(2).
//		Flatten().Linear(100).Tanh().Linear(10).Build()
type Builder struct {
	shape  []int
	layers []ad.Layer
	inits  []initKind
	init   initKind
	err    error
}

// NewBuilder starts a network for examples of the given shape ([features]
// or [channels, height, width]).
func NewBuilder(inputShape ...int) *Builder {
	b := &Builder{shape: append([]int(nil), inputShape...)}
	if len(inputShape) == 0 {
		b.err = fmt.Errorf("nn: builder needs an input shape")
	}
	for _, d := range inputShape {
		if d <= 0 {
			b.err = fmt.Errorf("nn: bad input shape %v", inputShape)
		}
	}
	return b
}

func (b *Builder) add(l ad.Layer, err error) *Builder {
	if b.err != nil {
		return b
	}
	if err != nil {
		b.err = nnError(err)
		return b
	}
	b.layers = append(b.layers, l)
	b.inits = append(b.inits, initDefault)
	b.shape = l.OutShape()
	return b
}

func (b *Builder) flat() int {
	n := 1
	for _, d := range b.shape {
		n *= d
	}
	return n
}

// Linear appends a linear layer with bias to out features (nn.Linear);
// inputs with more than one dimension are flattened first.
func (b *Builder) Linear(out int) *Builder { return b.linear(out, true) }

// LinearNoBias appends a linear layer without bias (nn.Linear(bias=False)).
func (b *Builder) LinearNoBias(out int) *Builder { return b.linear(out, false) }

func (b *Builder) linear(out int, bias bool) *Builder {
	if b.err != nil {
		return b
	}
	if out <= 0 {
		b.err = fmt.Errorf("nn: linear layer needs a positive width, got %d", out)
		return b
	}
	if len(b.shape) > 1 {
		b.Flatten()
	}
	return b.add(ad.NewLinear(b.flat(), out, bias), nil)
}

// Conv appends a 2-D convolution with bias (nn.Conv2d) to out channels with
// a kernel×kernel window, the given stride and zero padding.
func (b *Builder) Conv(out, kernel, stride, padding int) *Builder {
	if b.err != nil {
		return b
	}
	return b.add(ad.NewConv2D(b.shape, out, kernel, stride, padding, true))
}

// MaxPool appends k×k max pooling with stride k (nn.MaxPool2d(k)).
func (b *Builder) MaxPool(k int) *Builder {
	if b.err != nil {
		return b
	}
	return b.add(ad.NewPool2D("max", b.shape, k, k))
}

// AvgPool appends k×k average pooling with stride k (nn.AvgPool2d(k)).
func (b *Builder) AvgPool(k int) *Builder {
	if b.err != nil {
		return b
	}
	return b.add(ad.NewPool2D("avg", b.shape, k, k))
}

// Flatten appends nn.Flatten (no parameters).
func (b *Builder) Flatten() *Builder {
	if b.err != nil {
		return b
	}
	return b.add(ad.NewFlatten(b.shape), nil)
}

// Mean appends a global average over all dimensions after the first
// ([C, H, W] → [C], as adaptive average pooling to 1×1 then flatten).
func (b *Builder) Mean() *Builder {
	if b.err != nil {
		return b
	}
	return b.add(ad.NewReduce("mean", b.shape))
}

// Sum appends a global sum over all dimensions after the first.
func (b *Builder) Sum() *Builder {
	if b.err != nil {
		return b
	}
	return b.add(ad.NewReduce("sum", b.shape))
}

// Act appends the named elementwise activation (see ad.Activations).
func (b *Builder) Act(name string) *Builder {
	if b.err != nil {
		return b
	}
	return b.add(ad.NewActivation(name, b.shape))
}

// Shorthands for Act.
func (b *Builder) Relu() *Builder     { return b.Act("relu") }
func (b *Builder) Tanh() *Builder     { return b.Act("tanh") }
func (b *Builder) Elu() *Builder      { return b.Act("elu") }
func (b *Builder) Gelu() *Builder     { return b.Act("gelu") }
func (b *Builder) Softplus() *Builder { return b.Act("softplus") }
func (b *Builder) Hardtanh() *Builder { return b.Act("hardtanh") }
func (b *Builder) Sigmoid() *Builder  { return b.Act("sigmoid") }
func (b *Builder) Square() *Builder   { return b.Act("square") }

// Layer appends any ad.Layer whose input shape matches the current one;
// it is initialised like PyTorch's default for its fan-in.
func (b *Builder) Layer(l ad.Layer) *Builder {
	if b.err != nil {
		return b
	}
	if l == nil {
		b.err = fmt.Errorf("nn: nil layer")
		return b
	}
	if fmt.Sprint(l.InShape()) != fmt.Sprint(b.shape) {
		b.err = fmt.Errorf("nn: layer %s takes %v, current shape is %v", l.Name(), l.InShape(), b.shape)
		return b
	}
	return b.add(l, nil)
}

// Shape is the current example shape (the output shape so far).
func (b *Builder) Shape() []int { return append([]int(nil), b.shape...) }

// Build returns the network, or the first error met while building.
func (b *Builder) Build() (*Net, error) { return b.build("custom") }

func (b *Builder) build(arch string) (*Net, error) {
	if b.err != nil {
		return nil, b.err
	}
	if len(b.layers) == 0 {
		return nil, fmt.Errorf("nn: builder has no layers")
	}
	s, err := ad.NewStack(b.layers...)
	if err != nil {
		return nil, nnError(err)
	}
	// Refused before anything of that size is allocated: running out of
	// memory ends a Go process, it cannot be recovered.
	dim := float64(s.Dim())
	if err := memory.Check(fmt.Sprintf("%s's %.0f parameters and their gradient", arch, dim), 16*dim); err != nil {
		return nil, fmt.Errorf("nn: %v: choose a smaller width or depth", err)
	}
	inits := append([]initKind(nil), b.inits...)
	if b.init != initDefault {
		for i := range inits {
			inits[i] = b.init
		}
	}
	return &Net{Arch: arch, stack: s, inits: inits}, nil
}

// nnError re-prefixes an error from package ad with this package's name.
func nnError(err error) error {
	return fmt.Errorf("nn: %s", strings.TrimPrefix(err.Error(), "ad: "))
}
