package require

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// keyVersion changes when the layout of generated workers does.
const keyVersion = "eoslab-require 1"

// cacheKey names the worker of a module set built from src with tc.
func cacheKey(srcKey string, tc toolchain, set []module) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n", keyVersion, srcKey, tc.Key)
	for _, m := range set {
		fmt.Fprintf(h, "%s %s\n", m, m.hash)
	}
	return hex.EncodeToString(h.Sum(nil))[:24]
}

// buildInput lists the files that go build reads besides embedded ones.
var buildInput = map[string]bool{".go": true, ".s": true, ".S": true, ".c": true, ".h": true, ".cc": true, ".cpp": true, ".cxx": true, ".hh": true, ".hpp": true, ".m": true, ".f": true, ".F": true, ".syso": true, ".swig": true}

// hashTree hashes the build inputs of the module rooted at root: go.mod,
// go.sum and the non-test source files of its packages, plus every file
// under a package directory that embeds files. Hidden, _-prefixed and
// testdata directories and nested modules are skipped, as the go command
// does. Files over 1 MiB are hashed by size and modification time.
func hashTree(root string) (string, error) {
	files, err := treeFiles(root)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	embedDirs := map[string]bool{}
	var others []string
	for _, f := range files {
		name := filepath.Base(f)
		switch {
		case strings.HasSuffix(name, "_test.go"):
		case name == "go.mod" || name == "go.sum" || buildInput[filepath.Ext(name)]:
			embeds, err := hashFile(h, root, f)
			if err != nil {
				return "", err
			}
			if embeds {
				embedDirs[filepath.Dir(f)] = true
			}
		default:
			others = append(others, f)
		}
	}
	for _, f := range others {
		if underAny(f, embedDirs) {
			if _, err := hashFile(h, root, f); err != nil {
				return "", err
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// treeFiles lists the regular files of the module rooted at root, relative
// to it, in lexical order.
func treeFiles(root string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || exists(filepath.Join(p, "go.mod"))) {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(root, p)
			files = append(files, rel)
		}
		return nil
	})
	return files, err
}

func underAny(f string, dirs map[string]bool) bool {
	for dir := filepath.Dir(f); ; dir = filepath.Dir(dir) {
		if dirs[dir] {
			return true
		}
		if dir == "." || dir == filepath.Dir(dir) {
			return false
		}
	}
}

// hashFile adds the name and content of root/rel to h and reports whether
// it is a Go file with a //go:embed directive.
func hashFile(h io.Writer, root, rel string) (embeds bool, err error) {
	p := filepath.Join(root, rel)
	fmt.Fprintf(h, "%s\n", filepath.ToSlash(rel))
	info, err := os.Stat(p)
	if err != nil {
		return false, err
	}
	if info.Size() > 1<<20 {
		fmt.Fprintf(h, "size %d mtime %d\n", info.Size(), info.ModTime().UnixNano())
		return false, nil
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return false, err
	}
	sum := sha256.Sum256(b)
	h.Write(sum[:])
	return strings.HasSuffix(rel, ".go") && bytes.Contains(b, []byte("//go:embed")), nil
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// complete reports whether dir holds a finished worker.
func complete(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, workerName))
	return err == nil && st.Mode().IsRegular() && exists(filepath.Join(dir, manifestName))
}

// publish renames the finished build directory tmp to dir. When another
// process published the same worker meanwhile, its copy is kept.
func publish(tmp, dir string) error {
	err := os.Rename(tmp, dir)
	if err == nil {
		return nil
	}
	if complete(dir) {
		os.RemoveAll(tmp)
		return nil
	}
	if exists(dir) {
		// A leftover of an interrupted build (not complete): replace it.
		if rmErr := os.RemoveAll(dir); rmErr == nil {
			if err = os.Rename(tmp, dir); err == nil {
				return nil
			}
		}
	}
	return errors.Join(fmt.Errorf("require: publishing the worker in %s", dir), err)
}
