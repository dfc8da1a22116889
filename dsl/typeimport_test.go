package dsl

import (
	"go/types"
	"testing"
)

// TestSymbolImporter checks the go/types view of compiled packages against
// what the go toolchain's own type-checker says of the same symbols.
func TestSymbolImporter(t *testing.T) {
	s, _ := testSession(t)
	im := s.typesImporter()
	tests := []struct {
		pkg, name string
		want      string // types.ObjectString with package paths
	}{
		{"math", "Pi", "const math.Pi untyped float"},
		{"time", "Second", "const time.Second time.Duration"},
		{"os", "Args", "var os.Args []string"},
		{"strings", "Repeat", "func strings.Repeat(string, int) string"},
		{"fmt", "Sprintf", "func fmt.Sprintf(string, ...interface{}) string" /* reflect: any is interface{} */},
		{"io", "Reader", "type io.Reader interface{Read([]uint8) (int, error)}" /* reflect: byte is uint8 */},
		{"strings", "Builder", "type strings.Builder struct{addr *strings.Builder; buf []uint8}"},
		{"log", "Logger", "type log.Logger struct{" /* yaegi's wrapper, named as the package's own */},
		{"slices", "Sort", "func slices.Sort[S ~[]E, E cmp.Ordered](x S)"},
		{"gonum.org/v1/gonum/floats", "Dot", "func gonum.org/v1/gonum/floats.Dot([]float64, []float64) float64"},
	}
	for _, tt := range tests {
		pkg, err := im.Import(tt.pkg)
		if err != nil {
			t.Errorf("import %s: %v", tt.pkg, err)
			continue
		}
		obj := pkg.Scope().Lookup(tt.name)
		if obj == nil {
			t.Errorf("%s.%s: not found", tt.pkg, tt.name)
			continue
		}
		got := types.ObjectString(obj, nil)
		if len(got) < len(tt.want) || got[:len(tt.want)] != tt.want {
			t.Errorf("%s.%s = %q, want %q", tt.pkg, tt.name, got, tt.want)
		}
	}
	b, _ := im.Import("strings")
	builder := b.Scope().Lookup("Builder").Type()
	for _, m := range []struct {
		name string
		ptr  bool
	}{{"WriteString", true}, {"String", true}, {"Len", true}} {
		obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(builder), true, b, m.name)
		if obj == nil {
			t.Errorf("(*strings.Builder).%s missing", m.name)
		}
	}
	if _, err := im.Import("no/such/package"); err == nil {
		t.Error("importing a package without symbols succeeded")
	}
}
