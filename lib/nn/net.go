package nn

import (
	"fmt"
	"strings"

	"github.com/eoslab/eoslab/lib/ad"
)

// Net is a network: a sequential stack of ad layers over one flat parameter
// vector, with the initialisation of each layer.
//
// Parameter layout: the flat vector is the concatenation, in layer order,
// of each layer's parameter tensors flattened row-major — for a linear
// layer the weight (out × in) then the bias (out), for a convolution the
// weight (out channels × in channels × k × k) then the bias. This is the
// order and shape of PyTorch's model.parameters() for the equivalent
// nn.Sequential, so torch.nn.utils.parameters_to_vector gives the same
// vector.
type Net struct {
	// Arch is the architecture name given to New, or "custom" for Builder.
	Arch  string
	stack *ad.Stack
	inits []initKind // one per layer

	// Graph networks (transformer, custom graphs): the spec and each
	// parameter tensor's initialisation; stack is nil.
	graph  *ad.GraphSpec
	params []Param
}

// Config holds the sizes of the named architectures. Zero values mean the
// defaults of the edge-of-stability papers.
type Config struct {
	// Width is the hidden width of fc nets (default 200), the channels of
	// each conv layer of cnn nets (default 32), the width of deep linear
	// nets (default 50).
	Width int
	// Depth is the number of hidden layers of fc nets (default 2), of conv
	// layers of cnn nets (default 2), and the total number of linear layers
	// of deep linear nets (default 20).
	Depth int
	// Pool is the pooling of cnn nets, "max" (default) or "avg"; an arch
	// suffix (cnn-relu-avg) or the locuslab names (cnn-avgpool-relu) set it
	// too.
	Pool string
	// Heads is the number of attention heads of transformers (default 4);
	// Width is their d_model (default 32) and Depth their number of
	// blocks (default 4).
	Heads int
	// WeightMultiplier scales the initial readout weights of transformers
	// (default 0: the readout starts at zero).
	WeightMultiplier float64
	// Patch is the patch size of vits (default 4).
	Patch int
}

// Archs lists the architecture names New accepts.
var Archs = []string{
	"fc-relu", "fc-elu", "fc-tanh", "fc-hardtanh", "fc-softplus", "fc-gelu",
	"cnn-relu", "cnn-tanh", "cnn-elu", "cnn-gelu",
	"linear", "transformer", "lstm", "resnet", "vit", "vgg",
}

// MaxWidth and MaxDepth bound Config.Width and Config.Depth: beyond them
// the parameters of an fc net no longer fit in memory here.
const (
	MaxWidth = 16384
	MaxDepth = 1000
)

