package sweep

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/eoslab/eoslab/lib/plots"
	"github.com/eoslab/eoslab/lib/train"
)

// Row is one point's outcome. Values a point did not record (no
// eigenvalues, not finished) are NaN.
type Row struct {
	Point
	State State
	// Records is the number of records and LastStep the last one's step.
	Records, LastStep int
	// Loss and Accuracy are the final record's.
	Loss, Accuracy float64
	// Column is the sharpness the EOS statistics are of: pre_sharpness
	// for adaptive optimizers, else sharpness.
	Column string
	// Sharpness and Threshold are the last measured ones; Ratio is their
	// quotient.
	Sharpness, Threshold, Ratio float64
	// Onset is the first step at which the sharpness reached the threshold
	// (-1: never); HoverMedian is the median of sharpness/threshold over
	// the measurements after it.
	Onset       int
	HoverMedian float64
}

// Table is the collected sweep: one row per point, in index order, and the
// trajectories they were read from (nil for points with none).
type Table struct {
	Line         string
	Keys         []string
	Rows         []Row
	Trajectories []*train.Trajectory
}

// Collect reads every point's trajectory (complete or partial) from dir.
func Collect(dir string) (*Table, error) {
	m, err := Open(dir)
	if err != nil {
		return nil, err
	}
	t := &Table{Line: m.Line, Keys: m.Keys}
	for _, p := range m.Points {
		st, _ := PointState(dir, p.Index)
		row := Row{Point: p, State: st, LastStep: -1, Onset: -1, Loss: math.NaN(), Accuracy: math.NaN(),
			Sharpness: math.NaN(), Threshold: math.NaN(), Ratio: math.NaN(), HoverMedian: math.NaN()}
		var traj *train.Trajectory
		path := Files(dir, p.Index).Trajectory
		if st == Partial {
			path = Files(dir, p.Index).Partial
		}
		if st.Complete() || st == Partial {
			if traj, err = train.LoadJSONL(path); err != nil {
				return nil, fmt.Errorf("sweep: point %d: %w", p.Index, err)
			}
			traj.Label = p.Name()
			row.summarize(traj)
		}
		t.Rows = append(t.Rows, row)
		t.Trajectories = append(t.Trajectories, traj)
	}
	return t, nil
}

func (r *Row) summarize(traj *train.Trajectory) {
	r.Records = traj.Len()
	last, ok := traj.Last()
	if !ok {
		return
	}
	r.LastStep, r.Loss, r.Accuracy = last.Step, last.Loss, last.Accuracy
	r.Column = "sharpness"
	if _, v := traj.Series("pre_sharpness"); len(v) > 0 {
		r.Column = "pre_sharpness"
	}
	for k := traj.Len() - 1; k >= 0; k-- {
		rec := traj.Records[k]
		if s := rec.Value(r.Column); !math.IsNaN(s) {
			r.Sharpness, r.Threshold = s, rec.Threshold
			r.Ratio = s / rec.Threshold
			break
		}
	}
	h := traj.Hover(r.Column)
	r.Onset, r.HoverMedian = h.Crossed, h.Median
}

// columns are the table's columns after the swept keys.
var columns = []string{"state", "last_step", "loss", "accuracy", "sharpness", "threshold", "ratio", "onset", "hover_median"}

func (r Row) cells(keys []string) []string {
	out := make([]string, 0, len(keys)+len(columns))
	for _, k := range keys {
		v, _ := r.Value(k)
		out = append(out, v)
	}
	num := func(v float64) string {
		if math.IsNaN(v) {
			return ""
		}
		return strconv.FormatFloat(v, 'g', 6, 64)
	}
	onset := ""
	if r.Onset >= 0 {
		onset = strconv.Itoa(r.Onset)
	}
	steps := ""
	if r.LastStep >= 0 {
		steps = strconv.Itoa(r.LastStep)
	}
	return append(out, string(r.State), steps, num(r.Loss), num(r.Accuracy), num(r.Sharpness),
		num(r.Threshold), num(r.Ratio), onset, num(r.HoverMedian))
}

func (t *Table) header() []string { return append(append([]string{}, t.Keys...), columns...) }

