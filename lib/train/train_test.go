package train

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio"
	"gonum.org/v1/gonum/mat"

	"github.com/eoslab/eoslab/lib/optim"
)

// quad is L(w) = ½ (w−c)ᵀ A (w−c) for a symmetric A, with an accuracy
// (fraction of coordinates within 0.1 of c) so the Classifier path runs.
type quad struct {
	a *mat.SymDense
	c []float64
}

func newQuad(eigs []float64, seed int) *quad {
	n := len(eigs)
	// A = Q diag(eigs) Qᵀ with a fixed rotation Q from a QR factorization.
	m := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			m.Set(i, j, math.Sin(float64(seed+1)*float64(i*n+j+1)))
		}
	}
	var qr mat.QR
	qr.Factorize(m)
	var q mat.Dense
	qr.QTo(&q)
	a := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			s := 0.0
			for k := 0; k < n; k++ {
				s += q.At(i, k) * eigs[k] * q.At(j, k)
			}
			a.SetSym(i, j, s)
		}
	}
	c := make([]float64, n)
	for i := range c {
		c[i] = 0.1 * float64(i)
	}
	return &quad{a: a, c: c}
}

func (f *quad) Dim() int { return len(f.c) }

func (f *quad) Grad(dst, w []float64) float64 {
	d := make([]float64, len(w))
	for i := range w {
		d[i] = w[i] - f.c[i]
	}
	mat.NewVecDense(len(dst), dst).MulVec(f.a, mat.NewVecDense(len(d), d))
	l := 0.0
	for i := range d {
		l += 0.5 * d[i] * dst[i]
	}
	return l
}

func (f *quad) Loss(w []float64) float64 { return f.Grad(make([]float64, len(w)), w) }

func (f *quad) HVP(dst, w, v []float64) {
	mat.NewVecDense(len(dst), dst).MulVec(f.a, mat.NewVecDense(len(v), append([]float64(nil), v...)))
}

func (f *quad) Accuracy(w []float64) float64 {
	ok := 0
	for i := range w {
		if math.Abs(w[i]-f.c[i]) < 0.1 {
			ok++
		}
	}
	return float64(ok) / float64(len(w))
}

func ones(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
	}
	return w
}

func TestRunRecordsEigsAndThreshold(t *testing.T) {
	eigs := []float64{9, 4, 1, 0.5, 0.25, -0.5}
	f := newQuad(eigs, 0)
	opt, _ := optim.NewGD(optim.GD{LR: 0.1})
	traj, err := Run(context.Background(), f, opt, ones(6), Settings{Steps: 30, Eig: 10, NEigs: 2, EigTol: 1e-10})
	if err != nil {
		t.Fatal(err)
	}
	if traj.Len() != 31 {
		t.Fatalf("%d records, want 31 (steps 0..30)", traj.Len())
	}
	for i, r := range traj.Records {
		if r.Step != i {
			t.Fatalf("record %d has step %d", i, r.Step)
		}
		if i > 0 && !(r.Loss < traj.Records[i-1].Loss) {
			t.Errorf("loss did not decrease at step %d: %v → %v", i, traj.Records[i-1].Loss, r.Loss)
		}
		if math.IsNaN(r.Accuracy) || math.IsNaN(r.GradNorm) {
			t.Errorf("step %d: accuracy %v grad_norm %v not recorded", i, r.Accuracy, r.GradNorm)
		}
		if r.HasEigs() != (i%10 == 0) {
			t.Errorf("step %d: eigs %v, want them every 10 steps", i, r.Eigs)
		}
		if r.HasEigs() {
			if math.Abs(r.Eigs[0]-9) > 1e-8 || math.Abs(r.Eigs[1]-4) > 1e-8 || r.Sharpness != r.Eigs[0] {
				t.Errorf("step %d: eigs %v sharpness %v, want [9 4]", i, r.Eigs, r.Sharpness)
			}
			if r.Threshold != 20 || !math.IsNaN(r.PreSharpness) {
				t.Errorf("step %d: threshold %v pre_sharpness %v", i, r.Threshold, r.PreSharpness)
			}
		}
	}
}

