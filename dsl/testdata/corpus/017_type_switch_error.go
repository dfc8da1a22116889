package main

import (
	"errors"
	"fmt"
	"strconv"
)

type NotFound struct{ Key string }

func (e *NotFound) Error() string { return "not found: " + e.Key }

func describe(v any) string {
	switch e := v.(type) {
	case *NotFound:
		return "NotFound " + e.Key
	case error:
		return "error " + e.Error()
	case fmt.Stringer:
		return "stringer " + e.String()
	default:
		return "value"
	}
}

type name string

func (n name) String() string { return "name(" + string(n) + ")" }

func main() {
	_, err := strconv.Atoi("zz")
	fmt.Println(describe(err))
	fmt.Println(describe(errors.New("plain")))
	fmt.Println(describe(&NotFound{"k"}))
	fmt.Println(describe(name("bob")))
	fmt.Println(describe(12))
}
