package stdlib

import (
	"errors"
	"io"
	"log"
	"os"
	"strconv"
)

// The functions and types below replace the os and log symbols named in
// extract's restricted list (osExit, osFindProcess, logFatal*, logNew,
// logLogger), so that a cell cannot end the worker: they panic instead,
// and the panic is the cell's error. They mirror yaegi's restricted.go.

var errRestricted = errors.New("restricted")

// osExit panics instead of exiting.
func osExit(code int) { panic("os.Exit(" + strconv.Itoa(code) + ")") }

// osFindProcess is os.FindProcess, except for the process itself, which a
// cell could otherwise kill.
func osFindProcess(pid int) (*os.Process, error) {
	if pid == os.Getpid() {
		return nil, errRestricted
	}
	return os.FindProcess(pid)
}

func logFatal(v ...any)            { log.Panic(v...) }
func logFatalf(f string, v ...any) { log.Panicf(f, v...) }
func logFatalln(v ...any)          { log.Panicln(v...) }

// logLogger is log.Logger as cells see it: its Fatal methods panic.
type logLogger struct {
	l *log.Logger
}

// logNew is log.New returning the wrapped logger.
func logNew(out io.Writer, prefix string, flag int) *logLogger {
	return &logLogger{log.New(out, prefix, flag)}
}

func (l *logLogger) Fatal(v ...any)            { l.l.Panic(v...) }
func (l *logLogger) Fatalf(f string, v ...any) { l.l.Panicf(f, v...) }
func (l *logLogger) Fatalln(v ...any)          { l.l.Panicln(v...) }

// The other methods forward to the wrapped logger. SetPrefix, missing from
// yaegi's wrapper, is here too: cells may call every method of log.Logger.
func (l *logLogger) Flags() int                   { return l.l.Flags() }
func (l *logLogger) Output(d int, s string) error { return l.l.Output(d, s) }
func (l *logLogger) Panic(v ...any)               { l.l.Panic(v...) }
func (l *logLogger) Panicf(f string, v ...any)    { l.l.Panicf(f, v...) }
func (l *logLogger) Panicln(v ...any)             { l.l.Panicln(v...) }
func (l *logLogger) Prefix() string               { return l.l.Prefix() }
func (l *logLogger) Print(v ...any)               { l.l.Print(v...) }
func (l *logLogger) Printf(f string, v ...any)    { l.l.Printf(f, v...) }
func (l *logLogger) Println(v ...any)             { l.l.Println(v...) }
func (l *logLogger) SetFlags(flag int)            { l.l.SetFlags(flag) }
func (l *logLogger) SetOutput(w io.Writer)        { l.l.SetOutput(w) }
func (l *logLogger) SetPrefix(prefix string)      { l.l.SetPrefix(prefix) }
func (l *logLogger) Writer() io.Writer            { return l.l.Writer() }
