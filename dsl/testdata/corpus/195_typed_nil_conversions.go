package main

import (
	"errors"
	"fmt"
)

// A nil pointer, slice or map of a type with methods stays a non-nil
// interface value in every kind of conversion, and its methods run with
// the nil receiver.
type NotFound struct{ Key string }

func (e *NotFound) Error() string {
	if e == nil {
		return "not found (nil)"
	}
	return "not found: " + e.Key
}

type Problems []string

func (p Problems) Error() string { return fmt.Sprintf("%d problems", len(p)) }

type Labels map[string]int

func (l Labels) String() string { return fmt.Sprintf("%d labels", len(l)) }

type Report struct {
	Err  error
	Name fmt.Stringer
}

func lookup(key string, found bool) error {
	var e *NotFound
	if !found {
		e = &NotFound{key}
	}
	return e
}

func describe(err error) string {
	return fmt.Sprintf("%v %v", err == nil, err)
}

func main() {
	var p *NotFound
	var err error = p
	fmt.Printf("%T %v %v\n", err, err == nil, err)

	err = nil
	fmt.Println(err == nil)
	err = p
	fmt.Println(err == nil, err)

	fmt.Println(lookup("a", true) == nil, lookup("b", false))
	fmt.Println(describe(p), describe(nil))
	fmt.Println(error(p) == nil, error(p))

	r := Report{Err: p}
	fmt.Println(r.Err == nil, r.Name == nil)
	list := []error{p, nil, &NotFound{"c"}}
	for _, e := range list {
		fmt.Print(e == nil, " ")
	}
	fmt.Println()
	m := map[string]error{"x": p}
	fmt.Println(m["x"] == nil, m["x"])

	ch := make(chan error, 1)
	ch <- p
	fmt.Println(<-ch == nil)

	var probs Problems
	err = probs
	fmt.Println(err == nil, err)
	var labels Labels
	var s fmt.Stringer = labels
	fmt.Println(s == nil, s)

	var target *NotFound
	fmt.Println(errors.As(lookup("d", false), &target), target.Key)
	fmt.Println(errors.As(err, &target))
	e2, ok := error(p).(*NotFound)
	fmt.Println(e2 == nil, ok)
}
