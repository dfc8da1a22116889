package main

import (
	"fmt"
	"math"
)

func main() {
	fmt.Printf("%.6f %.6f %.6f\n", math.Sqrt(2), math.Exp(1), math.Log(10))
	fmt.Printf("%.4f %.4f %.4f\n", math.Sin(math.Pi/6), math.Cos(0), math.Atan2(1, 1))
	fmt.Println(math.Floor(-2.5), math.Ceil(-2.5), math.Abs(-3), math.Pow(2, 10))
	fmt.Println(math.Max(3, math.NaN()), math.Min(-0.0, 0), math.Hypot(3, 4))
	fmt.Println(math.Inf(1), -math.Inf(1), math.IsNaN(math.NaN()), math.IsInf(1/math.Inf(-1), 0))

	nan := math.NaN()
	fmt.Println(nan == nan, nan != nan)

	frac, exp := math.Frexp(8)
	ip, fp := math.Modf(3.75)
	fmt.Println(frac, exp, ip, fp)

	fmt.Println(math.MaxFloat64, math.SmallestNonzeroFloat64)
	fmt.Println(math.Float64bits(1.0), math.Float64frombits(0x4000000000000000))
	fmt.Println(math.Mod(7, 3), math.Remainder(7, 3), math.Cbrt(27), math.Signbit(-0.0))
}
