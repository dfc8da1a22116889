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
    def __init__(self, d, heads, causal=True):
        super().__init__()
        self.heads, self.causal = heads, causal
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
        if self.causal:
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


class TrainableGroupNorm(torch.nn.Module):
    """GroupNorm written out in differentiable ops (for the same reason as
    TrainableLayerNorm): per-channel weight and bias."""

    def __init__(self, groups, c, eps=1e-5):
        super().__init__()
        self.groups, self.eps = groups, eps
        self.weight = torch.nn.Parameter(torch.ones(c))
        self.bias = torch.nn.Parameter(torch.zeros(c))

    def forward(self, x):
        b, c = x.shape[:2]
        z = x.reshape(b, self.groups, -1)
        mu = z.mean(-1, keepdim=True)
        var = ((z - mu) ** 2).mean(-1, keepdim=True)
        z = ((z - mu) / torch.sqrt(var + self.eps)).reshape(x.shape)
        shape = (1, c) + (1,) * (x.dim() - 2)
        return z * self.weight.view(shape) + self.bias.view(shape)


def gn(c):
    return TrainableGroupNorm(8 if c % 8 == 0 else c, c)


class BasicBlock(torch.nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.gn1 = gn(cout)
        self.conv2 = torch.nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.gn2 = gn(cout)
        self.short = None
        if stride != 1 or cin != cout:
            self.short = torch.nn.Module()
            self.short.conv = torch.nn.Conv2d(cin, cout, 1, stride, bias=False)
            self.short.gn = gn(cout)

    def forward(self, x):
        y = self.gn2(self.conv2(F.relu(self.gn1(self.conv1(x)))))
        s = x if self.short is None else self.short.gn(self.short.conv(x))
        return F.relu(y + s)


class ResNet(torch.nn.Module):
    """nn.New("resnet"): CIFAR-style, GroupNorm, stages w, 2w, 4w."""

    def __init__(self, cin, classes, w=16, depth=1):
        super().__init__()
        self.conv = torch.nn.Conv2d(cin, w, 3, 1, 1, bias=False)
        self.gn = gn(w)
        blocks, c = [], w
        for s, width in enumerate([w, 2 * w, 4 * w]):
            for j in range(depth):
                blocks.append(BasicBlock(c, width, 2 if s > 0 and j == 0 else 1))
                c = width
        self.blocks = torch.nn.ModuleList(blocks)
        self.fc = torch.nn.Linear(c, classes)

    def forward(self, x):
        h = F.relu(self.gn(self.conv(x)))
        for b in self.blocks:
            h = b(h)
        return self.fc(h.mean((2, 3)))


class ViT(torch.nn.Module):
    """nn.New("vit"): class token, learned positions, pre-norm blocks."""

    def __init__(self, cin, size, classes, patch=4, d=64, depth=4, heads=4):
        super().__init__()
        n = (size // patch) ** 2
        self.cls = torch.nn.Parameter(torch.zeros(1, d))
        self.pos = torch.nn.Parameter(torch.zeros(n + 1, d))
        self.patch = torch.nn.Conv2d(cin, d, patch, patch)
        self.blocks = torch.nn.ModuleList([Block(d, heads, causal=False) for _ in range(depth)])
        self.ln_f = TrainableLayerNorm(d)
        self.head = torch.nn.Linear(d, classes)

    def forward(self, x):
        e = self.patch(x).flatten(2).transpose(1, 2)
        h = torch.cat([self.cls.expand(x.shape[0], 1, -1), e], 1) + self.pos
        for b in self.blocks:
            h = b(h)
        return self.head(self.ln_f(h)[:, 0])


class LSTM(torch.nn.Module):
    """nn.New("lstm"): embedding, stacked nn.LSTM, readout per position."""

    def __init__(self, vocab, h=48, depth=2):
        super().__init__()
        self.emb = torch.nn.Embedding(vocab, h)
        self.lstm = torch.nn.LSTM(h, h, num_layers=depth, batch_first=True)
        self.head = torch.nn.Linear(h, vocab)

    def forward(self, x):
        return self.head(self.lstm(self.emb(x))[0])


def vgg11(cin, classes, w=16):
    mods, c = [], cin
    for out in [w, 0, 2 * w, 0, 4 * w, 4 * w, 0, 8 * w, 8 * w, 0, 8 * w, 8 * w, 0]:
        if out == 0:
            mods.append(torch.nn.MaxPool2d(2))
        else:
            mods += [torch.nn.Conv2d(c, out, 3, padding=1), torch.nn.ReLU()]
            c = out
    net = torch.nn.Module()
    net.features = torch.nn.Sequential(*mods)
    net.classifier = torch.nn.Linear(c, classes)
    net.forward = lambda x: net.classifier(net.features(x).flatten(1))
    return net


def build(spec):
    a = spec["arch"]
    if a == "transformer":
        return Transformer(spec["vocab"], spec["t"], spec["width"], spec["depth"], spec["heads"])
    if a == "lstm":
        return LSTM(spec["vocab"], spec["width"], spec["depth"])
    c, size, k = spec["in_shape"][0], spec["in_shape"][1], spec["outputs"]
    if a == "resnet":
        return ResNet(c, k, spec["width"], spec["depth"])
    if a == "vit":
        return ViT(c, size, k, spec["patch"], spec["width"], spec["depth"], spec["heads"])
    if a == "vgg":
        return vgg11(c, k, spec["width"])
    raise ValueError("unknown arch " + a)


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
    x = load(d, "x").reshape([spec["n"]] + spec["in_shape"])
    if spec["arch"] in ("transformer", "lstm"):
        x = x.long()
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