// New returns the named architecture for examples of inputShape with the
// given number of outputs:
//
//   - fc-ACT: Depth × [linear(Width) with bias, ACT], then linear(outputs)
//     (inputs of any shape are flattened first, as nn.Flatten).
//   - cnn-ACT[-max|-avg]: Depth × [conv 3×3 stride 1 padding 1 with Width
//     channels, ACT, 2×2 pooling], flatten, linear(outputs): locuslab's
//     convnet. inputShape is [channels, height, width]; a flat 3072 is read
//     as [3, 32, 32] and a flat 784 as [1, 28, 28].
//   - linear: Depth linear layers without bias, Width wide (a deep linear
//     net), Xavier-normal initialised as in locuslab's make_deeplinear.
//   - transformer: a decoder-only language model over token sequences
//     (inputShape [t], outputs t × vocab; see transformer.go), d_model
//     Width (32), Depth blocks (4), Heads heads (4).
//   - lstm: embedding, Depth (2) LSTM layers of Width (48), readout at
//     every position, for token sequences like transformer (lstm.go).
//   - resnet: CIFAR-style ResNet with GroupNorm, Width 16, Depth basic
//     blocks per stage (1) (resnet.go).
//   - vit: Vision Transformer, Patch 4, Width 64, Depth 4, Heads 4, MLP
//     4·Width (vit.go).
//   - vgg: VGG-11 with Width channels in the first layer (16), for images
//     of at least 32×32 (resnet.go).
//
// ACT is relu, elu, tanh, hardtanh, softplus or gelu for fc, relu, tanh, elu
// or gelu for cnn (sigmoid also works for both). Unknown names give an
// error listing the valid ones.
func New(arch string, inputShape []int, outputs int, cfg Config) (*Net, error) {
	if err := checkNew(arch, inputShape, outputs, cfg); err != nil {
		return nil, err
	}
	unknown := fmt.Errorf("nn: unknown architecture %q (valid: %s; cnn names take an optional -max or -avg suffix)", arch, strings.Join(Archs, ", "))
	switch {
	case strings.HasPrefix(arch, "fc-"):
		act := strings.TrimPrefix(arch, "fc-")
		if !validAct(act) {
			return nil, unknown
		}
		b := NewBuilder(inputShape...)
		for i := 0; i < def(cfg.Depth, 2); i++ {
			b.Linear(def(cfg.Width, 200)).Act(act)
		}
		b.Linear(outputs)
		return b.build(arch)
	case strings.HasPrefix(arch, "cnn-"):
		return cnn(arch, strings.TrimPrefix(arch, "cnn-"), inputShape, outputs, cfg, unknown)
	case arch == "transformer":
		return transformer(inputShape, outputs, cfg)
	case arch == "lstm":
		return lstm(inputShape, outputs, cfg)
	case arch == "resnet":
		return resnet(inputShape, outputs, cfg)
	case arch == "vit":
		return vit(inputShape, outputs, cfg)
	case arch == "vgg":
		return vgg(inputShape, outputs, cfg)
	case arch == "linear":
		depth := def(cfg.Depth, 20)
		b := NewBuilder(inputShape...)
		for i := 0; i < depth-1; i++ {
			b.LinearNoBias(def(cfg.Width, 50))
		}
		b.LinearNoBias(outputs)
		b.init = initXavierNormal
		return b.build(arch)
	}
	return nil, unknown
}

// checkNew rejects what no architecture accepts: no outputs, an empty or
// non-positive input shape, sizes out of range.
func checkNew(arch string, inputShape []int, outputs int, cfg Config) error {
	if outputs <= 0 {
		return fmt.Errorf("nn: %s needs a positive number of outputs, got %d", arch, outputs)
	}
	if len(inputShape) == 0 {
		return fmt.Errorf("nn: %s needs an input shape", arch)
	}
	for _, d := range inputShape {
		if d <= 0 {
			return fmt.Errorf("nn: bad input shape %v", inputShape)
		}
	}
	if cfg.Width < 0 || cfg.Width > MaxWidth || cfg.Depth < 0 || cfg.Depth > MaxDepth {
		return fmt.Errorf("nn: width %d, depth %d: want width 1..%d and depth 1..%d (0: the architecture's default; negative values are not allowed)", cfg.Width, cfg.Depth, MaxWidth, MaxDepth)
	}
	if cfg.Heads < 0 || cfg.Patch < 0 {
		return fmt.Errorf("nn: negative heads %d or patch %d", cfg.Heads, cfg.Patch)
	}
	return nil
}

// cnn builds cnn-ACT[-max|-avg] (and the older cnn-avgpool-ACT): Depth
// blocks of conv 3×3, ACT and 2×2 pooling, then a linear readout.
func cnn(arch, rest string, inputShape []int, outputs int, cfg Config, unknown error) (*Net, error) {
	pool := cfg.Pool
	if p, ok := strings.CutPrefix(rest, "avgpool-"); ok {
		rest, pool = p, "avg"
	}
	if p, ok := strings.CutSuffix(rest, "-avg"); ok {
		rest, pool = p, "avg"
	} else if p, ok := strings.CutSuffix(rest, "-max"); ok {
		rest, pool = p, "max"
	}
	if pool == "" {
		pool = "max"
	}
	if pool != "max" && pool != "avg" {
		return nil, fmt.Errorf("nn: unknown pooling %q (valid: max, avg)", pool)
	}
	if !validAct(rest) {
		return nil, unknown
	}
	in := imageShape(inputShape)
	if len(in) != 3 {
		return nil, fmt.Errorf("nn: %s needs [channels, height, width] inputs, got %v", arch, inputShape)
	}
	b := NewBuilder(in...)
	for i := 0; i < def(cfg.Depth, 2); i++ {
		b.Conv(def(cfg.Width, 32), 3, 1, 1).Act(rest)
		if pool == "max" {
			b.MaxPool(2)
		} else {
			b.AvgPool(2)
		}
	}
	b.Flatten().Linear(outputs)
	return b.build(arch)
}

