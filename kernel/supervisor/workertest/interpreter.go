package workertest

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/eoslab/eoslab/kernel/vocab"
)

// Env is the environment that makes a test binary a fake worker (see
// ServeIfWorker); extra adds variables such as StartFails or StartHangs.
func Env(extra ...string) []string {
	return append(append(os.Environ(), "EOSLAB_FAKE_WORKER=1"), extra...)
}

// Variables for Env that break the fake worker's start.
const (
	StartFails = "EOSLAB_FAKE_FAIL_START=1" // exit 1 at once with a message on stderr
	StartHangs = "EOSLAB_FAKE_SLOW_START=1" // never report ready
)

// Argv starts the running test binary without running its tests.
func Argv() []string {
	exe, err := os.Executable()
	if err != nil {
		panic("workertest: " + err.Error())
	}
	return []string{exe, "-test.run=^$"}
}

// ServeIfWorker, called first in TestMain, serves an Interpreter with serve
// and exits when the test binary was started with Env; otherwise it
// returns at once.
func ServeIfWorker(serve func(vocab.Interpreter) error) {
	if os.Getenv("EOSLAB_FAKE_FAIL_START") == "1" {
		fmt.Fprintln(os.Stderr, "dsl: starting the interpreter: broken on purpose")
		os.Exit(1)
	}
	if os.Getenv("EOSLAB_FAKE_WORKER") != "1" {
		return
	}
	if os.Getenv("EOSLAB_FAKE_SLOW_START") == "1" {
		time.Sleep(time.Hour)
	}
	if err := serve(&Interpreter{}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// Main is the TestMain of a package whose tests start fake workers: the
// binary serves as one when started with Env, and otherwise runs its tests,
// then the cleanups, and exits.
func Main(m *testing.M, serve func(vocab.Interpreter) error, cleanups ...func()) {
	ServeIfWorker(serve)
	code := m.Run()
	for _, c := range cleanups {
		c()
	}
	os.Exit(code)
}

// NumberedLines is n bytes of lines "00000000\n", "00000001\n", ...
func NumberedLines(n int) []byte {
	b := make([]byte, 0, n+9)
	for i := 0; len(b) < n; i++ {
		b = fmt.Appendf(b, "%08d\n", i)
	}
	return b[:n]
}

// Interpreter interprets tiny commands, "name:arg" per line: print and
// eprint write arg to stdout or stderr, display shows it, result returns
// it, error fails with it, panic, gopanic, exit, bgexit and selfkill end
// the cell or the process in the ways a real cell can, loop runs until
// interrupted, sleep and hang wait, input reads a line, set and get keep
// state across cells, big, seq and eseq write that many bytes.
type Interpreter struct{ state string }

func (e *Interpreter) Execute(ctx context.Context, code string, out vocab.Output) (*vocab.Bundle, error) {
	var res *vocab.Bundle
	for _, line := range strings.Split(code, "\n") {
		cmd, arg, _ := strings.Cut(line, ":")
		switch cmd {
		case "print":
			fmt.Print(arg)
		case "eprint":
			fmt.Fprint(os.Stderr, arg)
		case "display":
			out.Display(&vocab.Bundle{Data: map[string]any{"text/plain": arg}})
		case "big":
			n, _ := strconv.Atoi(arg)
			chunk := []byte(strings.Repeat("x", 1<<16))
			for n > 0 {
				k := min(n, len(chunk))
				os.Stdout.Write(chunk[:k])
				n -= k
			}
		case "seq", "eseq": // n bytes of numbered lines on stdout (stderr for eseq)
			n, _ := strconv.Atoi(arg)
			w := map[string]*os.File{"seq": os.Stdout, "eseq": os.Stderr}[cmd]
			w.Write(NumberedLines(n))
		case "result":
			res = &vocab.Bundle{Data: map[string]any{"text/plain": arg}}
		case "error":
			return nil, &vocab.CellError{Name: "TestError", Value: arg}
		case "panic":
			panic(arg)
		case "gopanic":
			go panic(arg)
			time.Sleep(time.Minute)
		case "exit":
			n, _ := strconv.Atoi(arg)
			os.Exit(n)
		case "bgexit": // dies after the cell has returned
			go func() {
				time.Sleep(50 * time.Millisecond)
				fmt.Fprintln(os.Stderr, "fatal error: late death")
				os.Exit(2)
			}()
		case "loop":
			for ctx.Err() == nil {
			}
			return nil, &vocab.CellError{Name: "Interrupted", Value: "interrupted"}
		case "selfkill": // as the out-of-memory killer would
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			time.Sleep(time.Minute)
		case "sleep":
			ms, _ := strconv.Atoi(arg)
			time.Sleep(time.Duration(ms) * time.Millisecond)
		case "hang":
			time.Sleep(time.Hour)
		case "input":
			v, err := out.Input(ctx, arg, false)
			if err != nil {
				return nil, err
			}
			fmt.Print("got " + v)
		case "set":
			e.state = arg
		case "get":
			res = &vocab.Bundle{Data: map[string]any{"text/plain": e.state}}
		case "":
		default:
			return nil, fmt.Errorf("fake: unknown command %q", cmd)
		}
	}
	return res, nil
}

func (e *Interpreter) Evaluate(expr string) (*vocab.Bundle, error) {
	if expr == "bad" {
		return nil, &vocab.CellError{Name: "EvalError", Value: "bad"}
	}
	return &vocab.Bundle{Data: map[string]any{"text/plain": "<" + expr + ">"}}, nil
}

func (e *Interpreter) Complete(code string, cursor int) ([]string, int, int) {
	return []string{"Println", "Printf"}, cursor - 2, cursor
}

func (e *Interpreter) Inspect(code string, cursor, detail int) (*vocab.Bundle, bool) {
	return &vocab.Bundle{Data: map[string]any{"text/plain": "doc"}}, true
}

// IsComplete says "unknown": the supervisor answers with its own classifier.
func (e *Interpreter) IsComplete(code string) (string, string) { return "unknown", "" }

func (e *Interpreter) KernelInfo() vocab.LanguageInfo { return vocab.Go() }
