package main

import (
	"errors"
	"fmt"
)

var ErrBudget = errors.New("budget exceeded")

type Fatal struct{ Code int }

func catch(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return "no panic"
}

func main() {
	cases := []func(){
		func() { panic(42) },
		func() { panic(Fatal{3}) },
		func() { panic(fmt.Errorf("wrapped: %w", ErrBudget)) },
		func() { panic([]int{1, 2}) },
		func() {},
	}
	for i, c := range cases {
		v := catch(c)
		fmt.Printf("%d %T %v\n", i, v, v)
		if err, ok := v.(error); ok {
			fmt.Println("  is budget:", errors.Is(err, ErrBudget))
		}
	}

	v := catch(func() { panic(nil) })
	_, isNilErr := v.(error)
	fmt.Println("panic(nil) gives an error value:", isNilErr)
}
