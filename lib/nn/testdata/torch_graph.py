"""PyTorch reference modules for lib/nn's graph architectures.

Usage: python3 torch_graph.py DIR...
Each DIR/spec.json names the architecture and its sizes; the Go test writes
w.npy (parameters in this module's parameters() order, which is nn.New's
layout), x.npy (inputs), labels.npy (per-position labels, -1 ignored), v.npy
and u.npy (directions). Writes loss.npy, grad.npy, hvp.npy (H v, double
backward) and third.npy (the gradient of u^T H v, triple backward), float64.
"""
import json, os, sys
import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)


class TrainableLayerNorm(torch.nn.Module):
    """LayerNorm written out in differentiable ops. torch.nn.LayerNorm's
    fused backward is not correct under a third derivative (in PyTorch 1.13
    its triple backward is off by O(1)); this module's value and first two
    derivatives equal nn.LayerNorm's."""

    def __init__(self, d, eps=1e-5):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.ones(d))
        self.bias = torch.nn.Parameter(torch.zeros(d))
        self.eps = eps

    def forward(self, x):
        mu = x.mean(-1, keepdim=True)
        var = ((x - mu) ** 2).mean(-1, keepdim=True)
        return (x - mu) / torch.sqrt(var + self.eps) * self.weight + self.bias


class Block(torch.nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.ln1 = TrainableLayerNorm(d)
        self.attn = torch.nn.Module()
        self.attn.qkv = torch.nn.Linear(d, 3 * d)
        self.attn.proj = torch.nn.Linear(d, d)
        self.ln2 = TrainableLayerNorm(d)
        self.mlp = torch.nn.Module()
        self.mlp.fc = torch.nn.Linear(d, 4 * d)
        self.mlp.proj = torch.nn.Linear(4 * d, d)

    def forward(self, x):
        b, t, d = x.shape
        h = self.heads
        q, k, v = self.attn.qkv(self.ln1(x)).split(d, dim=2)
        q, k, v = [z.view(b, t, h, d // h).transpose(1, 2) for z in (q, k, v)]
        s = q @ k.transpose(-2, -1) / (d // h) ** 0.5
        mask = torch.tril(torch.ones(t, t, dtype=torch.bool))
        s = s.masked_fill(~mask, float("-inf"))
        a = (F.softmax(s, dim=-1) @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.attn.proj(a)
        return x + self.mlp.proj(F.gelu(self.mlp.fc(self.ln2(x))))


class Transformer(torch.nn.Module):
    """nn.New("transformer"): decoder-only, pre-norm, learned positions."""

    def __init__(self, vocab, t, d=32, depth=4, heads=4):
        super().__init__()
        self.tok = torch.nn.Embedding(vocab, d)
        self.pos = torch.nn.Embedding(t, d)
        self.blocks = torch.nn.ModuleList([Block(d, heads) for _ in range(depth)])
        self.ln_f = TrainableLayerNorm(d)
        self.head = torch.nn.Linear(d, vocab)

    def forward(self, x):
        h = self.tok(x) + self.pos.weight
        for blk in self.blocks:
            h = blk(h)
        return self.head(self.ln_f(h))


def build(spec):
    if spec["arch"] == "transformer":
        return Transformer(spec["vocab"], spec["t"], spec["width"], spec["depth"], spec["heads"])
    raise ValueError("unknown arch " + spec["arch"])


def load(d, name):
    return torch.from_numpy(np.load(os.path.join(d, name + ".npy")).astype(np.float64))


def loss_fn(spec, out, labels):
    vocab = out.shape[-1]
    out, labels = out.reshape(-1, vocab), labels.reshape(-1)
    if spec["loss"] == "ce":
        return F.cross_entropy(out, labels, ignore_index=-1)
    keep = labels >= 0
    target = F.one_hot(labels[keep], vocab).double()
    return 0.5 * ((out[keep] - target) ** 2).sum() / keep.sum()


def run(d):
    with open(os.path.join(d, "spec.json")) as f:
        spec = json.load(f)
    net = build(spec).double()
    ps = list(net.parameters())
    torch.nn.utils.vector_to_parameters(load(d, "w"), ps)
    x = load(d, "x").long().reshape(spec["n"], -1)
    labels = load(d, "labels").long().reshape(spec["n"], -1)

    def split(vec):
        out, off = [], 0
        for p in ps:
            out.append(vec[off:off + p.numel()].view_as(p))
            off += p.numel()
        return out

    v, u = split(load(d, "v")), split(load(d, "u"))
    loss = loss_fn(spec, net(x), labels)
    g = torch.autograd.grad(loss, ps, create_graph=True)
    hv = torch.autograd.grad(sum((a * b).sum() for a, b in zip(g, v)), ps, create_graph=True)
    third = torch.autograd.grad(sum((a * b).sum() for a, b in zip(hv, u)), ps)
    flat = lambda ts: torch.cat([t.reshape(-1) for t in ts]).detach().numpy()
    np.save(os.path.join(d, "loss.npy"), np.array([loss.item()]))
    np.save(os.path.join(d, "grad.npy"), flat(g))
    np.save(os.path.join(d, "hvp.npy"), flat(hv))
    np.save(os.path.join(d, "third.npy"), flat(third))
    names = [n for n, _ in net.named_parameters()]
    with open(os.path.join(d, "names.json"), "w") as f:
        json.dump(names, f)


if __name__ == "__main__":
    for d in sys.argv[1:]:
        run(d)
