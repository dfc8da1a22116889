package dsl

import (
	"context"
	"os"
	"sort"
	"strings"
)

func init() {
	registerMagic(Magic{
		Name:    "env",
		Summary: "show or set environment variables: %env, %env K, %env K=V",
		Help: `%env          lists the environment.
%env K        shows the value of K.
%env K=V      sets K (also %env K V); cells and commands started by !
              see the new value.`,
		Expand: true,
		Run:    runEnv,
	})
}

func runEnv(ctx context.Context, s *Session, args, body string, out Output) (*Bundle, error) {
	args = strings.TrimSpace(args)
	if args == "" {
		env := os.Environ()
		sort.Strings(env)
		return textBundle(strings.Join(env, "\n")), nil
	}
	k, v, set := strings.Cut(args, "=")
	if !set {
		k, v, set = strings.Cut(args, " ")
	}
	k, v = strings.TrimSpace(k), strings.TrimSpace(v)
	if !set {
		val, ok := os.LookupEnv(k)
		if !ok {
			return nil, &CellError{Name: "UsageError", Value: "%env: " + k + " is not set"}
		}
		return textBundle(val), nil
	}
	if err := os.Setenv(k, v); err != nil {
		return nil, &CellError{Name: "OSError", Value: err.Error()}
	}
	return textBundle("env: " + k + "=" + v), nil
}
