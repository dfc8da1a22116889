package experiment

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/nn"
	"github.com/eoslab/eoslab/lib/optim"
	"github.com/eoslab/eoslab/lib/train"
)

// Spec is one parsed experiment line,
//
//	OPT DATA ARCH LOSS key=value ...
//
// the language shared by the %train magic and the `eoslab train` command
// (Help documents it). Zero numeric fields mean the documented
// defaults; Given tells whether a key was written.
type Spec struct {
	Line                  string // the line as parsed
	Opt, Data, Arch, Loss string

	LR                      float64 // lr: learning rate η (required)
	Beta, Beta1, Beta2, Eps float64 // optimizer settings; zero: the optimizer's default
	BiasCorrection          bool    // bias_correction (default true)
	Steps, Eig, NEigs       int
	Seed                    int64
	N, Width, Depth         int
	Heads, Patch            int
	Downsample, Batch       int
	Pad                     int // pad: zero pixels added on each side of images
	UntilLoss, UntilAcc     float64
	Out, Plot               string
	Flows                   []string // flows=gf,cf: companion processes
	CFIntegrator            string   // cf_integrator: the central flows' integrator ("" is euler)
	FlowsFrom               int      // flows_from: the step the companion flows start at

	warm *warmState // the optimizer's state at step FlowsFrom, set while building the flows

	words []word          // positional words, in order
	keys  map[string]word // key → its key=value word
}

// word is a whitespace-separated word of the line and where it starts.
type word struct {
	text string
	col  int // 1-based column, in runes
}

// LineError is a mistake in an experiment line, pointing at the offending
// word.
type LineError struct {
	Line string
	Col  int    // 1-based column of Word in Line (runes)
	Word string // the offending word ("" when something is missing at the end)
	Msg  string // e.g. "unknown optimizer 'adma' — did you mean 'adam'?"
}

func (e *LineError) Error() string { return fmt.Sprintf("experiment: column %d: %s", e.Col, e.Msg) }

// Caret returns the line with a marker under the offending word:
//
//	adma mnist-1k fc-tanh mse lr=0.1
//	^~~~
func (e *LineError) Caret() string {
	n := utf8.RuneCountInString(e.Word)
	if n == 0 {
		n = 1
	}
	return e.Line + "\n" + strings.Repeat(" ", max(e.Col-1, 0)) + "^" + strings.Repeat("~", n-1)
}

// The optimizers of the language are optim's families (optim.Families):
// their names, aliases, keys, thresholds and constructors.

// hyper is the line's optimizer settings.
func (e *Spec) hyper() optim.Hyper {
	return optim.Hyper{LR: e.LR, Beta: e.Beta, Beta1: e.Beta1, Beta2: e.Beta2, Eps: e.Eps, NoBiasCorrection: !e.BiasCorrection}
}

// Flow is a continuous-time process the experiment language can run,
// as the main trajectory (OPT = Name) or as a companion (flows=Name,...).
// Flows register themselves with registerFlow from an init function in
// their own file (flows.go).
type Flow struct {
	Name    string // "gf", "cf", "cf-rmsprop"
	Summary string // one line for %help train
	// Keys are the optimizer keys the flow reads from the line besides lr
	// (e.g. "beta2", "eps" for an RMSProp central flow).
	Keys []string
	// New builds the process starting at w0 for the objective f, reading
	// the hyperparameters (LR, Beta2, ...) from e. As a companion the
	// process is advanced to the optimizer's step; as the main trajectory
	// it is recorded every Eig steps (every step without eig).
	New func(f ad.Function, w0 []float64, e *Spec) (train.Process, error)
}

var flows = map[string]Flow{}

// registerFlow adds a flow to the experiment language; a duplicate name,
// or a name taken by an optimizer, is a programming error.
func registerFlow(f Flow) {
	if _, dup := flows[f.Name]; dup {
		panic("experiment: flow " + f.Name + " registered twice")
	}
	if _, dup := optim.LookupFamily(f.Name); dup {
		panic("experiment: flow " + f.Name + " has an optimizer's name")
	}
	flows[f.Name] = f
}

// dataExamples are the dataset names offered in suggestions; lib/data
// accepts any size (mnist-2.5k, gauss-500-d10, ...).
var dataExamples = []string{"mnist", "mnist-1k", "mnist-5k", "cifar10", "cifar10-5k", "gauss-1k", "teacher-1k", "moons", "circles", "toy2d", "sort-1k", "copy-1k"}
var dataBases = []string{"mnist", "cifar10", "gauss", "teacher", "moons", "circles", "toy2d", "sort", "copy"}

var lossNames = []string{"mse", "ce"}

