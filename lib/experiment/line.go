package experiment

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/data"
	"github.com/eoslab/eoslab/lib/nn"
	"github.com/eoslab/eoslab/lib/optim"
	"github.com/eoslab/eoslab/lib/plots"
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
	UntilLoss, UntilAcc     float64
	Out, Plot               string
	Flows                   []string // flows=gf,cf: companion processes
	CFIntegrator            string   // cf_integrator: the central flows' integrator ("" is euler)

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
	// key=value
	var keyNames []string
	for _, k := range keyTable {
		keyNames = append(keyNames, k.name)
	}
	for _, w := range words[4:] {
		k, v, ok := strings.Cut(w.text, "=")
		if !ok {
			msg := fmt.Sprintf("'%s' is not key=value", w.text)
			if i := indexKey(w.text); i >= 0 {
				msg += fmt.Sprintf(" — did you mean '%s=…'?", w.text)
			} else {
				msg += " (OPT DATA ARCH LOSS come first, then key=value settings)"
			}
			return nil, fail(w, "%s", msg)
		}
		i := indexKey(k)
		if i < 0 {
			return nil, fail(w, "unknown key '%s'%s", k, suggest(k, keyNames))
		}
		if prev, dup := e.keys[k]; dup {
			return nil, fail(w, "%s given twice (first at column %d)", k, prev.col)
		}
		if v == "" {
			return nil, fail(w, "%s has no value (%s)", k, keyTable[i].doc)
		}
		if err := keyTable[i].set(e, v); err != nil {
			return nil, fail(w, "%s=%s: %v", k, v, err)
		}
		e.keys[k] = w
	}
	return e, e.check(fail, end)
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

