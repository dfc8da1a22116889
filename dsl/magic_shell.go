package dsl

import (
	"context"
	"errors"
)

func runShell(ctx context.Context, s *Session, cmd string, out Output) (*Bundle, error) {
	return nil, errors.New("dsl: not implemented")
}

func (s *Session) help(line string, out Output) (*Bundle, error) {
	return nil, errors.New("dsl: not implemented")
}
