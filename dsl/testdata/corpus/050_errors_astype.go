package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

type ParseError struct {
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

func parse(s string) error {
	if s == "" {
		return fmt.Errorf("parse: %w", &ParseError{3, "empty"})
	}
	return nil
}

func main() {
	err := parse("")
	if pe, ok := errors.AsType[*ParseError](err); ok {
		fmt.Println("parse error at line", pe.Line)
	}

	if _, ok := errors.AsType[*fs.PathError](err); !ok {
		fmt.Println("not a path error")
	}

	_, err = os.Open(filepath.Join(os.TempDir(), "eoslab-corpus-missing", "x"))
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		fmt.Println("op", pe.Op, errors.Is(err, fs.ErrNotExist))
	}
}
