package dsl

import (
	"errors"
	"strings"
	"testing"
)

// TestFunctionBodySemantics runs cells whose statements must behave as a
// function body's: each row's cells in one session, the printed output
// and the last cell's value compared.
func TestFunctionBodySemantics(t *testing.T) {
	tests := []struct {
		name   string
		cells  []string
		stdout string
		result string
	}{
		{
			name: "multi-value := inside if inside for (issue 12's cell)",
			cells: []string{`obj := func(g, w []float64) float64 { g[0] = 2 * w[0]; return w[0] * w[0] }
g, w := []float64{0}, []float64{1}`, `for i := 0; i < 30; i++ {
	l := obj(g, w)
	floats.AddScaled(w, -0.1, g)
	if i%10 == 0 {
		top, err := strconv.ParseFloat(fmt.Sprint(l), 64)
		if err != nil { panic(err) }
		fmt.Println(i, top > 0)
	}
}`},
			stdout: "0 true\n10 true\n20 true\n",
		},
		{
			name:   "cell-level variables are seen by later cells and closures",
			cells:  []string{"x := 1\ninc := func() { x++ }", "inc(); inc()", "x"},
			result: "3",
		},
		{
			name:   "a field index at cell level",
			cells:  []string{"type V struct{ Field []int }", "v := V{Field: []int{4, 5}}\ni := 1", "x := v.Field[i]\nx"},
			result: "5",
		},
		{
			name:   "defer at cell level runs when the cell ends",
			cells:  []string{"defer fmt.Println(\"deferred\")\nfmt.Println(\"body\")"},
			stdout: "body\ndeferred\n",
		},
		{
			name:   "recover at cell level stops the statements after the panic",
			cells:  []string{"defer func() { fmt.Println(\"recovered:\", recover()) }()\npanic(\"boom\")\nfmt.Println(\"not reached\")"},
			stdout: "recovered: boom\n",
		},
		{
			name:   "range over a string by runes at cell level",
			cells:  []string{"for i, r := range \"aé\" {\n\tfmt.Println(i, string(r))\n}"},
			stdout: "0 a\n1 é\n",
		},
		{
			name:   "maps and struct embedding",
			cells:  []string{"type Base struct{ ID int }\nfunc (b Base) Describe() string { return fmt.Sprint(\"id \", b.ID) }\ntype Item struct { Base; Name string }", "m := map[string]Item{}\nm[\"a\"] = Item{Base{7}, \"a\"}", "m[\"a\"].Describe()"},
			result: `"id 7"`,
		},
		{
			name:   "a variable redeclared with another type",
			cells:  []string{"x := 1\nf := func() int { return x }", "x := \"s\"", "fmt.Sprint(x, \" \", f())"},
			result: `"s 1"`,
		},
		{
			name:   "a redeclaration reads the earlier variable",
			cells:  []string{"x := 2", "x := x * 10\nx"},
			result: "20",
		},
		{
			name:   "functions in a cell use its variables",
			cells:  []string{"calls := 0\nfunc bump() int { calls++; return calls }", "bump(); bump()"},
			result: "2",
		},
		{
			name:   "var declarations at cell level, grouped and typed",
			cells:  []string{"var (\n\ta, b = 1, 2\n\tc float64\n)\nvar d, e int = 3, 4", "fmt.Sprint(a, b, c, d, e)"},
			result: `"1 2 0 3 4"`,
		},
		{
			name:   "several values assigned at once keep every value",
			cells:  []string{"ch := make(chan int, 2)\nch <- 1\nch <- 2", "a, b := <-ch, <-ch\na*10 + b"},
			result: "12",
		},
		{
			name:   "labels and goto at cell level",
			cells:  []string{"i := 0\nloop:\n\tif i < 3 {\n\t\ti++\n\t\tgoto loop\n\t}\nouter:\n\tfor {\n\t\tfor {\n\t\t\tbreak outer\n\t\t}\n\t}\ni"},
			result: "3",
		},
		{
			name:   "return at cell level ends the cell",
			cells:  []string{"fmt.Println(1)\nif true {\n\treturn\n}\nfmt.Println(2)"},
			stdout: "1\n",
		},
		{
			name:   "a whole program: package clause, imports, init, main",
			cells:  []string{"package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\nvar greeting = strings.ToUpper(\"hi\")\n\nfunc init() { fmt.Println(\"init 1\") }\nfunc init() { fmt.Println(\"init 2\") }\n\nfunc main() {\n\tdefer fmt.Println(\"bye\")\n\tfmt.Println(greeting)\n}\n"},
			stdout: "init 1\ninit 2\nHI\nbye\n",
		},
		{
			name:   "a program's declarations stay for later cells",
			cells:  []string{"package main\nimport \"fmt\"\nvar n = 4\nfunc sq(x int) int { return x * x }\nfunc main() { fmt.Println(sq(n)) }", "sq(n) + 1"},
			stdout: "16\n",
			result: "17",
		},
		{
			name:   "a pasted program twice",
			cells:  []string{"package main\nimport \"fmt\"\nfunc main() { fmt.Println(\"run\") }", "package main\nimport \"fmt\"\nfunc main() { fmt.Println(\"run again\") }"},
			stdout: "run\nrun again\n",
		},
		{
			name:   "a versioned import path is named after its package",
			cells:  []string{"import \"math/rand/v2\"", "r := rand.New(rand.NewPCG(1, 2))\nr.IntN(10) >= 0"},
			result: "true",
		},
		{
			name:   "generic API of a mostly compiled package (read from source on first use)",
			cells:  []string{"var mu sync.Mutex\nmu.Lock()\nmu.Unlock()", "f := sync.OnceValue(func() int { return 3 })\nvar p atomic.Pointer[int]\nx := 4\np.Store(&x)", "f() + *p.Load()"},
			result: "7",
		},
		{
			name:   "tuple result",
			cells:  []string{"func two() (int, string) { return 1, \"a\" }", "two()"},
			result: `(1, "a")`,
		},
		{
			name:   "nil pointer of a type with a String method",
			cells:  []string{"var tr *train.Trajectory\ntr"},
			result: "<nil>",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, out := testSession(t)
			b, err := run(t, s, nil, tt.cells...)
			if err != nil {
				t.Fatalf("last cell: %v\noutput: %s", err, out.String())
			}
			if got := out.String(); got != tt.stdout {
				t.Errorf("stdout %q, want %q", got, tt.stdout)
			}
			if tt.result != "" && resultText(b) != tt.result {
				t.Errorf("result %s, want %s", resultText(b), tt.result)
			}
		})
	}
}

