"""PyTorch timings beside lib/nn's benchmarks (BenchmarkFCTanh, BenchmarkFCRelu,
BenchmarkCNNRelu), on the same workloads as docs/bench/torch_reference.py
plus cnn-relu.

Run: OPENBLAS_CORETYPE=Haswell python3 torch_bench.py [--n 5000] [--cnn-n 1000] [--threads 2]
Prints one JSON line per workload: wall-clock milliseconds for loss, gradient
and Hessian-vector product (double backward), float64, full batch, MSE
against one-hot targets; and the process CPU milliseconds of the same calls
(cpu_*), which depend less on other load on a shared machine when
--threads 1.
"""
import argparse, json, time, torch


def timeit(f, reps):
    f()
    c, s = time.process_time(), time.perf_counter()
    for _ in range(reps):
        f()
    return ((time.perf_counter() - s) / reps * 1e3, (time.process_time() - c) / reps * 1e3)


def fc(inputs, act):
    return torch.nn.Sequential(torch.nn.Linear(inputs, 200), act(), torch.nn.Linear(200, 200), act(),
                               torch.nn.Linear(200, 10))


def cnn():
    return torch.nn.Sequential(torch.nn.Conv2d(3, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                               torch.nn.Conv2d(32, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                               torch.nn.Flatten(), torch.nn.Linear(32 * 8 * 8, 10))


def run(name, net, X, Y, reps, threads):
    net = net.double()
    ps = list(net.parameters())
    v = [torch.randn_like(p) for p in ps]
    loss = lambda: 0.5 * ((net(X) - Y) ** 2).sum(1).mean()

    def grad():
        return torch.autograd.grad(loss(), ps)

    def hvp():
        g = torch.autograd.grad(loss(), ps, create_graph=True)
        return torch.autograd.grad(sum((gi * vi).sum() for gi, vi in zip(g, v)), ps)

    with torch.no_grad():
        l = timeit(loss, reps)
    g, h = timeit(grad, reps), timeit(hvp, reps)
    print(json.dumps({"workload": name, "threads": threads,
                      "loss_ms": round(l[0], 1), "grad_ms": round(g[0], 1), "hvp_ms": round(h[0], 1),
                      "cpu_loss_ms": round(l[1], 1), "cpu_grad_ms": round(g[1], 1), "cpu_hvp_ms": round(h[1], 1)}),
          flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--inputs", type=int, default=3072)
    ap.add_argument("--cnn-n", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--workloads", default="fc-tanh,fc-relu,cnn-relu")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    work = a.workloads.split(",")
    X = torch.randn(a.n, a.inputs, dtype=torch.float64)
    Y = torch.nn.functional.one_hot(torch.randint(0, 10, (a.n,)), 10).double()
    for name, act in [("fc-tanh", torch.nn.Tanh), ("fc-relu", torch.nn.ReLU)]:
        if name in work:
            run(f"{name} mse n={a.n} inputs={a.inputs} f64", fc(a.inputs, act), X, Y, a.reps, a.threads)
    if "cnn-relu" in work:
        Xc = torch.randn(a.cnn_n, 3, 32, 32, dtype=torch.float64)
        Yc = torch.nn.functional.one_hot(torch.randint(0, 10, (a.cnn_n,)), 10).double()
        run(f"cnn-relu mse n={a.cnn_n} inputs=3x32x32 f64", cnn(), Xc, Yc, a.reps, a.threads)


if __name__ == "__main__":
    main()
