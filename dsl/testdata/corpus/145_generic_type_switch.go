package main

import (
	"fmt"
	"strconv"
)

func Format[T any](v T) string {
	switch x := any(v).(type) {
	case int:
		return "int:" + strconv.Itoa(x)
	case string:
		return "string:" + x
	case fmt.Stringer:
		return "stringer:" + x.String()
	case []T:
		return "slice"
	default:
		return fmt.Sprintf("%T:%v", x, x)
	}
}

type Celsius float64

func (c Celsius) String() string { return strconv.FormatFloat(float64(c), 'f', 1, 64) + "C" }

func Convert[From, To ~int | ~float64](xs []From) []To {
	out := make([]To, len(xs))
	for i, x := range xs {
		out[i] = To(x)
	}
	return out
}

func main() {
	fmt.Println(Format(42))
	fmt.Println(Format("hi"))
	fmt.Println(Format(Celsius(21.5)))
	fmt.Println(Format(2.5))
	fmt.Println(Convert[float64, int]([]float64{1.9, -2.7}))
	fmt.Println(Convert[int, float64]([]int{1, 2}))
}
