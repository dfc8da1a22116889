package experiment

import (
	"fmt"
	"strings"

	"github.com/eoslab/eoslab/lib/optim"
)

// Help documents the experiment line language: the grammar, the
// optimizers and flows, the keys, examples and the errors.
func Help() string {
	var b strings.Builder
	b.WriteString(`Experiment lines: OPT DATA ARCH LOSS key=value ...

  OPT    an optimizer (below), or a flow run as the main trajectory
  DATA   a dataset: mnist-1k, mnist-5k, cifar10-5k (the first N·1000 training
         images, standardized), mnist, cifar10, gauss-1k, teacher-1k,
         moons, circles (toy2d is moons), sort-1k, copy-1k (sequences of 8
         tokens of 4, next-token prediction on the second half)
  ARCH   fc-ACT (ACT: relu elu tanh hardtanh softplus gelu), cnn-ACT[-avg|-max],
         linear (a deep linear net), resnet, vgg, vit (images), transformer,
         lstm (sequences)
  LOSS   mse (½‖f(x) − onehot(y)‖² averaged over examples) or ce (cross-entropy;
         positions labelled −1 are ignored)

`)
	writeOptimizerHelp(&b)
	if len(flows) > 0 {
		b.WriteString("\nFlows (as OPT, or companions with flows=a,b):\n")
		for _, n := range flowNames() {
			fmt.Fprintf(&b, "  %-10s %s\n", n, flows[n].Summary)
		}
	}
	b.WriteString("\nKeys:\n")
	for _, k := range keyTable {
		fmt.Fprintf(&b, "  %-16s %s\n", k.name+"="+k.kind, k.doc)
	}
	b.WriteString(`
Each record has step, loss, accuracy, grad_norm; every eig steps also eigs,
sharpness, pre_eigs and pre_sharpness (rmsprop, adam) and threshold; with
flows, dist_<flow> (‖w − w_flow‖) and the flow's own <flow>_<field> values.

Examples:
  gd mnist-5k fc-tanh mse lr=0.02 steps=3000 eig=20 neigs=2 seed=0
  gd cifar10-5k fc-tanh mse lr=0.01 steps=10000 eig=100 out=gd.jsonl plot=gd.png
  adam mnist-1k fc-tanh mse lr=1e-3 beta2=0.99 downsample=4 width=100 steps=600 eig=10
  rmsprop mnist-1k fc-tanh mse lr=3e-4 beta2=0.99 bias_correction=false steps=600
  gd mnist-1k fc-relu ce lr=0.1 batch=100 until_acc=0.99

Mistakes point at the word, with a suggestion:
  adma mnist-1k fc-tanh mse lr=0.1
  ^~~~ experiment: column 1: unknown optimizer 'adma' — did you mean 'adam'?
Other errors: unknown dataset / architecture / loss / key / flow, 'x' is not
key=value, k given twice, k=v: want a number, beta1 does not apply to rmsprop,
missing LOSS, missing lr=….
`)
	return b.String()
}

// writeOptimizerHelp lists optim's families with their thresholds.
func writeOptimizerHelp(b *strings.Builder) {
	var pre, aliases []string
	for _, f := range optim.Families() {
		if f.Preconditioned {
			pre = append(pre, f.Name)
		}
		for _, a := range f.Aliases {
			aliases = append(aliases, a+" is "+f.Name)
		}
	}
	fmt.Fprintf(b, "Optimizers (thresholds on λ₁(P⁻¹H), P = diag(√ν̂+ε) for %s, else λ₁(H)):\n", strings.Join(pre, ", "))
	for _, f := range optim.Families() {
		fmt.Fprintf(b, "  %-10s %s; threshold %s\n", f.Name, f.Summary, f.Threshold)
	}
	fmt.Fprintf(b, "  (%s)\n", strings.Join(aliases, ", "))
}