// TestCellErrorsPointAtTheCell checks that type errors name the cell's own
// line and column, with Go's message.
func TestCellErrorsPointAtTheCell(t *testing.T) {
	tests := []struct {
		cells []string
		want  string
	}{
		{[]string{"x := 1\nif x > 0 {\n\ty := \"a\" + 1\n}"}, `line 3:7: invalid operation: "a" + 1 (mismatched types untyped string and untyped int)`},
		{[]string{"for i := 0; i < 3; i++ {\n\tif i > 1 {\n\t\tv, err := 1, error(nil)\n\t}\n}"}, "line 3:3: declared and not used: v"},
		{[]string{"f := func() int { return 1 }", "var s string = f()"}, "line 1:16: cannot use f() (value of type int) as string value in variable declaration"},
		{[]string{"import \"no/such/pkg\""}, "no/such/pkg"},
	}
	for _, tt := range tests {
		s, _ := testSession(t)
		_, err := run(t, s, nil, tt.cells...)
		var ce *CellError
		if !errors.As(err, &ce) || ce.Name != "CompileError" || !strings.Contains(ce.Value, tt.want) {
			t.Errorf("cells %q: got %v, want CompileError containing %q", tt.cells, err, tt.want)
		}
	}
}

// TestGenericsWithoutGoSource checks the error when GOROOT has no source
// to instantiate the generic standard library from.
func TestGenericsWithoutGoSource(t *testing.T) {
	t.Setenv("GOROOT", t.TempDir())
	s, _ := testSession(t)
	_, err := run(t, s, nil, "xs := []int{2, 1}\nslices.Sort(xs)")
	var ce *CellError
	if !errors.As(err, &ce) || !strings.Contains(ce.Value, "undefined: slices.Sort (generic functions of slices are read from Go's source") {
		t.Fatalf("got %v, want the missing source named", err)
	}
}
