package main

import (
	"errors"
	"fmt"
)

type MyErr struct{}

func (*MyErr) Error() string { return "my error" }

func bad(fail bool) error {
	var e *MyErr
	if fail {
		e = &MyErr{}
	}
	return e
}

func good(fail bool) error {
	if fail {
		return &MyErr{}
	}
	return nil
}

func main() {
	fmt.Println(bad(false) == nil, good(false) == nil)
	fmt.Println(bad(true), good(true))

	var p *MyErr
	var err error = p
	fmt.Printf("%T %v\n", err, err == nil)

	var any1 any
	var any2 any = (*int)(nil)
	fmt.Println(any1 == nil, any2 == nil)

	var target *MyErr
	fmt.Println(errors.As(good(true), &target), target != nil)
}