func TestRunPreconditionedSharpness(t *testing.T) {
	f := newQuad([]float64{5, 3, 2, 1, 0.1}, 1)
	opt, _ := optim.NewRMSProp(optim.RMSProp{LR: 0.01})
	var checked int
	_, err := Run(context.Background(), f, opt, ones(5), Settings{Steps: 20, Eig: 5, NEigs: 2, EigTol: 1e-10,
		Progress: func(p Progress) {
			r := p.Record
			if !r.HasEigs() {
				return
			}
			// dense reference: eigenvalues of P^{-1/2} A P^{-1/2} for the P
			// the optimizer holds at this record.
			pd := opt.Preconditioner()
			if r.Step == 0 {
				if pd != nil || r.PreEigs != nil {
					t.Errorf("step 0: P=%v pre_eigs=%v, want none before the first step", pd, r.PreEigs)
				}
				return
			}
			n := f.Dim()
			b := mat.NewSymDense(n, nil)
			for i := 0; i < n; i++ {
				for j := i; j < n; j++ {
					b.SetSym(i, j, f.a.At(i, j)/math.Sqrt(pd[i]*pd[j]))
				}
			}
			var es mat.EigenSym
			es.Factorize(b, false)
			v := es.Values(nil) // ascending
			want := []float64{v[n-1], v[n-2]}
			for k := range want {
				if math.Abs(r.PreEigs[k]-want[k]) > 1e-8*math.Abs(want[0]) {
					t.Errorf("step %d: pre_eigs %v, dense %v", r.Step, r.PreEigs, want)
				}
			}
			if r.Threshold != 200 || math.Abs(r.Sharpness-5) > 1e-8 {
				t.Errorf("step %d: threshold %v sharpness %v", r.Step, r.Threshold, r.Sharpness)
			}
			checked++
		}})
	if err != nil {
		t.Fatal(err)
	}
	if checked != 4 {
		t.Fatalf("checked %d eigen steps, want 4", checked)
	}
}

