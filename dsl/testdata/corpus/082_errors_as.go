package main

import (
	"errors"
	"fmt"
	"strconv"
)

type TimeoutError struct{ Op string }

func (e *TimeoutError) Error() string { return e.Op + ": timeout" }
func (e *TimeoutError) Timeout() bool { return true }

func call(op string) error {
	if op == "slow" {
		return fmt.Errorf("call: %w", &TimeoutError{op})
	}
	_, err := strconv.ParseFloat(op, 64)
	return err
}

func main() {
	for _, op := range []string{"slow", "1.5", "abc"} {
		err := call(op)
		var te *TimeoutError
		var ne *strconv.NumError
		switch {
		case err == nil:
			fmt.Println(op, "ok")
		case errors.As(err, &te):
			fmt.Println(op, "timeout in", te.Op)
		case errors.As(err, &ne):
			fmt.Println(op, "num error:", ne.Func, ne.Num, ne.Err)
		}
	}

	var to interface{ Timeout() bool }
	err := call("slow")
	if errors.As(err, &to) {
		fmt.Println("interface target:", to.Timeout())
	}
}
