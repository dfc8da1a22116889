package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/eoslab/eoslab/lib/data"
	"github.com/eoslab/eoslab/lib/hessian"
	"github.com/eoslab/eoslab/lib/nn"
)

// benchSettings mirror the flags of docs/bench/torch_reference.py so the
// two print comparable lines side by side.
type benchSettings struct {
	N, Inputs, Threads, Reps int
	CNNN                     int // examples for the cnn-relu workload (CIFAR-shaped)
}

// benchResult is one JSON line; the first fields match torch_reference.py.
type benchResult struct {
	Workload string  `json:"workload"`
	Threads  int     `json:"threads"`
	LossMS   float64 `json:"loss_ms"`
	GradMS   float64 `json:"grad_ms"`
	// HVPMS recomputes the primal pass every time, as the torch reference
	// does; HVPCachedMS reuses it at an unchanged w, as Lanczos does.
	HVPMS       float64 `json:"hvp_ms"`
	HVPCachedMS float64 `json:"hvp_cached_ms"`
	// GradAllocMB is what one gradient allocates on the Go heap.
	GradAllocMB float64 `json:"grad_alloc_mb"`
	// PeakRSSMB is the process's peak resident set so far.
	PeakRSSMB float64 `json:"peak_rss_mb"`
}

// sharpnessResult reports a cold top-eigenvalue estimate on a workload.
type sharpnessResult struct {
	Workload  string  `json:"workload"`
	Threads   int     `json:"threads"`
	MS        float64 `json:"sharpness_ms"`
	HVPs      int     `json:"hvps"`
	Sharpness float64 `json:"sharpness"`
	Converged bool    `json:"converged"`
}

