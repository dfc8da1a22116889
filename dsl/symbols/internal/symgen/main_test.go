package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPackageDocs(t *testing.T) {
	dir := t.TempDir()
	src := `// Package toy is a test.
package toy

// Loss is the loss.
func Loss(w []float64) float64 {
	return w[0] * w[0]
}

// Model has a method.
type Model struct{ W []float64 }

// Step takes one step.
func (m *Model) Step(lr float64) { m.W[0] -= lr }

// Rate is a constant.
const Rate = 0.1
`
	if err := os.WriteFile(filepath.Join(dir, "toy.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, err := packageDocs("example.com/toy", dir, []string{"toy.go"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ key, sig, doc string }{
		{"", `package toy // import "example.com/toy"`, "Package toy is a test."},
		{"Loss", "func Loss(w []float64) float64", "Loss is the loss."},
		{"Model", "type Model struct{ W []float64 }", "Model has a method."},
		{"Model.Step", "func (m *Model) Step(lr float64)", "Step takes one step."},
		{"Rate", "const Rate = 0.1", "Rate is a constant."},
	}
	for _, tt := range tests {
		e, ok := docs[tt.key]
		if !ok {
			t.Errorf("%q missing", tt.key)
			continue
		}
		if e.Sig != tt.sig || strings.TrimSpace(e.Doc) != tt.doc {
			t.Errorf("%q = %q / %q, want %q / %q", tt.key, e.Sig, e.Doc, tt.sig, tt.doc)
		}
		if strings.Contains(e.Sig, "return") {
			t.Errorf("%q: body not elided: %q", tt.key, e.Sig)
		}
	}
}

func TestFileName(t *testing.T) {
	if got := fileName("gonum.org/v1/plot/vg-x"); got != "gonum_org_v1_plot_vg_x.go" {
		t.Errorf("got %q", got)
	}
}
