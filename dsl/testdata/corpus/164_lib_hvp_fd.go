package main

import (
	"fmt"
	"math"

	"github.com/eoslab/eoslab/lib/data"
	"github.com/eoslab/eoslab/lib/nn"
	"gonum.org/v1/gonum/floats"
)

// The exact Hessian-vector product against a central difference of gradients.
func main() {
	set, err := data.Load("teacher-32-d3-h4-o1", data.Options{Seed: 4})
	if err != nil {
		panic(err)
	}
	net, err := nn.New("fc-tanh", set.Shape, set.Outputs, nn.Config{Width: 6})
	if err != nil {
		panic(err)
	}
	obj, err := nn.NewObjective(net, set, "mse", nn.ObjectiveConfig{})
	if err != nil {
		panic(err)
	}
	w := net.Init(1)
	d := obj.Dim()
	v := make([]float64, d)
	for i := range v {
		v[i] = math.Sin(float64(i))
	}

	hv := make([]float64, d)
	obj.HVP(hv, w, v)

	h := 1e-5
	wp, wm := make([]float64, d), make([]float64, d)
	floats.AddScaledTo(wp, w, h, v)
	floats.AddScaledTo(wm, w, -h, v)
	gp, gm := make([]float64, d), make([]float64, d)
	obj.Grad(gp, wp)
	obj.Grad(gm, wm)
	fd := make([]float64, d)
	for i := range fd {
		fd[i] = (gp[i] - gm[i]) / (2 * h)
	}
	floats.Sub(fd, hv)
	rel := floats.Norm(fd, 2) / floats.Norm(hv, 2)
	fmt.Println("dim", d, "relative error below 1e-6:", rel < 1e-6)
	fmt.Printf("vHv %.6f\n", floats.Dot(v, hv))
}
