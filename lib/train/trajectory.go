package train

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"github.com/eoslab/eoslab/internal/atomicfile"
	"html"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"codeberg.org/sbinet/npyio"
	"codeberg.org/sbinet/npyio/npz"
	"gonum.org/v1/gonum/mat"
)

// Trajectory is the sequence of records of one run, in step order.
type Trajectory struct {
	// Label describes the run (the experiment line, or the optimizer).
	Label string
	// Records are the measurements, one per recorded step.
	Records []Record
	// Iterates are the parameters kept by Settings.KeepIterates, in step
	// order (nil unless it was set). They live in memory only: JSONL, CSV
	// and .npy carry the records.
	Iterates []Iterate
}

// Len is the number of records.
func (t *Trajectory) Len() int { return len(t.Records) }

// Last returns the last record; ok is false when there is none.
func (t *Trajectory) Last() (r Record, ok bool) {
	if len(t.Records) == 0 {
		return newRecord(0), false
	}
	return t.Records[len(t.Records)-1], true
}

// Column returns the named column at every record (NaN where it was not
// measured). See Record.Value for the names; Columns lists those present.
func (t *Trajectory) Column(name string) []float64 {
	out := make([]float64, len(t.Records))
	for i := range t.Records {
		out[i] = t.Records[i].Value(name)
	}
	return out
}

// Series returns the steps at which the named column was measured and its
// values there (no NaNs), ready to plot.
func (t *Trajectory) Series(name string) (steps, values []float64) {
	for i := range t.Records {
		if v := t.Records[i].Value(name); !math.IsNaN(v) {
			steps = append(steps, float64(t.Records[i].Step))
			values = append(values, v)
		}
	}
	return steps, values
}

// Eigs returns the steps at which eigenvalues were computed and the top-k
// eigenvalues there: of H, or of P⁻¹H when pre is set.
func (t *Trajectory) Eigs(pre bool) (steps []float64, eigs [][]float64) {
	for _, r := range t.Records {
		e := r.Eigs
		if pre {
			e = r.PreEigs
		}
		if e != nil {
			steps = append(steps, float64(r.Step))
			eigs = append(eigs, append([]float64(nil), e...))
		}
	}
	return steps, eigs
}

// Columns lists the columns present in at least one record, in a fixed
// order: step, loss, batch_loss, accuracy, grad_norm, sharpness, eig1..k,
// pre_sharpness, pre_eig1..k, threshold, dist_*, then the process
// observables (sorted).
func (t *Trajectory) Columns() []string {
	has := map[string]bool{}
	k, pk := 0, 0
	dist, obs := map[string]bool{}, map[string]bool{}
	for _, r := range t.Records {
		for _, c := range []string{"loss", "batch_loss", "accuracy", "grad_norm", "sharpness", "pre_sharpness", "threshold"} {
			if c == "loss" || !math.IsNaN(r.Value(c)) {
				has[c] = true
			}
		}
		k = max(k, len(r.Eigs))
		pk = max(pk, len(r.PreEigs))
		for n := range r.Dist {
			dist["dist_"+n] = true
		}
		for n := range r.Observed {
			obs[n] = true
		}
	}
	cols := []string{"step"}
	for _, c := range []string{"loss", "batch_loss", "accuracy", "grad_norm", "sharpness"} {
		if has[c] {
			cols = append(cols, c)
		}
	}
	for i := 1; i <= k; i++ {
		cols = append(cols, "eig"+strconv.Itoa(i))
	}
	if has["pre_sharpness"] {
		cols = append(cols, "pre_sharpness")
	}
	for i := 1; i <= pk; i++ {
		cols = append(cols, "pre_eig"+strconv.Itoa(i))
	}
	if has["threshold"] {
		cols = append(cols, "threshold")
	}
	cols = append(cols, sortedSet(dist)...)
	cols = append(cols, sortedSet(obs)...)
	return cols
}

