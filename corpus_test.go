package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// The differential corpus: every program of corpusDir runs through `eoslab
// run` (the supervisor and worker of the kernel) split into cells the way
// people write them and pasted whole into one cell; both must print what the
// compiled program prints (the cell language's contract in docs/DESIGN.md).
// -short runs every tenth program.
//
// A program added to the corpus is deterministic, finishes in well under a
// second, and splits fairly: a cell-level defer runs when its cell ends, so
// main defers only in its last blank-line-separated group, and no group ends
// in an expression statement whose value a notebook shows (a receive, a call
// with results other than an error or fmt.Println's).

const corpusDir = "dsl/testdata/corpus"

// corpusCellTimeout bounds one cell: the programs run in well under a
// second compiled, and the interpreter is at most a few hundred times slower.
const corpusCellTimeout = 10 * time.Second

type corpusProgram struct {
	name string // file name without .go, e.g. "042_closures"
	src  []byte
}

// corpusExpect is a program's output under the go toolchain.
type corpusExpect struct {
	stdout string
	err    error // the program did not build, exited non-zero or hung
}

// corpusMode turns a program into the cells of a script.
type corpusMode struct {
	name  string
	cells func(src []byte) ([]string, error)
}

var corpusModes = []corpusMode{
	{"cells", corpusSplit},
	{"whole", func(src []byte) ([]string, error) { return []string{string(src)}, nil }},
}

func TestCorpus(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go toolchain: the expected outputs are those of the compiled programs")
	}
	start := time.Now()
	progs := corpusLoad(t)
	known := corpusKnown(t)
	if testing.Short() {
		progs = corpusEvery(progs, 10)
	}
	dir := t.TempDir()

	// The programs build while the binary under test does; if that build
	// fails, the temporary directory outlives the programs' build.
	var want map[string]corpusExpect
	var building sync.WaitGroup
	building.Go(func() { want = corpusExpected(dir, progs) })
	t.Cleanup(building.Wait)
	bin := runTestBuild(t, dir)
	building.Wait()
	t.Logf("corpus: %d programs built and run in %s", len(progs), time.Since(start).Round(time.Millisecond))

	var mu sync.Mutex
	failed := map[string][]string{}
	for _, m := range corpusModes {
		t.Run(m.name, func(t *testing.T) {
			for _, p := range progs {
				t.Run(p.name, func(t *testing.T) {
					t.Parallel()
					if !corpusCheck(t, bin, filepath.Join(dir, m.name), p, m, want[p.name], known[m.name+"/"+p.name]) {
						mu.Lock()
						failed[m.name] = append(failed[m.name], p.name)
						mu.Unlock()
					}
				})
			}
		})
	}
	for _, m := range corpusModes {
		if f := failed[m.name]; len(f) > 0 {
			sort.Strings(f)
			t.Logf("corpus: %s fails %s", m.name, strings.Join(f, " "))
		}
	}
	t.Logf("corpus: cells %d/%d, whole %d/%d pass (%s)",
		len(progs)-len(failed["cells"]), len(progs), len(progs)-len(failed["whole"]), len(progs), time.Since(start).Round(time.Second))
}

// corpusLoad reads the corpus in file order.
func corpusLoad(t *testing.T) []corpusProgram {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no programs in %s: %v", corpusDir, err)
	}
	sort.Strings(files)
	progs := make([]corpusProgram, len(files))
	for i, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		progs[i] = corpusProgram{strings.TrimSuffix(filepath.Base(f), ".go"), src}
	}
	return progs
}

// corpusEvery keeps every n-th program, starting with the first.
func corpusEvery(progs []corpusProgram, n int) []corpusProgram {
	var out []corpusProgram
	for i := 0; i < len(progs); i += n {
		out = append(out, progs[i])
	}
	return out
}

