package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Values of struct types with fields (one of them an interface) keep their
// type through compiled code: fmt.Errorf's %w, errors.Join, sort.Sort and
// fmt.Stringer, then errors.As, assertions and type switches find them.
type DivergedError struct {
	Step int
	Loss float64
}

func (e DivergedError) Error() string {
	return fmt.Sprintf("diverged at step %d (loss %.1f)", e.Step, e.Loss)
}

type FieldError struct {
	Field string
	Value any
}

func (e FieldError) Error() string { return fmt.Sprintf("bad %s: %v", e.Field, e.Value) }

type byLen struct{ words []string }

func (b byLen) Len() int           { return len(b.words) }
func (b byLen) Less(i, j int) bool { return len(b.words[i]) < len(b.words[j]) }
func (b byLen) Swap(i, j int)      { b.words[i], b.words[j] = b.words[j], b.words[i] }

type Point struct{ X, Y int }

func (p Point) String() string { return fmt.Sprintf("(%d,%d)", p.X, p.Y) }

func train(steps int) error {
	for i := 0; i < steps; i++ {
		if i == 4 {
			return DivergedError{i, 1e9}
		}
	}
	return nil
}

func check(v float64) error {
	if v < 0 {
		return FieldError{"lr", v}
	}
	return nil
}

func kind(err error) string {
	switch e := err.(type) {
	case nil:
		return "none"
	case DivergedError:
		return fmt.Sprint("diverged@", e.Step)
	case FieldError:
		return "field " + e.Field
	default:
		return "other " + e.Error()
	}
}

func main() {
	err := fmt.Errorf("run 3: %w", train(10))
	fmt.Println(err)
	var d DivergedError
	fmt.Println(errors.As(err, &d), d.Step, d.Loss)
	fmt.Println(errors.Is(err, DivergedError{4, 1e9}), errors.Is(err, DivergedError{5, 1e9}))

	ferr := check(-0.5)
	fe, ok := ferr.(FieldError)
	fmt.Println(ok, fe.Field, fe.Value)
	var held any = ferr
	fe3, ok := held.(FieldError)
	fmt.Println(ok, fe3.Field)
	var fe2 FieldError
	fmt.Println(errors.As(errors.Join(errors.New("x"), ferr), &fe2), fe2.Value)

	fmt.Println(kind(train(10)), kind(ferr), kind(nil), kind(errors.New("plain")))
	_, ok = train(2).(DivergedError)
	fmt.Println(ok)

	words := strings.Fields("gradient flow at the edge of stability")
	sort.Sort(byLen{words})
	fmt.Println(words)

	var s fmt.Stringer = Point{1, 2}
	p, ok := s.(Point)
	fmt.Println(s, p.X, ok)
	fmt.Printf("%v %s %T\n", s, s, s)
}
