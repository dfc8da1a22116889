package notebooks

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"
)

// notebook is the part of nbformat 4 the tests look at.
type notebook struct {
	Cells []struct {
		CellType string `json:"cell_type"`
		Metadata struct {
			Tags []string `json:"tags"`
		} `json:"metadata"`
		Source  json.RawMessage   `json:"source"`
		Outputs []json.RawMessage `json:"outputs"`
	} `json:"cells"`
	Metadata struct {
		Kernelspec struct {
			Name        string `json:"name"`
			DisplayName string `json:"display_name"`
			Language    string `json:"language"`
		} `json:"kernelspec"`
		LanguageInfo struct {
			Name          string `json:"name"`
			FileExtension string `json:"file_extension"`
			Mimetype      string `json:"mimetype"`
		} `json:"language_info"`
	} `json:"metadata"`
	NBFormat int `json:"nbformat"`
}

func notebookFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	if len(files) < 6 {
		t.Fatalf("found %d notebooks, want at least 6: %v", len(files), files)
	}
	return files
}

// TestNotebooksAreCommittedWithOutputs checks the static contract of every
// notebook: nbformat 4 with the eoslab kernelspec and Go language_info,
// a cell tagged "parameters", outputs saved, no error output, and a last
// code cell that checks the notebook's claims.
func TestNotebooksAreCommittedWithOutputs(t *testing.T) {
	for _, file := range notebookFiles(t) {
		t.Run(file, func(t *testing.T) {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var nb notebook
			if err := json.Unmarshal(b, &nb); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			if nb.NBFormat != 4 {
				t.Errorf("nbformat %d, want 4", nb.NBFormat)
			}
			ks, li := nb.Metadata.Kernelspec, nb.Metadata.LanguageInfo
			if ks.Name != "eoslab" || ks.DisplayName != "Go (eoslab)" || ks.Language != "go" {
				t.Errorf("kernelspec %+v", ks)
			}
			if li.Name != "go" || li.FileExtension != ".go" || li.Mimetype != "text/x-go" {
				t.Errorf("language_info %+v", li)
			}
			params, outputs, last := 0, 0, -1
			for i, c := range nb.Cells {
				if c.CellType != "code" {
					continue
				}
				last = i
				for _, tag := range c.Metadata.Tags {
					if tag == "parameters" {
						params++
					}
				}
				outputs += len(c.Outputs)
				for _, o := range c.Outputs {
					var out struct {
						OutputType string `json:"output_type"`
					}
					if json.Unmarshal(o, &out) == nil && out.OutputType == "error" {
						t.Errorf("cell %d has an error output: %s", i, o)
					}
				}
			}
			if params != 1 {
				t.Errorf("%d cells tagged parameters, want 1", params)
			}
			if outputs == 0 {
				t.Error("no outputs: notebooks are committed executed (eoslab run FILE)")
			}
			if last < 0 || !bytes.Contains(nb.Cells[last].Source, []byte("panic(")) {
				t.Error("the last code cell does not check the notebook's claims (no panic)")
			}
		})
	}
}

// TestNotebooksRun builds eoslab once and executes every notebook headless
// with its default parameters (the long cifar10-5k notebook runs its smoke
// version, or skips without CIFAR-10), failing with the cell's error.
// Running all of them takes a few minutes: `go test -short` skips it, and a
// notebook that would start too close to the -timeout deadline is skipped
// with a message instead of ending the test binary.
func TestNotebooksRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every notebook (minutes); skipped with -short")
	}
	if runtime.GOOS == "windows" {
		t.Skip("notebook 05 uses a POSIX shell")
	}
	files := notebookFiles(t)
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "eoslab")
	build := exec.Command("go", "build", "-o", bin, "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	deadline, hasDeadline := t.Deadline()
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			ctx := context.Background()
			if hasDeadline {
				left := time.Until(deadline)
				if left < 4*time.Minute {
					t.Skipf("only %s left before the -timeout deadline; run with a larger -timeout (e.g. 30m)", left.Round(time.Second))
				}
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, left-time.Minute)
				defer cancel()
			}
			abs, err := filepath.Abs(file)
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(tmp, file)
			cmd := exec.CommandContext(ctx, bin, "run", abs, "-o", out, "--quiet")
			var stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stderr, &stderr
			start := time.Now()
			err = cmd.Run()
			t.Logf("%s: %s", file, time.Since(start).Round(time.Second))
			if err != nil {
				t.Fatalf("eoslab run %s: %v\n%s", file, err, strings.TrimSpace(stderr.String()))
			}
			if _, err := os.Stat(out); err != nil {
				t.Fatalf("no output notebook: %v", err)
			}
		})
	}
}
