package main

import (
	"fmt"
	"math"
)

const (
	Big         = 1 << 100
	Small       = Big >> 98
	Third       = 1.0 / 3
	Pi2         = math.Pi * 2
	Typed int64 = 7
	Huge        = 1e300 * 1e300 / 1e300
)

const greeting = "hello, " + "world"

func main() {
	fmt.Println(Small, Third, Pi2)
	fmt.Println(Typed/2, 7/2, 7/2.0, 7.0/2)
	fmt.Println(Huge, len(greeting))
	var f32 float32 = Third
	fmt.Println(f32, float64(f32) == Third)
	const c = 'a' + 1
	fmt.Println(c, string(rune(c)))
	fmt.Println(math.MaxInt64, math.MinInt64, uint64(math.MaxUint64))
	fmt.Println(Big/Big, Big%7)
}
