package main

import (
	"errors"
	"fmt"
)

type StepError struct{ Step int }

func (e StepError) Error() string { return fmt.Sprintf("diverged at step %d", e.Step) }

func run(steps int) (err error) {
	defer func() {
		r := recover()
		if e, ok := r.(error); ok {
			err = e
		} else if r != nil {
			panic(r)
		}
	}()
	for i := 0; i < steps; i++ {
		if i == 3 {
			panic(StepError{i})
		}
	}
	return nil
}

func nested() (s string) {
	defer func() { s = fmt.Sprint("outer recovered: ", recover()) }()
	func() {
		defer func() { panic(fmt.Sprint("re-panic after: ", recover())) }()
		panic("first")
	}()
	return "unreachable"
}

func main() {
	err := run(10)
	var se StepError
	fmt.Println(err, errors.As(err, &se), se.Step)
	fmt.Println(run(2))
	fmt.Println(nested())

	fmt.Println(recover())
}
