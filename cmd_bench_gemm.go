package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/eoslab/eoslab/lib/ad"
)

// gemmBenchSettings are the flags of `eoslab bench gemm`.
type gemmBenchSettings struct {
	Threads []int
	Reps    int
	Kernels string
	Shapes  []gemmShape // nil: gemmShapes
}

// gemmShape is one timed product: op(a) is m×k, op(b) k×n; a T in layout
// means that operand is stored transposed.
type gemmShape struct {
	Name    string
	M, N, K int
	Layout  string
}

// gemmShapes are the squares BLAS libraries are compared on and the fc
// networks' first-layer products on a chunk of 1000 cifar10-shaped
// examples (3072 inputs, width 200), as lib/ad/testdata/torch_gemm.py
// times them.
var gemmShapes = []gemmShape{
	{"square1024", 1024, 1024, 1024, "NN"},
	{"square2048", 2048, 2048, 2048, "NN"},
	{"fc-forward-NT", 1000, 200, 3072, "NT"},
	{"fc-inputgrad-NN", 1000, 3072, 200, "NN"},
	{"fc-weightgrad-TN", 200, 3072, 1000, "TN"},
}

// gemmResult is one JSON line of `eoslab bench gemm`.
type gemmResult struct {
	Shape   string  `json:"shape"`
	Layout  string  `json:"layout"`
	M       int     `json:"m"`
	N       int     `json:"n"`
	K       int     `json:"k"`
	Threads int     `json:"threads"`
	Kernel  string  `json:"kernel"`
	GFLOPS  float64 `json:"gflops"`
	MS      float64 `json:"ms"`
	// CPUGFLOPS divides by the process's CPU time instead of wall time:
	// on a machine shared with other work it tracks the kernel rather
	// than the share of the cores it got.
	CPUGFLOPS float64 `json:"cpu_gflops"`
}

func benchGemmCmd() *cobra.Command {
	var s gemmBenchSettings
	cmd := &cobra.Command{
		Use:   "gemm",
		Short: "Time the float64 matrix multiply (compare with lib/ad/testdata/torch_gemm.py)",
		Long: `Bench gemm times lib/ad's float64 GEMM on square 1024 and 2048 products
and on the fc networks' forward (NT), input-gradient (NN) and weight-gradient
(TN) products of the cifar10-5k shape. It prints one JSON line per shape,
thread count and kernel: m, n, k, threads, kernel and gflops (the median of
--reps timed runs after a warm-up), as lib/ad/testdata/torch_gemm.py prints
them for PyTorch.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBenchGemm(cmd.OutOrStdout(), s)
		},
	}
	cmd.Flags().IntSliceVar(&s.Threads, "threads", []int{1, 2}, "thread counts (goroutines per product), comma-separated")
	cmd.Flags().IntVar(&s.Reps, "reps", 5, "timed repetitions after one warm-up")
	cmd.Flags().StringVar(&s.Kernels, "kernel", "", `kernels to time, comma-separated, or "all" this CPU supports (default: the one in use)`)
	return cmd
}

func runBenchGemm(w io.Writer, s gemmBenchSettings) error {
	if s.Reps <= 0 || len(s.Threads) == 0 || slices.Min(s.Threads) <= 0 {
		return fmt.Errorf("bench gemm: --reps and every --threads value must be positive (got --reps %d, --threads %v)", s.Reps, s.Threads)
	}
	kernels := []string{ad.GemmKernel()}
	switch s.Kernels {
	case "":
	case "all":
		kernels = ad.GemmKernels()
	default:
		kernels = strings.Split(s.Kernels, ",")
	}
	defer ad.SetGemmKernel(ad.GemmKernel())
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(slices.Max(s.Threads), runtime.GOMAXPROCS(0))))
	shapes := s.Shapes
	if shapes == nil {
		shapes = gemmShapes
	}
	enc := json.NewEncoder(w)
	for _, shape := range shapes {
		for _, kernel := range kernels {
			if err := ad.SetGemmKernel(kernel); err != nil {
				return fmt.Errorf("bench gemm: --kernel: %w", err)
			}
			for _, threads := range s.Threads {
				r, err := timeGemm(shape, threads, s.Reps)
				if err != nil {
					return err
				}
				if err := enc.Encode(r); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// timeGemm times one product with the kernel in use on random operands.
func timeGemm(s gemmShape, threads, reps int) (gemmResult, error) {
	rng := rand.New(rand.NewPCG(1, 2))
	a, b, c := randomMatrix(rng, s.M*s.K), randomMatrix(rng, s.K*s.N), make([]float64, s.M*s.N)
	transA, transB := s.Layout[0] == 'T', s.Layout[1] == 'T'
	run := func() error { return ad.Gemm(c, a, b, s.M, s.N, s.K, transA, transB, 0, threads) }
	if err := run(); err != nil {
		return gemmResult{}, fmt.Errorf("bench gemm: %w", err)
	}
	times, cpus := make([]time.Duration, reps), make([]time.Duration, reps)
	for i := range times {
		start, cpu := time.Now(), processCPU()
		_ = run()
		times[i], cpus[i] = time.Since(start), processCPU()-cpu
	}
	slices.Sort(times)
	slices.Sort(cpus)
	median := times[reps/2]
	flops := 2 * float64(s.M) * float64(s.N) * float64(s.K)
	return gemmResult{
		Shape: s.Name, Layout: s.Layout, M: s.M, N: s.N, K: s.K, Threads: threads,
		Kernel:    ad.GemmKernel(),
		GFLOPS:    round1(flops / median.Seconds() / 1e9),
		MS:        ms(median),
		CPUGFLOPS: round1(flops / cpus[reps/2].Seconds() / 1e9),
	}, nil
}

// processCPU is the process's user+system CPU time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func randomMatrix(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

func round1(x float64) float64 { return float64(int64(x*10+0.5)) / 10 }