// newBenchCmd builds `eoslab bench` (and `bench gemm`).
func newBenchCmd() *cobra.Command {
	var s benchSettings
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Time loss, gradient and HVP on the cifar10-5k shape (compare with torch_reference.py)",
		Long: `Bench times full-batch loss, gradient and Hessian-vector product in
float64 on random data of the cifar10-5k shape (n=5000, 3072 inputs, MSE) for
fc-tanh and fc-relu, then cnn-relu on CIFAR-shaped inputs, then one cold
sharpness estimate (Lanczos, tolerance 1e-4 relative). It prints one JSON line
per workload with the fields of docs/bench/torch_reference.py (workload,
loss_ms, grad_ms, hvp_ms), plus allocation and peak memory figures.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBench(cmd.Context(), cmd.OutOrStdout(), s)
		},
	}
	cmd.Flags().IntVar(&s.N, "n", 5000, "examples for the fc workloads")
	cmd.Flags().IntVar(&s.Inputs, "inputs", 3072, "input features for the fc workloads")
	cmd.Flags().IntVar(&s.Threads, "threads", 2, "GOMAXPROCS")
	cmd.Flags().IntVar(&s.Reps, "reps", 5, "timed repetitions after one warm-up")
	cmd.Flags().IntVar(&s.CNNN, "cnn-n", 1000, "examples for the cnn-relu workload (0 skips it)")
	cmd.AddCommand(benchGemmCmd())
	return cmd
}

func runBench(ctx context.Context, w io.Writer, s benchSettings) error {
	if s.N <= 0 || s.Inputs <= 0 || s.Threads <= 0 || s.Reps <= 0 {
		return fmt.Errorf("bench: --n, --inputs, --threads and --reps must be positive (got %d, %d, %d, %d)", s.N, s.Inputs, s.Threads, s.Reps)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(s.Threads))
	enc := json.NewEncoder(w)
	workloads := []struct {
		arch  string
		n     int
		shape []int
	}{
		{"fc-tanh", s.N, []int{s.Inputs}},
		{"fc-relu", s.N, []int{s.Inputs}},
		{"cnn-relu", s.CNNN, []int{3, 32, 32}},
	}
	var first *nn.Objective
	var firstW []float64
	for _, wl := range workloads {
		if wl.n == 0 {
			continue
		}
		obj, params, err := benchObjective(wl.arch, wl.n, wl.shape, -1)
		if err != nil {
			return err
		}
		r := timeObjective(obj, params, s.Reps)
		if cached, _, err := benchObjective(wl.arch, wl.n, wl.shape, 0); err == nil {
			r.HVPCachedMS = timeHVP(cached, params, s.Reps)
		}
		r.Workload = fmt.Sprintf("%s mse n=%d inputs=%d f64", wl.arch, wl.n, prod(wl.shape))
		r.Threads = s.Threads
		if err := enc.Encode(r); err != nil {
			return err
		}
		if first == nil {
			first, firstW = obj, params
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	start := time.Now()
	e, err := hessian.Sharpness(ctx, first, firstW, 1, nil)
	if err != nil {
		return fmt.Errorf("bench: sharpness: %w", err)
	}
	return enc.Encode(sharpnessResult{
		Workload:  fmt.Sprintf("sharpness fc-tanh mse n=%d inputs=%d f64 cold tol=1e-4", s.N, s.Inputs),
		Threads:   s.Threads,
		MS:        ms(time.Since(start)),
		HVPs:      e.MatVecs,
		Sharpness: e.Values[0],
		Converged: e.Converged,
	})
}

// benchObjective builds arch on n random standard-normal examples with
// random one-hot targets over 10 classes, as torch_reference.py does.
// hvpCache is nn.ObjectiveConfig.HVPCache: negative disables the cache.
func benchObjective(arch string, n int, shape []int, hvpCache int) (*nn.Objective, []float64, error) {
	rng := rand.New(rand.NewPCG(0, 1))
	f := prod(shape)
	set := &data.Set{Name: "random", Shape: shape, Outputs: 10,
		X: make([]float64, n*f), Y: make([]float64, n*10), Labels: make([]int, n)}
	for i := range set.X {
		set.X[i] = rng.NormFloat64()
	}
	for i := range set.Labels {
		c := rng.IntN(10)
		set.Labels[i] = c
		set.Y[i*10+c] = 1
	}
	net, err := nn.New(arch, shape, 10, nn.Config{})
	if err != nil {
		return nil, nil, err
	}
	obj, err := nn.NewObjective(net, set, "mse", nn.ObjectiveConfig{HVPCache: hvpCache})
	if err != nil {
		return nil, nil, err
	}
	return obj, net.Init(0), nil
}

// timeit returns the mean milliseconds of reps calls after one warm-up,
// as torch_reference.py measures.
func timeit(reps int, f func()) float64 {
	f()
	start := time.Now()
	for range reps {
		f()
	}
	return ms(time.Since(start)) / float64(reps)
}

func randomVector(n int) []float64 {
	v := make([]float64, n)
	rng := rand.New(rand.NewPCG(2, 3))
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

func timeHVP(obj *nn.Objective, w []float64, reps int) float64 {
	dst, v := make([]float64, obj.Dim()), randomVector(obj.Dim())
	return timeit(reps, func() { obj.HVP(dst, w, v) })
}

// timeObjective times loss, gradient and HVP like torch_reference.py.
func timeObjective(obj *nn.Objective, w []float64, reps int) benchResult {
	dst := make([]float64, obj.Dim())
	var r benchResult
	r.LossMS = timeit(reps, func() { obj.Loss(w) })
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r.GradMS = timeit(reps, func() { obj.Grad(dst, w) })
	runtime.ReadMemStats(&after)
	r.GradAllocMB = float64(after.TotalAlloc-before.TotalAlloc) / float64(reps+1) / (1 << 20)
	r.HVPMS = timeHVP(obj, w, reps)
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		r.PeakRSSMB = float64(ru.Maxrss) / 1024 // Linux reports KiB
	}
	return r
}

func prod(shape []int) int {
	p := 1
	for _, d := range shape {
		p *= d
	}
	return p
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1e3 }
