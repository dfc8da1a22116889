package main

import (
	"bytes"
	"fmt"
	"go/build"
	"go/format"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/traefik/yaegi/extract"
	"github.com/traefik/yaegi/stdlib"
)

// stdExtra are standard packages beyond those of yaegi's stdlib table,
// which stops at Go 1.22. Much of their API is generic, which extract
// skips, but importing them must work as under `go run`.
var stdExtra = []string{
	"cmp", "iter", "maps", "slices", "structs", "unique", "weak",
	"crypto/fips140", "crypto/hkdf", "crypto/hpke", "crypto/mlkem", "crypto/pbkdf2", "crypto/sha3",
}

// stdPackages is the package set of yaegi's stdlib table plus stdExtra.
// As there, syscall, unsafe and os/exec are not in it: the session takes
// os/exec from yaegi's unrestricted table, and syscall.Exit, Kill, Exec...
// would let a cell end the worker.
func stdPackages() []string {
	set := map[string]bool{}
	for key := range stdlib.Symbols {
		p := path.Dir(key)
		if p == "." || strings.Contains(p, "yaegi") {
			continue // MapTypes and yaegi's own package
		}
		set[p] = true
	}
	for _, p := range stdExtra {
		set[p] = true
	}
	var pkgs []string
	for p := range set {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	return pkgs
}

// runStdlib writes the standard library's tables of package stdlib into
// out, one go1_N_<path>.go file per package, for the toolchain running it.
func runStdlib(out string) error {
	prefix, err := versionPrefix(runtime.Version())
	if err != nil {
		return err
	}
	// The same tables wherever they are generated: linux/amd64 (as yaegi's),
	// without cgo, which would need a C compiler and changes no exported API.
	// Typed constants are referenced by name, so only untyped ones such as
	// os.DevNull carry linux values, as in yaegi's tables.
	build.Default.GOOS, build.Default.GOARCH = "linux", "amd64"
	build.Default.CgoEnabled = false

	pkgs := stdPackages()
	srcs, err := extractAll(pkgs)
	if err != nil {
		return err
	}
	keep := map[string]bool{}
	for i, p := range pkgs {
		name := prefix + fileName(p)
		keep[name] = true
		if err := writeIfChanged(filepath.Join(out, name), srcs[i]); err != nil {
			return err
		}
	}
	removeStale(out, keep)
	return nil
}

// extractAll extracts pkgs into package stdlib, in parallel: extract
// type-checks each package and its dependencies from source, about a
// second of CPU per package.
func extractAll(pkgs []string) ([][]byte, error) {
	srcs := make([][]byte, len(pkgs))
	errs := make([]error, len(pkgs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				srcs[i], errs[i] = extractStd(pkgs[i])
			}
		})
	}
	for i := range pkgs {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("extracting %s: %w", pkgs[i], err)
		}
	}
	return srcs, nil
}

func extractStd(p string) ([]byte, error) {
	ext := extract.Extractor{Dest: "stdlib"}
	var buf bytes.Buffer
	if _, err := ext.Extract(p, "", &buf); err != nil {
		return nil, err
	}
	return format.Source(buf.Bytes())
}

// versionPrefix is the file name prefix of yaegi's stdlib tables for a Go
// release: "go1_26_" for go1.26.8. Extract tags the files //go:build go1.26.
func versionPrefix(version string) (string, error) {
	parts := strings.Split(version, ".")
	if !strings.HasPrefix(version, "go") || len(parts) < 2 {
		return "", fmt.Errorf("the standard library's tables need a Go release, not %s", version)
	}
	return parts[0] + "_" + extract.GetMinor(parts[1]) + "_", nil
}
