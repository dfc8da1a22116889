package dsl

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestStdlibSinceGo122 runs cells calling standard-library API added after
// Go 1.22, the last release yaegi's own tables cover: cells call what `go
// run` can (dsl/symbols/stdlib). Iterators are called with a plain
// callback, as any func value.
func TestStdlibSinceGo122(t *testing.T) {
	dir := t.TempDir()
	pcg := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name  string
		cells []string
		want  string // what the cells print
	}{
		{"strings.Lines", []string{`n := 0
strings.Lines("a\nb\nc")(func(l string) bool { fmt.Printf("%q ", l); n++; return true })
fmt.Println(n)`}, `"a\n" "b\n" "c" 3` + "\n"},
		{"strings.SplitSeq stops when yield returns false", []string{
			`strings.SplitSeq("a,b,c,d", ",")(func(s string) bool { fmt.Print(s); return s != "b" })`,
		}, "ab"},
		{"strings.FieldsSeq", []string{
			`strings.FieldsSeq("  x  y z ")(func(s string) bool { fmt.Print("[", s, "]"); return true })`,
		}, "[x][y][z]"},
		{"bytes.SplitSeq and bytes.Lines", []string{
			`bytes.SplitSeq([]byte("1-2-3"), []byte("-"))(func(b []byte) bool { fmt.Print(string(b), ";"); return true })`,
			`bytes.Lines([]byte("p\nq"))(func(b []byte) bool { fmt.Printf("%q", b); return true })`,
		}, `1;2;3;"p\n""q"`},
		{"os.CopyFS", []string{fmt.Sprintf(`src, dst := %q, %q
os.MkdirAll(filepath.Join(src, "sub"), 0o755)
os.WriteFile(filepath.Join(src, "sub", "f.txt"), []byte("copied"), 0o644)
if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
	panic(err)
}
b, err := os.ReadFile(filepath.Join(dst, "sub", "f.txt"))
fmt.Println(string(b), err)`, filepath.Join(dir, "src"), filepath.Join(dir, "dst"))}, "copied <nil>\n"},
		{"os.OpenRoot refuses to escape", []string{fmt.Sprintf(`r, err := os.OpenRoot(%q)
if err != nil {
	panic(err)
}
defer r.Close()
_, err = r.Open("../outside")
fmt.Println(err != nil)`, dir)}, "true\n"},
		{"math/rand/v2", []string{`import rand "math/rand/v2"`, `r := rand.New(rand.NewPCG(1, 2))
fmt.Println(r.Uint64(), r.IntN(100))
_ = rand.Uint()
var seed [32]byte
buf := make([]byte, 4)
n, _ := rand.NewChaCha8(seed).Read(buf)
fmt.Println(n)`}, fmt.Sprintln(pcg.Uint64(), pcg.IntN(100)) + "4\n"},
		{"time", []string{`d := time.Date(2024, 2, 29, 12, 30, 0, 0, time.UTC)
b, err := d.AppendText(nil)
fmt.Println(string(b), err, d.Add(36*time.Hour).Weekday())`}, "2024-02-29T12:30:00Z <nil> Saturday\n"},
		{"encoding/binary.Append", []string{`b, err := binary.Append(nil, binary.BigEndian, uint16(0x0102))
fmt.Println(b, err)`}, "[1 2] <nil>\n"},
		{"sync/atomic.AndInt32", []string{`var x int32 = 6
atomic.AndInt32(&x, 3)
fmt.Println(x)`}, "2\n"},
		{"utf16.RuneLen and filepath.Localize", []string{`p, err := filepath.Localize("a/b")
fmt.Println(utf16.RuneLen('😀'), p, err)`}, "2 a/b <nil>\n"},
		{"crypto/rand.Text and crypto/sha3", []string{`import crand "crypto/rand"`,
			`fmt.Println(len(crand.Text()), fmt.Sprintf("%x", sha3.Sum256([]byte("abc")))[:8])`}, "26 3a985da7\n"},
		{"reflect.Value.Seq", []string{
			`reflect.ValueOf([]string{"u", "v"}).Seq()(func(v reflect.Value) bool { fmt.Print(v.Int()); return true })`,
		}, "01"},
		{"iter, unique, structs import", []string{`import ("iter"; "unique"; "structs")`,
			`type hl struct { _ structs.HostLayout; X int }`, `fmt.Println(hl{X: 7}.X)`}, "7\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, out := testSession(t)
			if _, err := run(t, s, nil, tt.cells...); err != nil {
				t.Fatalf("last cell: %v", err)
			}
			if got := out.String(); got != tt.want {
				t.Errorf("output %q, want %q", got, tt.want)
			}
		})
	}
	if b, err := os.ReadFile(filepath.Join(dir, "dst", "sub", "f.txt")); err != nil || string(b) != "copied" {
		t.Errorf("os.CopyFS from a cell: %q, %v", b, err)
	}
}

