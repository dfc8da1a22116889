package zz

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/eoslab/eoslab/dsl"
)

func TestRedef(t *testing.T) {
	var out bytes.Buffer
	s, err := dsl.NewSession(dsl.WithStdout(&out), dsl.WithStderr(&out))
	if err != nil {
		t.Fatal(err)
	}
	run := func(c string) {
		b, err := s.Execute(context.Background(), c, nil)
		if b != nil {
			t.Logf("%q -> %v", c, b.Data["text/plain"])
		} else {
			t.Logf("%q -> nil err=%v", c, err)
		}
	}
	for _, c := range []string{
		"func f() int { return 1 }\nfunc g() int { return f() }", "g()", "func f() int { return 2 }", "g()", "f()",
		"type T struct{}\nfunc (T) M() int { return 1 }\nvar t T", "t.M()", "func (T) M() int { return 2 }", "t.M()", "T{}.M()",
		"type T struct{ A int }", "T{A: 3}",
		"mk := func(k int) func(int) int { return func(x int) int { return x + k } }\nf3 := mk(3)", "f3(1)",
	} {
		run(c)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = s.Execute(ctx, "for {}", nil)
	t.Logf("interrupt: %v after %v", err, time.Since(start))
	ctx2, cancel2 := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel2()
	_, err = s.Execute(ctx2, "ch := make(chan int)\n<-ch", nil)
	t.Logf("interrupt chan: %v after %v", err, time.Since(start))
	run("f3(1) + g()")
	run("f4 := mk(4)\nf4(1)")
	t.Logf("out: %s", out.String())
}
