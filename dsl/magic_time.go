package dsl

import (
	"context"
	"fmt"
	"time"
)

func init() {
	registerMagic(Magic{
		Name:    "time",
		Summary: "run a statement once and print its wall time",
		Help:    "%time STMT runs the Go statement STMT and prints the wall time; its value, if any, is the cell's result.",
		Run: func(ctx context.Context, s *Session, args, body string, out Output) (*Bundle, error) {
			return timeGo(ctx, s, args)
		},
	})
	registerMagic(Magic{
		Name:    "time",
		Cell:    true,
		Summary: "run the cell once and print its wall time",
		Help:    "%%time on the first line runs the rest of the cell and prints the wall time.",
		Run: func(ctx context.Context, s *Session, args, body string, out Output) (*Bundle, error) {
			return timeGo(ctx, s, "\n"+body)
		},
	})
}

func timeGo(ctx context.Context, s *Session, code string) (*Bundle, error) {
	start := time.Now()
	b, err := s.runGo(ctx, code)
	fmt.Fprintf(s.stdout, "Wall time: %s\n", formatDuration(time.Since(start)))
	return b, err
}

// formatDuration prints d with 3 significant digits in a unit that suits it.
func formatDuration(d time.Duration) string {
	sec := d.Seconds()
	switch {
	case sec >= 1:
		return fmt.Sprintf("%.3g s", sec)
	case sec >= 1e-3:
		return fmt.Sprintf("%.3g ms", sec*1e3)
	case sec >= 1e-6:
		return fmt.Sprintf("%.3g µs", sec*1e6)
	}
	return fmt.Sprintf("%.3g ns", sec*1e9)
}