// TestStdlibInterfaceWrappers checks that compiled fmt, log and io see the
// methods of interpreted values (stdlib.MapTypes), as under `go run`.
func TestStdlibInterfaceWrappers(t *testing.T) {
	tests := []struct {
		name  string
		cells []string
		want  string
	}{
		{"fmt.Println and fmt.Append call String", []string{
			`type tee struct{}`, `func (tee) String() string { return "tee" }`,
			`fmt.Println(tee{}); fmt.Print(string(fmt.Append(nil, tee{}, 1)))`,
		}, "tee\ntee 1"},
		{"log.Print calls String", []string{
			`type tee struct{}`, `func (tee) String() string { return "tee" }`,
			`log.SetFlags(0); log.Print(tee{})`,
		}, "tee\n"},
		{"io.Copy uses WriteTo", []string{
			`type wt struct{}`,
			`func (*wt) Read(p []byte) (int, error) { return 0, io.EOF }`,
			`func (*wt) WriteTo(w io.Writer) (int64, error) { n, err := io.WriteString(w, "via WriteTo"); return int64(n), err }`,
			`var sb strings.Builder; io.Copy(&sb, &wt{}); fmt.Println(sb.String())`,
		}, "via WriteTo\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, out := testSession(t)
			if _, err := run(t, s, nil, tt.cells...); err != nil {
				t.Fatalf("last cell: %v", err)
			}
			if got := out.String(); got != tt.want {
				t.Errorf("output %q, want %q", got, tt.want)
			}
		})
	}
}

// TestStdlibRestricted checks that what would end the process in a cell
// (os.Exit, log.Fatal, a logger's Fatal) is a cell error instead, and that
// the session goes on with its state.
func TestStdlibRestricted(t *testing.T) {
	tests := []struct {
		name, cell string
		contains   string // in the error's value or traceback
	}{
		{"os.Exit", "os.Exit(3)", "os.Exit(3)"},
		{"log.Fatal", `log.Fatal("fatal from a cell")`, "fatal from a cell"},
		{"log.Logger.Fatalf", `l := log.New(io.Discard, "p: ", 0); l.SetPrefix("q: "); l.Fatalf("code %d", 4)`, "code 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := testSession(t)
			_, err := run(t, s, nil, "x := 41", tt.cell)
			var ce *CellError
			if !errors.As(err, &ce) {
				t.Fatalf("got %v, want a *CellError", err)
			}
			if all := ce.Value + "\n" + strings.Join(ce.Traceback, "\n"); ce.Name != "panic" || !strings.Contains(all, tt.contains) {
				t.Errorf("got %s: %q, want a panic mentioning %q", ce.Name, all, tt.contains)
			}
			b, err := run(t, s, nil, "x + 1")
			if err != nil || resultText(b) != "42" {
				t.Errorf("after %s: %q, %v", tt.cell, resultText(b), err)
			}
		})
	}
	s, _ := testSession(t)
	b, err := run(t, s, nil, "_, err := os.FindProcess(os.Getpid())", "err")
	if err != nil || resultText(b) != "restricted" {
		t.Errorf("os.FindProcess of the worker: %q, %v; want the restricted error", resultText(b), err)
	}
}

// TestStdlibCompleteInspect checks that completion and inspection know the
// newer API too (they read the same table).
func TestStdlibCompleteInspect(t *testing.T) {
	s, _ := testSession(t)
	code := "strings.Lin"
	if got, _, _ := s.Complete(code, len(code)); !slices.Contains(got, "Lines") {
		t.Errorf("Complete(%q) = %q, want Lines among them", code, got)
	}
	code = "os.CopyFS"
	b, found := s.Inspect(code, len(code), 0)
	if !found || !strings.Contains(text(b), "func CopyFS(dir string, fsys fs.FS) error") {
		t.Errorf("Inspect(%q) = %q, %v", code, text(b), found)
	}
}
