package dsl

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"reflect"
	"strings"
	"time"
)

func init() {
	registerMagic(Magic{
		Name:    "timeit",
		Summary: "time a statement over many loops: mean ± std per loop",
		Help: `%timeit [-n LOOPS] [-r RUNS] STMT times the Go statement STMT. Without -n
the loop count is chosen automatically (1, 2, 5, 10, ... until one run
takes at least 0.2 s); each of RUNS runs (default 7) executes it LOOPS
times. Prints "mean ± std per loop (mean ± std. dev. of R runs, N loops
each)". STMT is compiled once into a function, so the interpreter's
compile time is not measured.`,
		Run: func(ctx context.Context, s *Session, args, body string, out Output) (*Bundle, error) {
			return timeit(ctx, s, args)
		},
	})
	registerMagic(Magic{
		Name:    "timeit",
		Cell:    true,
		Summary: "time the cell over many loops: mean ± std per loop",
		Help:    "%%timeit [-n LOOPS] [-r RUNS] times the rest of the cell like %timeit.",
		Run: func(ctx context.Context, s *Session, args, body string, out Output) (*Bundle, error) {
			return timeit(ctx, s, args+"\n"+body)
		},
	})
}

// TimeitResult is what %timeit measured.
type TimeitResult struct {
	Loops, Runs int
	Mean, Std   time.Duration // per loop
}

func (r TimeitResult) String() string {
	return fmt.Sprintf("%s ± %s per loop (mean ± std. dev. of %d runs, %d loops each)",
		formatDuration(r.Mean), formatDuration(r.Std), r.Runs, r.Loops)
}

func timeit(ctx context.Context, s *Session, args string) (*Bundle, error) {
	fs := flag.NewFlagSet("timeit", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	loops := fs.Int("n", 0, "loops per run")
	runs := fs.Int("r", 7, "runs")
	// Flags come first; the statement is the rest.
	fields := strings.Fields(args)
	var flagArgs []string
	for len(fields) > 0 && strings.HasPrefix(fields[0], "-") && len(fields) > 1 {
		flagArgs = append(flagArgs, fields[0], fields[1])
		fields = fields[2:]
	}
	if err := fs.Parse(flagArgs); err != nil {
		return nil, &CellError{Name: "UsageError", Value: "%timeit: " + err.Error()}
	}
	stmt := args
	for _, f := range flagArgs {
		stmt = strings.Replace(stmt, f, "", 1)
	}
	stmt = strings.TrimSpace(stmt)
	if stmt == "" {
		return nil, &CellError{Name: "UsageError", Value: "%timeit needs a statement"}
	}
	r, err := s.timeStatement(ctx, stmt, *loops, *runs)
	if err != nil {
		return nil, err
	}
	fmt.Fprintln(s.stdout, r)
	return nil, nil
}

// timeStatement compiles stmt into a function and times calls of it.
func (s *Session) timeStatement(ctx context.Context, stmt string, loops, runs int) (TimeitResult, error) {
	if runs < 1 {
		runs = 1
	}
	if _, err := s.runGo(ctx, "__eoslabTimeit := func() {\n"+stmt+"\n}"); err != nil {
		return TimeitResult{}, err
	}
	fv, err := s.eval(ctx, "__eoslabTimeit")
	if err != nil || fv.Kind() != reflect.Func {
		return TimeitResult{}, &CellError{Name: "InternalError", Value: fmt.Sprint("timeit: ", err)}
	}
	var callErr error
	call := func(n int) time.Duration {
		start := time.Now()
		func() {
			defer func() {
				if r := recover(); r != nil {
					callErr = &CellError{Name: "panic", Value: fmt.Sprint(r)}
				}
			}()
			for i := 0; i < n && ctx.Err() == nil; i++ {
				fv.Call(nil)
			}
		}()
		return time.Since(start)
	}
	if loops <= 0 {
		// 1, 2, 5, 10, 20, 50, ... until a run takes at least 0.2 s.
		for k := 1; ; k *= 10 {
			for _, m := range []int{1, 2, 5} {
				loops = k * m
				if d := call(loops); d >= 200*time.Millisecond || callErr != nil || ctx.Err() != nil || loops >= 1e8 {
					goto measured
				}
			}
		}
	}
measured:
	if callErr != nil {
		return TimeitResult{}, callErr
	}
	per := make([]float64, runs)
	for i := range per {
		per[i] = float64(call(loops)) / float64(loops)
		if callErr != nil {
			return TimeitResult{}, callErr
		}
		if ctx.Err() != nil {
			return TimeitResult{}, errInterrupted
		}
	}
	var mean, ss float64
	for _, x := range per {
		mean += x
	}
	mean /= float64(runs)
	for _, x := range per {
		ss += (x - mean) * (x - mean)
	}
	std := 0.0
	if runs > 1 {
		std = math.Sqrt(ss / float64(runs))
	}
	return TimeitResult{Loops: loops, Runs: runs, Mean: time.Duration(mean), Std: time.Duration(std)}, nil
}
