package sweep

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Manifest is DIR/manifest.json: what the sweep is and what made it.
type Manifest struct {
	Grid
	// Version is the version of the binary that created the sweep.
	Version string `json:"version"`
	// Command is the command line that created it.
	Command []string  `json:"command"`
	Created time.Time `json:"created"`
}

// Layout of a sweep directory.
const (
	manifestName = "manifest.json"
	pointsDir    = "points"
	logsDir      = "logs"
)

// Create writes DIR/manifest.json for m, creating DIR. When DIR already
// holds a manifest of the same grid, that manifest is returned instead
// (the sweep resumes); a different grid is an error, so no finished point
// is ever mixed with another sweep's.
func Create(dir string, m *Manifest) (*Manifest, error) {
	old, err := Open(dir)
	switch {
	case err == nil:
		if !sameGrid(&old.Grid, &m.Grid) {
			return nil, fmt.Errorf("sweep: %s already holds another sweep (%q, %d points); choose another --dir or remove it",
				dir, old.Line, len(old.Points))
		}
		return old, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	for _, d := range []string{dir, filepath.Join(dir, pointsDir), filepath.Join(dir, logsDir)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("sweep: %w", err)
		}
	}
	if m.Created.IsZero() {
		m.Created = time.Now().UTC().Truncate(time.Second)
	}
	if err := writeJSON(filepath.Join(dir, manifestName), m); err != nil {
		return nil, err
	}
	return m, nil
}

// Open reads DIR/manifest.json. A missing manifest is an error wrapping
// fs.ErrNotExist.
func Open(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("sweep: %s is not a sweep directory (no %s): %w", dir, manifestName, err)
		}
		return nil, fmt.Errorf("sweep: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("sweep: %s: %w", filepath.Join(dir, manifestName), err)
	}
	for i, p := range m.Points {
		if p.Index != i {
			return nil, fmt.Errorf("sweep: %s: point %d has index %d", filepath.Join(dir, manifestName), i, p.Index)
		}
	}
	for _, d := range []string{filepath.Join(dir, pointsDir), filepath.Join(dir, logsDir)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("sweep: %w", err)
		}
	}
	return &m, nil
}

// Point returns point i, or an error naming the valid range.
func (m *Manifest) Point(i int) (Point, error) {
	if i < 0 || i >= len(m.Points) {
		return Point{}, fmt.Errorf("sweep: no point %d (the sweep has points 0..%d)", i, len(m.Points)-1)
	}
	return m.Points[i], nil
}

// writeJSON writes v as indented JSON to path atomically.
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	return writeFileAtomic(path, append(b, '\n'))
}

// writeFileAtomic writes b to a temporary file beside path, syncs it and
// renames it over path, so readers see the old file or the new one.
func writeFileAtomic(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	_, werr := f.Write(b)
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(f.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(f.Name(), path)
	}
	if werr != nil {
		os.Remove(f.Name())
		return fmt.Errorf("sweep: write %s: %w", path, werr)
	}
	return syncDir(filepath.Dir(path))
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sweep: sync %s: %w", dir, err)
	}
	return nil
}
