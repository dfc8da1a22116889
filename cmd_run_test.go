package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/eoslab/eoslab/lib/ad"
)

// runTestBuild builds the binary under test into dir.
func runTestBuild(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "eoslab")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runTestWriteNotebook writes an nbformat v4 notebook with the given code cells
// (a cell given as "#parameters\n..." is tagged parameters).
func runTestWriteNotebook(t *testing.T, path string, cells ...string) {
	t.Helper()
	var cs []map[string]any
	cs = append(cs, map[string]any{"cell_type": "markdown", "id": "title", "metadata": map[string]any{}, "source": "# headless test"})
	for i, src := range cells {
		md := map[string]any{}
		if rest, ok := strings.CutPrefix(src, "#parameters\n"); ok {
			src = rest
			md["tags"] = []string{"parameters"}
		}
		cs = append(cs, map[string]any{"cell_type": "code", "id": "c" + string(rune('a'+i)), "metadata": md, "source": src,
			"outputs": []any{map[string]any{"output_type": "stream", "name": "stdout", "text": "stale output\n"}}, "execution_count": 41})
	}
	b, _ := json.Marshal(map[string]any{"nbformat": 4, "nbformat_minor": 5, "metadata": map[string]any{}, "cells": cs})
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

type runTestNotebook struct {
	Cells []struct {
		CellType       string           `json:"cell_type"`
		Source         any              `json:"source"`
		Metadata       map[string]any   `json:"metadata"`
		Outputs        []map[string]any `json:"outputs"`
		ExecutionCount *int             `json:"execution_count"`
	} `json:"cells"`
	Metadata map[string]map[string]any `json:"metadata"`
}

func runTestReadNotebook(t *testing.T, path string) runTestNotebook {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb runTestNotebook
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatalf("%s is not valid JSON: %v", path, err)
	}
	return nb
}

// runTestText joins a multiline field of an output.
func runTestText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var b strings.Builder
		for _, s := range v {
			b.WriteString(s.(string))
		}
		return b.String()
	}
	return ""
}

func runTestExec(t *testing.T, bin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}

// runTestValidate checks the notebook with Python's nbformat when it is
// installed (CI installs python3-nbformat).
func runTestValidate(t *testing.T, path string) {
	py, err := exec.LookPath("/usr/bin/python3")
	if err != nil {
		return
	}
	script := `import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
nbformat.validate(nb)
assert nbformat.writes(nb) + "\n" == open(sys.argv[1]).read(), "not written the way Jupyter writes it"`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil && strings.Contains(string(out), "No module named") {
		t.Log("python3-nbformat not installed: schema check skipped")
		return
	}
	if err != nil {
		t.Errorf("nbformat rejects %s: %v\n%s", path, err, out)
	}
}

