package kernel

import (
	"context"
	"fmt"
	"github.com/eoslab/eoslab/kernel/vocab"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The test binary doubles as a fake worker: with EOSLAB_FAKE_WORKER set it
// serves fakeEngine over fds 3/4, so the supervisor is tested without the
// interpreter.
func TestMain(m *testing.M) {
	if os.Getenv("EOSLAB_FAKE_FAIL_START") == "1" {
		fmt.Fprintln(os.Stderr, "dsl: starting the interpreter: broken on purpose")
		os.Exit(1)
	}
	if os.Getenv("EOSLAB_FAKE_SLOW_START") == "1" {
		time.Sleep(time.Hour)
	}
	if os.Getenv("EOSLAB_FAKE_WORKER") == "1" {
		in, out, err := WorkerFiles()
		if err == nil {
			err = ServeWorker(in, out, &fakeEngine{})
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	code := m.Run()
	if itDir != "" {
		os.RemoveAll(itDir)
	}
	os.Exit(code)
}

// fakeEngine interprets tiny commands, "name:arg" per line.
type fakeEngine struct{ state string }

func (e *fakeEngine) Execute(ctx context.Context, code string, out vocab.Output) (*vocab.Bundle, error) {
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
			w.Write(numberedLines(n))
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

func (e *fakeEngine) Evaluate(expr string) (*vocab.Bundle, error) {
	if expr == "bad" {
		return nil, &vocab.CellError{Name: "EvalError", Value: "bad"}
	}
	return &vocab.Bundle{Data: map[string]any{"text/plain": "<" + expr + ">"}}, nil
}

func (e *fakeEngine) Complete(code string, cursor int) ([]string, int, int) {
	return []string{"Println", "Printf"}, cursor - 2, cursor
}

func (e *fakeEngine) Inspect(code string, cursor, detail int) (*vocab.Bundle, bool) {
	return &vocab.Bundle{Data: map[string]any{"text/plain": "doc"}}, true
}

// IsComplete says "unknown": the supervisor's own classifier answers.
func (e *fakeEngine) IsComplete(code string) (string, string) { return "unknown", "" }

func (e *fakeEngine) KernelInfo() vocab.LanguageInfo { return vocab.Go() }

func newTestSupervisor(t testing.TB, cfg SupervisorConfig) *Supervisor {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cfg.WorkerArgv = []string{exe, "-test.run=^$"}
	cfg.WorkerEnv = append(os.Environ(), "EOSLAB_FAKE_WORKER=1")
	s, err := NewSupervisor(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

type recorder struct {
	mu   sync.Mutex
	msgs []vocab.Message
}

func (r *recorder) sink(m vocab.Message) {
	r.mu.Lock()
	r.msgs = append(r.msgs, m)
	r.mu.Unlock()
}

func (r *recorder) all() []vocab.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]vocab.Message(nil), r.msgs...)
}

// text concatenates outputs as "type:payload" for comparison; adjacent
// stream chunks of the same stream are merged.
func (r *recorder) text() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, m := range r.msgs {
		var s string
		switch m.Type {
		case "stream":
			s = str(m.Content, "name") + ":" + str(m.Content, "text")
			if n := len(out); n > 0 && strings.HasPrefix(out[n-1], str(m.Content, "name")+":") {
				out[n-1] += str(m.Content, "text")
				continue
			}
		case "display_data", "execute_result":
			s = m.Type + ":" + str(dict(m.Content, "data"), "text/plain")
		case "error":
			s = "error:" + str(m.Content, "ename")
		default:
			s = m.Type
		}
		out = append(out, s)
	}
	return out
}

func TestSupervisorExecute(t *testing.T) {
	s := newTestSupervisor(t, SupervisorConfig{})
	tests := []struct {
		name, code string
		status     string
		want       []string
	}{
		{"result", "result:3", "ok", []string{"execute_result:3"}},
		{"print", "print:hi", "ok", []string{"stdout:hi"}},
		{"ordered", "print:a\ndisplay:D\nprint:b\neprint:e\ndisplay:E", "ok",
			[]string{"stdout:a", "display_data:D", "stdout:b", "stderr:e", "display_data:E"}},
		{"cell error", "print:x\nerror:boom", "error", []string{"stdout:x", "error:TestError"}},
		{"recovered panic", "panic:p", "error", []string{"error:panic"}},
		{"no input", "input:name?", "error", []string{"error:Error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r recorder
			rep, err := s.Execute(context.Background(), vocab.ExecuteRequest{Code: tt.code, StoreHistory: true}, r.sink)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Status != tt.status || rep.StateLost {
				t.Errorf("status %q lost %v, want %q", rep.Status, rep.StateLost, tt.status)
			}
			if got := r.text(); strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("outputs %q, want %q", got, tt.want)
			}
		})
	}
	if got := s.ExecutionCount(); got != len(tests) {
		t.Errorf("execution count %d, want %d", got, len(tests))
	}
}

func TestSupervisorSilentAndUserExpressions(t *testing.T) {
	s := newTestSupervisor(t, SupervisorConfig{})
	var r recorder
	rep, err := s.Execute(context.Background(), vocab.ExecuteRequest{Code: "result:1", Silent: true,
		UserExpressions: map[string]string{"a": "x", "b": "bad"}}, r.sink)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.text()) != 0 || rep.ExecutionCount != 0 {
		t.Errorf("silent cell: outputs %q count %d", r.text(), rep.ExecutionCount)
	}
	a, b := rep.UserExpressions["a"].Content(), rep.UserExpressions["b"].Content()
	if str(a, "status") != "ok" || str(dict(a, "data"), "text/plain") != "<x>" || str(b, "status") != "error" || str(b, "ename") != "EvalError" {
		t.Errorf("user expressions %v", rep.UserExpressions)
	}
}

