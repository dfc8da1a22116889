package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunRequire: `eoslab run` handles %require like the kernel: a local
// module becomes importable in the next cells and earlier cells are
// replayed. The worker cache is a temporary one (XDG_CACHE_HOME); the go
// build cache stays the usual one.
func TestRunRequire(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and a worker")
	}
	gocache, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	bin := runTestBuild(t, dir)
	mod := filepath.Join(dir, "mymod")
	os.MkdirAll(mod, 0o755)
	os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/mymod\n\ngo 1.22\n"), 0o644)
	os.WriteFile(filepath.Join(mod, "m.go"), []byte("package mymod\n\n// Answer adds 22.\nfunc Answer(x int) int { return x + 22 }\n"), 0o644)
	script := filepath.Join(dir, "req.go")
	os.WriteFile(script, []byte("// %%\nx := 20\n// %%\n%require ./mymod\nimport \"example.com/mymod\"\nfmt.Println(\"answer\", mymod.Answer(x))\n"), 0o644)
	cmd := exec.Command(bin, "run", script)
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(dir, "cache"), "GOCACHE="+strings.TrimSpace(string(gocache)))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("eoslab run: %v\n%s", err, out)
	}
	for _, want := range []string{"building the worker", "replayed 1 earlier cell", "answer 42"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "cache", "eoslab", "require", "*", "eoslab-worker")); len(m) != 1 {
		t.Errorf("cached workers: %v", m)
	}
}
