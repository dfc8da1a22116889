package experiment

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/train"
)

func TestParseExperiment(t *testing.T) {
	e, err := Parse("adam  mnist-5k fc-tanh mse lr=3e-4 beta1=0.8 beta2=0.99 eps=1e-7 bias_correction=false steps=3000 eig=20 neigs=3 seed=7 n=500 width=64 depth=3 until_loss=0.01 until_acc=0.99 batch=50 out=a.jsonl plot=a.png downsample=2 pad=1")
	if err != nil {
		t.Fatal(err)
	}
	want := Spec{Opt: "adam", Data: "mnist-5k", Arch: "fc-tanh", Loss: "mse", LR: 3e-4, Beta1: 0.8, Beta2: 0.99, Eps: 1e-7,
		BiasCorrection: false, Steps: 3000, Eig: 20, NEigs: 3, Seed: 7, N: 500, Width: 64, Depth: 3, UntilLoss: 0.01, UntilAcc: 0.99,
		Batch: 50, Out: "a.jsonl", Plot: "a.png", Downsample: 2, Pad: 1}
	got := *e
	got.Line, got.words, got.keys = "", nil, nil
	if !reflectEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	if !e.Given("beta2") || e.Given("beta") {
		t.Errorf("Given: beta2=%v beta=%v", e.Given("beta2"), e.Given("beta"))
	}
	v, err := Parse("gd mnist-1k vit ce lr=0.1 d_model=16 patch=7")
	if err != nil || v.Width != 16 || v.Patch != 7 {
		t.Errorf("d_model=16 patch=7: width %d, patch %d, error %v", v.Width, v.Patch, err)
	}
	d, err := Parse("sgd toy2d fc-relu ce lr=0.1")
	if err != nil {
		t.Fatal(err)
	}
	if d.Opt != "gd" || d.Steps != 1000 || d.Eig != 20 || d.NEigs != 2 || !d.BiasCorrection {
		t.Errorf("defaults: %+v", d)
	}
}

func reflectEqual(a, b Spec) bool {
	return a.Opt == b.Opt && a.Data == b.Data && a.Arch == b.Arch && a.Loss == b.Loss && a.LR == b.LR &&
		a.Beta == b.Beta && a.Beta1 == b.Beta1 && a.Beta2 == b.Beta2 && a.Eps == b.Eps && a.BiasCorrection == b.BiasCorrection &&
		a.Steps == b.Steps && a.Eig == b.Eig && a.NEigs == b.NEigs && a.Seed == b.Seed && a.N == b.N && a.Width == b.Width &&
		a.Depth == b.Depth && a.UntilLoss == b.UntilLoss && a.UntilAcc == b.UntilAcc && a.Batch == b.Batch && a.Out == b.Out &&
		a.Plot == b.Plot && a.Downsample == b.Downsample && a.Pad == b.Pad && a.Heads == b.Heads && a.Patch == b.Patch && len(a.Flows) == len(b.Flows)
}