func sortedSet(m map[string]bool) []string {
	s := make([]string, 0, len(m))
	for k := range m {
		s = append(s, k)
	}
	sort.Strings(s)
	return s
}

// WriteJSONL writes one JSON object per record, one per line: the format
// of `eoslab train` and of Settings.Out.
func (t *Trajectory) WriteJSONL(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, r := range t.Records {
		b, _ := r.MarshalJSON()
		bw.Write(b)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("train: write JSONL: %w", err)
	}
	return nil
}

// ReadJSONL reads records written by WriteJSONL or by a run's Out file. A
// final line cut short (a run killed mid-write) is ignored; any other
// malformed line is an error naming its line number.
func ReadJSONL(r io.Reader) (*Trajectory, error) {
	t := &Trajectory{}
	br := bufio.NewReader(r)
	for line := 1; ; line++ {
		s, err := br.ReadString('\n')
		if err != nil && err != io.EOF {
			return t, fmt.Errorf("train: read JSONL: %w", err)
		}
		last := err == io.EOF
		if strings.TrimSpace(s) != "" {
			var rec Record
			if uerr := rec.UnmarshalJSON([]byte(s)); uerr != nil {
				if last && !strings.HasSuffix(s, "\n") {
					return t, nil // a torn final line
				}
				return t, fmt.Errorf("train: JSONL line %d: %w", line, uerr)
			}
			t.Records = append(t.Records, rec)
		}
		if last {
			return t, nil
		}
	}
}

// LoadJSONL reads a trajectory from a JSONL file.
func LoadJSONL(path string) (*Trajectory, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	defer f.Close()
	t, err := ReadJSONL(f)
	if t != nil {
		t.Label = filepath.Base(path)
	}
	return t, err
}