// Parse parses an experiment line. Mistakes are *LineError
// values pointing at the offending word.
func Parse(line string) (*Spec, error) {
	e := &Spec{Line: line, BiasCorrection: true, Steps: 1000, Eig: 20, NEigs: 2, keys: map[string]word{}}
	words := splitWords(line)
	fail := func(w word, format string, args ...any) error {
		return &LineError{Line: line, Col: w.col, Word: w.text, Msg: fmt.Sprintf(format, args...)}
	}
	end := word{col: utf8.RuneCountInString(strings.TrimRight(line, " \t")) + 2}
	if strings.TrimSpace(line) == "" {
		end.col = 1
	}
	positional := []string{"OPT (an optimizer: " + strings.Join(optimizerNames(), ", ") + ")",
		"DATA (a dataset such as mnist-1k or cifar10-5k)",
		"ARCH (an architecture such as fc-tanh or cnn-relu)",
		"LOSS (mse or ce)"}
	for i, what := range positional {
		if i >= len(words) || strings.Contains(words[i].text, "=") {
			at := end
			if i < len(words) {
				at = words[i]
			}
			return nil, fail(at, "missing %s", what)
		}
		e.words = append(e.words, words[i])
	}
	e.Opt, e.Data, e.Arch, e.Loss = words[0].text, words[1].text, words[2].text, words[3].text
	// OPT
	fam, isOpt := optim.LookupFamily(e.Opt)
	if isOpt {
		e.Opt = fam.Name
	}
	_, isFlow := flows[e.Opt]
	if !isOpt && !isFlow {
		return nil, fail(words[0], "unknown optimizer '%s'%s", words[0].text, suggest(words[0].text, append(optimizerNames(), flowNames()...)))
	}
	// DATA
	base := e.Data
	if i := strings.IndexAny(base, "-:"); i >= 0 {
		base = base[:i]
	}
	if !slices.Contains(dataBases, base) {
		return nil, fail(words[1], "unknown dataset '%s'%s", e.Data, suggest(e.Data, dataExamples))
	}
	// ARCH
	if err := checkArch(e.Arch); err != nil {
		return nil, fail(words[2], "unknown architecture '%s'%s", e.Arch, suggest(e.Arch, nn.Archs))
	}
	// LOSS
	if !slices.Contains(lossNames, e.Loss) {
		return nil, fail(words[3], "unknown loss '%s'%s", e.Loss, suggest(e.Loss, lossNames))
	}
	if err := e.setKeys(words[4:], fail); err != nil {
		return nil, err
	}
	return e, e.check(fail, end)
}

// setKeys reads the key=value words into e.
func (e *Spec) setKeys(words []word, fail func(w word, format string, args ...any) error) error {
	var keyNames []string
	for _, k := range keyTable {
		keyNames = append(keyNames, k.name)
	}
	for _, w := range words {
		k, v, ok := strings.Cut(w.text, "=")
		if !ok {
			msg := fmt.Sprintf("'%s' is not key=value", w.text)
			if i := indexKey(w.text); i >= 0 {
				msg += fmt.Sprintf(" — did you mean '%s=…'?", w.text)
			} else {
				msg += " (OPT DATA ARCH LOSS come first, then key=value settings)"
			}
			return fail(w, "%s", msg)
		}
		i := indexKey(k)
		if i < 0 {
			return fail(w, "unknown key '%s'%s", k, suggest(k, keyNames))
		}
		if prev, dup := e.keys[k]; dup {
			return fail(w, "%s given twice (first at column %d)", k, prev.col)
		}
		if v == "" {
			return fail(w, "%s has no value (%s)", k, keyTable[i].doc)
		}
		if err := keyTable[i].set(e, v); err != nil {
			return fail(w, "%s=%s: %v", k, v, err)
		}
		e.keys[k] = w
	}
	return nil
}

