package data

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// CIFAR-10 binary format: records of one label byte followed by 3072 pixel
// bytes (1024 red, 1024 green, 1024 blue, each 32×32 row-major), 10000
// records per file.
const (
	cifarSide        = 32
	cifarRecordBytes = 1 + 3*cifarSide*cifarSide
	// CIFAR10URL is the official binary archive.
	CIFAR10URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
	// CIFAR10MD5 is the MD5 of the official archive (170052171 bytes), as
	// published on https://www.cs.toronto.edu/~kriz/cifar.html.
	CIFAR10MD5 = "c32a1d4ab5d03f1284b67883e8d87530"
	// cifarSubdir is the directory the archive extracts to.
	cifarSubdir = "cifar-10-batches-bin"
)

// cifarRecords is the number of records per batch file (a variable so tests
// can use small files).
var cifarRecords = 10000

var cifarBatches = map[string][]string{
	"train": {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"},
	"test":  {"test_batch.bin"},
}

// CIFAR10Dir returns the directory holding the CIFAR-10 batch files for
// Options.Dir dir: dir/cifar-10-batches-bin when it exists, else dir itself
// when it holds data_batch_1.bin, else dir/cifar-10-batches-bin (where
// `eoslab data fetch cifar10` puts them). An empty dir means DefaultDir().
func CIFAR10Dir(dir string) string {
	if dir == "" {
		dir = DefaultDir()
	}
	sub := filepath.Join(dir, cifarSubdir)
	if st, err := os.Stat(sub); err == nil && st.IsDir() {
		return sub
	}
	if _, err := os.Stat(filepath.Join(dir, cifarBatches["train"][0])); err == nil {
		return dir
	}
	return sub
}

// DefaultDir is where datasets that cannot ship with eoslab live:
// $EOSLAB_DATA when set, else the "eoslab" directory in the user cache
// directory (~/.cache/eoslab on Linux), else "eoslab-data" in the temporary
// directory.
func DefaultDir() string {
	if d := os.Getenv("EOSLAB_DATA"); d != "" {
		return d
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "eoslab")
	}
	return filepath.Join(os.TempDir(), "eoslab-data")
}

// errCIFARMissing explains where the files go and how to get them.
func errCIFARMissing(dir, missing string) error {
	parent := filepath.Dir(dir)
	if filepath.Base(dir) != cifarSubdir {
		parent = dir
	}
	return fmt.Errorf("data: cifar10: %s not found in %s; fetch CIFAR-10 with `eoslab data fetch cifar10 --dir %s` "+
		"(or `curl -L %s | tar -xz -C %s`), or set EOSLAB_DATA / Options.Dir to a directory that holds %s/",
		missing, dir, parent, CIFAR10URL, parent, cifarSubdir)
}

func cifarKey(dir string) (string, error) {
	d := CIFAR10Dir(dir)
	if abs, err := filepath.Abs(d); err == nil {
		d = abs
	}
	return d, nil
}

// loadCIFAR10 reads one split of CIFAR-10 from the standard binary files.
func loadCIFAR10(dir, split string) (*rawImages, error) {
	d := CIFAR10Dir(dir)
	files := cifarBatches[split]
	plane := cifarSide * cifarSide
	r := &rawImages{
		n: len(files) * cifarRecords, c: 3, h: cifarSide, w: cifarSide, classes: 10,
		pix:    make([]byte, len(files)*cifarRecords*3*plane),
		labels: make([]byte, len(files)*cifarRecords),
	}
	for fi, name := range files {
		p := filepath.Join(d, name)
		b, err := readCIFARFile(p, d, name)
		if err != nil {
			return nil, err
		}
		for j := 0; j < cifarRecords; j++ {
			rec := b[j*cifarRecordBytes : (j+1)*cifarRecordBytes]
			i := fi*cifarRecords + j
			if rec[0] >= 10 {
				return nil, fmt.Errorf("data: cifar10: %s is corrupt: record %d has label %d (want 0-9)", p, j, rec[0])
			}
			r.labels[i] = rec[0]
			copy(r.pix[i*3*plane:(i+1)*3*plane], rec[1:])
		}
	}
	return r, nil
}

func readCIFARFile(p, dir, name string) ([]byte, error) {
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, errCIFARMissing(dir, name)
	}
	if err != nil {
		return nil, fmt.Errorf("data: cifar10: %w", err)
	}
	defer f.Close()
	want := int64(cifarRecords * cifarRecordBytes)
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("data: cifar10: %w", err)
	}
	if st.Size() != want {
		what := "truncated"
		if st.Size() > want {
			what = "corrupt"
		}
		return nil, fmt.Errorf("data: cifar10: %s is %s: %d bytes, want %d (%d records of %d bytes); delete it and run `eoslab data fetch cifar10 --force`",
			p, what, st.Size(), want, cifarRecords, cifarRecordBytes)
	}
	b := make([]byte, want)
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, fmt.Errorf("data: cifar10: reading %s: %v", p, err)
	}
	return b, nil
}
