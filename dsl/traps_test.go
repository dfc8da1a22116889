package dsl

import (
	"errors"
	"strings"
	"testing"
)

// Each row is a construct yaegi runs wrongly as is; the cell must either
// give Go's answer (rewritten) or fail with a clear Unsupported error.
func TestTraps(t *testing.T) {
	tests := []struct {
		name  string
		cells []string
		want  string // Go's result, or "" when an error is expected
		err   string // substring of the Unsupported error
	}{
		{
			name: "case error in a type switch",
			cells: []string{`func kind(v any) string {
	switch x := v.(type) {
	case fmt.Stringer:
		return "stringer"
	case error:
		return "error:" + x.Error()
	case int, float64:
		return fmt.Sprint("num", x)
	case nil:
		return "nil"
	default:
		return "other"
	}
}`, `kind(errors.New("e")) + " " + kind(3) + " " + kind(nil) + " " + kind("s") + " " + kind(time.Second)`},
			want: `"error:e num3 nil other stringer"`,
		},
		{
			name: "break inside a rewritten type switch",
			cells: []string{`func f(v any) int {
	n := 0
	for i := 0; i < 3; i++ {
		switch v.(type) {
		case error:
			if i == 1 {
				break
			}
			n += 10
		}
		n++
	}
	return n
}`, `f(io.EOF)`},
			want: "23",
		},
		{
			name:  "type switch without interface cases is left alone",
			cells: []string{`func g(v any) string { switch v.(type) { case int: return "int"; case string: return "string" }; return "?" }`, `g(1) + g("a") + g(1.5)`},
			want:  `"intstring?"`,
		},
		{
			name:  "deferred arguments are evaluated at the defer",
			cells: []string{`var got []int`, `func rec(v int) { got = append(got, v) }`, `func e() { x := 1; defer rec(x); x = 2 }`, `e(); got`},
			want:  "[1]",
		},
		{
			name:  "deferred arguments in a loop",
			cells: []string{`func loop() (s string) { for i := 0; i < 3; i++ { defer func(k int) { s += fmt.Sprint(k) }(i) }; return }`, `loop()`},
			want:  `"210"`,
		},
		{
			name:  "go statement arguments",
			cells: []string{`func spawn() int { ch := make(chan int, 1); x := 1; go func(v int) { ch <- v }(x); x = 2; return <-ch }`, `spawn()`},
			want:  "1",
		},
		{
			name: "go statement with constant and variadic arguments",
			cells: []string{`func sum(ch chan float64, xs ...float64) { t := 0.0; for _, x := range xs { t += x }; ch <- t }`,
				`ch := make(chan float64, 2)`, `go sum(ch, 1, 2.5)`, `xs := []float64{4, 5}`, `go sum(ch, xs...)`, `a, b := <-ch, <-ch; a + b`},
			want: "12.5",
		},
		{
			name:  "return of a receive",
			cells: []string{`func recv() int { ch := make(chan int); go func() { ch <- 5 }(); return <-ch }`, `recv()`},
			want:  "5",
		},
		{
			name:  "tuple assignment with a call keeps every value",
			cells: []string{`a, b := 0.0, 0.0`, `y := 0.25`, `a, b = y, math.Abs(1-y)`, `fmt.Sprint(a, b)`},
			want:  `"0.25 0.75"`,
		},
		{
			name:  "tuple assignment with a call inside a loop and a swap",
			cells: []string{`func sq(v int) int { return v * v }`, `xs := []int{0, 0}; p, q := 1, 2; for i := 0; i < 2; i++ { xs[0], xs[1] = sq(i+2), i; p, q = q, p }`, `fmt.Sprint(xs, p, q)`},
			want:  `"[9 1] 1 2"`,
		},
		{
			// As a program's would: once when its cell runs, then when called,
			// and not after every later evaluation (yaegi's habit).
			name:  "a func main runs when declared and when called",
			cells: []string{`runs := 0`, `func main() { runs++ }`, `x := 1`, `main()`, `main(); runs`},
			want:  "3",
		},
		{
			name:  "defer with constant arguments",
			cells: []string{`const k = 2.5`, `var fs []float64`, `func c() { defer func(v float64) { fs = append(fs, v) }(k) }`, `c(); fs`},
			want:  "[2.5]",
		},
		{
			name:  "receiver changed after defer",
			cells: []string{`type T struct{ n int }`, `got := 0`, `func (t T) show() { got = t.n }`, `func (t *T) ptr() { got += 10 * t.n }`, `func r() { t := T{1}; p := &T{3}; defer p.ptr(); defer t.show(); t = T{2}; p = &T{4} }`, `r(); got`},
			want:  "31",
		},
		{
			name:  "clear on a map",
			cells: []string{`m := map[string]int{"a": 1, "b": 2}`, `clear(m); len(m)`},
			want:  "0",
		},
		{
			name:  "clear on a slice",
			cells: []string{`s := []float64{1, 2}`, `clear(s); s`},
			want:  "[0 0]",
		},
		{
			name:  "min of constants",
			cells: []string{`min(3, 1, 2)`},
			want:  "1",
		},
		{
			name:  "min of mixed constants is a float",
			cells: []string{`min(1, 0.5)`},
			want:  "0.5",
		},
		{
			name:  "max of float parameters",
			cells: []string{`func big(a, b float64) float64 { return max(a, b) }`, `big(-1, 2.5)`},
			want:  "2.5",
		},
		{
			name:  "min with a session variable and a math call",
			cells: []string{`lr := 0.5`, `min(lr, 2/math.Sqrt(16))`},
			want:  "0.5",
		},
		{
			name:  "min keeps NaN and -0 like the builtin",
			cells: []string{`x := 0.0`, `fmt.Sprint(min(x, math.NaN()), math.Signbit(min(x, math.Copysign(0, -1))))`},
			want:  `"NaN true"`,
		},
		{
			name:  "max of ints from len",
			cells: []string{`xs := []int{1, 2, 3}`, `max(len(xs), 2)`},
			want:  "3",
		},
		{
			name:  "max of strings",
			cells: []string{`max("a", "b")`},
			want:  `"b"`,
		},
		{
			name:  "min of mismatched types is Go's error",
			cells: []string{`type T struct{}`, `func f() (float64, int) { return 1, 2 }`, `a, b := f()`, `min(a, b)`},
			err:   "mismatched types float64 (previous argument) and int",
		},
		{
			name:  "min and max of other ordered types",
			cells: []string{`type celsius float32`, `a, b := celsius(3), celsius(-1.5)`, `var u8 uint8 = 7`, `fmt.Sprint(min(a, b, 2), max(u8, 9, 3), max(int64(2), 5))`},
			want:  `"-1.5 9 5"`,
		},
		{
			name:  "user-defined min is fine",
			cells: []string{`func min(a, b int) int { if a < b { return a }; return b }`, `min(4, 3)`},
			want:  "3",
		},
		{
			name: "generic function declared in a cell",
			cells: []string{`func Map[T, U any](xs []T, f func(T) U) []U { var out []U; for _, x := range xs { out = append(out, f(x)) }; return out }`,
				`ys := Map([]int{1, 2}, func(x int) string { return strings.Repeat("a", x) })`, `fmt.Sprint(ys, len(Map[float64, int](nil, nil)))`},
			want: `"[a aa] 0"`,
		},
		{
			name: "generic type with methods declared in a cell",
			cells: []string{"type Stack[T any] struct{ items []T }\nfunc (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }\nfunc (s *Stack[T]) Pop() T { v := s.items[len(s.items)-1]; s.items = s.items[:len(s.items)-1]; return v }",
				`var s Stack[string]`, `s.Push("a"); s.Push("b")`, `p := &Stack[int]{}; p.Push(3); fmt.Sprint(s.Pop(), p.Pop(), len(s.items))`},
			want: `"b3 1"`,
		},
		{
			name: "range over a function from an earlier cell",
			cells: []string{`func count(n int) func(yield func(int) bool) { return func(yield func(int) bool) { for i := 0; i < n; i++ { if !yield(i) { return } } } }`,
				`func evens(yield func(int) bool) { for i := 0; ; i += 2 { if !yield(i) { return } } }`,
				"s := 0\nfor v := range evens {\n\tif v > 10 {\n\t\tbreak\n\t}\n\tif v == 4 {\n\t\tcontinue\n\t}\n\tfor j := 0; j < 2; j++ {\n\t\tif j == 1 {\n\t\t\tbreak\n\t\t}\n\t\ts += v\n\t}\n}\ns"},
			want: "26", // 0+2+6+8+10
		},
		{
			name:  "range over a two-value iterator in the same cell",
			cells: []string{"func pairs(yield func(string, float64) bool) {\n\t_ = yield(\"a\", 1) && yield(\"b\", 2)\n}\ntotal := \"\"\nfor k, v := range pairs {\n\ttotal += fmt.Sprint(k, v)\n}\ntotal"},
			want:  `"a1b2"`,
		},
		{
			name:  "range over a function literal",
			cells: []string{"n := 0\nfor range func(yield func() bool) { yield(); yield() } {\n\tn++\n}\nn"},
			want:  "2",
		},
		{
			name:  "range over a function with a return in the body",
			cells: []string{`func seq(yield func(int) bool) { _ = yield(1) && yield(2) }`, `func first() int { for v := range seq { return v * 10 }; return -1 }`, `first()`},
			want:  "10",
		},
		{
			name:  "range over an iterator from the standard library",
			cells: []string{`n := 0`, `for k := range maps.Keys(map[int]int{1: 1, 2: 2}) { n += k }`, `n`},
			want:  "3",
		},
		{
			name:  "generic standard library",
			cells: []string{`xs := []int{3, 1, 2}`, `slices.Sort(xs)`, `ss := slices.Collect(maps.Keys(map[string]bool{"b": true, "a": true}))`, `slices.SortFunc(ss, func(a, b string) int { return cmp.Compare(b, a) })`, `fmt.Sprint(xs, ss, slices.Max(xs), slices.Index(xs, 2), slices.Contains(ss, "a"))`},
			want:  `"[1 2 3] [b a] 3 1 true"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := testSession(t)
			b, err := run(t, s, nil, tt.cells...)
			if tt.err != "" {
				var ce *CellError
				if !errors.As(err, &ce) || ce.Name != "Unsupported" && ce.Name != "CompileError" || !strings.Contains(ce.Value, tt.err) {
					t.Fatalf("got %v, want an error containing %q", err, tt.err)
				}
				if !strings.Contains(ce.Value, "line ") {
					t.Errorf("no position in %q", ce.Value)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := resultText(b); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
