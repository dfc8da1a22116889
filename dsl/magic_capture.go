package dsl

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/eoslab/eoslab/dsl/internal/hook"
	"github.com/eoslab/eoslab/kernel/vocab"
)

func init() {
	registerMagic(Magic{
		Name:    "capture",
		Cell:    true,
		Summary: "run the cell capturing its output: %%capture [NAME]",
		Help: `%%capture runs the rest of the cell with its standard output, standard
error (of interpreted and compiled code alike: file descriptors 1 and 2 are
redirected) and rich displays captured instead of shown. With NAME, the
capture is bound to a variable: NAME.Stdout and NAME.Stderr (strings),
NAME.Displays (the MIME bundles), NAME.Show() displays everything again.`,
		Run: runCapture,
	})
}

// captureOutput records displays instead of sending them.
type captureOutput struct {
	Output
	mu       sync.Mutex
	displays []*Bundle
}

func (c *captureOutput) Display(b *Bundle) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.displays = append(c.displays, b)
}

func (c *captureOutput) ClearOutput(bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.displays = nil
}

func runCapture(ctx context.Context, s *Session, args, body string, out Output) (*Bundle, error) {
	name := strings.TrimSpace(args)
	if name != "" && !(vocab.LineKind(name+"?") == vocab.HelpLine) {
		return nil, &CellError{Name: "UsageError", Value: "%%capture [NAME]: NAME must be an identifier"}
	}
	co := &captureOutput{Output: out}
	stdout, stderr, err := s.capture(func() error {
		restore := setSink(ctx, co)
		defer restore()
		_, err := s.runCell(ctx, "\n"+body, co)
		return err
	})
	if err != nil {
		return nil, err
	}
	if name == "" {
		return nil, nil
	}
	c := &Captured{Stdout: stdout, Stderr: stderr}
	for _, b := range co.displays {
		c.Displays = append(c.Displays, b.Data)
	}
	s.bindValue(ctx, name, c)
	return nil, nil
}

// Captured is the value %%capture NAME binds.
type Captured struct {
	Stdout, Stderr string
	Displays       []map[string]any
}

// Show prints the captured streams and displays the captured outputs in
// the running cell.
func (c *Captured) Show() {
	fmt.Fprint(os.Stdout, c.Stdout)
	fmt.Fprint(os.Stderr, c.Stderr)
	if k, _ := hook.Current(); k != nil {
		for _, d := range c.Displays {
			k.Display(&Bundle{Data: d})
		}
	}
}

func (c *Captured) String() string {
	return fmt.Sprintf("captured: %d bytes of stdout, %d bytes of stderr, %d displays", len(c.Stdout), len(c.Stderr), len(c.Displays))
}