// TestExperimentErrors is the table of documented mistakes: each points at
// a column with a message.
func TestExperimentErrors(t *testing.T) {
	for _, tt := range []struct {
		line string
		col  int
		msg  string
	}{
		{"adma mnist-1k fc-tanh mse lr=0.1", 1, "unknown optimizer 'adma' — did you mean 'adam'?"},
		{"rmsprp mnist-1k fc-tanh mse lr=0.1", 1, "unknown optimizer 'rmsprp' — did you mean 'rmsprop'?"},
		{"zzz mnist-1k fc-tanh mse lr=0.1", 1, "unknown optimizer 'zzz' (valid: gd, heavyball, nesterov, rmsprop, adam"},
		{"gd mnsit-1k fc-tanh mse lr=0.1", 4, "unknown dataset 'mnsit-1k' — did you mean 'mnist-1k'?"},
		{"gd mnist-1k fc-tahn mse lr=0.1", 13, "unknown architecture 'fc-tahn' — did you mean 'fc-tanh'?"},
		{"gd mnist-1k fc-tanh mes lr=0.1", 21, "unknown loss 'mes' — did you mean 'mse'?"},
		{"gd mnist-1k fc-tanh mse lr=0.1 stpes=10", 32, "unknown key 'stpes' — did you mean 'steps'?"},
		{"gd mnist-1k fc-tanh mse lr=0.1 steps", 32, "'steps' is not key=value — did you mean 'steps=…'?"},
		{"gd mnist-1k fc-tanh mse lr=abc", 25, "lr=abc: want a number"},
		{"gd mnist-1k fc-tanh mse lr=0.1 steps=1.5", 32, "steps=1.5: want an integer"},
		{"gd mnist-1k fc-tanh mse lr=0.1 lr=0.2", 32, "lr given twice (first at column 25)"},
		{"gd mnist-1k fc-tanh mse steps=10", 34, "missing lr=… (the learning rate, e.g. lr=0.01)"},
		{"gd mnist-1k fc-tanh lr=0.1", 21, "missing LOSS (mse or ce)"},
		{"gd mnist-1k", 13, "missing ARCH"},
		{"", 1, "missing OPT"},
		{"rmsprop mnist-1k fc-tanh mse lr=0.1 beta1=0.9", 37, "beta1 does not apply to rmsprop (it takes lr, beta2, eps, bias_correction); beta1 is for adam"},
		{"adam mnist-1k fc-tanh mse lr=0.1 beta=0.9", 34, "beta does not apply to adam"},
		{"heavyball mnist-1k fc-tanh mse lr=0.1 beta=0", 39, "beta must be in (0, 1) (beta=0 is plain gd)"},
		{"adam mnist-1k fc-tanh mse lr=0.1 beta2=1", 34, "beta2 must be in (0, 1)"},
		{"gd mnist-1k fc-tanh mse lr=-1", 25, "lr must be > 0"},
		{"adam mnist-1k fc-tanh mse lr=0.1 bias_correction=maybe", 34, "bias_correction=maybe: want true or false"},
		{"gd mnist-1k fc-tanh mse lr=0.1 plot=a.jpg", 32, "plot=a.jpg: want a .png or .svg file name"},
		{"gd mnist-1k fc-tanh mse lr=0.1 flows=zz", 32, "unknown flow 'zz'"},
		{"gd mnist-1k fc-tanh mse lr=0.1 flows=cf cf_integrator=rk4", 41, "cf_integrator=rk4: want euler or adaptive"},
		{"gd mnist-1k fc-tanh mse lr=0.1 flows=gf cf_integrator=adaptive", 41, "cf_integrator applies to central flows"},
		{"gd mnist-1k fc-tanh mse lr=0.1 until_acc=2", 32, "until_acc must be in (0, 1]"},
		{"gd mnist-1k fc-tanh mse lr=0.1 out=", 32, "out has no value"},
		{"gd mnist-1k fc-tanh mse lr=0.1 neigs=0", 32, "neigs=0: out of range: want an integer from 1 to 100"},
		{"gd mnist-1k fc-tanh mse lr=0.1 steps=-5", 32, "steps=-5: out of range: want an integer from 1 to 1000000000"},
		{"gd toy2d fc-tanh mse lr=0.1 width=100000000 steps=1", 29, "width=100000000: out of range: want an integer from 1 to 16384"},
		{"gd toy2d fc-tanh mse lr=0.1 width=1e8", 29, "width=1e8: out of range: want an integer from 1 to 16384"},
		{"gd toy2d fc-tanh mse lr=0.1 width=0", 29, "width=0: out of range: want an integer from 1 to 16384"},
		{"gd toy2d fc-tanh mse lr=0.1 depth=0", 29, "depth=0: out of range: want an integer from 1 to 1000"},
		{"gd toy2d fc-tanh mse lr=0.1 depth=99999999999999999999", 29, "depth=99999999999999999999: out of range: want an integer from 1 to 1000"},
		{"gd toy2d fc-tanh mse lr=0.1 batch=0", 29, "batch=0: out of range: want an integer from 1 to 1000000000"},
		{"gd toy2d fc-tanh mse lr=0.1 downsample=0", 29, "downsample=0: out of range: want an integer from 1 to 64"},
		{"gd toy2d fc-tanh mse lr=0.1 pad=65", 29, "pad=65: out of range: want an integer from 0 to 64"},
		{"gd mnist-1k vit mse lr=0.1 d_model=16 width=16", 28, "d_model and width are the same setting (width given at column 39): give one"},
		{"gd mnist-1k vit mse lr=0.1 patch=0", 28, "patch=0: out of range: want an integer from 1 to 1024"},
		{"gd mnist-1k fc-tanh mse lr=0.1 flows_from=5", 32, "flows_from applies to companion flows, and this line has none"},
		{"gd mnist-1k fc-tanh mse lr=0.1 flows=cf batch=10 flows_from=5", 50, "flows_from needs full-batch training"},
		{"gd mnist-1k fc-tanh mse lr=0.1 flows=cf steps=5 flows_from=5", 49, "flows_from=5 must be below steps=5"},
		{"cf mnist-1k fc-tanh mse lr=0.1 flows=gf flows_from=5", 41, "flows_from applies to optimizers, not to the flow cf"},
		{"gd mnist-1k fc-tanh mse lr=0.1 flows=ct flows_from=5", 41, "flows_from: the constrained trajectory ct starts at initialization only"},
		{"gd mnist-1k fc-tanh mse lr=0.1 flows=cf flows_from=-1", 41, "flows_from=-1: out of range: want an integer from 0 to 1000000000"},
	} {
		t.Run(tt.line, func(t *testing.T) {
			_, err := Parse(tt.line)
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("err = %v, want a *LineError", err)
			}
			if le.Col != tt.col || !strings.HasPrefix(le.Msg, tt.msg) {
				t.Errorf("got column %d %q\nwant column %d %q", le.Col, le.Msg, tt.col, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), "experiment: column ") {
				t.Errorf("Error() = %q", err)
			}
			// the caret sits under the column
			lines := strings.Split(le.Caret(), "\n")
			if len(lines) != 2 || strings.Index(lines[1], "^") != tt.col-1 {
				t.Errorf("caret:\n%s", le.Caret())
			}
		})
	}
}

