package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

var ErrDiverged = errors.New("diverged")

type StepError struct {
	Step int
	Err  error
}

func (e *StepError) Error() string { return fmt.Sprintf("step %d: %v", e.Step, e.Err) }
func (e *StepError) Unwrap() error { return e.Err }

type MultiError struct{ Errs []error }

func (m *MultiError) Error() string   { return fmt.Sprintf("%d errors", len(m.Errs)) }
func (m *MultiError) Unwrap() []error { return m.Errs }

type CodeError struct{ Code int }

func (c *CodeError) Error() string { return fmt.Sprint("code ", c.Code) }
func (c *CodeError) Is(target error) bool {
	t, ok := target.(*CodeError)
	return ok && t.Code == c.Code
}

type Temporary interface{ Temporary() bool }

type NetError struct{ Host string }

func (n *NetError) Error() string   { return "unreachable " + n.Host }
func (n *NetError) Temporary() bool { return true }

type Legacy struct{ Msg string }

func (l *Legacy) Error() string { return l.Msg }
func (l *Legacy) As(target any) bool {
	if p, ok := target.(**NetError); ok {
		*p = &NetError{"legacy:" + l.Msg}
		return true
	}
	return false
}

func main() {
	err := fmt.Errorf("train: %w", &StepError{7, ErrDiverged})
	var se *StepError
	fmt.Println(errors.As(err, &se), se.Step, errors.Is(err, ErrDiverged))

	deep := fmt.Errorf("run 3: %w", fmt.Errorf("epoch 2: %w", &StepError{9, &NetError{"a"}}))
	var ne *NetError
	fmt.Println(errors.As(deep, &ne), ne.Host)
	var tmp Temporary
	fmt.Println(errors.As(deep, &tmp), tmp.Temporary())
	if e, ok := errors.AsType[*StepError](deep); ok {
		fmt.Println("AsType:", e.Step)
	}
	if _, ok := errors.AsType[*CodeError](deep); !ok {
		fmt.Println("no code error")
	}

	joined := errors.Join(errors.New("first"), &CodeError{404})
	fmt.Println(errors.Is(joined, &CodeError{404}), errors.Is(joined, &CodeError{500}))
	var ce *CodeError
	fmt.Println(errors.As(joined, &ce), ce.Code)

	multi := &MultiError{[]error{ErrDiverged, &NetError{"b"}}}
	wrapped := fmt.Errorf("sweep: %w", multi)
	fmt.Println(errors.Is(wrapped, ErrDiverged), errors.As(wrapped, &ne), ne.Host)

	ne = nil
	fmt.Println(errors.As(fmt.Errorf("old: %w", &Legacy{"x"}), &ne), ne.Host)

	_, openErr := os.Open(filepath.Join(os.TempDir(), "eoslab-corpus-missing", "y"))
	chained := &StepError{1, fmt.Errorf("load: %w", openErr)}
	var pe *fs.PathError
	fmt.Println(errors.As(chained, &pe), pe.Op, errors.Is(chained, fs.ErrNotExist))
	fmt.Println(errors.Is(nil, nil), errors.Is(chained, nil), errors.As(nil, &pe))
}