func TestSupervisorInput(t *testing.T) {
	s := newTestSupervisor(t, SupervisorConfig{})
	var r recorder
	var prompt string
	rep, err := s.Execute(context.Background(), vocab.ExecuteRequest{Code: "input:name? ", AllowStdin: true,
		Input: func(_ context.Context, p string, _ bool) (string, error) { prompt = p; return "ada", nil }}, r.sink)
	if err != nil || rep.Status != "ok" {
		t.Fatal(err, rep.Error)
	}
	if prompt != "name? " || strings.Join(r.text(), "|") != "stdout:got ada" {
		t.Errorf("prompt %q outputs %q", prompt, r.text())
	}
}

// Every way for a cell to kill or wedge the worker ends in an error reply
// naming the cause, and the next cell runs in a fresh worker.
func TestSupervisorSurvives(t *testing.T) {
	s := newTestSupervisor(t, SupervisorConfig{InterruptGrace: 300 * time.Millisecond})
	tests := []struct {
		name, code string
		interrupt  bool
		ename      string
		lost       bool
		mention    string
	}{
		{"exit", "exit:3", false, "WorkerDied", true, "exit status 3"},
		{"goroutine panic", "gopanic:in goroutine", false, "WorkerDied", true, "panic: in goroutine"},
		// Earlier stderr text that looks like a panic is not the cause.
		{"misleading stderr", "eprint:panic: not this one\nexit:4", false, "WorkerDied", true, "exit status 4)"},
		{"SIGKILL from outside", "selfkill", false, "WorkerDied", true, "out-of-memory"},
		{"cooperative interrupt", "print:started\nloop", true, "Interrupted", false, "interrupted"},
		{"hung compiled call", "print:started\nhang", true, "Interrupted", true, "did not stop"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.Execute(context.Background(), vocab.ExecuteRequest{Code: "set:alive"}, nil); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var r recorder
			sink := r.sink
			if tt.interrupt {
				// Interrupt once the cell has printed, so it surely runs.
				var once sync.Once
				sink = func(m vocab.Message) {
					r.sink(m)
					once.Do(func() { go s.Interrupt() })
				}
			}
			rep, err := s.Execute(ctx, vocab.ExecuteRequest{Code: tt.code}, sink)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Status != "error" || rep.Error == nil || rep.Error.Name != tt.ename || rep.StateLost != tt.lost {
				t.Fatalf("reply %+v error %+v", rep, rep.Error)
			}
			all := rep.Error.Value + "\n" + strings.Join(rep.Error.Traceback, "\n")
			if !strings.Contains(all, tt.mention) {
				t.Errorf("error %q does not mention %q", all, tt.mention)
			}
			rep, err = s.Execute(context.Background(), vocab.ExecuteRequest{Code: "get"}, r.sink)
			if err != nil || rep.Status != "ok" {
				t.Fatalf("next cell: %v %+v", err, rep)
			}
			want := "alive"
			if tt.lost {
				want = ""
			}
			if got := r.text(); got[len(got)-1] != "execute_result:"+want {
				t.Errorf("state after: %q, want %q", got, want)
			}
		})
	}
}

