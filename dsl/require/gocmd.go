package require

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/eoslab/eoslab/kernel/vocab"
)

// noToolchain is the message when no go command is found.
const noToolchain = "%require needs a Go toolchain (the go command) to build the worker, and none was found on the kernel's PATH or in $GOROOT/bin. " +
	"Install Go from https://go.dev/dl (or with the package manager: apt install golang-go, dnf install golang, brew install go), " +
	"put its bin directory on PATH and restart the kernel."

// goCmd runs the go command with a fixed environment.
type goCmd struct {
	path string   // absolute path of the go command
	env  []string // its environment
}

// findGo locates the go command from env's PATH, then $GOROOT/bin.
func findGo(env []string) (*goCmd, error) {
	name := "go"
	if runtime.GOOS == "windows" {
		name = "go.exe"
	}
	var dirs []string
	dirs = append(dirs, filepath.SplitList(lookupEnv(env, "PATH"))...)
	if root := lookupEnv(env, "GOROOT"); root != "" {
		dirs = append(dirs, filepath.Join(root, "bin"))
	}
	for _, d := range dirs {
		if d == "" || !filepath.IsAbs(d) {
			continue
		}
		p := filepath.Join(d, name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return &goCmd{path: p, env: goEnv(env)}, nil
		}
	}
	return nil, &vocab.RequireError{Msg: noToolchain}
}

// goEnv is env for the commands of the builder: module mode with go.mod
// updates allowed (the generated go.mod lists only the direct
// requirements), and no workspace.
func goEnv(env []string) []string {
	out := make([]string, 0, len(env)+2)
	for _, kv := range env {
		if !strings.HasPrefix(kv, "GOFLAGS=") && !strings.HasPrefix(kv, "GOWORK=") && !strings.HasPrefix(kv, "GO111MODULE=") {
			out = append(out, kv)
		}
	}
	flags := strings.TrimSpace(lookupEnv(env, "GOFLAGS") + " -mod=mod")
	return append(out, "GOFLAGS="+flags, "GOWORK=off", "GO111MODULE=on")
}

func lookupEnv(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val // the last one wins, as in exec
		}
	}
	return v
}

// run runs `go args...` in dir and returns its stdout; a failure is an
// error whose Detail is the tail of stderr.
func (g *goCmd) run(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := g.command(ctx, dir, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.Bytes(), g.failure(ctx, args, err, stderr.Bytes())
	}
	return stdout.Bytes(), nil
}

func (g *goCmd) command(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, g.path, args...)
	cmd.Dir = dir
	cmd.Env = g.env
	return cmd
}

// failure describes a go command that failed.
func (g *goCmd) failure(ctx context.Context, args []string, err error, stderr []byte) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return &vocab.RequireError{
		Msg:    fmt.Sprintf("go %s failed (%v)", strings.Join(args[:min(2, len(args))], " "), err),
		Detail: tail(stderr, 25),
	}
}

// tail returns the last n non-empty lines of b.
func tail(b []byte, n int) []string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	return lines[max(0, len(lines)-n):]
}

// toolchain is what the go command says about itself; part of the cache
// key.
type toolchain struct {
	Version string // GOVERSION, e.g. go1.26.0
	Key     string // GOVERSION, GOOS, GOARCH, CGO_ENABLED, GOFLAGS...
}

func (g *goCmd) toolchain(ctx context.Context, dir string) (toolchain, error) {
	out, err := g.run(ctx, dir, "env", "-json", "GOVERSION", "GOOS", "GOARCH", "GOARM", "GOAMD64", "CGO_ENABLED", "GOFLAGS", "GOEXPERIMENT", "GOTOOLCHAIN")
	if err != nil {
		var re *vocab.RequireError
		if errors.As(err, &re) {
			re.Msg = "the go command does not work (" + g.path + "): " + re.Msg
		}
		return toolchain{}, err
	}
	var m map[string]string
	if err := json.Unmarshal(out, &m); err != nil {
		return toolchain{}, fmt.Errorf("require: go env: %w", err)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%s;", k, m[k])
	}
	return toolchain{Version: m["GOVERSION"], Key: b.String()}, nil
}