// corpusCheck runs one program in one mode and reports whether its stdout
// matched the compiled program's.
func corpusCheck(t *testing.T, bin, dir string, p corpusProgram, m corpusMode, want corpusExpect, known string) bool {
	if want.err != nil {
		t.Fatalf("the compiled program fails, fix the corpus: %v", want.err)
	}
	cells, err := m.cells(p.src)
	if err != nil {
		t.Fatalf("splitting into cells: %v", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, p.name+".go")
	if err := os.WriteFile(script, []byte(strings.Join(cells, "\n// %%\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runTestExec(t, bin, "run", "-q", "--cell-timeout", corpusCellTimeout.String(), script)
	if code == 0 && stdout == want.stdout {
		if known != "" {
			t.Errorf("listed in %s (%s) but now gives go run's output: remove it from the list", corpusKnownFile, known)
		}
		return true
	}
	report := t.Errorf
	if known != "" {
		report = t.Logf // a known failure, with its cause in corpusKnownFile
		t.Logf("known failure: %s", known)
	}
	if code != 0 {
		report("%d cells, exit %d:\n%s", len(cells), code, corpusHead(stderr, 12))
	}
	if stdout != want.stdout {
		report("stdout differs from go run: %s", corpusDiff(want.stdout, stdout))
	}
	return false
}

// corpusKnownFile lists the programs that do not yet run as under go run,
// per mode, each with its cause. The list may only shrink: a listed
// program that passes fails the test.
const corpusKnownFile = "dsl/testdata/corpus/KNOWN_FAILURES"

// corpusKnown reads corpusKnownFile: "MODE NAME cause..." lines, MODE one
// of cells, whole or both; # starts a comment.
func corpusKnown(t *testing.T) map[string]string {
	data, err := os.ReadFile(corpusKnownFile)
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]string{}
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 || f[0] != "cells" && f[0] != "whole" && f[0] != "both" {
			t.Fatalf("%s:%d: want MODE NAME CAUSE with MODE cells, whole or both, got %q", corpusKnownFile, i+1, line)
		}
		cause := strings.Join(f[2:], " ")
		for _, m := range []string{"cells", "whole"} {
			if f[0] == m || f[0] == "both" {
				known[m+"/"+f[1]] = cause
			}
		}
	}
	return known
}

// corpusExpected builds every program in one go build invocation (an overlay
// gives each file a package directory inside the module, so programs import
// eoslab's lib as a researcher's would) and runs them.
func corpusExpected(dir string, progs []corpusProgram) map[string]corpusExpect {
	out := map[string]corpusExpect{}
	fail := func(err error) map[string]corpusExpect {
		for _, p := range progs {
			out[p.name] = corpusExpect{err: err}
		}
		return out
	}
	root, err := os.Getwd()
	if err != nil {
		return fail(err)
	}
	bins := filepath.Join(dir, "corpus-bin") + string(filepath.Separator)
	overlayFile := filepath.Join(dir, "corpus-overlay.json")
	overlay := map[string]string{}
	// Without the symbol table and DWARF the link, most of the cost, is a
	// third cheaper; what the programs print is the same.
	args := []string{"build", "-ldflags=-s -w", "-o", bins, "-overlay", overlayFile}
	for _, p := range progs {
		pkg := filepath.Join(corpusDir, p.name)
		overlay[filepath.Join(root, pkg, "main.go")] = filepath.Join(root, corpusDir, p.name+".go")
		args = append(args, "./"+filepath.ToSlash(pkg))
	}
	b, _ := json.Marshal(map[string]any{"Replace": overlay})
	if err := os.WriteFile(overlayFile, b, 0o644); err != nil {
		return fail(err)
	}
	if err := os.MkdirAll(bins, 0o755); err != nil {
		return fail(err)
	}
	if msg, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		return fail(fmt.Errorf("go build: %v\n%s", err, msg))
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.NumCPU())
	for _, p := range progs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			e := corpusRunCompiled(filepath.Join(bins, p.name), dir)
			mu.Lock()
			out[p.name] = e
			mu.Unlock()
		})
	}
	wg.Wait()
	return out
}

