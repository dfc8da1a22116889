package kernel

import "testing"

func TestIsComplete(t *testing.T) {
	tests := []struct {
		code, status, indent string
	}{
		{"", "complete", ""},
		{"1+2", "complete", ""},
		{"x := 1\nx + 1", "complete", ""},
		{"func f() int { return 1 }", "complete", ""},
		{"type T struct{ A int }\nvar t T", "complete", ""},
		{"func f() int { return 1 }\nf()", "complete", ""},
		{"import \"fmt\"\nfmt.Println(1)", "complete", ""},
		{"%help", "complete", ""},
		{"%%time\nfor {", "complete", ""},
		{"?fmt.Println", "complete", ""},
		{"for {", "incomplete", "\t"},
		{"func f() {\n\tif x {", "incomplete", "\t\t"},
		{"x := (1 +", "incomplete", "\t"},
		{"x := 1 +", "incomplete", "\t"},
		{"fmt.Println(1,", "incomplete", "\t"},
		{"s := `raw", "incomplete", ""},
		{"/* comment", "incomplete", ""},
		{"x := )", "invalid", ""},
		{"}", "invalid", ""},
		{"if x {]", "invalid", ""},
		{"x := 1 1", "invalid", ""},
		{"x := 'ab'", "invalid", ""},
	}
	for _, tt := range tests {
		s, ind := IsComplete(tt.code)
		if s != tt.status || ind != tt.indent {
			t.Errorf("IsComplete(%q) = %q, %q; want %q, %q", tt.code, s, ind, tt.status, tt.indent)
		}
	}
}
