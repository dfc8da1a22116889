package main

import (
	"errors"
	"fmt"
)

type ErrCode int

func (e ErrCode) Error() string { return fmt.Sprintf("code %d", int(e)) }

type Reason string

func (r Reason) Error() string { return "reason: " + string(r) }

func check(n int) error {
	switch {
	case n < 0:
		return ErrCode(n)
	case n == 0:
		return Reason("zero")
	}
	return nil
}

func main() {
	for _, n := range []int{-3, 0, 5} {
		err := check(n)
		if err == nil {
			fmt.Println(n, "ok")
			continue
		}
		wrapped := fmt.Errorf("check %d: %w", n, err)
		var code ErrCode
		var why Reason
		fmt.Println(n, errors.As(wrapped, &code), code, errors.As(wrapped, &why), why)
		fmt.Println(wrapped, errors.Is(wrapped, ErrCode(-3)))
		switch e := err.(type) {
		case ErrCode:
			fmt.Println("code", int(e))
		case Reason:
			fmt.Println("reason", string(e))
		}
		fmt.Printf("%v %v\n", err, wrapped)
	}
}
