package notebook

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/eoslab/eoslab/internal/atomicfile"
	"github.com/eoslab/eoslab/kernel/vocab"
)

// Notebook is an nbformat v4 notebook. Fields the headless driver does not
// interpret (attachments, unknown metadata, future keys) are kept and
// written back unchanged.
type Notebook struct {
	Cells       []*Cell
	Metadata    map[string]any
	Format      int // nbformat, always 4
	FormatMinor int // nbformat_minor
	extra       map[string]any
}

// Cell is one cell of a Notebook.
type Cell struct {
	Type     string // "code", "markdown" or "raw"
	ID       string // cell id (nbformat ≥ 4.5); may be empty for older minors
	Source   string
	Metadata map[string]any
	// Outputs and ExecutionCount are used by code cells only: outputs as
	// nbformat output dicts ("output_type", ...), the count nil when the
	// cell has not run.
	Outputs        []map[string]any
	ExecutionCount *int
	extra          map[string]any
}

// Tags returns the cell's metadata.tags.
func (c *Cell) Tags() []string {
	var tags []string
	if l, ok := c.Metadata["tags"].([]any); ok {
		for _, t := range l {
			if s, ok := t.(string); ok {
				tags = append(tags, s)
			}
		}
	}
	return tags
}

// HasTag reports whether the cell's metadata.tags contains tag.
func (c *Cell) HasTag(tag string) bool {
	for _, t := range c.Tags() {
		if t == tag {
			return true
		}
	}
	return false
}

// Language metadata written into every notebook eoslab runs, so GitHub and
// nbviewer render the cells as Go.
var (
	defaultKernelspec = map[string]any{
		"name":         "eoslab",
		"display_name": "Go (eoslab)",
		"language":     "go",
	}
)

// New returns an empty nbformat 4.5 notebook with eoslab's
// kernelspec and Go language_info.
func New() *Notebook {
	nb := &Notebook{Format: 4, FormatMinor: 5, Metadata: map[string]any{}}
	nb.SetGoMetadata()
	return nb
}

// SetGoMetadata fills metadata.kernelspec (missing fields only, so a
// notebook tied to a kernel installed under another name keeps it) and
// metadata.language_info (name go, file_extension .go, mimetype text/x-go).
func (nb *Notebook) SetGoMetadata() {
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	ks, _ := nb.Metadata["kernelspec"].(map[string]any)
	if ks == nil {
		ks = map[string]any{}
	}
	for k, v := range defaultKernelspec {
		if s, _ := ks[k].(string); s == "" {
			ks[k] = v
		}
	}
	nb.Metadata["kernelspec"] = ks
	li, _ := nb.Metadata["language_info"].(map[string]any)
	if li == nil {
		li = map[string]any{}
	}
	for k, v := range notebookLanguage().Content() {
		li[k] = v
	}
	nb.Metadata["language_info"] = li
}

// notebookLanguage is the language_info written into notebooks: Go without
// the toolchain's version, so that a rerun under another Go changes
// nothing.
func notebookLanguage() vocab.LanguageInfo {
	l := vocab.Go()
	l.Version, l.NbconvertExporter = "", ""
	return l
}

// Parse decodes an nbformat v4 notebook. Numbers keep their exact
// text, so a read–write round trip changes nothing but formatting.
func Parse(b []byte) (*Notebook, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("notebook: not a notebook (invalid JSON): %v", err)
	}
	format, ok := asInt(raw["nbformat"])
	if !ok {
		return nil, errors.New("notebook: not a notebook: no nbformat field")
	}
	if format != 4 {
		return nil, fmt.Errorf("notebook: nbformat %d is not supported; convert it with `jupyter nbconvert --to notebook --nbformat 4`", format)
	}
	minor, _ := asInt(raw["nbformat_minor"])
	nb := &Notebook{Format: 4, FormatMinor: minor, extra: map[string]any{}}
	nb.Metadata, _ = raw["metadata"].(map[string]any)
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	cells, ok := raw["cells"].([]any)
	if !ok && raw["cells"] != nil {
		return nil, errors.New("notebook: notebook cells is not a list")
	}
	for k, v := range raw {
		switch k {
		case "cells", "metadata", "nbformat", "nbformat_minor":
		default:
			nb.extra[k] = v
		}
	}
	for i, rc := range cells {
		m, ok := rc.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("notebook: notebook cell %d is not an object", i+1)
		}
		c := &Cell{extra: map[string]any{}}
		c.Type, _ = m["cell_type"].(string)
		switch c.Type {
		case "code", "markdown", "raw":
		default:
			return nil, fmt.Errorf("notebook: notebook cell %d has unknown cell_type %q", i+1, c.Type)
		}
		c.ID, _ = m["id"].(string)
		src, err := multiline(m["source"])
		if err != nil {
			return nil, fmt.Errorf("notebook: notebook cell %d: source: %v", i+1, err)
		}
		c.Source = src
		c.Metadata, _ = m["metadata"].(map[string]any)
		if c.Metadata == nil {
			c.Metadata = map[string]any{}
		}
		if outs, ok := m["outputs"].([]any); ok {
			for _, o := range outs {
				if om, ok := o.(map[string]any); ok {
					c.Outputs = append(c.Outputs, om)
				}
			}
		}
		if n, ok := asInt(m["execution_count"]); ok {
			c.ExecutionCount = &n
		}
		for k, v := range m {
			switch k {
			case "cell_type", "id", "source", "metadata", "outputs", "execution_count":
			default:
				c.extra[k] = v
			}
		}
		nb.Cells = append(nb.Cells, c)
	}
	return nb, nil
}