func TestExperimentColumnsCountRunes(t *testing.T) {
	_, err := Parse("gd mnist-1k fc-tanh mse lr=0.1 out=é.jsonl bogus=1")
	var le *LineError
	if !errors.As(err, &le) || le.Col != 44 {
		t.Fatalf("err = %v, want column 44", err)
	}
}

func TestExperimentBuildErrors(t *testing.T) {
	for _, tt := range []struct {
		line string
		col  int
		msg  string
	}{
		{"gd toy2d-100 fc-tanh mse lr=0.1 n=500", 33, "n=500: toy2d-100 has only 100 examples"},
		{"gd toy2d-100 fc-tanh mse lr=0.1 batch=101", 33, "batch=101 is larger than the 100 examples"},
		{"gd mnist-1k fc-tanh mse lr=0.1 downsample=5", 4, "data: "},
		{"gd moons fc-tanh mse lr=0.1 pad=2", 4, "data: moons: padding applies to image sets only"},
		{"gd mnist-1k vgg mse lr=0.1 n=8", 13, "nn: vgg's five 2×2 poolings need images of at least 32×32"},
		{"gd mnist-1k vit mse lr=0.1 patch=5", 28, "nn: vit needs [channels, height, width] inputs divisible into 5×5 patches"},
		{"gd mnist-1k vit mse lr=0.1 n=8 patch=7 heads=3", 40, "nn: vit width 64 is not a multiple of heads 3"},
		{"gd mnist-1k vit mse lr=0.1 n=8 d_model=30 patch=7", 32, "nn: vit width 30 is not a multiple of heads 4"},
		{"gd sort-1k transformer ce lr=0.1 n=8 heads=5", 38, "nn: transformer width (d_model) 32 is not a multiple of heads 5"},
		{"gd mnist-1k transformer ce lr=0.1 n=8", 13, "nn: transformer needs token sequences"},
	} {
		e, err := Parse(tt.line)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.Build()
		var le *LineError
		if !errors.As(err, &le) || le.Col != tt.col || !strings.HasPrefix(le.Msg, tt.msg) {
			t.Errorf("%s: err = %v, want column %d %q", tt.line, err, tt.col, tt.msg)
		}
	}
}

