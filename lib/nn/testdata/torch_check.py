"""Reference values from PyTorch for lib/nn's agreement test.

Usage: python3 torch_check.py DIR...
Each DIR/spec.json names the architecture (as nn.New), input shape, outputs, loss
and mode. Inputs are flat float64 .npy files written by the Go test:
x (n × features), y (n × outputs, one-hot), labels, w (parameters in
model.parameters() order), v and u (directions). Writes loss.npy, grad.npy,
hvp.npy (H·v) and third.npy (∇(uᵀHv), by triple backward); in mode "init" writes init.npy, freshly initialised parameters.
"""
import json, os, sys
import numpy as np
import torch

torch.set_num_threads(1)

ACTS = {"relu": torch.nn.ReLU, "elu": torch.nn.ELU, "tanh": torch.nn.Tanh,
        "hardtanh": torch.nn.Hardtanh, "softplus": torch.nn.Softplus,
        "gelu": torch.nn.GELU, "sigmoid": torch.nn.Sigmoid}


def build(spec):
    arch, shape, k = spec["arch"], spec["in_shape"], spec["outputs"]
    if arch.startswith("fc-"):
        act = ACTS[arch[3:]]
        mods, d = [torch.nn.Flatten()], int(np.prod(shape))
        for _ in range(spec.get("depth", 2)):
            mods += [torch.nn.Linear(d, spec.get("width", 200)), act()]
            d = spec.get("width", 200)
        mods.append(torch.nn.Linear(d, k))
        return torch.nn.Sequential(*mods)
    if arch.startswith("cnn-"):
        act = ACTS[arch[4:]]
        pool = torch.nn.MaxPool2d if spec.get("pool", "max") == "max" else torch.nn.AvgPool2d
        c, size, mods = shape[0], shape[1], []
        width = spec.get("width", 32)
        for _ in range(spec.get("depth", 2)):
            mods += [torch.nn.Conv2d(c, width, kernel_size=3, padding=1, stride=1), act(), pool((2, 2))]
            c, size = width, size // 2
        mods += [torch.nn.Flatten(), torch.nn.Linear(width * size * size, k)]
        return torch.nn.Sequential(*mods)
    raise ValueError("unknown arch " + arch)


def load(d, name):
    return torch.from_numpy(np.load(os.path.join(d, name + ".npy")).astype(np.float64))


def main():
    for d in sys.argv[1:]:
        run(d)


def run(d):
    with open(os.path.join(d, "spec.json")) as f:
        spec = json.load(f)
    torch.manual_seed(spec.get("seed", 0))
    net = build(spec).double()
    ps = list(net.parameters())
    if spec.get("mode") == "init":
        vec = torch.nn.utils.parameters_to_vector(ps).detach().numpy()
        np.save(os.path.join(d, "init.npy"), vec)
        return
    torch.nn.utils.vector_to_parameters(load(d, "w"), ps)
    n = spec["n"]
    x = load(d, "x").reshape([n] + spec["in_shape"])
    y = load(d, "y").reshape(n, spec["outputs"])
    labels = load(d, "labels").long()
    def split(vec):
        out, off = [], 0
        for p in ps:
            out.append(vec[off:off + p.numel()].view_as(p))
            off += p.numel()
        return out

    vs, us = split(load(d, "v")), split(load(d, "u"))

    def loss():
        out = net(x)
        if spec["loss"] == "mse":
            return 0.5 * ((out - y) ** 2).sum() / n
        return torch.nn.functional.cross_entropy(out, labels, reduction="sum") / n

    L = loss()
    g = torch.autograd.grad(L, ps, create_graph=True)
    hv = torch.autograd.grad(sum((gi * vi).sum() for gi, vi in zip(g, vs)), ps, create_graph=True)
    third = torch.autograd.grad(sum((hi * ui).sum() for hi, ui in zip(hv, us)), ps, allow_unused=True)
    third = [torch.zeros_like(p) if t is None else t for t, p in zip(third, ps)]
    np.save(os.path.join(d, "loss.npy"), np.array([L.item()]))
    np.save(os.path.join(d, "grad.npy"), torch.cat([t.reshape(-1) for t in g]).detach().numpy())
    np.save(os.path.join(d, "hvp.npy"), torch.cat([t.reshape(-1) for t in hv]).detach().numpy())
    np.save(os.path.join(d, "third.npy"), torch.cat([t.reshape(-1) for t in third]).detach().numpy())


if __name__ == "__main__":
    main()
