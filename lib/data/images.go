package data

import (
	"fmt"
	"math"
	"math/big"
	"sync"

	"github.com/eoslab/eoslab/internal/memory"
)

// rawImages is one split of an image dataset as stored on disk: n images of
// c×h×w bytes in channel, row, column order, and their labels.
type rawImages struct {
	n, c, h, w int
	pix        []byte
	labels     []byte
	classes    int
}

// stats are the per-feature mean and standard deviation of a training set at
// one downsampling factor.
type stats struct {
	mean, std []float64
}

// The loaded splits and their statistics are kept for the life of the
// process: a notebook loads the same set many times, and the statistics need
// the whole training set.
var (
	cacheMu    sync.Mutex
	rawCache   = map[string]*rawImages{}
	statsCache = map[string]*stats{}
)

type imageSource struct {
	name string // "mnist" or "cifar10"
	// key identifies where the files come from (their directory).
	key  func(dir string) (string, error)
	load func(dir, split string) (*rawImages, error)
}

// raw returns a split, loading it once per process.
func (src *imageSource) raw(dir, split string) (*rawImages, string, error) {
	key, err := src.key(dir)
	if err != nil {
		return nil, "", err
	}
	k := src.name + "\x00" + key + "\x00" + split
	cacheMu.Lock()
	r := rawCache[k]
	cacheMu.Unlock()
	if r != nil {
		return r, key, nil
	}
	r, err = src.load(dir, split)
	if err != nil {
		return nil, "", err
	}
	cacheMu.Lock()
	rawCache[k] = r
	cacheMu.Unlock()
	return r, key, nil
}

// loadImages builds a standardized image set: the first n examples of split
// (all when n is 0) among opt.Classes, pixels scaled to [0, 1], average-pooled
// by opt.Downsample, minus the per-feature mean and divided by the
// per-feature standard deviation of the whole training set at that
// resolution, then zero-padded by opt.Pad pixels per side.
func loadImages(src *imageSource, name, split string, n int, opt Options) (*Set, error) {
	k := opt.Downsample
	if k <= 0 {
		k = 1
	}
	train, key, err := src.raw(opt.Dir, "train")
	if err != nil {
		return nil, err
	}
	if train.h%k != 0 || train.w%k != 0 {
		return nil, fmt.Errorf("data: %s: downsampling factor %d does not divide the %d×%d images", name, k, train.h, train.w)
	}
	remap, outputs, err := classMap(opt.Classes, train.classes)
	if err != nil {
		return nil, fmt.Errorf("data: %s: %v", name, err)
	}
	from := train
	if split == "test" {
		if from, _, err = src.raw(opt.Dir, "test"); err != nil {
			return nil, err
		}
	}
	// Select the first n examples of the requested classes.
	var idx []int
	for i := 0; i < from.n && (n == 0 || len(idx) < n); i++ {
		if remap[from.labels[i]] >= 0 {
			idx = append(idx, i)
		}
	}
	if n > 0 && len(idx) < n {
		what := "examples"
		if len(opt.Classes) > 0 {
			what = fmt.Sprintf("examples of classes %v", opt.Classes)
		}
		return nil, fmt.Errorf("data: %s: asked for %d examples but the %s split has only %d %s", name, n, split, len(idx), what)
	}

	side := func(x int) float64 { return float64(x/k + 2*opt.Pad) }
	if err := memory.Check(name+"'s images", 8*float64(len(idx)*train.c)*side(train.h)*side(train.w)); err != nil {
		return nil, fmt.Errorf("data: %v: ask for fewer examples or less padding", err)
	}
	st := trainStats(src.name+"\x00"+key, train, k)
	return standardize(name, from, idx, remap, outputs, st, k, opt.Pad), nil
}

// standardize builds the set of images idx of r: each summed over k×k
// blocks, scaled to [0, 1], standardized by st and zero-padded by pad pixels
// on each side (X then has Shape [C, H/k+2pad, W/k+2pad]).
func standardize(name string, r *rawImages, idx, remap []int, outputs int, st *stats, k, pad int) *Set {
	h, w := r.h/k, r.w/k
	ph, pw := h+2*pad, w+2*pad
	f, pf := r.c*h*w, r.c*ph*pw
	s := &Set{
		Name:    name,
		X:       make([]float64, len(idx)*pf),
		Shape:   []int{r.c, ph, pw},
		Y:       make([]float64, len(idx)*outputs),
		Labels:  make([]int, len(idx)),
		Outputs: outputs,
	}
	scale := 255 * float64(k*k)
	parallelRows(len(idx), func(lo, hi int) {
		sums := make([]int64, f)
		for row := lo; row < hi; row++ {
			i := idx[row]
			dst := s.X[row*pf : (row+1)*pf]
			sumsTo(sums, r, i, k)
			for j, v := range sums {
				// feature j = (channel, y, x) lands at (channel, y+pad, x+pad)
				c, y, x := j/(h*w), j/w%h, j%w
				dst[(c*ph+y+pad)*pw+x+pad] = (float64(v)/scale - st.mean[j]) / st.std[j]
			}
			lab := remap[r.labels[i]]
			s.Labels[row] = lab
			s.Y[row*outputs+lab] = 1
		}
	})
	return s
}