// check validates the combination of keys.
func (e *Spec) check(fail func(w word, format string, args ...any) error, end word) error {
	takes := []string{"lr"}
	if fam, ok := optim.LookupFamily(e.Opt); ok {
		takes = append(takes, fam.Keys...)
	} else {
		takes = append(takes, flows[e.Opt].Keys...)
	}
	for _, k := range []string{"lr", "beta", "beta1", "beta2", "eps", "bias_correction"} {
		w, given := e.keys[k]
		if !given || slices.Contains(takes, k) {
			continue
		}
		msg := fmt.Sprintf("%s does not apply to %s (it takes %s)", k, e.Opt, strings.Join(takes, ", "))
		for _, alt := range []struct{ key, opt string }{{"beta", "heavyball"}, {"beta1", "adam"}} {
			if k == alt.key {
				msg += fmt.Sprintf("; %s is for %s", alt.key, alt.opt)
			}
		}
		return fail(w, "%s", msg)
	}
	if _, ok := e.keys["lr"]; !ok {
		return fail(end, "missing lr=… (the learning rate, e.g. lr=0.01)")
	}
	if w, ok := e.keys["d_model"]; ok {
		if prev, both := e.keys["width"]; both {
			return fail(w, "d_model and width are the same setting (width given at column %d): give one", prev.col)
		}
	}
	if e.LR <= 0 {
		return fail(e.keys["lr"], "lr must be > 0")
	}
	for _, k := range []struct {
		key string
		v   float64
	}{{"beta", e.Beta}, {"beta1", e.Beta1}, {"beta2", e.Beta2}} {
		if w, ok := e.keys[k.key]; ok && (k.v <= 0 || k.v >= 1) {
			hint := ""
			if k.v == 0 {
				hint = map[string]string{"beta": " (beta=0 is plain gd)", "beta1": " (beta1=0 is rmsprop)", "beta2": ""}[k.key]
			}
			return fail(w, "%s must be in (0, 1)%s", k.key, hint)
		}
	}
	if w, ok := e.keys["eps"]; ok && e.Eps <= 0 {
		return fail(w, "eps must be > 0")
	}
	if w, ok := e.keys["until_acc"]; ok && (e.UntilAcc <= 0 || e.UntilAcc > 1) {
		return fail(w, "until_acc must be in (0, 1]")
	}
	if w, ok := e.keys["batch"]; ok {
		if _, isFlow := flows[e.Opt]; isFlow {
			return fail(w, "batch applies to optimizers, not to the flow %s", e.Opt)
		}
	}
	if w, ok := e.keys["cf_integrator"]; ok && !e.hasCentralFlow() {
		return fail(w, "cf_integrator applies to central flows (cf, cf-rmsprop, cf-srmsprop as OPT or in flows=), and this line has none")
	}
	if w, ok := e.keys["flows"]; ok {
		seen := map[string]bool{}
		for _, name := range e.Flows {
			if _, ok := flows[name]; !ok {
				avail := "no flows are available in this build"
				if len(flows) > 0 {
					avail = "available: " + strings.Join(flowNames(), ", ")
				}
				if s := suggest(name, flowNames()); s != "" && len(flows) > 0 {
					return fail(w, "unknown flow '%s'%s", name, s)
				}
				return fail(w, "unknown flow '%s' (%s)", name, avail)
			}
			if seen[name] || name == e.Opt {
				return fail(w, "flow %s listed twice", name)
			}
			seen[name] = true
		}
	}
	return e.checkFlowsFrom(fail)
}

// checkFlowsFrom validates flows_from against the keys it depends on.
func (e *Spec) checkFlowsFrom(fail func(w word, format string, args ...any) error) error {
	w, ok := e.keys["flows_from"]
	if !ok || e.FlowsFrom == 0 {
		return nil
	}
	switch {
	case len(e.Flows) == 0:
		return fail(w, "flows_from applies to companion flows, and this line has none (add flows=sf,cf)")
	case e.Batch > 0:
		return fail(w, "flows_from needs full-batch training: the flows start from the optimizer's state, replayed full batch (remove batch=)")
	case e.FlowsFrom >= e.Steps:
		return fail(w, "flows_from=%d must be below steps=%d", e.FlowsFrom, e.Steps)
	}
	if _, isFlow := flows[e.Opt]; isFlow {
		return fail(w, "flows_from applies to optimizers, not to the flow %s", e.Opt)
	}
	if slices.Contains(e.Flows, "ct") {
		return fail(w, "flows_from: the constrained trajectory ct starts at initialization only (drop flows_from, or ct from flows=)")
	}
	return nil
}

// hasCentralFlow reports whether OPT or a companion is a central flow.
func (e *Spec) hasCentralFlow() bool {
	for _, name := range append([]string{e.Opt}, e.Flows...) {
		if name == "cf" || strings.HasPrefix(name, "cf-") {
			return true
		}
	}
	return false
}

// Given reports whether key=value was written on the line.
func (e *Spec) Given(key string) bool {
	_, ok := e.keys[key]
	return ok
}

// IsFlow reports whether OPT names a flow rather than an optimizer.
func (e *Spec) IsFlow() bool {
	_, ok := flows[e.Opt]
	return ok
}

func (e *Spec) String() string { return strings.Join(strings.Fields(e.Line), " ") }

func splitWords(line string) []word {
	var out []word
	col, start := 1, -1
	startCol := 0
	for i, r := range line {
		space := r == ' ' || r == '\t' || r == '\n' || r == '\r'
		switch {
		case space && start >= 0:
			out = append(out, word{line[start:i], startCol})
			start = -1
		case !space && start < 0:
			start, startCol = i, col
		}
		col++
	}
	if start >= 0 {
		out = append(out, word{line[start:], startCol})
	}
	return out
}

func optimizerNames() []string {
	var names []string
	for _, f := range optim.Families() {
		names = append(names, f.Name)
	}
	return names
}

func flowNames() []string {
	names := make([]string, 0, len(flows))
	for n := range flows {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// checkArch accepts what nn.New accepts, asking it on a small input.
func checkArch(arch string) error {
	if slices.Contains(nn.Archs, arch) {
		return nil
	}
	_, err := nn.New(arch, []int{1, 8, 8}, 2, nn.Config{Width: 1, Depth: 1})
	return err
}