func def(v, d int) int {
	if v == 0 {
		return d
	}
	return v
}

func validAct(a string) bool {
	for _, n := range ad.Activations {
		if n == a && n != "identity" && n != "square" {
			return true
		}
	}
	return false
}

// imageShape reads flat CIFAR and MNIST inputs as images.
func imageShape(s []int) []int {
	if len(s) == 1 {
		switch s[0] {
		case 3072:
			return []int{3, 32, 32}
		case 784:
			return []int{1, 28, 28}
		}
	}
	return s
}

// Dim is the number of parameters.
func (n *Net) Dim() int {
	if n.graph != nil {
		return n.graph.Dim()
	}
	return n.stack.Dim()
}

// Stack returns the network's layers (nil for graph networks).
func (n *Net) Stack() *ad.Stack { return n.stack }

// InShape is the shape of one input example; Outputs the size of one output.
func (n *Net) InShape() []int {
	if n.graph != nil {
		return append([]int(nil), n.graph.InShape...)
	}
	return n.stack.InShape()
}

func (n *Net) Outputs() int {
	if n.graph != nil {
		return n.graph.Outputs
	}
	return n.stack.Outputs()
}

func (n *Net) inputs() int {
	f := 1
	for _, d := range n.InShape() {
		f *= d
	}
	return f
}

// String lists the layers, or the parameter tensors of a graph network.
func (n *Net) String() string {
	if n.graph == nil {
		return n.Arch + "\n" + n.stack.String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\ninput %v\n", n.Arch, n.InShape())
	for _, p := range n.params {
		fmt.Fprintf(&b, "  %s %v\n", p.Name, p.Shape)
	}
	fmt.Fprintf(&b, "total %d parameters", n.Dim())
	return b.String()
}

// ParamNames lists, in layout order, a PyTorch-style name ("3.weight") and
// shape for every parameter tensor, where the number is the layer's index
// in the stack (the index of the matching nn.Sequential module); graph
// networks use their parameters' own names.
func (n *Net) ParamNames() []string {
	var out []string
	if n.graph != nil {
		for _, p := range n.params {
			out = append(out, fmt.Sprintf("%s %v", p.Name, p.Shape))
		}
		return out
	}
	for i := 0; i < n.stack.Len(); i++ {
		for j, s := range n.stack.Layer(i).ParamShapes() {
			name := "weight"
			if j == 1 {
				name = "bias"
			}
			out = append(out, fmt.Sprintf("%d.%s %v", i, name, s))
		}
	}
	return out
}

// Predict returns the network's outputs with parameters w on the examples x
// (consecutive rows of InShape values), Outputs() values per example. It
// panics if len(x) is not a multiple of the input size.
func (n *Net) Predict(w, x []float64) []float64 {
	in, k := n.inputs(), n.Outputs()
	if len(x)%in != 0 || len(x) == 0 {
		panic(fmt.Sprintf("nn: predict needs rows of %d inputs, got %d values", in, len(x)))
	}
	rows := len(x) / in
	out := make([]float64, rows*k)
	m, err := n.model("mse", x, make([]float64, rows*k), rows, 1, nil, 0)
	if err != nil {
		panic(err)
	}
	m.OutputsTo(out, w)
	return out
}
