package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Values of cell types in an any, asserted to interfaces of compiled
// packages (error, fmt.Stringer, io.Reader), by comma-ok assertions,
// type switches and failing assertions whose panics are recovered.
type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

type Budget struct{ Left int }

func (b *Budget) Error() string { return fmt.Sprintf("budget: %d left", b.Left) }

type Stream struct {
	data string
	pos  int
}

func (s *Stream) Read(p []byte) (int, error) {
	if s.pos >= len(s.data) {
		return 0, io.EOF
	}
	n := copy(p, s.data[s.pos:])
	s.pos += n
	return n, nil
}

type Plain struct{ N int }

type Errs []error

func (e Errs) Error() string { return fmt.Sprint(len(e), " errors") }

func classify(v any) string {
	switch x := v.(type) {
	case error:
		return "error: " + x.Error()
	case fmt.Stringer:
		return "stringer: " + x.String()
	case io.Reader:
		b, _ := io.ReadAll(x)
		return "reader: " + string(b)
	case nil:
		return "nil"
	default:
		return fmt.Sprintf("other: %v", x)
	}
}

func try(name string, f func()) {
	defer func() {
		r := recover()
		err, ok := r.(error)
		fmt.Println(name, ok, err)
	}()
	f()
}

func main() {
	values := []any{Celsius(21.5), &Budget{3}, &Stream{data: "bytes"}, Plain{1}, 21.5, nil, Errs{nil}, strings.NewReader("compiled")}
	for _, v := range values {
		fmt.Println(classify(v))
	}
	for _, v := range values {
		_, isErr := v.(error)
		_, isStr := v.(fmt.Stringer)
		fmt.Print(isErr, isStr, " ")
	}
	fmt.Println()

	var budget *Budget
	var v any = budget
	e, ok := v.(error)
	fmt.Println(ok, e != nil)

	try("plain", func() { _ = values[3].(error) })
	try("nil", func() { _ = values[5].(error) })
	try("wrong", func() {
		var err error = errors.New("plain")
		_ = err.(Errs)
	})
	try("wrong nil", func() {
		var err error
		_ = err.(*Budget)
	})
}
