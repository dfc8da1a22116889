#!/usr/bin/python3
"""Execute every notebook under notebooks/ with nbclient against the installed
eoslab kernelspec -- the real Jupyter client, cell by cell, over ZeroMQ.

Needs (Debian): golang (Go 1.26), python3-nbclient python3-nbformat jupyter-client
Run from anywhere:   /usr/bin/python3 .ci/nbclient_test.py [NOTEBOOK.ipynb ...]

Steps: go build the binary into a temp dir, `eoslab install --prefix TMP/prefix
--name eoslab`, point JUPYTER_PATH there, then for each notebook (a temp copy of
notebooks/, so the checkout is never touched) run nbclient.NotebookClient with
kernel_name="eoslab" and a per-cell timeout. A notebook fails when a cell's
execute_reply is an error, when any output is of type "error", when the kernel
dies or a cell times out, or when a code cell is left without an execution count.
Executed copies go to .ci/artifacts/nbclient/. Exit status 0 only if all pass.
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

CI = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(CI)


def log(*a):
    print(*a, flush=True)


def build_and_install(tmp, binary):
    if binary is None:
        binary = os.path.join(tmp, "eoslab")
        t = time.time()
        log(f"== go build -o {binary} .")
        subprocess.run(["go", "build", "-o", binary, "."], cwd=ROOT, check=True)
        log(f"   built in {time.time() - t:.1f}s")
    prefix = os.path.join(tmp, "prefix")
    subprocess.run([binary, "install", "--prefix", prefix, "--name", "eoslab"], check=True)
    jpath = os.path.join(prefix, "share", "jupyter")
    os.environ["JUPYTER_PATH"] = jpath
    from jupyter_client.kernelspec import KernelSpecManager
    spec = KernelSpecManager().get_kernel_spec("eoslab")
    if not spec.resource_dir.startswith(jpath):
        raise SystemExit(f"kernelspec eoslab resolved to {spec.resource_dir}, not under {jpath}")
    log(f"   kernelspec eoslab -> {spec.resource_dir}  argv={spec.argv}")


def output_problems(nb):
    """Errors visible in the executed notebook, whatever the reply status said."""
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.source.strip() and cell.get("execution_count") is None:
            problems.append(f"cell {i}: not executed (execution_count is null)")
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                tb = "\n".join(out.get("traceback", []))[-2000:]
                problems.append(f"cell {i}: error output {out.get('ename')}: {out.get('evalue')}\n{tb}")
    return problems


def count_outputs(nb):
    n = imgs = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            n += 1
            data = out.get("data", {})
            if "image/png" in data or "image/svg+xml" in data:
                imgs += 1
    return n, imgs


def run_one(path, workdir, timeout, artifacts):
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="eoslab", timeout=timeout,
                            startup_timeout=120, allow_errors=False,
                            resources={"metadata": {"path": workdir}})
    err = None
    t = time.time()
    try:
        client.execute()
    except CellExecutionError as e:
        msg = str(e)
        if len(msg) > 4000:  # keep the cell source and the error line, elide the middle
            msg = msg[:2500] + "\n[... %d characters elided ...]\n" % (len(msg) - 4000) + msg[-1500:]
        err = f"CellExecutionError: {msg}"
    except Exception as e:  # DeadKernelError, CellTimeoutError, startup failures
        err = f"{type(e).__name__}: {e}\n{traceback.format_exc()[-2000:]}"
    dt = time.time() - t
    os.makedirs(artifacts, exist_ok=True)
    nbformat.write(nb, os.path.join(artifacts, os.path.basename(path)))
    problems = ([err] if err else []) + ([] if err else output_problems(nb))
    return dt, problems, count_outputs(nb)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("notebooks", nargs="*", help="default: notebooks/*.ipynb")
    ap.add_argument("--timeout", type=int, default=600, help="per-cell timeout, seconds")
    ap.add_argument("--binary", help="use this eoslab binary instead of go build")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir")
    args = ap.parse_args()

    nbs = [os.path.abspath(p) for p in args.notebooks] or sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
    if not nbs:
        log("FAIL: no notebooks found under notebooks/")
        return 1
    tmp = tempfile.mkdtemp(prefix="eoslab-nbclient-")
    artifacts = os.path.join(CI, "artifacts", "nbclient")
    shutil.rmtree(artifacts, ignore_errors=True)  # no stale copies from earlier runs
    results = []
    try:
        build_and_install(tmp, os.path.abspath(args.binary) if args.binary else None)
        for path in nbs:
            # Run a copy inside a copy of the notebook's directory (relative paths work,
            # files the notebook writes land in the temp dir).
            work = os.path.join(tmp, "work-" + os.path.splitext(os.path.basename(path))[0])
            shutil.copytree(os.path.dirname(path), work, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
            copy = os.path.join(work, os.path.basename(path))
            log(f"== {os.path.relpath(path, ROOT)}")
            dt, problems, (nout, nimg) = run_one(copy, work, args.timeout, artifacts)
            status = "PASS" if not problems else "FAIL"
            log(f"   {status} in {dt:.1f}s ({nout} outputs, {nimg} images)")
            for p in problems:
                log("   " + p.replace("\n", "\n   "))
            results.append((os.path.relpath(path, ROOT), status, dt))
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    log("\n== nbclient summary (kernel_name=eoslab, per-cell timeout %ds)" % args.timeout)
    for name, status, dt in results:
        log(f"   {status}  {dt:7.1f}s  {name}")
    failed = [r for r in results if r[1] != "PASS"]
    log(f"   {len(results) - len(failed)}/{len(results)} notebooks passed; executed copies in {os.path.relpath(artifacts, ROOT)}/")
    return 1 if failed or len(results) != len(nbs) else 0


if __name__ == "__main__":
    sys.exit(main())
