package main

import (
	"errors"
	"fmt"
)

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
			q = -1
		}
	}()
	return a / b, nil
}

func double() (n int) {
	defer func() { n *= 2 }()
	n = 3
	return n + 1
}

func mustPositive(n int) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New(r.(string))
		}
	}()
	if n < 0 {
		panic("negative")
	}
	return nil
}

func main() {
	fmt.Println(safeDiv(7, 2))
	fmt.Println(safeDiv(1, 0))
	fmt.Println(double())
	fmt.Println(mustPositive(1), mustPositive(-1))
}