// numberedLines is n bytes of "00000000\n00000001\n...".
func numberedLines(n int) []byte {
	b := make([]byte, 0, n+9)
	for i := 0; len(b) < n; i++ {
		b = fmt.Appendf(b, "%08d\n", i)
	}
	return b[:n]
}

// TestSupervisorOutputLimit: output beyond the per-cell limit is not lost.
// Of a cell printing 100 MB (20 MB with -short) on stdout and 3 MB on
// stderr, every byte is either delivered or in the file the notice names,
// in order; the notice gives its size; the budget is per cell.
func TestSupervisorOutputLimit(t *testing.T) {
	dir := t.TempDir()
	s := newTestSupervisor(t, SupervisorConfig{MaxOutputBytes: 1 << 20, SpoolDir: dir})
	total := 100 << 20
	if testing.Short() {
		total = 20 << 20
	}
	var r recorder
	code := fmt.Sprintf("seq:%d\neseq:%d\nresult:done", total, 3<<20)
	rep, err := s.Execute(context.Background(), vocab.ExecuteRequest{Code: code}, r.sink)
	if err != nil || rep.Status != "ok" {
		t.Fatal(err, rep)
	}
	var got [2]strings.Builder
	var notes []string
	for _, m := range r.all() {
		if m.Type != "stream" {
			continue
		}
		text := m.Content["text"].(string)
		if strings.HasPrefix(text, "\n[eoslab: output limit") {
			notes = append(notes, text)
			continue
		}
		got[map[string]int{"stdout": 0, "stderr": 1}[m.Content["name"].(string)]].WriteString(text)
	}
	if n := got[0].Len() + got[1].Len(); n != 1<<20 {
		t.Errorf("delivered %d bytes, want the limit %d", n, 1<<20)
	}
	for i, want := range [][]byte{numberedLines(total), numberedLines(3 << 20)} {
		kept, size := keptOutput(t, notes, streamNames[i])
		all := got[i].String() + kept
		if all != string(want) {
			t.Errorf("%s: delivered %d + kept %d bytes differ from the %d printed", streamNames[i], got[i].Len(), len(kept), len(want))
		}
		if size != byteSize(len(kept)) {
			t.Errorf("%s: notice says %s, file has %d bytes", streamNames[i], size, len(kept))
		}
	}
	r = recorder{}
	if _, err := s.Execute(context.Background(), vocab.ExecuteRequest{Code: "print:again"}, r.sink); err != nil || strings.Join(r.text(), "|") != "stdout:again" {
		t.Errorf("next cell: %v %q", err, r.text())
	}
}

// keptOutput reads the file that the final notice for stream names.
func keptOutput(t *testing.T, notes []string, stream string) (kept, size string) {
	t.Helper()
	re := regexp.MustCompile(`the remaining (.+) of ` + stream + ` are in (\S+);`)
	for _, n := range notes {
		if m := re.FindStringSubmatch(n); m != nil {
			b, err := os.ReadFile(m[2])
			if err != nil {
				t.Fatal(err)
			}
			return string(b), m[1]
		}
	}
	t.Fatalf("no notice names the file of %s: %q", stream, notes)
	return "", ""
}

