"""PyTorch (OpenBLAS) float64 GEMM rates on the shapes of `eoslab bench gemm`.

Run: OPENBLAS_CORETYPE=SkylakeX python3 torch_gemm.py [--threads 2] [--reps 5]
(Haswell for AVX2 machines: Debian's OpenBLAS may not recognise recent CPUs.)
Prints one JSON line per shape with the fields of `eoslab bench gemm`
(gflops per wall second, the median of --reps; cpu_gflops per process CPU
second, which on a loaded machine tracks the kernel rather than its share of
the cores; OpenBLAS threads spin while they wait, which this counts).
"""
import argparse, json, time, torch

# name, m, n, k, layout: op(a) is m×k, op(b) k×n; T means stored transposed.
SHAPES = [
    ("square1024", 1024, 1024, 1024, "NN"),
    ("square2048", 2048, 2048, 2048, "NN"),
    ("fc-forward-NT", 1000, 200, 3072, "NT"),
    ("fc-inputgrad-NN", 1000, 3072, 200, "NN"),
    ("fc-weightgrad-TN", 200, 3072, 1000, "TN"),
]

def rate(m, n, k, layout, reps):
    a = torch.randn(k, m, dtype=torch.float64).t() if layout[0] == "T" else torch.randn(m, k, dtype=torch.float64)
    b = torch.randn(n, k, dtype=torch.float64).t() if layout[1] == "T" else torch.randn(k, n, dtype=torch.float64)
    c = torch.empty(m, n, dtype=torch.float64)
    torch.matmul(a, b, out=c)
    wall, cpu = [], []
    for _ in range(reps):
        s, p = time.perf_counter(), time.process_time()
        torch.matmul(a, b, out=c)
        wall.append(time.perf_counter() - s)
        cpu.append(time.process_time() - p)
    wall.sort()
    cpu.sort()
    flops = 2.0 * m * n * k
    return flops / wall[reps // 2] / 1e9, flops / cpu[reps // 2] / 1e9

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--reps", type=int, default=5)
    a = ap.parse_args()
    for name, m, n, k, layout in SHAPES:
        for t in a.threads:
            torch.set_num_threads(t)
            g, cg = rate(m, n, k, layout, a.reps)
            print(json.dumps({"shape": name, "layout": layout, "m": m, "n": n, "k": k,
                              "threads": t, "kernel": "torch", "gflops": round(g, 1),
                              "cpu_gflops": round(cg, 1)}), flush=True)

if __name__ == "__main__":
    main()
