package main

import (
	"context"
	"fmt"

	"github.com/eoslab/eoslab/lib/data"
	"github.com/eoslab/eoslab/lib/hessian"
	"github.com/eoslab/eoslab/lib/nn"
	"gonum.org/v1/gonum/floats"
)

func main() {
	set, err := data.Load("toy2d-40", data.Options{Seed: 2})
	if err != nil {
		panic(err)
	}
	net, err := nn.New("fc-tanh", set.Shape, set.Outputs, nn.Config{Width: 8})
	if err != nil {
		panic(err)
	}
	obj, err := nn.NewObjective(net, set, "mse", nn.ObjectiveConfig{})
	if err != nil {
		panic(err)
	}
	w := net.Init(3)
	g := make([]float64, obj.Dim())

	var warm [][]float64
	for i := 0; i < 30; i++ {
		l := obj.Grad(g, w)
		floats.AddScaled(w, -0.1, g)
		if i%10 == 0 {
			top, err := hessian.Sharpness(context.Background(), obj, w, 1, warm)
			if err != nil {
				panic(err)
			}
			warm = top.Vectors
			fmt.Printf("%d %.6f %.5f\n", i, l, top.Values[0])
		}
	}
}
