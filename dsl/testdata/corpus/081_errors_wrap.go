package main

import (
	"errors"
	"fmt"
)

var ErrNotFound = errors.New("not found")

func lookup(key string) error {
	if key != "ok" {
		return fmt.Errorf("lookup %q: %w", key, ErrNotFound)
	}
	return nil
}

func load(key string) error {
	if err := lookup(key); err != nil {
		return fmt.Errorf("load: %w", err)
	}
	return nil
}

func main() {
	err := load("missing")
	fmt.Println(err)
	fmt.Println(errors.Is(err, ErrNotFound), errors.Unwrap(err))
	fmt.Println(errors.Unwrap(errors.Unwrap(errors.Unwrap(err))) == nil)
	fmt.Println(load("ok"))

	joined := errors.Join(errors.New("first"), nil, ErrNotFound)
	fmt.Println(joined)
	fmt.Println(errors.Is(joined, ErrNotFound))

	multi := fmt.Errorf("both: %w and %w", ErrNotFound, errors.ErrUnsupported)
	fmt.Println(multi, errors.Is(multi, errors.ErrUnsupported))

	noWrap := fmt.Errorf("flat: %v", ErrNotFound)
	fmt.Println(errors.Is(noWrap, ErrNotFound))
}
