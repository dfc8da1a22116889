package supervisor

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/eoslab/eoslab/kernel/vocab"
)

func TestCutRequire(t *testing.T) {
	tests := []struct {
		code string
		args [][]string
		rest string
	}{
		{"x := 1", nil, "x := 1"},
		{"%require a@v1.0.0", [][]string{{"a@v1.0.0"}}, ""},
		{"\n// deps\n%require  a b\n%require\tc\nuse()", [][]string{{"a", "b"}, {"c"}}, "\n// deps\n\n\nuse()"},
		{"%require", [][]string{nil}, ""},
		{"x := 1\n%require a", nil, "x := 1\n%require a"},
		{"%requires a", nil, "%requires a"},
		{"%%capture\n%require a", nil, "%%capture\n%require a"},
	}
	for _, tt := range tests {
		lines, rest, ok := cutRequire(tt.code)
		var args [][]string
		for _, l := range lines {
			args = append(args, l.args)
		}
		if ok != (tt.args != nil) || rest != tt.rest || len(args) != len(tt.args) {
			t.Errorf("%q: %v %q %v", tt.code, args, rest, ok)
			continue
		}
		for i := range args {
			if !slices.Equal(args[i], tt.args[i]) {
				t.Errorf("%q: line %d args %q, want %q", tt.code, i, args[i], tt.args[i])
			}
		}
	}
}

func TestRequireCellErrorPointsAtTheWord(t *testing.T) {
	lines, _, _ := cutRequire("// x\n%require  good \tbad@v1")
	ce := requireCellError(lines, &RequireError{Arg: "bad@v1", Msg: "unknown version", Detail: []string{"go: detail"}})
	want := []string{"RequireError: line 2:17: unknown version", "    %require  good     bad@v1", "                       ^^^^^^", "go: detail"}
	if ce.Name != "RequireError" || ce.Value != "line 2:17: unknown version" || !slices.Equal(ce.Traceback, want) {
		t.Errorf("got %q %q\n%s", ce.Name, ce.Value, strings.Join(ce.Traceback, "\n"))
	}
	ce = requireCellError(lines, errors.New("supervisor: other"))
	if ce.Value != "supervisor: other" || len(ce.Traceback) != 1 {
		t.Errorf("plain error: %+v", ce)
	}
}

// fakeBuilder "builds" the fake worker with an extra flag per module.
type fakeBuilder struct {
	exe   string
	calls []BuildRequest
	err   error
}

func (b *fakeBuilder) BuildWorker(ctx context.Context, req BuildRequest) (BuildResult, error) {
	b.calls = append(b.calls, req)
	if b.err != nil {
		return BuildResult{}, b.err
	}
	req.Progress("fake: building")
	mods := slices.Clone(req.Have)
	for _, a := range req.Add {
		if !slices.Contains(mods, a) {
			mods = append(mods, a)
		}
	}
	slices.Sort(mods)
	return BuildResult{Argv: []string{b.exe, "-test.run=^$", "-test.count=" + strings.Repeat("1", len(mods))}, Modules: mods}, nil
}