// Read reads and parses the notebook file at path.
func Read(path string) (*Notebook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("notebook: %w", err)
	}
	nb, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%v (%s)", err, path)
	}
	return nb, nil
}

// Marshal encodes the notebook as Jupyter writes it: sorted keys, one-space
// indentation, multi-line strings as lists of lines, a final newline. Cells
// get ids when the format asks for them (nbformat ≥ 4.5).
func (nb *Notebook) Marshal() ([]byte, error) {
	raw := map[string]any{}
	for k, v := range nb.extra {
		raw[k] = v
	}
	raw["nbformat"] = 4
	raw["nbformat_minor"] = nb.FormatMinor
	md := nb.Metadata
	if md == nil {
		md = map[string]any{}
	}
	raw["metadata"] = md
	nb.ensureIDs()
	cells := make([]any, 0, len(nb.Cells))
	for _, c := range nb.Cells {
		m := map[string]any{}
		for k, v := range c.extra {
			m[k] = v
		}
		m["cell_type"] = c.Type
		if c.ID != "" && nb.FormatMinor >= 5 {
			m["id"] = c.ID // ids exist from nbformat 4.5 on
		}
		m["source"] = splitLines(c.Source)
		cmd := c.Metadata
		if cmd == nil {
			cmd = map[string]any{}
		}
		m["metadata"] = cmd
		if c.Type == "code" {
			outs := make([]any, 0, len(c.Outputs))
			for _, o := range c.Outputs {
				outs = append(outs, outputForFile(o))
			}
			m["outputs"] = outs
			if c.ExecutionCount != nil {
				m["execution_count"] = *c.ExecutionCount
			} else {
				m["execution_count"] = nil
			}
		}
		cells = append(cells, m)
	}
	raw["cells"] = cells
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(raw); err != nil {
		return nil, fmt.Errorf("notebook: encoding notebook: %v", err)
	}
	return buf.Bytes(), nil
}

// outputForFile converts an output to its on-disk form: stream text and
// textual MIME data as lists of lines, nothing transient.
func outputForFile(o map[string]any) map[string]any {
	m := map[string]any{}
	for k, v := range o {
		if k == "transient" {
			continue
		}
		m[k] = v
	}
	if s, ok := m["text"].(string); ok {
		m["text"] = splitLines(s)
	}
	if data, ok := m["data"].(map[string]any); ok {
		d := map[string]any{}
		for mime, v := range data {
			if s, ok := v.(string); ok && (strings.HasPrefix(mime, "text/") || mime == "application/javascript" || mime == "image/svg+xml") {
				v = splitLines(s)
			}
			d[mime] = v
		}
		m["data"] = d
	}
	if _, ok := m["metadata"]; !ok && (m["output_type"] == "display_data" || m["output_type"] == "execute_result") {
		m["metadata"] = map[string]any{}
	}
	return m
}

var validCellID = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

// ensureIDs gives every cell a unique valid id when the format requires ids.
func (nb *Notebook) ensureIDs() {
	if nb.FormatMinor < 5 {
		return
	}
	seen := map[string]bool{}
	for _, c := range nb.Cells {
		if !validCellID.MatchString(c.ID) || seen[c.ID] {
			c.ID = newCellID(seen)
		}
		seen[c.ID] = true
	}
}

func newCellID(taken map[string]bool) string {
	for {
		var b [4]byte
		rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		if !taken[id] {
			return id
		}
	}
}

// multiline decodes an nbformat multiline string: a string or a list of
// strings to concatenate.
func multiline(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case []any:
		var b strings.Builder
		for _, p := range v {
			s, ok := p.(string)
			if !ok {
				return "", errors.New("a list holding a non-string")
			}
			b.WriteString(s)
		}
		return b.String(), nil
	}
	return "", fmt.Errorf("unexpected %T", v)
}

// splitLines splits s after each newline, as Jupyter stores multi-line
// strings.
func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if lines == nil {
		lines = []string{}
	}
	return lines
}

func asInt(v any) (int, bool) {
	switch v := v.(type) {
	case json.Number:
		n, err := v.Int64()
		return int(n), err == nil
	case float64:
		return int(v), v == float64(int(v))
	case int:
		return v, true
	}
	return 0, false
}

// WriteFileAtomic writes data to path so that path holds either its old
// contents or all of data, never a mix (internal/atomicfile: temp file in
// the same directory, fsync, the old file's mode or 0666 minus the umask,
// rename).
func WriteFileAtomic(path string, data []byte) error {
	if err := atomicfile.Write(path, data); err != nil {
		return fmt.Errorf("notebook: %w", err)
	}
	return nil
}
