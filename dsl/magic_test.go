package dsl

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestMagics(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.go")
	tests := []struct {
		name    string
		setup   []string
		cell    string
		result  string // regexp the result text must match ("" = no result)
		output  string // regexp the interpreted stdout/stderr must match
		payload string // substring of a payload
		err     string // substring of the error
	}{
		{name: "help lists every magic", cell: "%help", result: `(?s)%%capture.*%cd.*%env.*%help.*%load.*%reset.*%time.*%%time.*%timeit.*%who.*%%writefile`},
		{name: "help of one magic", cell: "%help timeit", result: `(?s)^%timeit — .*mean ± std.*%%timeit`},
		{name: "help of unknown", cell: "%help nosuch", err: "unknown magic"},
		{name: "who", setup: []string{"x := 5\nys := []float64{1, 2}\nfunc f() {}\ntype T struct{}"}, cell: "%who",
			result: `(?s)name\s+type\s+value\nx\s+int\s+5\nys\s+\[\]float64\s+len 2: \[1 2\]\nf\s+func.*\nT\s+type`},
		{name: "who names cell types", setup: []string{"type P struct{ X int }\np := P{1}\npp := &p"}, cell: "%who", result: `(?s)P\s+type\s*\np\s+P\s+\{1\}\npp\s+\*P\s+&\{1\}$`},
		{name: "who filtered", setup: []string{"x := 5\ny := 2.5"}, cell: "%who float64", result: `(?s)y\s+float64\s+2.5`},
		{name: "reset", setup: []string{"x := 5"}, cell: "%reset\nx", err: "undefined: x"},
		{name: "time", setup: []string{"func sq(v int) int { return v * v }"}, cell: "%time sq(7)", result: `^49$`, output: `^Wall time: [0-9.]+ (ns|µs|ms|s)\n$`},
		{name: "cell time", cell: "%%time\nx := 3\nx * 2", result: `^6$`, output: `^Wall time: `},
		{name: "timeit", setup: []string{"n := 0"}, cell: "%timeit -n 10 -r 3 n++", output: `^[0-9.]+ (ns|µs|ms) ± [0-9.]+ (ns|µs|ms) per loop \(mean ± std. dev. of 3 runs, 10 loops each\)\n$`},
		{name: "timeit auto loops", cell: "%timeit x := 1; _ = x", output: `of 7 runs, [0-9]+ loops each`},
		{name: "env set and get", cell: "%env EOSLAB_TEST_ENV=abc\n%env EOSLAB_TEST_ENV", result: `^abc$`},
		{name: "env seen by cells", setup: []string{"%env EOSLAB_TEST_ENV2 = xyz"}, cell: `os.Getenv("EOSLAB_TEST_ENV2")`, result: `^"xyz"$`},
		{name: "env unset", cell: "%env EOSLAB_NOT_SET_ANYWHERE", err: "not set"},
		{name: "writefile then load", setup: []string{"%%writefile " + file + "\npackage main\n\nx := 42\n"}, cell: "%load " + file, payload: "x := 42"},
		{name: "writefile keeps the last line's newline", setup: []string{"%%writefile " + file + "\na\nb"}, cell: `os.ReadFile("` + file + `")`, result: `^\(\[97 10 98 10\], <nil>\)$`},
		{name: "writefile append", setup: []string{"%%writefile " + file + "\na\n", "%%writefile -a " + file + "\nb\n"}, cell: `os.ReadFile("` + file + `")`, result: `^\(\[97 10 98 10\], <nil>\)$`},
		{name: "shell streams", cell: "!echo out; echo err >&2; exit 3", output: `(?s)(out\n.*err|err\n.*out)\n.*exit status 3`},
		{name: "shell then go", cell: "!echo a\nx := 2\nx + 1", result: `^3$`, output: "^a\n$"},
		{name: "cd", cell: "%cd " + dir + "\nos.Getwd()", result: regexp.QuoteMeta(dir)},
		{name: "writefile expands an expression", setup: []string{"d := " + strconv.Quote(dir), "%%writefile {filepath.Join(d, \"e.txt\")}\nx"}, cell: `os.ReadFile("` + filepath.Join(dir, "e.txt") + `")`, result: `^\(\[120 10\], <nil>\)$`},
		{name: "shell expands $name and {expr}", setup: []string{"n := 7\nw := \"go\""}, cell: "!echo $n {n * 6} $w-$$ {{x}} $EOSLAB_UNSET_VAR.", output: "^7 42 go-\\$ \\{x\\} \\.\n$"},
		{name: "shell keeps its own braces", setup: []string{"n := 7"}, cell: "!echo 'a b' | awk '{print $2}'", output: "^b\n$"},
		{name: "shell text unchanged when an expression fails", setup: []string{"n := 7"}, cell: "!echo {nosuchname} '$n'", output: "^\\{nosuchname\\} \\$n\n$"},
		{name: "cd expands", setup: []string{"d := " + strconv.Quote(dir)}, cell: "%cd $d\nos.Getwd()", result: regexp.QuoteMeta(dir)},
		{name: "capture", cell: "%%capture c\nfmt.Println(\"hidden\")\nos.Stdout.WriteString(\"raw fd\\n\")\ndisplay.HTML(\"<i>x</i>\")", output: `^$`},
		{name: "capture bound", setup: []string{"%%capture c\nfmt.Println(\"hidden\")\nos.Stdout.WriteString(\"raw fd\\n\")\ndisplay.HTML(\"<i>x</i>\")"}, cell: `c.Stdout + fmt.Sprint(len(c.Displays))`, result: `^"hidden\\nraw fd\\n1"$`},
		{name: "unknown line magic", cell: "%hlep", err: "did you mean %help?"},
		{name: "unknown cell magic", cell: "%%captrue\nx", err: "%%capture"},
		{name: "help line", cell: "?strings.Repeat", payload: "func Repeat(s string, count int) string"},
		{name: "help suffix", cell: "mat.NewDense?", payload: "NewDense creates a new Dense matrix"},
		{name: "help of a variable", setup: []string{"v := []int{1, 2}"}, cell: "v?", payload: "v: []int"},
		{name: "help of a cell function", setup: []string{"// twice doubles.\nfunc twice(x int) int { return 2 * x }"}, cell: "?twice", payload: "func twice(x int) int { return 2 * x }"},
		{name: "help not found", cell: "?nosuchname", err: "no documentation"},
	}
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, out := testSession(t)
			r := &recorder{}
			for _, c := range tt.setup {
				if _, err := s.Execute(context.Background(), c, r); err != nil {
					t.Fatalf("setup %q: %v", c, err)
				}
			}
			r.payloads = nil
			out.mu.Lock()
			out.buf.Reset()
			out.mu.Unlock()
			b, err := s.Execute(context.Background(), tt.cell, r)
			if tt.err != "" {
				var ce *CellError
				if !errors.As(err, &ce) || !strings.Contains(ce.Error(), tt.err) {
					t.Fatalf("got %v, want an error containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.result == "" && b != nil {
				t.Errorf("unexpected result %q", resultText(b))
			}
			if tt.result != "" && !regexp.MustCompile(tt.result).MatchString(resultText(b)) {
				t.Errorf("result %q does not match %s", resultText(b), tt.result)
			}
			if tt.output != "" && !regexp.MustCompile(tt.output).MatchString(out.String()) {
				t.Errorf("output %q does not match %s", out.String(), tt.output)
			}
			if tt.payload != "" {
				found := false
				for _, p := range r.payloads {
					if strings.Contains(fmtAny(p), tt.payload) {
						found = true
					}
				}
				if !found {
					t.Errorf("no payload containing %q in %v", tt.payload, r.payloads)
				}
			}
		})
	}
}

func fmtAny(p map[string]any) string {
	var b strings.Builder
	for k, v := range p {
		b.WriteString(k + "=")
		switch x := v.(type) {
		case string:
			b.WriteString(x)
		case map[string]any:
			b.WriteString(fmtAny(x))
		}
		b.WriteString(";")
	}
	return b.String()
}

func TestMagicRegistry(t *testing.T) {
	for _, m := range Magics() {
		if m.Summary == "" || m.Help == "" || m.Run == nil {
			t.Errorf("%s: summary, help and run are required", magicKey(m.Name, m.Cell))
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("registering a duplicate magic did not panic")
		}
	}()
	registerMagic(Magic{Name: "help"})
}