func TestSupervisorQueries(t *testing.T) {
	s := newTestSupervisor(t, SupervisorConfig{})
	ctx := context.Background()
	m, start, end, err := s.Complete(ctx, "fmt.Pr", 6)
	if err != nil || len(m) != 2 || start != 4 || end != 6 {
		t.Errorf("complete: %v %d %d %v", m, start, end, err)
	}
	b, found, err := s.Inspect(ctx, "fmt.Println", 5, 0)
	if err != nil || !found || str(b.Data, "text/plain") != "doc" {
		t.Errorf("inspect: %v %v %v", b, found, err)
	}
	// The fake engine says "unknown": the supervisor's parser decides.
	if st, ind := s.IsComplete(ctx, "for {"); st != "incomplete" || ind != "\t" {
		t.Errorf("is_complete: %q %q", st, ind)
	}
}

// is_complete answers while a cell runs.
func TestSupervisorIsCompleteWhileBusy(t *testing.T) {
	s := newTestSupervisor(t, SupervisorConfig{})
	done := make(chan struct{})
	started := make(chan struct{})
	var once sync.Once
	go func() {
		defer close(done)
		s.Execute(context.Background(), vocab.ExecuteRequest{Code: "print:started\nloop"}, func(vocab.Message) { once.Do(func() { close(started) }) })
	}()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if st, _ := s.IsComplete(ctx, "x := 1"); st != "complete" {
		t.Errorf("is_complete while busy: %q", st)
	}
	s.Interrupt()
	<-done
}

// A worker that dies between cells is reported on the background sink, and
// the next cell runs in a fresh worker instead of being blamed for it.
func TestSupervisorDeathBetweenCells(t *testing.T) {
	bg := make(chan vocab.Message, 10)
	s := newTestSupervisor(t, SupervisorConfig{Background: func(m vocab.Message) { bg <- m }})
	if rep, err := s.Execute(context.Background(), vocab.ExecuteRequest{Code: "set:x\nbgexit"}, nil); err != nil || rep.Status != "ok" {
		t.Fatal(err, rep)
	}
	var text string
	for text == "" || !strings.Contains(text, "died between cells") {
		m := <-bg
		text += str(m.Content, "text")
	}
	if !strings.Contains(text, "exit status 2") || !strings.Contains(text, "late death") {
		t.Errorf("background report %q", text)
	}
	var r recorder
	rep, err := s.Execute(context.Background(), vocab.ExecuteRequest{Code: "get"}, r.sink)
	if err != nil || rep.Status != "ok" || rep.StateLost || strings.Join(r.text(), "|") != "execute_result:" {
		t.Errorf("next cell: %v %+v %q", err, rep, r.text())
	}
}

// An interrupt while the worker is still starting ends the wait.
func TestSupervisorInterruptDuringStart(t *testing.T) {
	exe, _ := os.Executable()
	s, err := NewSupervisor(SupervisorConfig{WorkerArgv: []string{exe, "-test.run=^$"},
		WorkerEnv: append(os.Environ(), "EOSLAB_FAKE_WORKER=1", "EOSLAB_FAKE_SLOW_START=1")})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	done := make(chan vocab.ExecuteReply)
	go func() {
		rep, _ := s.Execute(context.Background(), vocab.ExecuteRequest{Code: "result:1"}, nil)
		done <- rep
	}()
	for {
		s.Interrupt() // repeated: the first ones may precede Execute
		select {
		case rep := <-done:
			if rep.Status != "error" || rep.Error.Name != "Interrupted" {
				t.Errorf("reply %+v", rep)
			}
			return
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// A worker that cannot start is an error of Execute naming its stderr, not
// a hang or an endless restart loop.
func TestSupervisorWorkerFailsAtStart(t *testing.T) {
	exe, _ := os.Executable()
	s, err := NewSupervisor(SupervisorConfig{WorkerArgv: []string{exe, "-test.run=^$"},
		WorkerEnv: append(os.Environ(), "EOSLAB_FAKE_FAIL_START=1")})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.Execute(context.Background(), vocab.ExecuteRequest{Code: "result:1"}, nil)
	if err == nil || !strings.Contains(err.Error(), "broken on purpose") || !strings.Contains(err.Error(), "exit status 1") {
		t.Errorf("error %v", err)
	}
	if _, err := NewSupervisor(SupervisorConfig{WorkerArgv: []string{"/nonexistent/eoslab"}}); err == nil {
		t.Error("missing worker binary accepted")
	}
}
