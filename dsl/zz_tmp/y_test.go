package zz

import (
	"bytes"
	"context"
	"testing"

	"github.com/eoslab/eoslab/dsl"
)

func TestPlot(t *testing.T) {
	var out bytes.Buffer
	s, err := dsl.NewSession(dsl.WithStdout(&out), dsl.WithStderr(&out))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{
		"p := plot.New()", "pts := make(plotter.XYs, 10)", "for i := range pts { pts[i].X = float64(i); pts[i].Y = float64(i*i) }", "l, err := plotter.NewLine(pts)", "err", "p.Add(l)","p",
		"m := mat.NewDense(2, 2, []float64{1, 2, 3, 4})", "import \"gonum.org/v1/gonum/mat\"", "m2 := mat.NewDense(2, 2, []float64{1, 2, 3, 4})",
	} {
		b, err := s.Execute(context.Background(), c, nil)
		if b != nil {
			for k, v := range b.Data {
				sv, _ := v.(string)
				if len(sv) > 80 { sv = sv[:80] }
				t.Logf("%q -> %s: %s", c[:min(len(c), 20)], k, sv)
			}
			t.Logf("meta %v", b.Metadata)
		} else {
			t.Logf("%q -> nil err=%v", c, err)
		}
	}
	t.Logf("stdout: %q", out.String())
}
