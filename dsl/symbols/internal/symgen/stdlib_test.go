package main

import (
	"slices"
	"testing"
)

func TestVersionPrefix(t *testing.T) {
	tests := []struct{ version, want string }{
		{"go1.26.8", "go1_26_"},
		{"go1.26", "go1_26_"},
		{"go1.27rc1", "go1_27_"},
		{"devel go1.27-abcdef", ""},
	}
	for _, tt := range tests {
		got, err := versionPrefix(tt.version)
		if got != tt.want || (err != nil) != (tt.want == "") {
			t.Errorf("versionPrefix(%q) = %q, %v; want %q", tt.version, got, err, tt.want)
		}
	}
}

func TestStdPackages(t *testing.T) {
	pkgs := stdPackages()
	for _, p := range []string{"fmt", "os", "math/rand/v2", "iter", "unique", "structs", "weak", "crypto/sha3"} {
		if !slices.Contains(pkgs, p) {
			t.Errorf("%s missing", p)
		}
	}
	for _, p := range []string{"syscall", "unsafe", "os/exec", "."} {
		if slices.Contains(pkgs, p) {
			t.Errorf("%s should not be extracted", p)
		}
	}
	if !slices.IsSorted(pkgs) {
		t.Error("not sorted")
	}
}