func TestRunExperiment(t *testing.T) {
	dir := t.TempDir()
	out, plot := filepath.Join(dir, "r.jsonl"), filepath.Join(dir, "r.png")
	var calls int
	traj, err := RunLine(context.Background(),
		"rmsprop toy2d-200 fc-tanh mse lr=1e-3 width=16 steps=40 eig=10 neigs=2 seed=1 out="+out+" plot="+plot,
		func(p train.Progress) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	if traj.Len() != 41 || calls != 41 {
		t.Fatalf("%d records, %d progress calls", traj.Len(), calls)
	}
	back, err := train.LoadJSONL(out)
	if err != nil || back.Len() != 41 {
		t.Fatalf("out file: %v records, %v", back.Len(), err)
	}
	r := back.Records[40]
	if len(r.Eigs) != 2 || len(r.PreEigs) != 2 || r.Threshold != 2000 || math.IsNaN(r.Accuracy) {
		t.Errorf("last record %+v", r)
	}
	if b, err := os.ReadFile(plot); err != nil || len(b) < 1000 || string(b[1:4]) != "PNG" {
		t.Errorf("plot: %d bytes, %v", len(b), err)
	}
	// same line, same seed: the same bytes, whatever GOMAXPROCS is
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	out2 := filepath.Join(dir, "r2.jsonl")
	if _, err := RunLine(context.Background(),
		"rmsprop toy2d-200 fc-tanh mse lr=1e-3 width=16 steps=40 eig=10 neigs=2 seed=1 out="+out2, nil); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(out)
	b, _ := os.ReadFile(out2)
	if string(a) != string(b) {
		t.Error("two runs of the same line differ")
	}
}

func TestRunExperimentMinibatch(t *testing.T) {
	traj, err := RunLine(context.Background(), "sgd toy2d-200 fc-tanh ce lr=0.1 width=16 steps=30 eig=0 batch=20 seed=2", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, bl := traj.Series("batch_loss"); len(bl) != 31 {
		t.Fatalf("batch_loss recorded %d times", len(bl))
	}
	if l := traj.Column("loss"); !(l[30] < l[0]) {
		t.Errorf("SGD did not lower the loss: %v → %v", l[0], l[30])
	}
}

func TestExperimentHelpCoversKeys(t *testing.T) {
	h := Help()
	for _, k := range []string{"lr", "beta", "beta1", "beta2", "eps", "bias_correction", "steps", "eig", "neigs", "seed", "n",
		"width", "depth", "until_loss", "until_acc", "batch", "out", "plot", "flows"} {
		if !strings.Contains(h, "  "+k+"=") {
			t.Errorf("help does not document %s", k)
		}
	}
	for _, o := range optimizerNames() {
		if !strings.Contains(h, "  "+o+" ") {
			t.Errorf("help does not list %s", o)
		}
	}
	// every example in the help parses
	for _, l := range strings.Split(h[strings.Index(h, "Examples:"):strings.Index(h, "Mistakes")], "\n")[1:] {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if _, err := Parse(strings.TrimSpace(l)); err != nil {
			t.Errorf("help example %q: %v", l, err)
		}
	}
}

// eulerFlow is gradient flow integrated by Euler steps of a tenth of an
// optimizer step, registered under a test-only name.
type eulerFlow struct {
	f  ad.Function
	lr float64
	w  []float64
	t  float64
}

func (p *eulerFlow) Name() string { return "testgf" }
func (p *eulerFlow) AdvanceTo(ctx context.Context, t float64) error {
	g := make([]float64, len(p.w))
	for p.t < t-1e-9 {
		p.f.Grad(g, p.w)
		for i := range p.w {
			p.w[i] -= 0.1 * p.lr * g[i]
		}
		p.t += 0.1
	}
	return ctx.Err()
}
func (p *eulerFlow) Params() []float64           { return p.w }
func (p *eulerFlow) Observe() map[string]float64 { return map[string]float64{"loss": p.f.Loss(p.w)} }

func TestExperimentFlowRegistry(t *testing.T) {
	registerFlow(Flow{Name: "testgf", Summary: "test gradient flow", New: func(f ad.Function, w0 []float64, e *Spec) (train.Process, error) {
		return &eulerFlow{f: f, lr: e.LR, w: append([]float64(nil), w0...)}, nil
	}})
	defer delete(flows, "testgf")
	if !strings.Contains(Help(), "testgf     test gradient flow") {
		t.Error("the flow is not in the help")
	}
	traj, err := RunLine(context.Background(), "gd toy2d-200 fc-tanh mse lr=0.05 width=8 steps=20 eig=10 flows=testgf", nil)
	if err != nil {
		t.Fatal(err)
	}
	steps, d := traj.Series("dist_testgf")
	if len(steps) != 3 || d[0] != 0 || !(d[2] > 0 && d[2] < 0.1) {
		t.Errorf("dist_testgf at %v = %v", steps, d)
	}
	if _, l := traj.Series("testgf_loss"); len(l) != 3 {
		t.Errorf("testgf_loss = %v", l)
	}
	// a flow as the main trajectory
	traj, err = RunLine(context.Background(), "testgf toy2d-200 fc-tanh mse lr=0.05 width=8 steps=20 eig=10", nil)
	if err != nil {
		t.Fatal(err)
	}
	if traj.Len() != 3 || traj.Records[2].Step != 20 || !(traj.Records[2].Sharpness > 0) {
		t.Errorf("flow trajectory: %d records, last %+v", traj.Len(), traj.Records[traj.Len()-1])
	}
	for _, tt := range []struct{ line, msg string }{
		{"testgf toy2d fc-tanh mse lr=0.1 beta2=0.9", "beta2 does not apply to testgf (it takes lr)"},
		{"gd toy2d fc-tanh mse lr=0.1 flows=testgf,testgf", "flow testgf listed twice"},
		{"gd toy2d fc-tanh mse lr=0.1 flows=testfg", "unknown flow 'testfg' — did you mean 'testgf'?"},
		{"testgf toy2d fc-tanh mse lr=0.1 batch=10", "batch applies to optimizers, not to the flow testgf"},
	} {
		_, err := Parse(tt.line)
		var le *LineError
		if !errors.As(err, &le) || !strings.HasPrefix(le.Msg, tt.msg) {
			t.Errorf("%s: err = %v, want %q", tt.line, err, tt.msg)
		}
	}
}
