package sweep

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/eoslab/eoslab/lib/data"
)

// StageData makes the sweep's datasets reachable from cluster nodes that
// have nothing but the binary: MNIST's IDX files (which this machine finds
// in its Go module cache, a node has none) are copied once into
// DIR/data/mnist, and the returned environment points the tasks there. A
// data directory set with $EOSLAB_DATA (CIFAR-10) is passed on as it is:
// it must be shared, as DIR is.
func StageData(dir string, m *Manifest) (env []string, err error) {
	usesMNIST := false
	for _, p := range m.Points {
		if f := strings.Fields(p.Line); len(f) > 1 && strings.HasPrefix(f[1], "mnist") {
			usesMNIST = true
		}
	}
	if d := os.Getenv("EOSLAB_DATA"); d != "" {
		env = append(env, "EOSLAB_DATA="+d)
	}
	if !usesMNIST {
		return env, nil
	}
	src, err := data.MNISTDir("")
	if err != nil {
		return nil, fmt.Errorf("sweep: the points use MNIST, which the nodes will read from DIR/data/mnist: %w", err)
	}
	dst := filepath.Join(dir, "data", "mnist")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	names, err := filepath.Glob(filepath.Join(src, "*-idx?-ubyte*"))
	if err != nil || len(names) == 0 {
		return nil, fmt.Errorf("sweep: no MNIST IDX files in %s", src)
	}
	for _, name := range names {
		to := filepath.Join(dst, filepath.Base(name))
		if _, err := os.Stat(to); err == nil {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("sweep: %w", err)
		}
		if err := writeFileAtomic(to, b); err != nil {
			return nil, err
		}
	}
	return append(env, "EOSLAB_MNIST="+dst), nil
}
