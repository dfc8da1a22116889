"""PyTorch timings for the cnn-relu benchmark of lib/nn (BenchmarkCNNRelu).

Run: OPENBLAS_CORETYPE=Haswell python3 torch_bench_cnn.py [--n 1000] [--threads 2]
Same fields as ../../../../shared/bench/torch_reference.py: milliseconds for
loss, gradient and Hessian-vector product (double backward), float64, full
batch, MSE against one-hot targets, locuslab's cnn-relu on 3×32×32 inputs.
"""
import argparse, json, time, torch


def timeit(f, reps):
    f()
    s = time.perf_counter()
    for _ in range(reps):
        f()
    return (time.perf_counter() - s) / reps * 1e3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=3)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    X = torch.randn(a.n, 3, 32, 32, dtype=torch.float64)
    Y = torch.nn.functional.one_hot(torch.randint(0, 10, (a.n,)), 10).double()
    mods = []
    c = 3
    for _ in range(2):
        mods += [torch.nn.Conv2d(c, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2)]
        c = 32
    net = torch.nn.Sequential(*mods, torch.nn.Flatten(), torch.nn.Linear(32 * 8 * 8, 10)).double()
    ps = list(net.parameters())
    v = [torch.randn_like(p) for p in ps]
    loss = lambda: 0.5 * ((net(X) - Y) ** 2).sum(1).mean()

    def grad():
        return torch.autograd.grad(loss(), ps)

    def hvp():
        g = torch.autograd.grad(loss(), ps, create_graph=True)
        return torch.autograd.grad(sum((gi * vi).sum() for gi, vi in zip(g, v)), ps)

    with torch.no_grad():
        t_loss = timeit(loss, a.reps)
    t_grad, t_hvp = timeit(grad, a.reps), timeit(hvp, a.reps)
    print(json.dumps({"workload": f"cnn-relu mse n={a.n} inputs=3x32x32 f64", "threads": a.threads,
                      "loss_ms": round(t_loss, 1), "grad_ms": round(t_grad, 1), "hvp_ms": round(t_hvp, 1)}))


if __name__ == "__main__":
    main()
