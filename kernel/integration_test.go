package kernel

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The integration tests build the eoslab binary, install its kernelspec into
// a temporary prefix, delete the built binary (the kernelspec must hold its
// own copy, as after `go run . install`) and drive the kernel from Python
// with jupyter_client, the way Jupyter does.

var (
	itOnce sync.Once
	itEnv  []string
	itPy   string
	itErr  string
	itDir  string
)

func findPython() string {
	cands := []string{"/usr/bin/python3", "python3"}
	if p := os.Getenv("EOSLAB_PYTHON"); p != "" {
		cands = []string{p}
	}
	for _, c := range cands {
		if exec.Command(c, "-c", "import jupyter_client, jupyter_kernel_test, zmq").Run() == nil {
			return c
		}
	}
	return ""
}

// setupKernel returns the python to use and the environment in which the
// kernelspec "eoslab-test" is installed.
func setupKernel(t *testing.T) (string, []string) {
	if testing.Short() {
		t.Skip("integration test: skipped with -short")
	}
	itOnce.Do(func() {
		if itPy = findPython(); itPy == "" {
			itErr = "skip: python3 with jupyter_client and jupyter_kernel_test not found (Debian: apt install jupyter-client python3-jupyter-kernel-test; or set EOSLAB_PYTHON)"
			return
		}
		dir, err := os.MkdirTemp("", "eoslab-it-")
		if err != nil {
			itErr = err.Error()
			return
		}
		itDir = dir
		gomod, err := exec.Command("go", "env", "GOMOD").Output()
		if err != nil {
			itErr = "go env GOMOD: " + err.Error()
			return
		}
		bin := filepath.Join(dir, "build", "eoslab")
		build := exec.Command("go", "build", "-o", bin, ".")
		build.Dir = filepath.Dir(strings.TrimSpace(string(gomod)))
		if out, err := build.CombinedOutput(); err != nil {
			itErr = "go build: " + err.Error() + "\n" + string(out)
			return
		}
		prefix := filepath.Join(dir, "prefix")
		if out, err := exec.Command(bin, "install", "--prefix", prefix, "--name", "eoslab-test").CombinedOutput(); err != nil {
			itErr = "install: " + err.Error() + "\n" + string(out)
			return
		}
		os.RemoveAll(filepath.Join(dir, "build"))
		itEnv = append(os.Environ(),
			"JUPYTER_PATH="+filepath.Join(prefix, "share", "jupyter"),
			"JUPYTER_DATA_DIR="+filepath.Join(dir, "data"),
			"JUPYTER_RUNTIME_DIR="+filepath.Join(dir, "runtime"),
			"EOSLAB_KERNEL_NAME=eoslab-test",
			"PYDEVD_DISABLE_FILE_VALIDATION=1",
			"PYTHONDONTWRITEBYTECODE=1",
		)
	})
	if strings.HasPrefix(itErr, "skip: ") {
		t.Skip(strings.TrimPrefix(itErr, "skip: "))
	}
	if itErr != "" {
		t.Fatal(itErr)
	}
	return itPy, itEnv
}

func runPython(t *testing.T, args ...string) {
	py, env := setupKernel(t)
	cmd := exec.Command(py, append([]string{"-Xfrozen_modules=off"}, args...)...)
	cmd.Dir = "testdata"
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("%v", err)
	}
}

// TestIntegration: crashes, interrupts, 100 MB of output, a disconnecting
// client, forged/unsigned/replayed requests; the heartbeat answers
// throughout. See testdata/integration.py.
func TestIntegration(t *testing.T) { runPython(t, "integration.py") }

// TestProtocol55 checks the messages of protocol 5.5 with jupyter_client:
// kernelspec field, iopub_welcome, kernel_info on both channels,
// supported_features, error replies to unknown requests, and answers while
// a cell runs. See testdata/protocol55.py.
func TestProtocol55(t *testing.T) { runPython(t, "protocol55.py") }

// TestKernelSpecSuite runs the official jupyter_kernel_test suite.
func TestKernelSpecSuite(t *testing.T) { runPython(t, "-m", "unittest", "-v", "test_kernel_spec.py") }

// TestInstalledHistoryFile checks that history reached the Jupyter data
// directory of the runs above (persisted, not only in memory).
func TestInstalledHistoryFile(t *testing.T) {
	setupKernel(t)
	b, err := os.ReadFile(filepath.Join(itDir, "data", "eoslab", "history.jsonl"))
	if err != nil {
		t.Skipf("no history yet (run with the other integration tests): %v", err)
	}
	if !strings.Contains(string(b), `"input":"1+2"`) {
		t.Errorf("history file lacks the executed cells:\n%.500s", b)
	}
}
