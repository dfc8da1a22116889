package data

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Each synthetic set draws from three independent random streams of the
// seed: one for the distribution's parameters (cluster means, teacher
// weights), one for the training examples and one for the test examples, so
// "gauss-1k" and "gauss-1k:test" share their clusters and never their points,
// and the first n training examples do not depend on how many are drawn.
const (
	streamParams uint64 = iota + 1
	streamTrain
	streamTest
)

func newRand(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), stream))
}

func sampleStream(split string) uint64 {
	if split == "test" {
		return streamTest
	}
	return streamTrain
}

// gaussClusters: c classes in d dimensions; class means μ_k ~ N(0, I_d),
// examples x = μ_y + z with z ~ N(0, I_d), labels y_i = i mod c (balanced).
func gaussClusters(name, split string, n, d, c int, seed int64) *Set {
	pr := newRand(seed, streamParams)
	means := make([]float64, c*d)
	for i := range means {
		means[i] = pr.NormFloat64()
	}
	r := newRand(seed, sampleStream(split))
	s := &Set{Name: name, X: make([]float64, n*d), Shape: []int{d}, Y: make([]float64, n*c), Labels: make([]int, n), Outputs: c}
	for i := 0; i < n; i++ {
		y := i % c
		for j := 0; j < d; j++ {
			s.X[i*d+j] = means[y*d+j] + r.NormFloat64()
		}
		s.Labels[i] = y
		s.Y[i*c+y] = 1
	}
	return s
}

// teacher: regression onto a random two-layer tanh network,
// x ~ N(0, I_d), f(x) = W₂ tanh(W₁x), W₁ (h×d) entries N(0, 1/d), W₂ (o×h)
// entries N(0, 1/h), so inputs to tanh and outputs have unit scale.
func teacher(name, split string, n, d, h, o int, seed int64) *Set {
	pr := newRand(seed, streamParams)
	w1 := make([]float64, h*d)
	for i := range w1 {
		w1[i] = pr.NormFloat64() / math.Sqrt(float64(d))
	}
	w2 := make([]float64, o*h)
	for i := range w2 {
		w2[i] = pr.NormFloat64() / math.Sqrt(float64(h))
	}
	r := newRand(seed, sampleStream(split))
	s := &Set{Name: name, X: make([]float64, n*d), Shape: []int{d}, Y: make([]float64, n*o), Outputs: o}
	hid := make([]float64, h)
	for i := 0; i < n; i++ {
		x := s.X[i*d : (i+1)*d]
		for j := range x {
			x[j] = r.NormFloat64()
		}
		for k := 0; k < h; k++ {
			a := 0.0
			for j, v := range x {
				a += w1[k*d+j] * v
			}
			hid[k] = math.Tanh(a)
		}
		for m := 0; m < o; m++ {
			a := 0.0
			for k, v := range hid {
				a += w2[m*h+k] * v
			}
			s.Y[i*o+m] = a
		}
	}
	return s
}

// toy2D: two interleaving half-moons in the plane (class 0 the upper moon
// (cos t, sin t), class 1 the lower (1 − cos t, ½ − sin t), t ~ U[0, π]) with
// N(0, 0.1²) noise on each coordinate; labels alternate.
func toy2D(name, split string, n int, seed int64) *Set {
	r := newRand(seed, sampleStream(split))
	s := &Set{Name: name, X: make([]float64, n*2), Shape: []int{2}, Y: make([]float64, n*2), Labels: make([]int, n), Outputs: 2}
	for i := 0; i < n; i++ {
		y := i % 2
		t := math.Pi * r.Float64()
		px, py := math.Cos(t), math.Sin(t)
		if y == 1 {
			px, py = 1-px, 0.5-py
		}
		s.X[2*i] = px + 0.1*r.NormFloat64()
		s.X[2*i+1] = py + 0.1*r.NormFloat64()
		s.Labels[i] = y
		s.Y[2*i+y] = 1
	}
	return s
}

// circles: two concentric circles in the plane, as scikit-learn's
// make_circles(factor=0.5, noise=0.05): class 0 on the unit circle, class 1
// on the circle of radius ½, angle t ~ U[0, 2π), N(0, 0.05²) noise on each
// coordinate; labels alternate. Not linearly separable, so a linear model
// stays at chance and depth is needed.
func circles(name, split string, n int, seed int64) *Set {
	r := newRand(seed, sampleStream(split))
	s := &Set{Name: name, X: make([]float64, n*2), Shape: []int{2}, Y: make([]float64, n*2), Labels: make([]int, n), Outputs: 2}
	for i := 0; i < n; i++ {
		y := i % 2
		radius := 1 - 0.5*float64(y)
		t := 2 * math.Pi * r.Float64()
		s.X[2*i] = radius*math.Cos(t) + 0.05*r.NormFloat64()
		s.X[2*i+1] = radius*math.Sin(t) + 0.05*r.NormFloat64()
		s.Labels[i] = y
		s.Y[2*i+y] = 1
	}
	return s
}

// subsetClasses keeps the examples of the given classes, relabelled
// classes[i] → i.
func subsetClasses(s *Set, classes []int) (*Set, error) {
	if len(classes) == 0 {
		return s, nil
	}
	if s.Labels == nil {
		return nil, fmt.Errorf("data: %s: a class subset needs a classification set", s.Name)
	}
	remap, outputs, err := classMap(classes, s.Outputs)
	if err != nil {
		return nil, fmt.Errorf("data: %s: %v", s.Name, err)
	}
	f := s.Features()
	out := &Set{Name: s.Name, Shape: s.Shape, Outputs: outputs}
	for i, l := range s.Labels {
		c := remap[l]
		if c < 0 {
			continue
		}
		out.X = append(out.X, s.X[i*f:(i+1)*f]...)
		y := make([]float64, outputs)
		y[c] = 1
		out.Y = append(out.Y, y...)
		out.Labels = append(out.Labels, c)
	}
	return out, nil
}
