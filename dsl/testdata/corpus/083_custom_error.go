package main

import (
	"errors"
	"fmt"
)

type ValidationError struct {
	Field string
	Value any
}

func (v ValidationError) Error() string {
	return fmt.Sprintf("invalid %s: %v", v.Field, v.Value)
}

type Errors []error

func (es Errors) Error() string {
	return fmt.Sprintf("%d errors, first: %v", len(es), es[0])
}

func validate(lr float64, steps int) error {
	var errs Errors
	if lr <= 0 {
		errs = append(errs, ValidationError{"lr", lr})
	}
	if steps < 1 {
		errs = append(errs, ValidationError{"steps", steps})
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// mayFail returns a typed nil in an interface: non-nil error.
func mayFail() error {
	var p *ValidationError
	return p
}

func main() {
	fmt.Println(validate(0.1, 10))
	err := validate(-1, 0)
	fmt.Println(err)
	if es, ok := err.(Errors); ok {
		for _, e := range es {
			fmt.Println(" -", e)
		}
	}
	var ve ValidationError
	fmt.Println(errors.As(Errors{ValidationError{"x", 1}}[0], &ve), ve.Field)
	fmt.Println(mayFail() == nil)
}
