package supervisor

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eoslab/eoslab/kernel/supervisor/workertest"
	"github.com/eoslab/eoslab/kernel/vocab"
)

// The test binary doubles as a fake worker (workertest): the supervisor is
// tested without the interpreter.
func TestMain(m *testing.M) { workertest.Main(m, ServeWorkerPipes) }

func newTestSupervisor(t testing.TB, cfg Config) *Supervisor {
	t.Helper()
	cfg.WorkerArgv = workertest.Argv()
	cfg.WorkerEnv = workertest.Env()
	s, err := New(cfg)
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
	s := newTestSupervisor(t, Config{})
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
	s := newTestSupervisor(t, Config{})
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
	s := newTestSupervisor(t, Config{})
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
	s := newTestSupervisor(t, Config{InterruptGrace: 300 * time.Millisecond})
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

// TestSupervisorOutputLimit: output beyond the per-cell limit is not lost.
// Of a cell printing 100 MB (20 MB with -short) on stdout and 3 MB on
// stderr, every byte is either delivered or in the file the notice names,
// in order; the notice gives its size; the budget is per cell.
func TestSupervisorOutputLimit(t *testing.T) {
	dir := t.TempDir()
	s := newTestSupervisor(t, Config{MaxOutputBytes: 1 << 20, SpoolDir: dir})
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
	for i, want := range [][]byte{workertest.NumberedLines(total), workertest.NumberedLines(3 << 20)} {
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
	s := newTestSupervisor(t, Config{})
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
	s := newTestSupervisor(t, Config{})
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
	s := newTestSupervisor(t, Config{Background: func(m vocab.Message) { bg <- m }})
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
	s, err := New(Config{WorkerArgv: workertest.Argv(), WorkerEnv: workertest.Env(workertest.StartHangs)})
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
	s, err := New(Config{WorkerArgv: workertest.Argv(), WorkerEnv: workertest.Env(workertest.StartFails)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.Execute(context.Background(), vocab.ExecuteRequest{Code: "result:1"}, nil)
	if err == nil || !strings.Contains(err.Error(), "broken on purpose") || !strings.Contains(err.Error(), "exit status 1") {
		t.Errorf("error %v", err)
	}
	if _, err := New(Config{WorkerArgv: []string{"/nonexistent/eoslab"}}); err == nil {
		t.Error("missing worker binary accepted")
	}
}

// str reads a string field of a message content.
func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

// dict reads an object field of a message content.
func dict(m map[string]any, k string) map[string]any {
	d, _ := m[k].(map[string]any)
	return d
}
