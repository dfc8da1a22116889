package main

import (
	"fmt"
	"strconv"
)

func parse(s string) (int, error) { return strconv.Atoi(s) }

func main() {
	inputs := []string{"1", "x", "30", "4"}
	total := 0
	for i := 0; i < len(inputs); i++ {
		v, err := parse(inputs[i])
		if err != nil {
			msg := fmt.Sprintf("skip %q", inputs[i])
			fmt.Println(msg)
			continue
		}
		if v > 10 {
			half, rest := v/2, v%2
			fmt.Println("big", half, rest)
		}
		total += v
	}
	fmt.Println("total", total)

	for _, s := range inputs {
		if n, err := parse(s); err == nil {
			sq := n * n
			fmt.Println(s, sq)
		}
	}

	{
		inner := "block"
		a, b := 1, 2
		fmt.Println(inner, a+b)
	}
}