// corpusRunCompiled runs a built program as go run would, in dir.
func corpusRunCompiled(bin, dir string) corpusExpect {
	ctx, cancel := context.WithTimeout(context.Background(), corpusCellTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Dir = dir
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Run(); err != nil {
		return corpusExpect{err: fmt.Errorf("%s: %v\n%s", filepath.Base(bin), err, corpusHead(e.String(), 8))}
	}
	return corpusExpect{stdout: o.String()}
}

// corpusSplit splits a program into the cells a notebook author writes: the
// top-level declarations in file order, one cell each (imports join the
// first cell) unless one refers to a later one (Go's package scope allows
// it, a notebook runs cells in order: they share a cell), then main's body
// as cell-level statements, a new cell at every blank line between two
// statements.
func corpusSplit(src []byte) ([]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "prog.go", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	text := func(from, to token.Pos) string {
		return string(src[fset.Position(from).Offset:fset.Position(to).Offset])
	}
	var imports []string
	var cells []string
	var decls []ast.Decl
	var body *ast.BlockStmt
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			body = fd.Body
			continue
		}
		from := d.Pos()
		if doc := corpusDoc(d); doc != nil {
			from = doc.Pos()
		}
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			imports = append(imports, text(from, d.End()))
			continue
		}
		decls = append(decls, d)
		cells = append(cells, text(from, d.End()))
	}
	if body == nil {
		return nil, fmt.Errorf("no func main")
	}
	cells = corpusJoinForward(decls, cells)
	for _, g := range corpusGroups(src, fset, body.List) {
		cells = append(cells, text(g[0].Pos(), g[len(g)-1].End()))
	}
	if len(cells) == 0 {
		return nil, fmt.Errorf("nothing to run")
	}
	if len(imports) > 0 {
		cells[0] = strings.Join(imports, "\n") + "\n\n" + cells[0]
	}
	return cells, nil
}

// corpusJoinForward joins the cells of declarations that refer to names
// declared further down with the cells up to that name.
func corpusJoinForward(decls []ast.Decl, cells []string) []string {
	declared := map[string]int{}
	for i, d := range decls {
		for _, n := range corpusNames(d) {
			declared[n] = i
		}
	}
	var out []string
	start, reach := 0, 0
	for i, d := range decls {
		ast.Inspect(d, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if j, ok := declared[id.Name]; ok && j > reach {
					reach = j
				}
			}
			return true
		})
		if reach <= i {
			out = append(out, strings.Join(cells[start:i+1], "\n\n"))
			start, reach = i+1, i+1
		}
	}
	return out
}

// corpusNames are the names a top-level declaration declares.
func corpusNames(d ast.Decl) []string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		return []string{d.Name.Name} // methods too: a call names them
	case *ast.GenDecl:
		var names []string
		for _, sp := range d.Specs {
			switch sp := sp.(type) {
			case *ast.TypeSpec:
				names = append(names, sp.Name.Name)
			case *ast.ValueSpec:
				for _, n := range sp.Names {
					names = append(names, n.Name)
				}
			}
		}
		return names
	}
	return nil
}

func corpusDoc(d ast.Decl) *ast.CommentGroup {
	switch d := d.(type) {
	case *ast.FuncDecl:
		return d.Doc
	case *ast.GenDecl:
		return d.Doc
	}
	return nil
}

// corpusGroups cuts statements into runs separated by blank lines.
func corpusGroups(src []byte, fset *token.FileSet, stmts []ast.Stmt) [][]ast.Stmt {
	var groups [][]ast.Stmt
	for i, s := range stmts {
		if i == 0 || corpusBlankBetween(src, fset, stmts[i-1].End(), s.Pos()) {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], s)
	}
	return groups
}

func corpusBlankBetween(src []byte, fset *token.FileSet, from, to token.Pos) bool {
	gap := string(src[fset.Position(from).Offset:fset.Position(to).Offset])
	lines := strings.Split(gap, "\n")
	// The first and last lines hold the statements themselves.
	for i := 1; i < len(lines)-1; i++ {
		if strings.TrimSpace(lines[i]) == "" {
			return true
		}
	}
	return false
}

// corpusDiff describes the first line where got departs from want.
func corpusDiff(want, got string) string {
	w, g := strings.SplitAfter(want, "\n"), strings.SplitAfter(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d: want %q, got %q (%d vs %d lines)", i+1, wl, gl, len(w), len(g))
		}
	}
	return "equal"
}

// corpusHead keeps the first n lines of s.
func corpusHead(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append(lines[:n], fmt.Sprintf("... (%d more lines)", len(lines)-n))
	}
	return strings.Join(lines, "\n")
}
