package zz

import (
	"bytes"
	"context"
	"testing"

	"github.com/eoslab/eoslab/dsl"
)

func TestQuick(t *testing.T) {
	var out bytes.Buffer
	s, err := dsl.NewSession(dsl.WithStdout(&out), dsl.WithStderr(&out))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{
		"x := 5", "x", "fmt.Println(math.Pi)",
		"type P struct{X int}; p := P{1}; func (p P) Twice() int {return 2*p.X}; p.Twice()",
		"func g() (int, string) { return 1, \"a\" }\ng()",
		"func h() {}\nh()",
		"y := \n 3 +",
		"z := undefinedThing + 1",
		"var a []int\na[3]",
		"strings.Repeat(\"ab\", 3)",
		"errors.New(\"boom\")",
		"mk := func(k int) func(int) int { return func(x int) int { return x + k } }\nmk(3)(4)",
	} {
		b, err := s.Execute(context.Background(), c, nil)
		if b != nil {
			t.Logf("%q -> %v", c, b.Data["text/plain"])
		} else {
			t.Logf("%q -> nil err=%v", c, err)
		}
		if ce, ok := err.(*dsl.CellError); ok {
			t.Logf("   %v", ce.Traceback)
		}
	}
	t.Logf("stdout: %q", out.String())
}