func TestSupervisorRequireReplays(t *testing.T) {
	fb := &fakeBuilder{}
	s := newTestSupervisor(t, Config{Require: fb})
	fb.exe = s.cfg.WorkerArgv[0]
	base := s.workerArgv()
	var r recorder
	run := func(code string) vocab.ExecuteReply {
		t.Helper()
		rep, err := s.Execute(context.Background(), vocab.ExecuteRequest{Code: code, StoreHistory: true}, r.sink)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	run("set:kept")
	run("error:not replayed")
	run("print:hi")
	rep := run("%require mod/a\nget:")
	out := strings.Join(r.text(), "|")
	if rep.Status != "ok" || !strings.Contains(out, "fake: building") || !strings.Contains(out, "replayed 2 earlier cells") || !strings.HasSuffix(out, "execute_result:kept") {
		t.Fatalf("status %s, outputs %s", rep.Status, out)
	}
	if got := s.workerArgv(); got[len(got)-1] != "-test.count=1" {
		t.Errorf("worker argv %q", got)
	}
	if fb.calls[0].Dir == "" || fb.calls[0].Env == nil || len(fb.calls[0].Have) != 0 {
		t.Errorf("request %+v", fb.calls[0])
	}
	// The union grows; the replay now includes the cell after %require.
	r = recorder{}
	run("%require mod/b")
	if fb.calls[1].Have[0] != "mod/a" || !strings.Contains(strings.Join(r.text(), ""), "replayed 3 earlier cells") {
		t.Errorf("second require: %+v %q", fb.calls[1], r.text())
	}
	r = recorder{}
	run("%require mod/b")
	if !strings.Contains(strings.Join(r.text(), ""), "already in this session") {
		t.Errorf("same set: %q", r.text())
	}
	r = recorder{}
	run("%require")
	if txt := strings.Join(r.text(), ""); !strings.Contains(txt, "mod/a\n  mod/b") {
		t.Errorf("listing: %q", txt)
	}
	// A worker death forgets the history; Restart goes back to the plain
	// worker.
	if err := s.Restart(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.workerArgv(), base) || s.required != nil || s.history != nil {
		t.Errorf("after Restart: argv %q, required %q", s.workerArgv(), s.required)
	}
}

func TestSupervisorRequireErrors(t *testing.T) {
	s := newTestSupervisor(t, Config{})
	var r recorder
	rep, err := s.Execute(context.Background(), vocab.ExecuteRequest{Code: "%require x"}, r.sink)
	if err != nil || rep.Status != "error" || !strings.Contains(rep.Error.Value, "cannot build workers") {
		t.Errorf("no builder: %+v %v", rep.Error, err)
	}
	fb := &fakeBuilder{err: &RequireError{Arg: "bad", Msg: "no such module"}}
	s = newTestSupervisor(t, Config{Require: fb})
	s.Execute(context.Background(), vocab.ExecuteRequest{Code: "set:v"}, nil)
	rep, _ = s.Execute(context.Background(), vocab.ExecuteRequest{Code: "%require ok bad\nset:changed"}, r.sink)
	if rep.Status != "error" || rep.Error.Value != "line 1:13: no such module" {
		t.Errorf("builder error: %+v", rep.Error)
	}
	// The cell stopped at %require and the worker kept its state.
	rep, _ = s.Execute(context.Background(), vocab.ExecuteRequest{Code: "get:"}, r.sink)
	if txt := r.text(); txt[len(txt)-1] != "execute_result:v" {
		t.Errorf("after a failed %%require: %q", txt)
	}
	// A worker that cannot start leaves the old one in place.
	fb.err = nil
	fb.exe = "/nonexistent/worker"
	rep, _ = s.Execute(context.Background(), vocab.ExecuteRequest{Code: "%require m"}, r.sink)
	if rep.Status != "error" || !strings.Contains(rep.Error.Value, "starting worker") {
		t.Errorf("bad worker: %+v", rep.Error)
	}
	r = recorder{}
	s.Execute(context.Background(), vocab.ExecuteRequest{Code: "get:"}, r.sink)
	if txt := r.text(); len(txt) == 0 || txt[len(txt)-1] != "execute_result:v" {
		t.Errorf("after a worker that cannot start: %q", txt)
	}
}

func TestSetWorker(t *testing.T) {
	s := newTestSupervisor(t, Config{})
	s.Execute(context.Background(), vocab.ExecuteRequest{Code: "set:s", StoreHistory: true}, nil)
	s.Execute(context.Background(), vocab.ExecuteRequest{Code: "error:e", StoreHistory: true}, nil)
	argv := append(slices.Clone(s.workerArgv()), "-test.count=1")
	rep, err := s.SetWorker(context.Background(), argv)
	if err != nil || rep.Replayed != 1 || len(rep.Failed) != 0 {
		t.Fatalf("SetWorker: %+v %v", rep, err)
	}
	var r recorder
	s.Execute(context.Background(), vocab.ExecuteRequest{Code: "get:"}, r.sink)
	if txt := r.text(); txt[len(txt)-1] != "execute_result:s" {
		t.Errorf("replayed state: %q", txt)
	}
	if _, err := s.SetWorker(context.Background(), nil); err == nil {
		t.Error("SetWorker(nil) must fail")
	}
}
