package main

import (
	"fmt"
	"math"

	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/data"
	"github.com/eoslab/eoslab/lib/nn"
	"gonum.org/v1/gonum/floats"
)

// A researcher's own network from graph ops: a residual MLP with layer
// norm, and its exact HVP and third-order term against differences.
func main() {
	set, err := data.Load("gauss-40-d4-c3", data.Options{Seed: 2})
	if err != nil {
		panic(err)
	}
	params := []nn.Param{
		{Name: "fc1.weight", Shape: []int{8, 4}, Init: nn.UniformInit(0.5)},
		{Name: "fc1.bias", Shape: []int{8}, Init: nn.UniformInit(0.5)},
		{Name: "ln.weight", Shape: []int{8}, Init: nn.OnesInit()},
		{Name: "ln.bias", Shape: []int{8}, Init: nn.ZerosInit()},
		{Name: "fc2.weight", Shape: []int{8, 8}, Init: nn.UniformInit(0.35)},
		{Name: "out.weight", Shape: []int{3, 8}, Init: nn.UniformInit(0.35)},
	}
	forward := func(g *ad.Graph, p []*ad.Tensor, x *ad.Tensor) (*ad.Tensor, error) {
		h := g.Tanh(g.Linear(x, p[0], p[1]))
		h = g.Add(h, g.Gelu(g.Linear(g.LayerNorm(h, p[2], p[3], 1e-5), p[4], nil)))
		return g.Linear(h, p[5], nil), nil
	}
	net, err := nn.NewGraphNet("resmlp", params, set.Shape, set.Outputs, forward)
	if err != nil {
		panic(err)
	}
	obj, err := nn.NewObjective(net, set, "ce", nn.ObjectiveConfig{})
	if err != nil {
		panic(err)
	}
	w := net.Init(3)
	d := obj.Dim()
	u, v := make([]float64, d), make([]float64, d)
	for i := range v {
		v[i] = math.Sin(float64(i))
		u[i] = math.Cos(float64(3 * i))
	}
	hv := make([]float64, d)
	obj.HVP(hv, w, v)
	third := make([]float64, d)
	obj.ThirdOrder(third, w, u, v)

	h := 1e-4
	wp, wm := make([]float64, d), make([]float64, d)
	floats.AddScaledTo(wp, w, h, v)
	floats.AddScaledTo(wm, w, -h, v)
	gp, gm := make([]float64, d), make([]float64, d)
	obj.Grad(gp, wp)
	obj.Grad(gm, wm)
	floats.Sub(gp, gm)
	floats.Scale(1/(2*h), gp)
	floats.Sub(gp, hv)
	fmt.Println("params", d, "HVP matches differences:", floats.Norm(gp, 2)/floats.Norm(hv, 2) < 1e-6)

	floats.AddScaledTo(wp, w, h, u)
	floats.AddScaledTo(wm, w, -h, u)
	hp, hm := make([]float64, d), make([]float64, d)
	obj.HVP(hp, wp, v)
	obj.HVP(hm, wm, v)
	floats.Sub(hp, hm)
	floats.Scale(1/(2*h), hp)
	floats.Sub(hp, third)
	fmt.Println("third order matches differences:", floats.Norm(hp, 2)/floats.Norm(third, 2) < 1e-6)
	fmt.Println("exact third order:", obj.ExactThirdOrder())
}