// WriteCSV writes the trajectory as CSV with a header row of Columns();
// unmeasured values are empty cells.
func (t *Trajectory) WriteCSV(w io.Writer) error {
	cols := t.Columns()
	cw := csv.NewWriter(w)
	if err := cw.Write(cols); err != nil {
		return fmt.Errorf("train: write CSV: %w", err)
	}
	row := make([]string, len(cols))
	for i := range t.Records {
		for j, c := range cols {
			v := t.Records[i].Value(c)
			switch {
			case math.IsNaN(v):
				row[j] = ""
			default:
				row[j] = strconv.FormatFloat(v, 'g', -1, 64)
			}
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("train: write CSV: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("train: write CSV: %w", err)
	}
	return nil
}

// SaveCSV writes the CSV form to path.
func (t *Trajectory) SaveCSV(path string) error {
	return saveWith(path, t.WriteCSV)
}

// SaveJSONL writes the JSONL form to path.
func (t *Trajectory) SaveJSONL(path string) error {
	return saveWith(path, t.WriteJSONL)
}

// Matrix returns the named columns (all of Columns() when none are given)
// as a records × columns matrix, NaN where unmeasured.
func (t *Trajectory) Matrix(cols ...string) *mat.Dense {
	if len(cols) == 0 {
		cols = t.Columns()
	}
	if len(t.Records) == 0 || len(cols) == 0 {
		return &mat.Dense{}
	}
	m := mat.NewDense(len(t.Records), len(cols), nil)
	for i := range t.Records {
		for j, c := range cols {
			m.Set(i, j, t.Records[i].Value(c))
		}
	}
	return m
}

// WriteNPY writes the named column as a 1-D float64 .npy array (NaN where
// unmeasured).
func (t *Trajectory) WriteNPY(w io.Writer, column string) error {
	if err := npyio.Write(w, t.Column(column)); err != nil {
		return fmt.Errorf("train: write npy: %w", err)
	}
	return nil
}

// SaveNPY writes every column to dir/<column>.npy (a 1-D float64 array
// each, NaN where unmeasured), creating dir.
func (t *Trajectory) SaveNPY(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	for _, c := range t.Columns() {
		c := c
		err := saveWith(filepath.Join(dir, c+".npy"), func(w io.Writer) error { return t.WriteNPY(w, c) })
		if err != nil {
			return err
		}
	}
	return nil
}

// SaveNPZ writes every column into one .npz archive (numpy.load gives a
// dict-like object keyed by column name).
func (t *Trajectory) SaveNPZ(path string) error {
	vs := map[string]any{}
	for _, c := range t.Columns() {
		vs[c] = t.Column(c)
	}
	if err := npz.Write(path, vs); err != nil {
		return fmt.Errorf("train: write npz: %w", err)
	}
	return nil
}

func saveWith(path string, write func(io.Writer) error) error {
	if err := atomicfile.WriteFunc(path, write); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	return nil
}

// Hover summarizes how a sharpness column sits against the threshold once
// it has reached it: the edge-of-stability statistic of docs/SCIENCE.md §2.
type Hover struct {
	// Crossed is the first step at which column ≥ threshold; -1 if never.
	Crossed int
	// N is the number of measurements after Crossed (exclusive).
	N int
	// Median, Min and Max are of column/threshold over those measurements.
	Median, Min, Max float64
}

// Hover returns the Hover statistics of column ("sharpness" or
// "pre_sharpness") against the recorded threshold. Before the first
// crossing, or with no measurement after it, Median, Min and Max are NaN.
func (t *Trajectory) Hover(column string) Hover {
	h := Hover{Crossed: -1, Median: math.NaN(), Min: math.NaN(), Max: math.NaN()}
	var ratios []float64
	for _, r := range t.Records {
		v, th := r.Value(column), r.Threshold
		if math.IsNaN(v) || math.IsNaN(th) {
			continue
		}
		if h.Crossed < 0 {
			if v >= th {
				h.Crossed = r.Step
			}
			continue
		}
		ratios = append(ratios, v/th)
	}
	h.N = len(ratios)
	if h.N == 0 {
		return h
	}
	sort.Float64s(ratios)
	h.Min, h.Max = ratios[0], ratios[len(ratios)-1]
	if n := len(ratios); n%2 == 1 {
		h.Median = ratios[n/2]
	} else {
		h.Median = (ratios[n/2-1] + ratios[n/2]) / 2
	}
	return h
}

func (h Hover) String() string {
	if h.Crossed < 0 {
		return "never reached the threshold"
	}
	return fmt.Sprintf("reached the threshold at step %d; over the %d measurements after: median %.3f×, range [%.3f, %.3f]×",
		h.Crossed, h.N, h.Median, h.Min, h.Max)
}

// HTML renders a short summary table (notebook display).
func (t *Trajectory) HTML() string {
	var b strings.Builder
	b.WriteString("<table><caption>")
	b.WriteString(html.EscapeString(t.Label))
	b.WriteString("</caption>")
	row := func(k, v string) {
		fmt.Fprintf(&b, "<tr><th style=\"text-align:left\">%s</th><td>%s</td></tr>", html.EscapeString(k), html.EscapeString(v))
	}
	row("records", strconv.Itoa(len(t.Records)))
	if r, ok := t.Last(); ok {
		row("last step", strconv.Itoa(r.Step))
		for _, c := range []string{"loss", "accuracy", "sharpness", "pre_sharpness", "threshold"} {
			if _, v := t.Series(c); len(v) > 0 {
				row("last "+c, strconv.FormatFloat(v[len(v)-1], 'g', 6, 64))
			}
		}
	}
	for _, c := range []string{"sharpness", "pre_sharpness"} {
		if _, v := t.Series(c); len(v) > 0 {
			row(c+" vs threshold", t.Hover(c).String())
		}
	}
	b.WriteString("</table>")
	return b.String()
}

// String is a one-line summary.
func (t *Trajectory) String() string {
	r, ok := t.Last()
	if !ok {
		return fmt.Sprintf("%s: no records", t.Label)
	}
	return fmt.Sprintf("%s: %d records, last step %d, loss %.6g", t.Label, len(t.Records), r.Step, r.Loss)
}
