package dsl

import (
	"context"
	"reflect"
	"testing"
)

func TestScriptCells(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"one cell", "x := 1\nx + 1\n", []string{"x := 1\nx + 1"}},
		{"markers", "// %% setup\nx := 1\n\n// %%\nx + 1\n", []string{"x := 1", "x + 1"}},
		{"program", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n",
			[]string{"import \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hi\")\n}", "main()"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ScriptCells(tt.src); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	// The program form runs.
	s, out := testSession(t)
	for _, c := range ScriptCells(tests[2].src) {
		if _, err := s.Execute(context.Background(), c, nil); err != nil {
			t.Fatal(err)
		}
	}
	if out.String() != "hi\n" {
		t.Errorf("output %q", out.String())
	}
}