func indexKey(k string) int {
	for i, s := range keyTable {
		if s.name == k {
			return i
		}
	}
	return -1
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

// suggest returns " — did you mean 'x'?" for the closest candidate, or a
// list of the valid names when none is close.
func suggest(got string, candidates []string) string {
	best, bestD := "", math.MaxInt
	for _, c := range candidates {
		d := typoDistance(strings.ToLower(got), c)
		if strings.HasPrefix(c, strings.ToLower(got)) && len(got) >= 2 {
			d = min(d, 1)
		}
		if d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	if best != "" && bestD <= max(2, utf8.RuneCountInString(got)/3) {
		return fmt.Sprintf(" — did you mean '%s'?", best)
	}
	if len(candidates) == 0 {
		return ""
	}
	return " (valid: " + strings.Join(candidates, ", ") + ")"
}

// typoDistance is the optimal-string-alignment distance: insertions,
// deletions, substitutions and transpositions of adjacent letters ("adma"
// is one away from "adam") each count 1.
func typoDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

// Setup is an experiment with everything built: the dataset, the
// network, the objective, the initial parameters, the optimizer (or the
// flow when OPT names one) and the companion flows. Cells can inspect it
// or change Settings before calling Run.
type Setup struct {
	Spec      *Spec
	Set       *data.Set
	Net       *nn.Net
	Objective *nn.Objective
	W0        []float64
	Optimizer optim.Optimizer // nil when OPT is a flow
	Primary   train.Process   // the flow when OPT is one
	Flows     []train.Process
	Settings  train.Settings
}

// Build loads the data and builds the network, objective, optimizer and
// flows of the line. Errors about a word (an unavailable dataset, an
// architecture that does not fit the data) are *LineError values.
func (e *Spec) Build() (*Setup, error) {
	fail := func(i int, err error) error {
		return &LineError{Line: e.Line, Col: e.words[i].col, Word: e.words[i].text, Msg: err.Error()}
	}
	set, err := data.Load(e.Data, data.Options{Seed: e.Seed, Downsample: e.Downsample})
	if err != nil {
		return nil, fail(1, err)
	}
	if e.N > 0 {
		if e.N > set.N() {
			w := e.keys["n"]
			return nil, &LineError{Line: e.Line, Col: w.col, Word: w.text, Msg: fmt.Sprintf("n=%d: %s has only %d examples", e.N, set.Name, set.N())}
		}
		set = firstN(set, e.N)
	}
	if w, ok := e.keys["batch"]; ok && e.Batch > set.N() {
		return nil, &LineError{Line: e.Line, Col: w.col, Word: w.text, Msg: fmt.Sprintf("batch=%d is larger than the %d examples", e.Batch, set.N())}
	}
	net, err := nn.New(e.Arch, set.Shape, set.Outputs, nn.Config{Width: e.Width, Depth: e.Depth, Heads: e.Heads, Patch: e.Patch})
	if err != nil {
		return nil, fail(2, err)
	}
	obj, err := nn.NewObjective(net, set, e.Loss, nn.ObjectiveConfig{})
	if err != nil {
		return nil, fail(3, err)
	}
	r := &Setup{Spec: e, Set: set, Net: net, Objective: obj, W0: net.Init(e.Seed)}
	if fam, ok := optim.LookupFamily(e.Opt); ok {
		if r.Optimizer, err = fam.New(e.hyper()); err != nil {
			return nil, fail(0, err)
		}
	} else {
		if r.Primary, err = flows[e.Opt].New(obj, r.W0, e); err != nil {
			return nil, fail(0, err)
		}
	}
	for _, name := range e.Flows {
		p, err := flows[name].New(obj, r.W0, e)
		if err != nil {
			w := e.keys["flows"]
			return nil, &LineError{Line: e.Line, Col: w.col, Word: w.text, Msg: fmt.Sprintf("flow %s: %v", name, err)}
		}
		r.Flows = append(r.Flows, p)
	}
	r.Settings = train.Settings{
		Steps: e.Steps, Eig: e.Eig, NEigs: e.NEigs, Seed: e.Seed,
		UntilLoss: e.UntilLoss, UntilAcc: e.UntilAcc, Batch: e.Batch,
		Processes: r.Flows, Out: e.Out, Label: e.String(),
	}
	return r, nil
}

// Run trains (or integrates the flow) with progress reported to progress
// (may be nil), then saves the figure when plot= was given, also after an
// interruption or a divergence, for the records made so far.
func (r *Setup) Run(ctx context.Context, progress func(train.Progress)) (*train.Trajectory, error) {
	s := r.Settings
	s.Progress = progress
	var f ad.Function = r.Objective
	if s.Batch > 0 {
		f = batchObjective{r.Objective}
	}
	var traj *train.Trajectory
	var err error
	if r.Optimizer != nil {
		traj, err = train.Run(ctx, f, r.Optimizer, r.W0, s)
	} else {
		traj, err = train.RunProcess(ctx, f, r.Primary, s)
	}
	if r.Spec.Plot != "" && traj != nil && traj.Len() > 0 {
		fig, ferr := plots.Training(traj)
		if ferr == nil {
			ferr = fig.Save(r.Spec.Plot)
		}
		if ferr != nil && err == nil {
			err = ferr
		}
	}
	return traj, err
}

// RunLine parses, builds and runs an experiment line.
func RunLine(ctx context.Context, line string, progress func(train.Progress)) (*train.Trajectory, error) {
	e, err := Parse(line)
	if err != nil {
		return nil, err
	}
	r, err := e.Build()
	if err != nil {
		return nil, err
	}
	return r.Run(ctx, progress)
}

// batchObjective gives an nn.Objective the minibatch interface of the
// training loop.
type batchObjective struct{ *nn.Objective }

func (b batchObjective) Examples() int { return b.N() }

func (b batchObjective) BatchGrad(dst, w []float64, idx []int) float64 {
	return b.Subset(idx).Grad(dst, w)
}

// firstN returns the first n examples of s (copied).
func firstN(s *data.Set, n int) *data.Set {
	f, k := s.Features(), s.Outputs
	out := &data.Set{
		Name:    fmt.Sprintf("%s[:%d]", s.Name, n),
		X:       append([]float64(nil), s.X[:n*f]...),
		Shape:   append([]int(nil), s.Shape...),
		Y:       append([]float64(nil), s.Y[:n*k]...),
		Outputs: k,
	}
	if s.Labels != nil {
		out.Labels = append([]int(nil), s.Labels[:n]...)
	}
	return out
}

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
