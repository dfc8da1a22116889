package dsl

import (
	"context"
	"fmt"
	"os"
	"strings"
)

func init() {
	registerMagic(Magic{
		Name:    "cd",
		Summary: "change the working directory: %cd DIR, %cd - (back), %cd (home)",
		Help:    "%cd DIR changes the working directory of the kernel (files, !commands); %cd - returns to the previous one; %cd alone goes home. Prints the new directory.",
		Expand:  true,
		Run:     runCd,
	})
}

func runCd(ctx context.Context, s *Session, args, body string, out Output) (*Bundle, error) {
	dir := strings.TrimSpace(args)
	prev, _ := os.Getwd()
	switch {
	case dir == "":
		h, err := os.UserHomeDir()
		if err != nil {
			return nil, &CellError{Name: "OSError", Value: err.Error()}
		}
		dir = h
	case dir == "-":
		if s.lastWD == "" {
			return nil, &CellError{Name: "UsageError", Value: "%cd -: no previous directory"}
		}
		dir = s.lastWD
	case strings.HasPrefix(dir, "~/"):
		h, _ := os.UserHomeDir()
		dir = h + dir[1:]
	}
	if err := os.Chdir(dir); err != nil {
		return nil, &CellError{Name: "OSError", Value: err.Error()}
	}
	s.lastWD = prev
	wd, _ := os.Getwd()
	fmt.Fprintln(s.stdout, wd)
	return nil, nil
}