// TestRunCommand builds eoslab and runs notebooks and scripts headless
// through the real supervisor and worker.
func TestRunCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs the interpreter")
	}
	dir := t.TempDir()
	bin := runTestBuild(t, dir)

	t.Run("notebook with parameters and a failing cell", func(t *testing.T) {
		in := filepath.Join(dir, "nb.ipynb")
		out := filepath.Join(dir, "nb-out.ipynb")
		runTestWriteNotebook(t, in,
			"#parameters\nsteps := 3\nname := \"world\"",
			"fmt.Println(\"hello\", name, steps)\nfmt.Fprintln(os.Stderr, \"warning\")",
			"steps * 2",
			"panic(\"boom\")",
			"fmt.Println(\"never\")",
		)
		_, stderr, code := runTestExec(t, bin, "run", in, "-o", out, "-p", "steps=5", "-p", "name=42")
		if code == 0 {
			t.Fatalf("exit code 0 for a failing notebook; stderr:\n%s", stderr)
		}
		for _, w := range []string{"cell 5/6 (notebook cell 6) failed", "boom", "[1/6] cell 2 ok", "outputs so far is in " + out} {
			if !strings.Contains(stderr, w) {
				t.Errorf("stderr lacks %q:\n%s", w, stderr)
			}
		}
		nb := runTestReadNotebook(t, out)
		if len(nb.Cells) != 7 {
			t.Fatalf("%d cells, want 7 (one injected)", len(nb.Cells))
		}
		inj := nb.Cells[2]
		if runTestText(inj.Source) != "// Parameters injected by eoslab run\nsteps = 5\nname = \"42\"" || inj.Metadata["tags"].([]any)[0] != "injected-parameters" {
			t.Errorf("injected cell %q %v", inj.Source, inj.Metadata)
		}
		c := nb.Cells[3]
		if len(c.Outputs) != 2 || runTestText(c.Outputs[0]["text"]) != "hello 42 5\n" || c.Outputs[1]["name"] != "stderr" || runTestText(c.Outputs[1]["text"]) != "warning\n" {
			t.Errorf("print cell outputs %v", c.Outputs)
		}
		r := nb.Cells[4]
		if len(r.Outputs) != 1 || r.Outputs[0]["output_type"] != "execute_result" || runTestText(r.Outputs[0]["data"].(map[string]any)["text/plain"]) != "10" || r.ExecutionCount == nil || *r.ExecutionCount != 4 {
			t.Errorf("result cell outputs %v (count %v)", r.Outputs, r.ExecutionCount)
		}
		e := nb.Cells[5]
		if last := e.Outputs[len(e.Outputs)-1]; last["output_type"] != "error" || !strings.Contains(last["evalue"].(string), "boom") {
			t.Errorf("failing cell outputs %v", e.Outputs)
		}
		if n := nb.Cells[6]; len(n.Outputs) != 0 || n.ExecutionCount != nil {
			t.Errorf("cell after the failure kept outputs %v / count %v", n.Outputs, n.ExecutionCount)
		}
		li := nb.Metadata["language_info"]
		if li["name"] != "go" || li["file_extension"] != ".go" || li["mimetype"] != "text/x-go" || nb.Metadata["kernelspec"]["language"] != "go" {
			t.Errorf("metadata %v", nb.Metadata)
		}
		prov, _ := nb.Metadata["eoslab"]["provenance"].(map[string]any)
		params, _ := prov["parameters"].(map[string]any)
		if prov["gemm_kernel"] != ad.GemmKernel() || params["steps"] != "5" || params["name"] != "42" {
			t.Errorf("provenance %v, want the GEMM kernel %s and the parameters", prov, ad.GemmKernel())
		}
		runTestValidate(t, out)
		// The input is untouched with -o; without -o it is overwritten.
		if orig := runTestReadNotebook(t, in); len(orig.Cells) != 6 {
			t.Errorf("-o changed the input notebook")
		}
		runTestWriteNotebook(t, in, "1 + 1")
		if _, stderr, code := runTestExec(t, bin, "run", in); code != 0 {
			t.Fatalf("exit code %d:\n%s", code, stderr)
		}
		if got := runTestReadNotebook(t, in); runTestText(got.Cells[1].Outputs[0]["data"].(map[string]any)["text/plain"]) != "2" {
			t.Errorf("input notebook not overwritten with outputs: %v", got.Cells[1].Outputs)
		}
		runTestValidate(t, in)
	})

	t.Run("bad parameter", func(t *testing.T) {
		in := filepath.Join(dir, "p.ipynb")
		runTestWriteNotebook(t, in, "#parameters\nsteps := 3")
		before, _ := os.ReadFile(in)
		_, stderr, code := runTestExec(t, bin, "run", in, "-p", "stepz=5")
		if code == 0 || !strings.Contains(stderr, "parameter stepz is not declared in the parameters cell (it declares steps)") {
			t.Errorf("exit %d, stderr %s", code, stderr)
		}
		if after, _ := os.ReadFile(in); !bytes.Equal(before, after) {
			t.Error("the notebook was written although nothing ran")
		}
	})

	t.Run("SIGINT interrupts the cell and writes the partial notebook", func(t *testing.T) {
		in := filepath.Join(dir, "long.ipynb")
		out := filepath.Join(dir, "long-out.ipynb")
		runTestWriteNotebook(t, in, "fmt.Println(\"first\")", "time.Sleep(60 * time.Second)", "fmt.Println(\"never\")")
		cmd := exec.Command(bin, "run", in, "-o", out)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait for the first cell's outputs to be saved, then interrupt.
		deadline := time.Now().Add(30 * time.Second)
		for {
			if b, err := os.ReadFile(out); err == nil && bytes.Contains(b, []byte("first")) {
				break
			}
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatalf("the first cell's outputs were never saved; stderr:\n%s", stderr.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(200 * time.Millisecond)
		start := time.Now()
		cmd.Process.Signal(os.Interrupt)
		err := cmd.Wait()
		if err == nil {
			t.Fatal("exit code 0 after SIGINT")
		}
		if d := time.Since(start); d > 15*time.Second {
			t.Errorf("took %v to stop after SIGINT", d)
		}
		if !strings.Contains(stderr.String(), "cell 2/3 (notebook cell 3) interrupted") {
			t.Errorf("stderr:\n%s", stderr.String())
		}
		nb := runTestReadNotebook(t, out)
		if runTestText(nb.Cells[1].Outputs[0]["text"]) != "first\n" || len(nb.Cells[2].Outputs) == 0 || nb.Cells[2].Outputs[len(nb.Cells[2].Outputs)-1]["output_type"] != "error" || len(nb.Cells[3].Outputs) != 0 {
			t.Errorf("partial notebook cells: %+v", nb.Cells)
		}
		runTestValidate(t, out)
	})

	t.Run("script", func(t *testing.T) {
		script := filepath.Join(dir, "exp.go")
		os.WriteFile(script, []byte("x := 20\nfmt.Println(\"start\")\n// %% second cell\nx + 22\n// %%\nfmt.Fprintln(os.Stderr, \"to stderr\")\n"), 0o644)
		stdout, stderr, code := runTestExec(t, bin, "run", script)
		if code != 0 || stdout != "start\n42\n" || !strings.Contains(stderr, "to stderr\n") || !strings.Contains(stderr, "[3/3] "+script+":6 ok") {
			t.Errorf("exit %d\nstdout %q\nstderr %q", code, stdout, stderr)
		}
		os.WriteFile(script, []byte("// %% tags=[\"parameters\"]\nsteps := 1\n// %%\nfmt.Println(steps * 2)\n"), 0o644)
		stdout, stderr, code = runTestExec(t, bin, "run", script, "-p", "steps=21")
		if code != 0 || stdout != "42\n" {
			t.Errorf("script with -p: exit %d\nstdout %q\nstderr %q", code, stdout, stderr)
		}
		os.WriteFile(script, []byte("fmt.Println(1)\n// %%\n\nundefinedThing()\n"), 0o644)
		_, stderr, code = runTestExec(t, bin, "run", script)
		if code == 0 || !strings.Contains(stderr, "cell 2/2 ("+script+":3) failed") || !strings.Contains(stderr, "undefinedThing") {
			t.Errorf("failing script: exit %d, stderr %q", code, stderr)
		}
	})

	// Images: a display in a notebook is stored as image/png; a script's
	// images are saved beside it; lib packages are usable from cells.
	t.Run("images and lib", func(t *testing.T) {
		const png1x1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg=="
		cell := "b, _ := base64.StdEncoding.DecodeString(\"" + png1x1 + "\")\ndisplay.PNG(b)"
		in := filepath.Join(dir, "img.ipynb")
		runTestWriteNotebook(t, in, cell, "s, _ := data.Load(\"mnist-1k\", data.Options{})\ns.Labels[:5]")
		if _, stderr, code := runTestExec(t, bin, "run", in); code != 0 {
			t.Fatalf("exit %d:\n%s", code, stderr)
		}
		nb := runTestReadNotebook(t, in)
		img := nb.Cells[1].Outputs
		if len(img) != 1 || img[0]["output_type"] != "display_data" || runTestText(img[0]["data"].(map[string]any)["image/png"]) != png1x1 {
			t.Errorf("image outputs %v", img)
		}
		if got := runTestText(nb.Cells[2].Outputs[0]["data"].(map[string]any)["text/plain"]); got != "[5 0 4 1 9]" {
			t.Errorf("mnist labels %q", got)
		}
		runTestValidate(t, in)

		script := filepath.Join(dir, "fig.go")
		os.WriteFile(script, []byte(cell+"\n// %%\ndisplay.PNG(b)\n"), 0o644)
		stdout, stderr, code := runTestExec(t, bin, "run", script)
		if code != 0 {
			t.Fatalf("exit %d:\n%s", code, stderr)
		}
		for _, n := range []string{"fig-1.png", "fig-2.png"} {
			b, err := os.ReadFile(filepath.Join(dir, n))
			if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
				t.Errorf("%s: %v", n, err)
			}
			if !strings.Contains(stdout, "[image saved to "+filepath.Join(dir, n)+"]") {
				t.Errorf("stdout %q does not report %s", stdout, n)
			}
		}
	})
}
