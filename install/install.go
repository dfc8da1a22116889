package install

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/eoslab/eoslab/kernel"
)

// Options says where and under which name the kernelspec goes. At most one
// of User, Prefix and SysPrefix may be set; none means User.
type Options struct {
	// Name is the kernelspec directory name. Default: "eoslab".
	Name string
	// DisplayName is shown in the launcher. Default: "Go (eoslab)".
	DisplayName string
	// User installs into the per-user Jupyter data directory
	// ($JUPYTER_DATA_DIR, else ~/.local/share/jupyter on Linux).
	User bool
	// Prefix installs into Prefix/share/jupyter/kernels.
	Prefix string
	// SysPrefix installs into the prefix of the active Python environment
	// ($VIRTUAL_ENV, $CONDA_PREFIX, else python3's sys.prefix).
	SysPrefix bool
	// Binary is the eoslab executable to install. Default: the running one.
	Binary string
}

// Spec is the kernel.json document.
type Spec struct {
	Argv          []string `json:"argv"`
	DisplayName   string   `json:"display_name"`
	Language      string   `json:"language"`
	InterruptMode string   `json:"interrupt_mode"`
	// KernelProtocolVersion lets a client know the protocol before it
	// connects (kernelspec field of protocol 5.5).
	KernelProtocolVersion string            `json:"kernel_protocol_version"`
	Env                   map[string]string `json:"env"`
	Metadata              map[string]any    `json:"metadata"`
}

// BinaryName is the file name of the copied executable inside the
// kernelspec directory.
const BinaryName = "eoslab-kernel"

func (o Options) withDefaults() (Options, error) {
	if o.Name == "" {
		o.Name = "eoslab"
	}
	if strings.ContainsAny(o.Name, `/\`) || o.Name == "." || o.Name == ".." {
		return o, fmt.Errorf("install: invalid kernel name %q", o.Name)
	}
	if o.DisplayName == "" {
		o.DisplayName = "Go (eoslab)"
	}
	n := 0
	for _, set := range []bool{o.User, o.Prefix != "", o.SysPrefix} {
		if set {
			n++
		}
	}
	if n > 1 {
		return o, errors.New("install: choose at most one of --user, --prefix and --sys-prefix")
	}
	return o, nil
}

// Dir returns the kernelspec directory the options designate.
func Dir(o Options) (string, error) {
	o, err := o.withDefaults()
	if err != nil {
		return "", err
	}
	var data string
	switch {
	case o.Prefix != "":
		p, err := filepath.Abs(o.Prefix)
		if err != nil {
			return "", fmt.Errorf("install: %w", err)
		}
		data = filepath.Join(p, "share", "jupyter")
	case o.SysPrefix:
		p, err := sysPrefix()
		if err != nil {
			return "", err
		}
		data = filepath.Join(p, "share", "jupyter")
	default:
		data = kernel.JupyterDataDir()
	}
	return filepath.Join(data, "kernels", o.Name), nil
}

func sysPrefix() (string, error) {
	for _, v := range []string{"VIRTUAL_ENV", "CONDA_PREFIX"} {
		if p := os.Getenv(v); p != "" {
			return p, nil
		}
	}
	out, err := exec.Command("python3", "-c", "import sys; print(sys.prefix)").Output()
	if err != nil {
		return "", fmt.Errorf("install: --sys-prefix needs python3 to find sys.prefix: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// Install writes the kernelspec: a copy of the binary (so that a kernel
// installed with `go run . install` outlives go run's temporary directory),
// kernel.json and the logos. It returns the kernelspec directory.
func Install(o Options) (string, error) {
	o, err := o.withDefaults()
	if err != nil {
		return "", err
	}
	dir, err := Dir(o)
	if err != nil {
		return "", err
	}
	src := o.Binary
	if src == "" {
		if src, err = os.Executable(); err != nil {
			return "", fmt.Errorf("install: locating the running binary: %w", err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("install: %w", err)
	}
	bin := filepath.Join(dir, BinaryName)
	if err := copyFile(bin, src, 0o755); err != nil {
		return "", err
	}
	spec := Spec{
		Argv:                  []string{bin, "kernel", "{connection_file}"},
		DisplayName:           o.DisplayName,
		Language:              "go",
		InterruptMode:         "message",
		KernelProtocolVersion: kernel.ProtocolVersion,
		Env:                   map[string]string{},
		Metadata:              map[string]any{"debugger": false},
	}
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return "", fmt.Errorf("install: %w", err)
	}
	if err := writeFile(filepath.Join(dir, "kernel.json"), append(b, '\n'), 0o644); err != nil {
		return "", err
	}
	for _, size := range []int{32, 64} {
		png, err := Logo(size)
		if err != nil {
			return "", err
		}
		if err := writeFile(filepath.Join(dir, fmt.Sprintf("logo-%dx%d.png", size, size)), png, 0o644); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// Remove deletes the kernelspec directory (with its copy of the binary).
// Removing a kernelspec that is not installed is an error.
func Remove(o Options) (string, error) {
	dir, err := Dir(o)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(dir, "kernel.json")); err != nil {
		return dir, fmt.Errorf("install: no kernelspec at %s", dir)
	}
	if err := os.RemoveAll(dir); err != nil {
		return dir, fmt.Errorf("install: %w", err)
	}
	return dir, nil
}

// copyFile copies src to dst through a temporary file and a rename, so a
// running kernel keeps its (unlinked) old binary and dst is never partial.
func copyFile(dst, src string, perm os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("install: %w", err)
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".tmp-"+filepath.Base(dst)+"-*")
	if err != nil {
		return fmt.Errorf("install: %w", err)
	}
	_, err = io.Copy(tmp, in)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), perm)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), dst)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("install: copying the binary: %w", err)
	}
	return nil
}

func writeFile(path string, b []byte, perm os.FileMode) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, perm); err != nil {
		return fmt.Errorf("install: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("install: %w", err)
	}
	return nil
}