func TestRunDiverges(t *testing.T) {
	f := newQuad([]float64{25, 1}, 2) // λ₁ = 25 > 2/η = 20
	opt, _ := optim.NewGD(optim.GD{LR: 0.1})
	out := filepath.Join(t.TempDir(), "run.jsonl")
	traj, err := Run(context.Background(), f, opt, ones(2), Settings{Steps: 10000, Eig: 5, Out: out})
	var d *DivergedError
	if !errors.As(err, &d) {
		t.Fatalf("err = %v, want a DivergedError", err)
	}
	if d.Step != traj.Records[traj.Len()-1].Step || d.Step > 200 {
		t.Errorf("diverged at step %d, trajectory ends at %d", d.Step, traj.Records[traj.Len()-1].Step)
	}
	for _, want := range []string{"train: diverged at step", "last sharpness 25", "vs threshold 20", "1.25×"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	back, err := LoadJSONL(out)
	if err != nil {
		t.Fatal(err)
	}
	if back.Len() != traj.Len() {
		t.Errorf("file has %d records, trajectory %d", back.Len(), traj.Len())
	}
}

func TestRunNonFiniteLoss(t *testing.T) {
	f := newQuad([]float64{1e200, 1}, 3)
	opt, _ := optim.NewGD(optim.GD{LR: 1})
	_, err := Run(context.Background(), f, opt, ones(2), Settings{Steps: 100})
	var d *DivergedError
	if !errors.As(err, &d) || !(math.IsInf(d.Loss, 1) || math.IsNaN(d.Loss) || d.Loss > 1e200) {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "no sharpness measured") {
		t.Errorf("error %q should say no sharpness was measured", err)
	}
}

func TestRunCancelKeepsPartial(t *testing.T) {
	f := newQuad([]float64{3, 1, 0.5}, 4)
	opt, _ := optim.NewGD(optim.GD{LR: 0.1})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := filepath.Join(t.TempDir(), "run.jsonl")
	traj, err := Run(ctx, f, opt, ones(3), Settings{Steps: 1000, Out: out, Progress: func(p Progress) {
		if p.Step == 5 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if traj == nil || traj.Len() != 6 {
		t.Fatalf("partial trajectory %v, want 6 records", traj)
	}
	b, _ := os.ReadFile(out)
	if n := strings.Count(string(b), "\n"); n != 6 {
		t.Errorf("file has %d lines, want 6", n)
	}
}

func TestRunStopsOnGoals(t *testing.T) {
	for _, tt := range []struct {
		name string
		s    Settings
		ok   func(r Record) bool
	}{
		{"until_loss", Settings{UntilLoss: 1e-3}, func(r Record) bool { return r.Loss <= 1e-3 }},
		{"until_acc", Settings{UntilAcc: 1}, func(r Record) bool { return r.Accuracy >= 1 }},
		{"steps", Settings{Steps: 7}, func(r Record) bool { return r.Step == 7 }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newQuad([]float64{3, 1, 0.5}, 5)
			opt, _ := optim.NewGD(optim.GD{LR: 0.3})
			traj, err := Run(context.Background(), f, opt, ones(3), tt.s)
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range traj.Records {
				if last := i == traj.Len()-1; tt.ok(r) != last {
					t.Fatalf("record %d (step %d): goal met=%v, last=%v", i, r.Step, tt.ok(r), last)
				}
			}
		})
	}
}

// exactFlow is the gradient flow of a quadratic, w(t) = c + exp(−ηtA)(w0−c).
type exactFlow struct {
	f      *quad
	lr     float64
	w0, w  []float64
	t      float64
	called int
}

func (p *exactFlow) Name() string { return "gf" }
func (p *exactFlow) AdvanceTo(ctx context.Context, t float64) error {
	if t < p.t {
		return errors.New("time went back")
	}
	p.t, p.called = t, p.called+1
	var es mat.EigenSym
	es.Factorize(p.f.a, true)
	var q mat.Dense
	es.VectorsTo(&q)
	vals := es.Values(nil)
	n := len(vals)
	d := mat.NewVecDense(n, nil)
	for i := range p.w0 {
		d.SetVec(i, p.w0[i]-p.f.c[i])
	}
	var z mat.VecDense
	z.MulVec(q.T(), d)
	for i := range vals {
		z.SetVec(i, z.AtVec(i)*math.Exp(-p.lr*t*vals[i]))
	}
	d.MulVec(&q, &z)
	for i := range p.w {
		p.w[i] = p.f.c[i] + d.AtVec(i)
	}
	return nil
}
func (p *exactFlow) Params() []float64 { return p.w }
func (p *exactFlow) Observe() map[string]float64 {
	return map[string]float64{"loss": p.f.Loss(p.w), "time": p.t}
}

func TestRunProcesses(t *testing.T) {
	f := newQuad([]float64{2, 1, 0.5}, 6)
	w0 := ones(3)
	gf := &exactFlow{f: f, lr: 0.01, w0: w0, w: append([]float64(nil), w0...)}
	opt, _ := optim.NewGD(optim.GD{LR: 0.01})
	traj, err := Run(context.Background(), f, opt, w0, Settings{Steps: 50, Track: 10, Processes: []Process{gf}})
	if err != nil {
		t.Fatal(err)
	}
	if gf.called != 6 {
		t.Errorf("process advanced %d times, want 6 (steps 0,10,..,50)", gf.called)
	}
	steps, d := traj.Series("dist_gf")
	if len(steps) != 6 || d[0] > 1e-12 {
		t.Fatalf("dist_gf at %v = %v", steps, d)
	}
	// GD at small η tracks gradient flow to O(η²t): small but non-zero.
	for i := 1; i < len(d); i++ {
		if !(d[i] > 0 && d[i] < 1e-3) {
			t.Errorf("dist_gf at step %v = %v", steps[i], d[i])
		}
	}
	if _, tm := traj.Series("gf_time"); tm[len(tm)-1] != 50 {
		t.Errorf("gf_time = %v", tm)
	}
	if _, l := traj.Series("gf_loss"); len(l) != 6 {
		t.Errorf("gf_loss = %v", l)
	}
	var buf bytes.Buffer
	traj.WriteJSONL(&buf)
	if !strings.Contains(buf.String(), `"dist_gf":`) || !strings.Contains(buf.String(), `"gf_loss":`) {
		t.Errorf("JSONL lacks process columns: %s", buf.String()[:200])
	}
}

func TestExportRoundTrips(t *testing.T) {
	f := newQuad([]float64{9, 4, 1}, 7)
	opt, _ := optim.NewAdam(optim.Adam{LR: 0.01})
	dir := t.TempDir()
	traj, err := Run(context.Background(), f, opt, ones(3), Settings{Steps: 12, Eig: 4, Out: filepath.Join(dir, "a.jsonl")})
	if err != nil {
		t.Fatal(err)
	}
	want := "step,loss,accuracy,grad_norm,sharpness,eig1,eig2,pre_sharpness,pre_eig1,pre_eig2,threshold"
	if got := strings.Join(traj.Columns(), ","); got != want {
		t.Fatalf("columns %s, want %s", got, want)
	}
	// JSONL streamed by the loop = JSONL written afterwards, and reads back.
	streamed, _ := os.ReadFile(filepath.Join(dir, "a.jsonl"))
	var buf bytes.Buffer
	traj.WriteJSONL(&buf)
	if !bytes.Equal(streamed, buf.Bytes()) {
		t.Fatalf("streamed JSONL differs from WriteJSONL")
	}
	back, err := ReadJSONL(bytes.NewReader(streamed))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range traj.Columns() {
		a, b := traj.Column(c), back.Column(c)
		for i := range a {
			if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
				t.Fatalf("column %s row %d: %v read back as %v", c, i, a[i], b[i])
			}
		}
	}
	// CSV
	var csvb bytes.Buffer
	if err := traj.WriteCSV(&csvb); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(csvb.String()), "\n")
	if lines[0] != want || len(lines) != 14 {
		t.Fatalf("CSV header %q, %d lines", lines[0], len(lines))
	}
	if !strings.HasPrefix(lines[2], "1,") || !strings.Contains(lines[2], ",,") {
		t.Errorf("step 1 row should have empty eigen cells: %q", lines[2])
	}
	// npy
	if err := traj.SaveNPY(filepath.Join(dir, "npy")); err != nil {
		t.Fatal(err)
	}
	fh, err := os.Open(filepath.Join(dir, "npy", "pre_sharpness.npy"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var got []float64
	if err := npyio.Read(fh, &got); err != nil {
		t.Fatal(err)
	}
	wantCol := traj.Column("pre_sharpness")
	if len(got) != len(wantCol) || got[4] != wantCol[4] || !math.IsNaN(got[1]) {
		t.Errorf("npy pre_sharpness = %v, want %v", got, wantCol)
	}
	if err := traj.SaveNPZ(filepath.Join(dir, "a.npz")); err != nil {
		t.Fatal(err)
	}
}

func TestReadJSONLErrors(t *testing.T) {
	good := `{"step":0,"loss":1}` + "\n" + `{"step":1,"loss":null}` + "\n"
	tr, err := ReadJSONL(strings.NewReader(good + `{"step":2,"lo`))
	if err != nil || tr.Len() != 2 || !math.IsNaN(tr.Records[1].Loss) {
		t.Fatalf("torn last line: %v, %v", tr, err)
	}
	_, err = ReadJSONL(strings.NewReader(good + "garbage\n" + good))
	if err == nil || !strings.Contains(err.Error(), "JSONL line 3") {
		t.Fatalf("err = %v, want one naming line 3", err)
	}
}

func TestDeterministic(t *testing.T) {
	run := func() []byte {
		f := newQuad([]float64{9, 4, 1, 0.3}, 8)
		opt, _ := optim.NewRMSProp(optim.RMSProp{LR: 0.01})
		var buf bytes.Buffer
		if _, err := Run(context.Background(), f, opt, ones(4), Settings{Steps: 20, Eig: 3, Seed: 3, Writer: &buf}); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	if a, b := run(), run(); !bytes.Equal(a, b) {
		t.Fatal("two runs with the same seed differ")
	}
}

func TestSettingsValidate(t *testing.T) {
	f := newQuad([]float64{1, 2}, 9)
	opt, _ := optim.NewGD(optim.GD{LR: 0.1})
	for _, tt := range []struct {
		s    Settings
		w    []float64
		want string
	}{
		{Settings{Steps: -1}, ones(2), "steps must be"},
		{Settings{Eig: -1}, ones(2), "eig must be"},
		{Settings{Batch: 4}, ones(2), "train.Batcher"},
		{Settings{UntilLoss: math.NaN()}, ones(2), "must be numbers"},
		{Settings{}, ones(3), "3 initial parameters"},
		{Settings{Processes: []Process{&exactFlow{}, &exactFlow{}}}, ones(2), `two processes named "gf"`},
	} {
		_, err := Run(context.Background(), f, opt, tt.w, tt.s)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "train: ") {
			t.Errorf("%+v: err = %v, want %q", tt.s, err, tt.want)
		}
	}
}

// lsq is least squares over examples, L = (1/n) Σ ½(xᵢ·w − yᵢ)², with
// minibatch gradients (train.Batcher).
type lsq struct {
	x    [][]float64
	y    []float64
	seen map[int]int
}

func (f *lsq) Dim() int      { return len(f.x[0]) }
func (f *lsq) Examples() int { return len(f.x) }
func (f *lsq) BatchGrad(dst, w []float64, idx []int) float64 {
	for i := range dst {
		dst[i] = 0
	}
	l := 0.0
	for _, e := range idx {
		f.seen[e]++
		r := -f.y[e]
		for j := range w {
			r += f.x[e][j] * w[j]
		}
		l += 0.5 * r * r
		for j := range w {
			dst[j] += r * f.x[e][j] / float64(len(idx))
		}
	}
	return l / float64(len(idx))
}
func (f *lsq) all() []int {
	idx := make([]int, len(f.x))
	for i := range idx {
		idx[i] = i
	}
	return idx
}
func (f *lsq) Grad(dst, w []float64) float64 {
	s := f.seen
	f.seen = map[int]int{}
	defer func() { f.seen = s }()
	return f.BatchGrad(dst, w, f.all())
}
func (f *lsq) Loss(w []float64) float64 { return f.Grad(make([]float64, len(w)), w) }
func (f *lsq) HVP(dst, w, v []float64) {
	for i := range dst {
		dst[i] = 0
	}
	for e := range f.x {
		s := 0.0
		for j := range v {
			s += f.x[e][j] * v[j]
		}
		for j := range dst {
			dst[j] += s * f.x[e][j] / float64(len(f.x))
		}
	}
}

func TestMinibatch(t *testing.T) {
	f := &lsq{seen: map[int]int{}}
	for i := 0; i < 12; i++ {
		f.x = append(f.x, []float64{1, math.Sin(float64(i)), math.Cos(float64(3 * i))})
		f.y = append(f.y, float64(i%3))
	}
	opt, _ := optim.NewGD(optim.GD{LR: 0.1})
	traj, err := Run(context.Background(), f, opt, []float64{0, 0, 0}, Settings{Steps: 8, Batch: 4, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// 9 records = 9 minibatches = 3 epochs of 12 examples: each seen 3 times.
	for e := 0; e < 12; e++ {
		if f.seen[e] != 3 {
			t.Fatalf("example %d used %d times in 3 epochs: %v", e, f.seen[e], f.seen)
		}
	}
	for _, r := range traj.Records {
		if math.IsNaN(r.BatchLoss) || math.IsNaN(r.Loss) {
			t.Fatalf("step %d: batch_loss %v loss %v", r.Step, r.BatchLoss, r.Loss)
		}
	}
	if first, last := traj.Records[0].Loss, traj.Records[8].Loss; !(last < first) {
		t.Errorf("SGD did not lower the loss: %v → %v", first, last)
	}
}

func TestHover(t *testing.T) {
	tr := &Trajectory{}
	for i, s := range []float64{1, 5, 9, 10.5, 9.5, 11, 10} {
		r := newRecord(i)
		r.Loss, r.Sharpness, r.Threshold = 1, s, 10
		tr.Records = append(tr.Records, r)
	}
	h := tr.Hover("sharpness")
	if h.Crossed != 3 || h.N != 3 || h.Median != 1.0 || h.Min != 0.95 || h.Max != 1.1 {
		t.Fatalf("%+v", h)
	}
	if h := (&Trajectory{}).Hover("sharpness"); h.Crossed != -1 || !math.IsNaN(h.Median) {
		t.Fatalf("%+v", h)
	}
}

func TestRunProcessPrimary(t *testing.T) {
	f := newQuad([]float64{2, 1, 0.5}, 6)
	w0 := ones(3)
	gf := &exactFlow{f: f, lr: 0.1, w0: w0, w: append([]float64(nil), w0...)}
	traj, err := RunProcess(context.Background(), f, gf, Settings{Steps: 40, Eig: 10, NEigs: 1})
	if err != nil {
		t.Fatal(err)
	}
	if traj.Len() != 5 || gf.called != 5 {
		t.Fatalf("%d records, %d advances; want 5 (every Eig=10 steps)", traj.Len(), gf.called)
	}
	for i, r := range traj.Records {
		if r.Step != 10*i || math.Abs(r.Loss-f.Loss(gfAt(f, 0.1, w0, float64(r.Step)))) > 1e-12 {
			t.Errorf("record %d: step %d loss %v", i, r.Step, r.Loss)
		}
		if math.Abs(r.Sharpness-2) > 1e-6 || !math.IsNaN(r.Threshold) || r.Observed["gf_time"] != float64(r.Step) {
			t.Errorf("record %d: sharpness %v threshold %v observed %v", i, r.Sharpness, r.Threshold, r.Observed)
		}
	}
	if l := traj.Column("loss"); !(l[4] < l[0]) {
		t.Errorf("gradient flow loss did not decrease: %v", l)
	}
}

func gfAt(f *quad, lr float64, w0 []float64, t float64) []float64 {
	p := &exactFlow{f: f, lr: lr, w0: w0, w: make([]float64, len(w0))}
	p.AdvanceTo(context.Background(), t)
	return p.w
}
