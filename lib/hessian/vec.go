package hessian

import (
	"math"

	"gonum.org/v1/gonum/floats"
)

func dot(x, y []float64) float64 { return floats.Dot(x, y) }

// axpy sets y += a·x.
func axpy(y []float64, a float64, x []float64) { floats.AddScaled(y, a, x) }

func norm(x []float64) float64 { return floats.Norm(x, 2) }

func scale(a float64, x []float64) { floats.Scale(a, x) }

func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
