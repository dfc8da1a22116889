package main

import (
	"fmt"
	"math"
)

func main() {
	f := 3.99
	fmt.Println(int(f), int(-f), math.Round(f), math.Trunc(-f))

	var big int64 = 300
	fmt.Println(uint8(big), int8(big), byte(big>>1))

	var u uint32 = math.MaxUint32
	fmt.Println(u+1, int32(u), uint64(u)+1)

	x := 1 << 62
	fmt.Println(float64(x), int64(float32(16777217)))

	var i8 int8 = -128
	fmt.Println(-i8, i8/-1)

	h := 7
	fmt.Println(float64(h)/2, h/2, float32(0.1)+float32(0.2), 0.1+0.2)

	c := complex(1, 2)
	fmt.Println(c*c, real(c), imag(c))
}
