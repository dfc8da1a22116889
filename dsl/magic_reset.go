package dsl

import "context"

func init() {
	registerMagic(Magic{
		Name:    "reset",
		Summary: "forget every definition: start a fresh interpreter",
		Help: `%reset replaces the interpreter by a fresh one: variables, functions,
types and imports of earlier cells are gone. The working directory and
environment variables are kept.`,
		Run: func(ctx context.Context, s *Session, args, body string, out Output) (*Bundle, error) {
			if err := s.waitPending(ctx); err != nil {
				return nil, err
			}
			return nil, s.newInterp()
		},
	})
}
