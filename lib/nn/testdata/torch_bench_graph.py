"""PyTorch timings beside lib/nn's graph benchmarks (BenchmarkGraphArchs):
the same architectures (torch_graph.py's modules) on the same workloads,
float64, full batch, cross-entropy.

Run: OPENBLAS_CORETYPE=SkylakeX python3 torch_bench_graph.py [--threads 2] [--reps 3]
(SkylakeX on AVX-512 machines, Haswell on AVX2-only ones: Debian's OpenBLAS
otherwise may fall back to a generic kernel.)
Prints one JSON line per workload: wall-clock and process-CPU milliseconds
of the gradient and of the Hessian-vector product (double backward).
"""
import argparse, json, time, torch
import torch.nn.functional as F
import torch_graph as tg

WORKLOADS = {  # name: (arch spec, n, input shape)
    "transformer sort-1k": ({"arch": "transformer", "vocab": 4, "t": 15, "width": 32, "depth": 4, "heads": 4}, 1000, None),
    "lstm sort-1k": ({"arch": "lstm", "vocab": 4, "t": 15, "width": 48, "depth": 2}, 1000, None),
    "resnet n=500 3x32x32": ({"arch": "resnet", "in_shape": [3, 32, 32], "outputs": 10, "width": 16, "depth": 1}, 500, [3, 32, 32]),
    "vit n=500 3x32x32": ({"arch": "vit", "in_shape": [3, 32, 32], "outputs": 10, "width": 64, "depth": 4, "heads": 4, "patch": 4}, 500, [3, 32, 32]),
    "vgg n=500 3x32x32": ({"arch": "vgg", "in_shape": [3, 32, 32], "outputs": 10, "width": 16}, 500, [3, 32, 32]),
}


def timeit(f, reps):
    f()
    c, s = time.process_time(), time.perf_counter()
    for _ in range(reps):
        f()
    return (time.perf_counter() - s) / reps * 1e3, (time.process_time() - c) / reps * 1e3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--workloads", default=",".join(WORKLOADS))
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    for name in a.workloads.split(","):
        spec, n, shape = WORKLOADS[name]
        net = tg.build(spec).double()
        ps = list(net.parameters())
        if shape is None:
            x = torch.randint(0, spec["vocab"], (n, spec["t"]))
            y = torch.randint(0, spec["vocab"], (n, spec["t"]))
            y[:, : (spec["t"] - 1) // 2] = -1
        else:
            x = torch.randn([n] + shape, dtype=torch.float64)
            y = torch.randint(0, 10, (n,))
        v = [torch.randn_like(p) for p in ps]
        with torch.no_grad():
            k = net(x[:1]).shape[-1]
        loss = lambda: F.cross_entropy(net(x).reshape(-1, k), y.reshape(-1), ignore_index=-1)

        def grad():
            return torch.autograd.grad(loss(), ps)

        def hvp():
            g = torch.autograd.grad(loss(), ps, create_graph=True)
            return torch.autograd.grad(sum((gi * vi).sum() for gi, vi in zip(g, v)), ps)

        g, h = timeit(grad, a.reps), timeit(hvp, a.reps)
        print(json.dumps({"workload": name + " ce f64", "threads": a.threads,
                          "grad_ms": round(g[0], 1), "hvp_ms": round(h[0], 1),
                          "cpu_grad_ms": round(g[1], 1), "cpu_hvp_ms": round(h[1], 1)}), flush=True)


if __name__ == "__main__":
    main()