// WriteCSV writes the table with a header row; missing values are empty.
func (t *Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.header()); err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	for _, r := range t.Rows {
		if err := cw.Write(r.cells(t.Keys)); err != nil {
			return fmt.Errorf("sweep: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	return nil
}

// jsonRow is a Row at the JSON edge: missing numbers are null.
type jsonRow struct {
	Index       int               `json:"index"`
	Line        string            `json:"line"`
	Settings    map[string]string `json:"settings"`
	State       State             `json:"state"`
	Records     int               `json:"records"`
	LastStep    int               `json:"last_step"`
	Loss        *float64          `json:"loss"`
	Accuracy    *float64          `json:"accuracy"`
	Column      string            `json:"column,omitempty"`
	Sharpness   *float64          `json:"sharpness"`
	Threshold   *float64          `json:"threshold"`
	Ratio       *float64          `json:"ratio"`
	Onset       int               `json:"onset"`
	HoverMedian *float64          `json:"hover_median"`
}

// MarshalJSON writes {"line", "keys", "rows": [...]}, NaN as null.
func (t *Table) MarshalJSON() ([]byte, error) {
	num := func(v float64) *float64 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		return &v
	}
	rows := make([]jsonRow, len(t.Rows))
	for i, r := range t.Rows {
		set := map[string]string{}
		for _, s := range r.Settings {
			set[s.Key] = s.Value
		}
		rows[i] = jsonRow{r.Index, r.Line, set, r.State, r.Records, r.LastStep, num(r.Loss), num(r.Accuracy), r.Column,
			num(r.Sharpness), num(r.Threshold), num(r.Ratio), r.Onset, num(r.HoverMedian)}
	}
	return json.Marshal(struct {
		Line string    `json:"line"`
		Keys []string  `json:"keys"`
		Rows []jsonRow `json:"rows"`
	}{t.Line, t.Keys, rows})
}

// String is the table as aligned text.
func (t *Table) String() string {
	rows := [][]string{t.header()}
	for _, r := range t.Rows {
		rows = append(rows, r.cells(t.Keys))
	}
	width := make([]int, len(rows[0]))
	for _, r := range rows {
		for j, c := range r {
			width[j] = max(width[j], len([]rune(c)))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		for j, c := range r {
			if j > 0 {
				b.WriteString("  ")
			}
			fmt.Fprintf(&b, "%-*s", width[j], c)
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// HTML renders the table for notebooks.
func (t *Table) HTML() string {
	var b strings.Builder
	fmt.Fprintf(&b, "<table><caption>%s — %d points</caption>\n<tr>", html.EscapeString(t.Line), len(t.Rows))
	for _, h := range t.header() {
		fmt.Fprintf(&b, "<th>%s</th>", html.EscapeString(h))
	}
	b.WriteString("</tr>\n")
	for _, r := range t.Rows {
		b.WriteString("<tr>")
		for _, c := range r.cells(t.Keys) {
			fmt.Fprintf(&b, "<td>%s</td>", html.EscapeString(c))
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</table>")
	return b.String()
}

// Figure is the sweep's standard figure: every point's sharpness with its
// threshold, and, when some points reached their threshold, the hover
// ratio against the learning rate.
func (t *Table) Figure() (*plots.Grid, error) {
	var curves []plots.SweepCurve
	var hover []plots.HoverPoint
	pre := false
	for i, r := range t.Rows {
		traj := t.Trajectories[i]
		if traj == nil || r.Column == "" {
			continue
		}
		pre = pre || r.Column == "pre_sharpness"
		steps, s := traj.Series(r.Column)
		curves = append(curves, plots.SweepCurve{Name: r.Name(), Steps: steps, Sharpness: s, Threshold: r.Threshold})
		hover = append(hover, plots.HoverPoint{LR: r.LR, Ratio: r.HoverMedian})
	}
	if len(curves) == 0 {
		return nil, fmt.Errorf("sweep: no point has a trajectory yet")
	}
	sharp, err := plots.SweepSharpness(pre, curves...)
	if err != nil {
		return nil, err
	}
	g := &plots.Grid{Figures: []*plots.Figure{sharp}}
	if ratio, err := plots.HoverRatio(hover...); err == nil {
		g.Figures = append(g.Figures, ratio)
	}
	return g, nil
}

// Save writes the table to DIR/table.csv and DIR/table.json, atomically.
func (t *Table) Save(dir string) error {
	var b strings.Builder
	if err := t.WriteCSV(&b); err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dir, "table.csv"), []byte(b.String())); err != nil {
		return err
	}
	js, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	return writeFileAtomic(filepath.Join(dir, "table.json"), append(js, '\n'))
}
