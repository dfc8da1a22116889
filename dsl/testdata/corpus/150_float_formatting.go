package main

import (
	"fmt"
	"math"
	"strconv"
)

func main() {
	vals := []float64{0, 1, -1.5, 1e-7, 123456789.0, 1e21, math.Pi, 2.0 / 3}
	for _, v := range vals {
		fmt.Println(v, strconv.FormatFloat(v, 'g', -1, 64), strconv.FormatFloat(v, 'e', 3, 64))
	}
	var f32 float32 = 0.1
	fmt.Println(f32, float64(f32), strconv.FormatFloat(float64(f32), 'g', -1, 32))
	fmt.Printf("%v %.3g %8.2e %G\n", 1e6, 1234.5678, 0.00012345, 1e-10)
	fmt.Println(math.Copysign(0, -1), 1/math.Copysign(0, -1))
	fmt.Printf("%.0f %.0f %.0f\n", 0.5, 1.5, 2.5)
}