// sumsTo writes image i of r, summed over k×k blocks per channel, into dst
// (c × h/k × w/k integers; each is k² pixel values in [0, 255]).
func sumsTo(dst []int64, r *rawImages, i, k int) {
	size := r.c * r.h * r.w
	img := r.pix[i*size : (i+1)*size]
	if k == 1 {
		for j, p := range img {
			dst[j] = int64(p)
		}
		return
	}
	h, w := r.h/k, r.w/k
	for c := 0; c < r.c; c++ {
		plane := img[c*r.h*r.w:]
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				var sum int64
				for dy := 0; dy < k; dy++ {
					row := plane[(y*k+dy)*r.w+x*k:]
					for dx := 0; dx < k; dx++ {
						sum += int64(row[dx])
					}
				}
				dst[(c*h+y)*w+x] = sum
			}
		}
	}
}

// trainStats returns (computing once) the per-feature mean and population
// standard deviation (numpy's default, ddof 0) of the whole training set at
// downsampling factor k. Features are integers (sums of k² pixels) divided by
// 255k², so the sums S and sums of squares Q are accumulated exactly in
// integers — in any order, hence identical for any GOMAXPROCS — and
// mean = S/(n·255k²), std = √(nQ − S²)/(n·255k²) are each rounded once. A
// feature that is constant over the training set (MNIST's border pixels)
// gets std 1, so it is centred to 0 and not divided by zero.
func trainStats(key string, r *rawImages, k int) *stats {
	ck := fmt.Sprintf("%s\x00%d", key, k)
	cacheMu.Lock()
	st := statsCache[ck]
	cacheMu.Unlock()
	if st != nil {
		return st
	}
	f := r.c * (r.h / k) * (r.w / k)
	const chunk = 2500
	nc := (r.n + chunk - 1) / chunk
	sums := make([][]int64, nc)
	sqs := make([][]int64, nc)
	parallelRows(nc, func(lo, hi int) {
		row := make([]int64, f)
		for c := lo; c < hi; c++ {
			s, q := make([]int64, f), make([]int64, f)
			for i := c * chunk; i < min((c+1)*chunk, r.n); i++ {
				sumsTo(row, r, i, k)
				for j, v := range row {
					s[j] += v
					q[j] += v * v
				}
			}
			sums[c], sqs[c] = s, q
		}
	})
	mean := make([]float64, f)
	std := make([]float64, f)
	n := big.NewInt(int64(r.n))
	denom := float64(r.n) * 255 * float64(k*k)
	var S, Q, nQ, S2 big.Int
	for j := 0; j < f; j++ {
		var s, q int64
		for c := range sums {
			s += sums[c][j]
			q += sqs[c][j]
		}
		S.SetInt64(s)
		Q.SetInt64(q)
		nQ.Mul(n, &Q)
		S2.Mul(&S, &S)
		nQ.Sub(&nQ, &S2) // n²·variance·(255k²)², exact
		v, _ := new(big.Float).SetInt(&nQ).Float64()
		mean[j] = float64(s) / denom
		std[j] = math.Sqrt(v) / denom
		if std[j] == 0 {
			std[j] = 1
		}
	}
	st = &stats{mean: mean, std: std}
	cacheMu.Lock()
	statsCache[ck] = st
	cacheMu.Unlock()
	return st
}

// classMap maps dataset labels to output indices: the identity when classes
// is empty, otherwise class classes[i] → i and every other class → -1.
func classMap(classes []int, total int) (remap []int, outputs int, err error) {
	remap = make([]int, 256)
	for i := range remap {
		remap[i] = -1
	}
	if len(classes) == 0 {
		for c := 0; c < total; c++ {
			remap[c] = c
		}
		return remap, total, nil
	}
	for i, c := range classes {
		if c < 0 || c >= total {
			return nil, 0, fmt.Errorf("class %d out of range [0,%d)", c, total)
		}
		if remap[c] >= 0 {
			return nil, 0, fmt.Errorf("class %d listed twice", c)
		}
		remap[c] = i
	}
	return remap, len(classes), nil
}
