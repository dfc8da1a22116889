package experiment

import (
	"errors"
	"testing"
)

// FuzzParseExperiment: any line gives an experiment or a *LineError whose
// column lies on the line (or just past it), never a panic.
func FuzzParseExperiment(f *testing.F) {
	for _, s := range []string{
		"gd toy2d fc-tanh mse lr=0.1 width=100000000 steps=1",
		"adam mnist-1k fc-tanh mse lr=1e-3 beta2=0.99 downsample=4 width=100 steps=600 eig=10",
		"gd mnist-1k fc-tanh mse lr=0.1 flows=gf,cf plot=a.png out=t.jsonl",
		"heavyball cifar10-5k cnn-relu ce lr=0.05 beta=0.9 batch=128 n=1000 depth=3",
		"gd toy2d fc-tanh mse lr=0.1 width=1e400 depth=-0 seed=-9223372036854775808",
		"", "gd", "gd toy2d fc-tanh mse lr=", "gd toy2d fc-tanh mse lr=0.1 until_acc=2 until_loss=NaN",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		e, err := Parse(line)
		if err == nil {
			if e == nil {
				t.Fatalf("Parse(%q): no experiment and no error", line)
			}
			return
		}
		var le *LineError
		if !errors.As(err, &le) {
			t.Fatalf("Parse(%q): error %v is not a *LineError", line, err)
		}
		if le.Col < 1 || le.Col > len([]rune(line))+2 {
			t.Fatalf("Parse(%q): column %d outside the line", line, le.Col)
		}
	})
}
