package optim

import "sort"

// Family is one optimizer as listings and the experiment language see it:
// its name, where it is listed, its stability threshold as text (the
// formula its Threshold method computes), the hyperparameters it reads
// and its constructor. Each optimizer's file declares its row; Families
// lists them.
type Family struct {
	Name    string   // "gd", as Optimizer.Name returns it
	Aliases []string // other accepted spellings ("sgd")
	Order   int      // position in listings (gd first)
	Summary string   // one line: the update and its defaults
	// Threshold is the stability threshold in the notation of docs/SCIENCE.md
	// §1 (η, β, β₁), on λ₁(P⁻¹H) for preconditioned optimizers and on
	// λ₁(H) otherwise.
	Threshold string
	// Preconditioned tells whether the threshold is on λ₁(P⁻¹H).
	Preconditioned bool
	// Keys are the hyperparameters the optimizer reads besides the
	// learning rate, by their experiment-language names ("beta", "beta1",
	// "beta2", "eps", "bias_correction").
	Keys []string
	New  func(h Hyper) (Optimizer, error)
}

// Hyper is the union of the optimizers' settings, as read from an
// experiment line; each family reads the fields named in its Keys, and
// zero fields mean the family's defaults.
type Hyper struct {
	LR, Beta, Beta1, Beta2, Eps float64
	NoBiasCorrection            bool
}

// families are the rows declared beside each optimizer.
var families = []Family{gdFamily, heavyBallFamily, nesterovFamily, rmspropFamily, adamFamily, scalarRMSPropFamily}

// Families returns the optimizer families in listing order.
func Families() []Family {
	out := append([]Family(nil), families...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Order < out[j].Order })
	return out
}

// LookupFamily returns the family named name or one of its aliases.
func LookupFamily(name string) (Family, bool) {
	for _, f := range families {
		if f.Name == name {
			return f, true
		}
		for _, a := range f.Aliases {
			if a == name {
				return f, true
			}
		}
	}
	return Family{}, false
}
