package dsl

import (
	"strconv"
	"strings"
	"testing"
)

func TestSplitCell(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // kind@line:col per chunk
	}{
		{"statement", "x := 5", []string{"stmt@1:1"}},
		{"expression", "x", []string{"expr@1:1"}},
		{"decl then stmt then expr", "type P struct{X int}\np := P{1}\np", []string{"decl@1:1", "stmt@2:1", "expr@3:1"}},
		{"issue example", "type P struct{X int}; p := P{1}; func (p P) Twice() int {return 2*p.X}; p.Twice()",
			[]string{"decl@1:1", "stmt@1:23", "decl@1:34", "expr@1:73"}},
		{"adjacent decls grouped", "func a() {}\nfunc b() {}\nx := a", []string{"decl@1:1", "stmt@3:1"}},
		{"multi-line block", "for i := 0; i < 3; i++ {\n\tx := i\n\t_ = x\n}\ny := 1", []string{"stmt@1:1"}},
		{"func literal call is a statement", "func() { }()", []string{"expr@1:1"}},
		{"method declaration", "func (p P) M() {}", []string{"decl@1:1"}},
		{"var and const are declarations", "var x = 1\nconst c = 2", []string{"decl@1:1"}},
		{"import", "import \"fmt\"\nfmt.Println()", []string{"decl@1:1", "expr@2:1"}},
		{"comment first", "// hi\n\nx", []string{"expr@3:1"}},
		{"indented", "  \n   x := 1", []string{"stmt@2:4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chunks, err := splitCell(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range chunks {
				got = append(got, c.kind.String()+"@"+strconv.Itoa(c.line)+":"+strconv.Itoa(c.col))
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
