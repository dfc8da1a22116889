"""Full-batch GD in PyTorch (float64) from eoslab's initialization.

Usage: python3 torch_gd.py DIR
DIR/spec.json names the architecture (as lib/nn/testdata/torch_graph.py
builds it), the loss, lr, steps and eig; DIR holds w.npy (eoslab's initial
parameters, parameters_to_vector order), x.npy and labels.npy. Writes
loss.npy (the loss at steps 0..steps) and sharpness.npy (the top Hessian
eigenvalue at steps 0, eig, 2·eig, ..., by ARPACK on double-backward HVPs).
"""
import json, os, sys
import numpy as np
import scipy.sparse.linalg as sla
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "nn", "testdata"))
import torch_graph  # noqa: E402

torch.set_num_threads(1)


def top_eigenvalue(loss_of, ps):
    loss = loss_of()
    g = torch.autograd.grad(loss, ps, create_graph=True)
    dim = sum(p.numel() for p in ps)

    def hvp(v):
        v = torch.from_numpy(np.asarray(v, dtype=np.float64).reshape(-1))
        vs, off = [], 0
        for p in ps:
            vs.append(v[off:off + p.numel()].view_as(p))
            off += p.numel()
        hv = torch.autograd.grad(g, ps, grad_outputs=vs, retain_graph=True)
        return torch.cat([h.reshape(-1) for h in hv]).numpy()

    op = sla.LinearOperator((dim, dim), matvec=hvp, dtype=np.float64)
    vals = sla.eigsh(op, k=1, which="LA", tol=1e-10, v0=np.ones(dim), return_eigenvectors=False)
    return float(vals[0])


def run(d):
    with open(os.path.join(d, "spec.json")) as f:
        spec = json.load(f)
    net = torch_graph.build(spec).double()
    ps = list(net.parameters())
    torch.nn.utils.vector_to_parameters(torch_graph.load(d, "w"), ps)
    x = torch_graph.load(d, "x").reshape([spec["n"]] + spec["in_shape"]).long()
    labels = torch_graph.load(d, "labels").long().reshape(spec["n"], -1)
    loss_of = lambda: torch_graph.loss_fn(spec, net(x), labels)
    losses, sharp = [], []
    for step in range(spec["steps"] + 1):
        if step % spec["eig"] == 0:
            sharp.append(top_eigenvalue(loss_of, ps))
        loss = loss_of()
        losses.append(loss.item())
        if step == spec["steps"]:
            break
        g = torch.autograd.grad(loss, ps)
        with torch.no_grad():
            for p, gp in zip(ps, g):
                p -= spec["lr"] * gp
    np.save(os.path.join(d, "loss.npy"), np.array(losses))
    np.save(os.path.join(d, "sharpness.npy"), np.array(sharp))


if __name__ == "__main__":
    run(sys.argv[1])
