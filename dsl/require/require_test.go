package require

import (
	"archive/zip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eoslab/eoslab/dsl"
	"github.com/eoslab/eoslab/kernel/supervisor"
	"github.com/eoslab/eoslab/kernel/vocab"
)

// The test binary doubles as the plain worker (what `eoslab worker` runs):
// the supervisor starts it with EOSLAB_REQUIRE_TEST_WORKER=1.
func TestMain(m *testing.M) {
	if os.Getenv("EOSLAB_REQUIRE_TEST_WORKER") == "1" {
		if err := dsl.RunWorker(supervisor.ServeWorkerPipes); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	dir, err := os.MkdirTemp("", "eoslab-require-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testCache = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// testCache is the worker cache shared by the tests of this package, so a
// module set is built once per run.
var testCache string

// sharedBuilder builds into testCache; tests count its builds.
var sharedBuilder = &Builder{}

func builder() *Builder {
	sharedBuilder.CacheDir = testCache
	return sharedBuilder
}

// locSource is a local module: a function, a type with a method, a
// compute-heavy function, a sub-package, and packages %require must skip.
var locSource = map[string]string{
	"go.mod": "module example.com/loc\n\ngo 1.22\n",
	"loc.go": `// Package loc is a module made by the %require tests.
package loc

// Double returns 2x.
func Double(x int) int { return 2 * x }

// Counter counts.
type Counter struct{ N int }

// Inc increments the counter and returns the new count.
func (c *Counter) Inc() int {
	c.N++
	return c.N
}

// Work is compute-heavy: the sum of i*i mod 7 for i < n.
func Work(n int) int { return work(n) }
`,
	"work.go":                "package loc\n\n" + workSource,
	"sub/sub.go":             "package sub\n\n// Name is the sub-package's name.\nconst Name = \"sub\"\n",
	"internal/hidden/h.go":   "package hidden\n\nfunc H() {}\n",
	"cmd/tool/main.go":       "package main\n\nfunc main() {}\n",
	"sub/sub_test.go":        "package sub\n",
	"testdata/ignored/x.txt": "not part of the module's build\n",
}

// workSource is the compute-heavy function, compiled into this test binary
// too (see work_test.go) to compare speeds.
const workSource = `func work(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i * i % 7
	}
	return s
}
`

func writeTree(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// localModule writes the loc module in a temporary directory.
func localModuleDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "loc")
	writeTree(t, dir, locSource)
	return dir
}

func needGo(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds workers (tens of seconds); skipped with -short")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
}

// newSupervisor runs the plain worker (this test binary) with b as the
// %require builder.
func newSupervisor(t testing.TB, b supervisor.WorkerBuilder, dir string) *supervisor.Supervisor {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	s, err := supervisor.New(supervisor.Config{
		WorkerArgv: []string{exe, "-test.run=^$"},
		WorkerEnv:  append(os.Environ(), "EOSLAB_REQUIRE_TEST_WORKER=1"),
		WorkerDir:  dir,
		Require:    b,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// outcome is what a cell produced.
type outcome struct {
	stdout string
	result string // text/plain of the execute_result
	err    *vocab.CellError
}

func execute(t testing.TB, s *supervisor.Supervisor, code string) outcome {
	t.Helper()
	var o outcome
	sink := func(m vocab.Message) {
		switch m.Type {
		case "stream":
			if m.Content["name"] == "stdout" {
				o.stdout += m.Content["text"].(string)
			}
		case "execute_result":
			data, _ := m.Content["data"].(map[string]any)
			o.result, _ = data["text/plain"].(string)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	r, err := s.Execute(ctx, vocab.ExecuteRequest{Code: code, StoreHistory: true}, sink)
	if err != nil {
		t.Fatalf("%q: %v", code, err)
	}
	o.err = r.Error
	return o
}

// mustRun runs a cell that must succeed and returns its result.
func mustRun(t testing.TB, s *supervisor.Supervisor, code string) outcome {
	t.Helper()
	o := execute(t, s, code)
	if o.err != nil {
		t.Fatalf("%q failed: %s\n%s\nstdout: %s", code, o.err.Error(), strings.Join(o.err.Traceback, "\n"), o.stdout)
	}
	return o
}

// TestRequireDir: %require DIR makes a local module importable; earlier
// cells survive through the replay; the rest of the %require cell runs in
// the new worker.
func TestRequireDir(t *testing.T) {
	needGo(t)
	b := builder()
	dir := localModuleDir(t)
	s := newSupervisor(t, b, filepath.Dir(dir))
	mustRun(t, s, "x := 21")
	mustRun(t, s, "func triple(v int) int { return 3 * v }")
	before := b.Builds()
	o := mustRun(t, s, "%require ./loc\nimport \"example.com/loc\"\nloc.Double(x)")
	if o.result != "42" {
		t.Errorf("loc.Double(x) = %q, want 42; output:\n%s", o.result, o.stdout)
	}
	for _, want := range []string{"extracting the symbols of 2 packages", "building the worker", "replayed 2 earlier cells"} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("progress lacks %q:\n%s", want, o.stdout)
		}
	}
	if b.Builds() != before+1 && !strings.Contains(o.stdout, "cached") {
		t.Errorf("builds %d → %d", before, b.Builds())
	}
	checks := []struct{ code, want string }{
		{"c := &loc.Counter{}\nc.Inc()\nc.Inc()", "2"},
		{"triple(x)", "63"},
		{"import \"example.com/loc/sub\"\nsub.Name", `"sub"`},
		{"loc.Work(100000)", fmt.Sprint(work(100000))},
	}
	for _, c := range checks {
		if o := mustRun(t, s, c.code); o.result != c.want {
			t.Errorf("%q = %q, want %q", c.code, o.result, c.want)
		}
	}
	if o := execute(t, s, "import \"example.com/loc/internal/hidden\"\nhidden.H()"); o.err == nil {
		t.Error("an internal package of the module must not be importable")
	}
	if o := mustRun(t, s, "%require"); !strings.Contains(o.stdout, "example.com/loc => "+dir) {
		t.Errorf("%%require lists %q", o.stdout)
	}
	checkManifest(t, b, []string{"example.com/loc", "example.com/loc/sub"})
}

// checkManifest checks the packages of the cache entry of the loc module.
func checkManifest(t *testing.T, b *Builder, want []string) {
	t.Helper()
	ms, _ := filepath.Glob(filepath.Join(b.CacheDir, "*", manifestName))
	for _, p := range ms {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var m manifest
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		if len(m.Modules) == 1 && strings.HasPrefix(m.Modules[0], "example.com/loc ") {
			if !slices.Equal(m.Packages, want) {
				t.Errorf("packages %v, want %v", m.Packages, want)
			}
			return
		}
	}
	t.Errorf("no cache entry for the loc module in %v", ms)
}

// TestRequireCached: the same module set again, in a new session, uses the
// cached worker: no build happens.
func TestRequireCached(t *testing.T) {
	needGo(t)
	b := builder()
	dir := localModuleDir(t)
	// The first session builds the worker, unless an earlier test did.
	s1 := newSupervisor(t, b, "")
	mustRun(t, s1, "%require "+dir)
	built := b.Builds()

	s2 := newSupervisor(t, b, "")
	mustRun(t, s2, "y := 5")
	start := time.Now()
	o := mustRun(t, s2, "%require "+dir+"\nimport \"example.com/loc\"\nloc.Double(y)")
	if b.Builds() != built {
		t.Errorf("a cached module set was built again (%d builds, was %d)", b.Builds(), built)
	}
	if !strings.Contains(o.stdout, "using the cached worker") || o.result != "10" {
		t.Errorf("result %q, output:\n%s", o.result, o.stdout)
	}
	t.Logf("cached %%require with replay: %v", time.Since(start))
	// The same set in the same session: nothing to do.
	if o := mustRun(t, s2, "%require "+dir); !strings.Contains(o.stdout, "already in this session") || b.Builds() != built {
		t.Errorf("second %%require in a session: %q", o.stdout)
	}
	// An edited module directory is a new set.
	writeTree(t, dir, map[string]string{"more.go": "package loc\n\n// Half halves.\nfunc Half(x int) int { return x / 2 }\n"})
	if o := mustRun(t, s2, "%require "+dir+"\nloc.Half(y * 4)"); o.result != "10" || b.Builds() != built+1 {
		t.Errorf("after an edit: result %q, builds %d (was %d)\n%s", o.result, b.Builds(), built, o.stdout)
	}
}

// TestRequireProxy: a module served by a file-system GOPROXY, required by
// version, accumulates with a local module; bad versions and modules point
// at the word.
func TestRequireProxy(t *testing.T) {
	needGo(t)
	proxy := writeProxy(t)
	t.Setenv("GOPROXY", "file://"+filepath.ToSlash(proxy))
	t.Setenv("GOSUMDB", "off")
	t.Setenv("GONOSUMDB", "example.com")
	t.Setenv("GOFLAGS", "-mod=mod -modcacherw")
	cleanModCache(t, "example.com/m")
	b := builder()
	s := newSupervisor(t, b, "")
	mustRun(t, s, "z := 4")
	dir := localModuleDir(t)
	mustRun(t, s, "%require "+dir)
	o := mustRun(t, s, "%require example.com/m@v1.0.0\nimport \"example.com/m\"\nm.Greet(\"eos\") + fmt.Sprint(m.Square(float64(z)))")
	if o.result != `"hello, eos16"` {
		t.Errorf("result %s; output:\n%s", o.result, o.stdout)
	}
	if o := mustRun(t, s, "loc.Double(z)"); o.result != "8" {
		t.Errorf("the earlier module is gone from the union: %q", o.result)
	}
	if o := mustRun(t, s, "%require"); !strings.Contains(o.stdout, "example.com/m@v1.0.0") || !strings.Contains(o.stdout, "example.com/loc => ") {
		t.Errorf("%%require lists %q", o.stdout)
	}
	errs := []struct{ code, value string }{
		{"%require example.com/m@v1.9.9", "line 1:10: unknown module or version example.com/m@v1.9.9"},
		{"// a comment\n%require  example.com/nope@v1.0.0", "line 2:11: unknown module or version example.com/nope@v1.0.0"},
		{"%require example.com/m@latest", ""}, // resolves to v1.0.0: already there
	}
	for _, e := range errs {
		o := execute(t, s, e.code)
		switch {
		case e.value == "" && o.err != nil:
			t.Errorf("%q: %v", e.code, o.err)
		case e.value != "" && (o.err == nil || !strings.HasPrefix(o.err.Value, e.value)):
			t.Errorf("%q: error %v, want %q", e.code, o.err, e.value)
		}
	}
}

// writeProxy writes a GOPROXY tree serving example.com/m v1.0.0.
func writeProxy(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	v := filepath.Join(root, "example.com", "m", "@v")
	gomod := "module example.com/m\n\ngo 1.22\n"
	files := map[string]string{
		"go.mod": gomod,
		"m.go":   "// Package m is served by the test's GOPROXY.\npackage m\n\n// Greet greets.\nfunc Greet(name string) string { return \"hello, \" + name }\n\n// Square squares.\nfunc Square(x float64) float64 { return x * x }\n",
	}
	writeTree(t, v, map[string]string{
		"list":        "v1.0.0\n",
		"v1.0.0.info": `{"Version":"v1.0.0","Time":"2025-01-01T00:00:00Z"}`,
		"v1.0.0.mod":  gomod,
	})
	f, err := os.Create(filepath.Join(v, "v1.0.0.zip"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, name := range []string{"go.mod", "m.go"} {
		w, err := zw.Create("example.com/m@v1.0.0/" + name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[name]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return root
}

// cleanModCache removes a test module from the module cache after the
// test, so that a changed test never meets a stale copy.
func cleanModCache(t *testing.T, path string) {
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	mc := strings.TrimSpace(string(out))
	clean := func() {
		dirs, _ := filepath.Glob(filepath.Join(mc, filepath.FromSlash(path)+"@*"))
		for _, d := range append(dirs, filepath.Join(mc, "cache", "download", filepath.FromSlash(path))) {
			filepath.WalkDir(d, func(p string, _ os.DirEntry, _ error) error { os.Chmod(p, 0o755); return nil })
			os.RemoveAll(d)
		}
	}
	clean()
	t.Cleanup(clean)
}

// TestRequireNoToolchain: without a go command, %require says so and how
// to get one.
func TestRequireNoToolchain(t *testing.T) {
	empty := t.TempDir()
	for _, goroot := range []string{"", filepath.Join(empty, "fake-goroot")} {
		t.Setenv("PATH", empty)
		t.Setenv("GOROOT", goroot)
		_, err := (&Builder{CacheDir: t.TempDir()}).BuildWorker(context.Background(), supervisor.BuildRequest{Add: []string{"example.com/m@v1.0.0"}})
		var re *supervisor.RequireError
		if !errors.As(err, &re) || !strings.Contains(re.Msg, "Go toolchain") || !strings.Contains(re.Msg, "https://go.dev/dl") || re.Arg != "" {
			t.Errorf("GOROOT=%q: %v", goroot, err)
		}
	}
}

// TestRequireNoToolchainCell: the same through the supervisor, as a cell
// error; the session goes on.
func TestRequireNoToolchainCell(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a worker")
	}
	// The go command runs in the workers' environment.
	t.Setenv("PATH", t.TempDir())
	t.Setenv("GOROOT", "")
	s := newSupervisor(t, &Builder{CacheDir: t.TempDir()}, "")
	mustRun(t, s, "a := 1")
	o := execute(t, s, "%require example.com/m@v1.0.0")
	if o.err == nil || o.err.Name != "RequireError" || !strings.Contains(o.err.Value, "go.dev/dl") {
		t.Fatalf("got %+v", o.err)
	}
	if o := mustRun(t, s, "a + 1"); o.result != "2" {
		t.Errorf("state after a failed %%require: %q", o.result)
	}
}

// TestRequireBadArguments: errors name the argument at fault.
func TestRequireBadArguments(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	base := t.TempDir()
	writeTree(t, base, map[string]string{"plain/x.go": "package x\n", "self/go.mod": "module github.com/eoslab/eoslab\n", "afile": ""})
	tests := []struct{ arg, msg string }{
		{"./plain", "is not a module: it has no go.mod"},
		{"./missing", "no such module directory"},
		{"./afile", "is not a directory"},
		{"./self", "is eoslab itself"},
		{"nodot", "neither a module directory nor MODULE[@VERSION]"},
		{"example.com/m@", "neither a module directory nor MODULE[@VERSION]"},
	}
	for _, tt := range tests {
		_, err := (&Builder{CacheDir: t.TempDir()}).BuildWorker(context.Background(), supervisor.BuildRequest{Add: []string{tt.arg}, Dir: base})
		var re *supervisor.RequireError
		if !errors.As(err, &re) || re.Arg != tt.arg || !strings.Contains(re.Msg, tt.msg) {
			t.Errorf("%s: %v, want %q", tt.arg, err, tt.msg)
		}
	}
}

// TestRequireBuildFailure: a module that does not compile fails the
// %require at its argument, with the go command's report.
func TestRequireBuildFailure(t *testing.T) {
	needGo(t)
	dir := filepath.Join(t.TempDir(), "bad")
	writeTree(t, dir, map[string]string{
		"go.mod": "module example.com/bad\n\ngo 1.22\n",
		"bad.go": "package bad\n\n// F is broken.\nfunc F() int { return undefinedName }\n",
	})
	_, err := builder().BuildWorker(context.Background(), supervisor.BuildRequest{Add: []string{dir}})
	var re *supervisor.RequireError
	if !errors.As(err, &re) || re.Arg != dir || !strings.Contains(re.Msg, "example.com/bad") || !strings.Contains(strings.Join(re.Detail, "\n"), "undefinedName") {
		t.Fatalf("got %v", err)
	}
	if ms, _ := filepath.Glob(filepath.Join(testCache, "build-*")); len(ms) != 0 {
		t.Errorf("failed builds left %v", ms)
	}
}
