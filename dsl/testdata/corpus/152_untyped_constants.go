package main

import (
	"fmt"
	"time"
)

const timeout = 3 // untyped: adapts to its use

func main() {
	d := timeout * time.Second
	fmt.Println(d)

	var f float64 = 1 << 3
	var i8 int8 = 1 << 6
	fmt.Println(f, i8)

	x := 1 << 3
	y := 1.5
	fmt.Printf("%T %T %T %T\n", x, y, 'a', 2i)

	const big = 1 << 40
	fmt.Println(big/1024, float32(big))

	var u uint = 3
	fmt.Println(1<<u, 1.0*5/2, 5/2*1.0)

	const s = len("héllo")
	var arr [s]int
	fmt.Println(len(arr))
}
