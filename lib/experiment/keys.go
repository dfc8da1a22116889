package experiment

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/eoslab/eoslab/lib/data"
	"github.com/eoslab/eoslab/lib/nn"
)

// keySpec documents one key=value key.
type keySpec struct {
	name, kind, doc string
	set             func(e *Spec, v string) error
}

var keyTable = []keySpec{
	{"lr", "number", "learning rate η (required, > 0)", setFloat(func(e *Spec) *float64 { return &e.LR })},
	{"beta", "number", "momentum β of heavyball and nesterov (default 0.9)", setFloat(func(e *Spec) *float64 { return &e.Beta })},
	{"beta1", "number", "Adam's β₁ (default 0.9)", setFloat(func(e *Spec) *float64 { return &e.Beta1 })},
	{"beta2", "number", "second-moment decay β₂ (rmsprop default 0.99, adam 0.999)", setFloat(func(e *Spec) *float64 { return &e.Beta2 })},
	{"eps", "number", "ε added to √ν̂ (default 1e-8)", setFloat(func(e *Spec) *float64 { return &e.Eps })},
	{"bias_correction", "bool", "bias correction of the moments, true or false (default true)", func(e *Spec, v string) error {
		switch strings.ToLower(v) {
		case "true", "on", "yes", "1":
			e.BiasCorrection = true
		case "false", "off", "no", "0":
			e.BiasCorrection = false
		default:
			return fmt.Errorf("want true or false")
		}
		return nil
	}},
	{"steps", "integer", "optimizer steps (default 1000)", setInt(func(e *Spec) *int { return &e.Steps }, 1, 1e9)},
	{"eig", "integer", "top eigenvalues every eig steps (default 20; 0 turns them off)", setInt(func(e *Spec) *int { return &e.Eig }, 0, 1e9)},
	{"neigs", "integer", "how many top eigenvalues (default 2)", setInt(func(e *Spec) *int { return &e.NEigs }, 1, 100)},
	{"seed", "integer", "seed of the initialization, Lanczos, minibatches and synthetic data (default 0)", func(e *Spec, v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("want an integer")
		}
		e.Seed = n
		return nil
	}},
	{"n", "integer", "keep the first n examples of the dataset", setInt(func(e *Spec) *int { return &e.N }, 1, 1e9)},
	{"width", "integer", "hidden width / conv channels, 1 to 16384 (default: the architecture's, 200 for fc)", setInt(func(e *Spec) *int { return &e.Width }, 1, maxWidth)},
	{"depth", "integer", "hidden layers, 1 to 1000 (default: the architecture's, 2 for fc)", setInt(func(e *Spec) *int { return &e.Depth }, 1, maxDepth)},
	{"heads", "integer", "attention heads of transformer and vit, 1 to 1024 (default 4)", setInt(func(e *Spec) *int { return &e.Heads }, 1, 1024)},
	{"d_model", "integer", "model width of transformer and vit, the same setting as width (defaults 32 and 64)", setInt(func(e *Spec) *int { return &e.Width }, 1, maxWidth)},
	{"patch", "integer", "patch side of vit, 1 to 1024, dividing the image side (default 4)", setInt(func(e *Spec) *int { return &e.Patch }, 1, 1024)},
	{"downsample", "integer", "average-pool images k×k before standardizing (2: MNIST 14×14)", setInt(func(e *Spec) *int { return &e.Downsample }, 1, 64)},
	{"pad", "integer", "zero-pad images by k pixels per side after standardizing, 0 to 64 (2: MNIST 32×32, for vgg)", setInt(func(e *Spec) *int { return &e.Pad }, 0, data.MaxPad)},
	{"until_loss", "number", "stop once the loss is ≤ this", setFloat(func(e *Spec) *float64 { return &e.UntilLoss })},
	{"until_acc", "number", "stop once the training accuracy is ≥ this (0..1)", setFloat(func(e *Spec) *float64 { return &e.UntilAcc })},
	{"batch", "integer", "minibatch size (default: full batch)", setInt(func(e *Spec) *int { return &e.Batch }, 1, 1e9)},
	{"out", "path", "write the JSONL trajectory there, one record per line as measured", func(e *Spec, v string) error {
		e.Out = v
		return nil
	}},
	{"plot", "path", "save the standard figure there at the end (.png or .svg)", func(e *Spec, v string) error {
		if ext := strings.ToLower(v[strings.LastIndex(v, ".")+1:]); !strings.Contains(v, ".") || (ext != "png" && ext != "svg") {
			return fmt.Errorf("want a .png or .svg file name")
		}
		e.Plot = v
		return nil
	}},
	{"flows", "list", "companion flows run alongside, comma-separated (gf, cf, ...): records dist_<flow>", func(e *Spec, v string) error {
		e.Flows = strings.Split(v, ",")
		return nil
	}},
	{"flows_from", "integer", "start the companion flows at step K from the optimizer's state there (w, and ν for rmsprop and adam), as the authors warm-start RMSProp's flows; full batch, K < steps (default 0: from initialization)", setInt(func(e *Spec) *int { return &e.FlowsFrom }, 0, 1e9)},
	{"cf_integrator", "word", "central flows' integrator: euler (fixed ¼ substeps, default) or adaptive (error-controlled Euler substeps, fewer evaluations)", func(e *Spec, v string) error {
		if v != "euler" && v != "adaptive" {
			return fmt.Errorf("want euler or adaptive")
		}
		e.CFIntegrator = v
		return nil
	}},
}

func setFloat(field func(e *Spec) *float64) func(e *Spec, v string) error {
	return func(e *Spec, v string) error {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("want a number")
		}
		*field(e) = f
		return nil
	}
}

// Bounds of the architecture keys: what lib/nn builds (nn.MaxWidth,
// nn.MaxDepth).
const (
	maxWidth = nn.MaxWidth
	maxDepth = nn.MaxDepth
)

// setInt parses an integer key whose allowed range is lo..hi; a value
// outside it is an error naming the range, never a silent default.
func setInt(field func(e *Spec) *int, lo, hi float64) func(e *Spec, v string) error {
	return func(e *Spec, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil {
			// allow 1e3 and 3000.0 for integers written as numbers
			f, ferr := strconv.ParseFloat(v, 64)
			if ferr != nil || f != math.Trunc(f) {
				return fmt.Errorf("want an integer from %.0f to %.0f", lo, hi)
			}
			if f < lo || f > hi {
				return fmt.Errorf("out of range: want an integer from %.0f to %.0f", lo, hi)
			}
			n = int(f)
		}
		if float64(n) < lo || float64(n) > hi {
			return fmt.Errorf("out of range: want an integer from %.0f to %.0f", lo, hi)
		}
		*field(e) = n
		return nil
	}
}

func indexKey(k string) int {
	for i, s := range keyTable {
		if s.name == k {
			return i
		}
	}
	return -1
}
