package dsl

import (
	"context"
	"errors"
	"fmt"
	"go/token"
	"strings"
	"sync"
	"time"

	"github.com/eoslab/eoslab/dsl/display"
	"github.com/eoslab/eoslab/lib/experiment"
	"github.com/eoslab/eoslab/lib/plots"
	"github.com/eoslab/eoslab/lib/train"
)

func init() {
	registerMagic(Magic{
		Name:    "train",
		Summary: "train a network from one experiment line, with a live loss / sharpness figure",
		Help:    trainMagicHelp(),
		Run:     runTrainMagic,
	})
}

func trainMagicHelp() string {
	return `%train [NAME =] OPT DATA ARCH LOSS key=value ...

Runs the experiment line and shows the standard figure — the loss, and the
sharpness λ₁(H) (or, for rmsprop and adam, the preconditioned sharpness
λ₁(P⁻¹H)) with the stability threshold dashed — updated live as the
eigenvalues come in. Interrupting the cell stops the run and keeps what it
measured. The finished run, a *train.Trajectory, is bound to the variable
NAME (default run) for the next cells:

    %train gd mnist-5k fc-tanh mse lr=0.02 steps=3000 eig=20 neigs=2 seed=0
    run.Hover("sharpness")          // how it sits against 2/η after reaching it
    steps, s := run.Series("sharpness")

    %train adam1 = adam mnist-1k fc-tanh mse lr=3e-4 beta2=0.99 steps=500
    adam1.SaveCSV("adam.csv")

The same line runs headless as: eoslab train OPT DATA ARCH LOSS key=value ...

` + experiment.Help()
}

func runTrainMagic(ctx context.Context, s *Session, args, body string, out Output) (*Bundle, error) {
	name, line := splitBinding(args)
	if name != "" && !token.IsIdentifier(name) {
		return nil, usageError(fmt.Sprintf("%%train: %q is not a variable name", name))
	}
	if name == "" {
		name = "run"
	}
	e, err := experiment.Parse(line)
	if err != nil {
		return nil, lineUsageError(err)
	}
	r, err := e.Build()
	if err != nil {
		return nil, lineUsageError(err)
	}
	live := &liveFigure{out: out, id: display.New().ID(), every: time.Second}
	live.show(nil, fmt.Sprintf("%s: starting", e))
	traj, runErr := r.Run(ctx, live.progress)
	live.final(traj, runErr)
	if traj != nil && traj.Len() > 0 {
		// bound even after an interrupt: the partial run is what the user wants
		if err := s.Bind(context.WithoutCancel(ctx), name, traj); err != nil {
			fmt.Fprintf(s.stderr, "%%train: could not bind %s: %v\n", name, err)
		}
	}
	if runErr != nil {
		var d *train.DivergedError
		switch {
		case errors.As(runErr, &d):
			return nil, &CellError{Name: "Diverged", Value: runErr.Error() + fmt.Sprintf(" — the records so far are in %s", name)}
		case errors.Is(runErr, context.Canceled), ctx.Err() != nil:
			return nil, errInterrupted
		}
		return nil, &CellError{Name: "TrainError", Value: runErr.Error()}
	}
	return nil, nil
}

// splitBinding separates "NAME = rest" from the line.
func splitBinding(args string) (name, line string) {
	if lhs, rhs, ok := strings.Cut(args, "="); ok {
		lhs = strings.TrimSpace(lhs)
		if lhs != "" && !strings.ContainsAny(lhs, " \t") && (strings.HasPrefix(rhs, " ") || strings.HasPrefix(rhs, "\t")) {
			return lhs, strings.TrimSpace(rhs)
		}
	}
	return "", strings.TrimSpace(args)
}

func usageError(msg string) error {
	return &CellError{Name: "UsageError", Value: msg, Traceback: []string{"UsageError: " + msg}}
}

// lineUsageError shows a LineError with its caret.
func lineUsageError(err error) error {
	var le *experiment.LineError
	if errors.As(err, &le) {
		tb := append([]string{"UsageError: " + le.Msg}, strings.Split(le.Caret(), "\n")...)
		tb = append(tb, "%help train lists the keys")
		return &CellError{Name: "UsageError", Value: le.Msg, Traceback: tb}
	}
	return &CellError{Name: "UsageError", Value: err.Error(), Traceback: []string{"UsageError: " + err.Error()}}
}

// liveFigure keeps one display updated with the standard figure and a
// status line while the run goes.
type liveFigure struct {
	out   Output
	id    string
	every time.Duration
	mu    sync.Mutex
	shown bool
	last  time.Time
	traj  train.Trajectory
}

func (l *liveFigure) progress(p train.Progress) {
	l.mu.Lock()
	l.traj.Records = append(l.traj.Records, p.Record)
	due := time.Since(l.last) >= l.every && (p.Record.HasEigs() || p.Record.PreEigs != nil || time.Since(l.last) >= 5*l.every)
	l.mu.Unlock()
	if !due {
		return
	}
	l.show(&l.traj, status(p.Record, p.Steps, p.Elapsed))
}

func status(r train.Record, steps int, elapsed time.Duration) string {
	s := fmt.Sprintf("step %d/%d  loss %.5g", r.Step, steps, r.Loss)
	if r.Accuracy == r.Accuracy {
		s += fmt.Sprintf("  acc %.3f", r.Accuracy)
	}
	if r.PreSharpness == r.PreSharpness {
		s += fmt.Sprintf("  λ₁(P⁻¹H) %.4g / %.4g", r.PreSharpness, r.Threshold)
	} else if r.Sharpness == r.Sharpness {
		s += fmt.Sprintf("  λ₁ %.4g / %.4g", r.Sharpness, r.Threshold)
	}
	return s + fmt.Sprintf("  (%s)", elapsed.Round(time.Second))
}

// show replaces the display with the figure of traj (if any) and text.
func (l *liveFigure) show(traj *train.Trajectory, text string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	data, meta := map[string]any{"text/plain": text}, map[string]any{}
	if traj != nil && traj.Len() > 0 {
		if fig, err := plots.Training(traj); err == nil {
			if d, m, err := display.Render(fig); err == nil {
				data, meta = d, m
				data["text/plain"] = text
			}
		}
	}
	l.out.Display(&Bundle{Data: data, Metadata: meta, DisplayID: l.id, Update: l.shown})
	l.shown = true
	l.last = time.Now()
}

func (l *liveFigure) final(traj *train.Trajectory, err error) {
	text := "no records"
	if traj != nil {
		text = traj.String()
		for _, c := range []string{"pre_sharpness", "sharpness"} {
			if _, v := traj.Series(c); len(v) > 0 {
				text += "\n" + c + ": " + traj.Hover(c).String()
				break
			}
		}
	}
	if err != nil {
		text += "\n" + err.Error()
	}
	l.show(traj, text)
}
