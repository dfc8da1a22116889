package dsl

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"go/token"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/eoslab/eoslab/dsl/display"
	"github.com/eoslab/eoslab/lib/experiment"
	"github.com/eoslab/eoslab/lib/sweep"
)

func init() {
	registerMagic(Magic{
		Name:    "sweep",
		Summary: "run a grid of experiment lines (lists and ranges as values) and show the table and figure",
		Help:    sweepMagicHelp,
		Run:     runSweepMagic,
	})
}

const sweepMagicHelp = `%sweep [NAME =] LINE-WITH-LISTS [--dir DIR] [--zip key,key]

Expands the experiment line into the grid of its lists (lr=0.05,0.1,0.2) and
integer ranges (seed=0..4) — --zip lr,seed pairs lists instead of crossing
them — and trains every point in this kernel, as many at once as there are
cores, each exactly as %train / eoslab train would. The sweep lives in DIR
(default sweeps/<hash of the line>): manifest.json and one JSONL trajectory
per point, written as it goes. Rerunning the cell resumes: complete points are
read back, not rerun. The result is the collected table, a *sweep.Table bound
to NAME (default sweep) — one row per point: the swept keys, final loss and
accuracy, the last sharpness and threshold, the onset and the median of
sharpness / threshold after it — shown with the sweep's figure:

    %sweep gd toy2d-200 fc-tanh mse lr=0.4,0.5 seed=0..1 width=16 steps=1000 eig=20
    sweep.Rows[0].HoverMedian
    fig, _ := sweep.Figure()

The same sweep runs headless, or on a Slurm cluster, with
eoslab sweep LINE --dir DIR [--slurm ...]; eoslab sweep collect DIR gives the
same table.`

func runSweepMagic(ctx context.Context, s *Session, args, body string, out Output) (*Bundle, error) {
	name, rest := splitBinding(args)
	if name == "" {
		name = "sweep"
	}
	if !token.IsIdentifier(name) {
		return nil, usageError(fmt.Sprintf("%%sweep: %q is not a variable name", name))
	}
	line, dir, zip, err := sweepMagicFlags(rest)
	if err != nil {
		return nil, usageError("%sweep: " + err.Error())
	}
	grid, err := experiment.ParseSweep(line, zip...)
	if err != nil {
		return nil, lineUsageError(err)
	}
	if dir == "" {
		dir = filepath.Join("sweeps", fmt.Sprintf("%x", sha256.Sum256([]byte(fmt.Sprint(grid.Line, grid.Zip))))[:12])
	}
	m, err := sweep.Create(dir, &sweep.Manifest{Grid: *grid, Version: "kernel", Command: []string{"%sweep " + strings.TrimSpace(args)}})
	if err != nil {
		return nil, &CellError{Name: "SweepError", Value: err.Error()}
	}
	live := &sweepDisplay{out: out, id: display.New().ID(), dir: dir}
	for _, p := range m.Points {
		live.names = append(live.names, p.Name())
	}
	local := sweep.Local{Progress: live.progress, Every: sweepEvery,
		Exec: func(ctx context.Context, i int) error {
			_, err := sweep.RunPoint(ctx, dir, m, i, experiment.RunSweepPoint)
			return err
		}}
	runErr := local.Run(ctx, dir, m)
	table, err := sweep.Collect(dir)
	if err != nil {
		return nil, &CellError{Name: "SweepError", Value: err.Error()}
	}
	if err := s.Bind(context.WithoutCancel(ctx), name, table); err != nil {
		fmt.Fprintf(s.stderr, "%%sweep: could not bind %s: %v\n", name, err)
	}
	live.final(table)
	switch {
	case runErr == nil:
	case errors.Is(runErr, sweep.ErrInterrupted), ctx.Err() != nil:
		return nil, errInterrupted
	default:
		return nil, &CellError{Name: "SweepError", Value: runErr.Error() + fmt.Sprintf(" — the other points are in %s; rerun the cell to retry", name)}
	}
	data, meta, err := display.Render(table)
	if err != nil {
		return nil, err
	}
	return &Bundle{Data: data, Metadata: meta}, nil
}

// sweepMagicFlags separates --dir DIR and --zip a,b from the line.
func sweepMagicFlags(args string) (line, dir string, zip [][]string, err error) {
	words := strings.Fields(args)
	var kept []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		flag, val, hasVal := strings.Cut(w, "=")
		if flag != "--dir" && flag != "--zip" {
			if strings.HasPrefix(w, "--") {
				return "", "", nil, fmt.Errorf("unknown flag %s (flags: --dir DIR, --zip key,key)", flag)
			}
			kept = append(kept, w)
			continue
		}
		if !hasVal {
			if i+1 == len(words) {
				return "", "", nil, fmt.Errorf("%s needs a value", flag)
			}
			i++
			val = words[i]
		}
		if flag == "--dir" {
			dir = val
		} else {
			zip = append(zip, strings.Split(val, ","))
		}
	}
	return strings.Join(kept, " "), dir, zip, nil
}

// sweepEvery is how often the sweep's live display is refreshed.
var sweepEvery = time.Second

// sweepDisplay keeps one display with the state of every point while the
// sweep runs, and the sweep's figure at the end.
type sweepDisplay struct {
	out   Output
	id    string
	dir   string
	names []string // the points' names
	mu    sync.Mutex
	shown bool
}

func (d *sweepDisplay) progress(p sweep.Progress) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s (%s)\n", d.dir, p.Summary(), p.Elapsed.Round(time.Second))
	for _, pt := range p.Points {
		if pt.State == sweep.Pending {
			continue
		}
		step := ""
		if pt.Step >= 0 {
			step = fmt.Sprintf(" step %d/%d", pt.Step, pt.Steps)
		}
		state := string(pt.State)
		if pt.State == sweep.Partial {
			state = "running"
		}
		fmt.Fprintf(&b, "  %d %s: %s%s\n", pt.Index, d.names[pt.Index], state, step)
	}
	d.show(map[string]any{"text/plain": strings.TrimRight(b.String(), "\n")}, nil)
}

func (d *sweepDisplay) final(t *sweep.Table) {
	text := fmt.Sprintf("%s: %d points", d.dir, len(t.Rows))
	fig, err := t.Figure()
	if err != nil {
		d.show(map[string]any{"text/plain": text + " (" + err.Error() + ")"}, nil)
		return
	}
	data, meta, err := display.Render(fig)
	if err != nil {
		data, meta = map[string]any{}, nil
	}
	data["text/plain"] = text
	d.show(data, meta)
}

func (d *sweepDisplay) show(data, meta map[string]any) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.out.Display(&Bundle{Data: data, Metadata: meta, DisplayID: d.id, Update: d.shown})
	d.shown = true
}
