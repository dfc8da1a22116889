package install

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestInstallAndRemove(t *testing.T) {
	tmp := t.TempDir()
	// A stand-in binary that disappears after install, like go run's.
	src := filepath.Join(tmp, "go-build", "eoslab")
	os.MkdirAll(filepath.Dir(src), 0o755)
	os.WriteFile(src, []byte("#!/bin/sh\necho eoslab\n"), 0o755)
	o := Options{Prefix: filepath.Join(tmp, "prefix"), Binary: src}
	dir, err := Install(o)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(tmp, "prefix", "share", "jupyter", "kernels", "eoslab"); dir != want {
		t.Errorf("dir %s, want %s", dir, want)
	}
	os.RemoveAll(filepath.Join(tmp, "go-build"))

	var spec Spec
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil || json.Unmarshal(b, &spec) != nil {
		t.Fatalf("kernel.json: %v %s", err, b)
	}
	bin := filepath.Join(dir, BinaryName)
	if len(spec.Argv) != 3 || spec.Argv[0] != bin || spec.Argv[1] != "kernel" || spec.Argv[2] != "{connection_file}" ||
		spec.Language != "go" || spec.InterruptMode != "message" || spec.KernelProtocolVersion != "5.5" || spec.DisplayName != "Go (eoslab)" {
		t.Errorf("spec %+v", spec)
	}
	if st, err := os.Stat(bin); err != nil || st.Mode()&0o111 == 0 {
		t.Errorf("copied binary: %v", err)
	}
	if got, _ := os.ReadFile(bin); !bytes.Contains(got, []byte("echo eoslab")) {
		t.Errorf("binary content %q", got)
	}
	for _, size := range []int{32, 64} {
		f, err := os.Open(filepath.Join(dir, "logo-"+itoa(size)+"x"+itoa(size)+".png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil || img.Bounds().Dx() != size || img.Bounds().Dy() != size {
			t.Errorf("logo %d: %v %v", size, err, img.Bounds())
		}
	}
	// Reinstalling over an existing kernelspec works (the rename replaces).
	v2 := filepath.Join(tmp, "v2")
	os.WriteFile(v2, []byte("v2"), 0o755)
	if _, err := Install(Options{Prefix: o.Prefix, Binary: v2}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(bin); string(got) != "v2" {
		t.Errorf("reinstall kept %q", got)
	}
	if _, err := Remove(o); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("kernelspec still there: %v", err)
	}
	if _, err := Remove(o); err == nil || !strings.HasPrefix(err.Error(), "install: ") {
		t.Errorf("second remove: %v", err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestDir(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", "/data")
	t.Setenv("VIRTUAL_ENV", "/venv")
	tests := []struct {
		o    Options
		want string
	}{
		{Options{}, "/data/kernels/eoslab"},
		{Options{User: true, Name: "go2"}, "/data/kernels/go2"},
		{Options{Prefix: "/p"}, "/p/share/jupyter/kernels/eoslab"},
		{Options{SysPrefix: true}, "/venv/share/jupyter/kernels/eoslab"},
	}
	for _, tt := range tests {
		if got, err := Dir(tt.o); err != nil || got != tt.want {
			t.Errorf("Dir(%+v) = %q, %v; want %q", tt.o, got, err, tt.want)
		}
	}
}

func TestOptionErrors(t *testing.T) {
	for _, o := range []Options{
		{User: true, Prefix: "/p"},
		{SysPrefix: true, User: true},
		{Name: "a/b"},
		{Name: ".."},
	} {
		if _, err := Install(o); err == nil || !strings.HasPrefix(err.Error(), "install: ") {
			t.Errorf("Install(%+v): %v", o, err)
		}
	}
}

func TestLogo(t *testing.T) {
	if _, err := Logo(4); err == nil {
		t.Error("tiny logo accepted")
	}
	a, _ := Logo(64)
	b, _ := Logo(64)
	if !bytes.Equal(a, b) {
		t.Error("logo not deterministic")
	}
}
