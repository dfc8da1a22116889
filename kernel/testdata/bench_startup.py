"""Start-up and round-trip benchmark: eoslab against ipykernel, same run.

    python3 kernel/testdata/bench_startup.py [--kernel eoslab] [--runs 200] [--starts 5]

Measures, per kernel:
  start  time from launching the kernel process to the first kernel_info_reply
         (median over --starts launches);
  rtt    execute_request → execute_reply of a trivial cell ("1"), median and
         p95 over --runs executions after 10 warm-up cells;
  idle   execute_request → the cell's idle status on iopub (what a frontend
         waits for), median and p95;
  raw    execute_request → execute_reply over a plain single-threaded pyzmq
         DEALER socket, median and p95: the kernel's own latency without
         jupyter_client's channel threads (which add several ms to both
         kernels).
  ready  launching the kernel from its kernelspec → first kernel_info_reply
         over a raw DEALER whose reconnect interval is 1 ms (median): how
         soon the kernel itself answers. `start` is larger for every kernel
         because the client's first connection attempt, made right after the
         launch, is refused and libzmq retries only after reconnect_ivl
         (100 ms by default).
  busy   while a long cell runs (eoslab: a %train; ipykernel: time.sleep), interrupted after,
         the latency of kernel_info, is_complete, complete, inspect and
         history requests sent on shell (median and max over the types).
Not a test: prints a table. The kernelspec must be installed (JUPYTER_PATH).
"""
import argparse
import json
import os
import socket
import statistics
import subprocess
import tempfile
import time
from queue import Empty

import zmq
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from jupyter_client.session import Session


def start_time(name):
    t0 = time.perf_counter()
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    while True:
        msg_id = kc.kernel_info()
        try:
            while True:
                m = kc.get_shell_msg(timeout=0.02)
                if m["parent_header"].get("msg_id") == msg_id:
                    elapsed = time.perf_counter() - t0
                    return elapsed, km, kc
        except Empty:
            pass


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def round_trips(kc, code, runs):
    # Drain whatever start-up left on iopub.
    while True:
        try:
            kc.get_iopub_msg(timeout=0.2)
        except Empty:
            break
    reply_t, idle_t = [], []
    for i in range(runs + 10):
        t0 = time.perf_counter()
        msg_id = kc.execute(code, store_history=False)
        while True:
            m = kc.get_shell_msg(timeout=10)
            if m["parent_header"].get("msg_id") == msg_id:
                break
        t1 = time.perf_counter()
        while True:
            m = kc.get_iopub_msg(timeout=10)
            if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                    and m["content"]["execution_state"] == "idle"):
                break
        t2 = time.perf_counter()
        if i >= 10:
            reply_t.append(t1 - t0)
            idle_t.append(t2 - t0)
    return reply_t, idle_t


def raw_round_trips(km, code, runs):
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.linger = 0
    sock.connect("tcp://%s:%d" % (km.ip, km.shell_port))
    sess = Session(key=km.session.key)
    ts = []
    for i in range(runs + 10):
        msg = sess.msg("execute_request", {"code": code, "silent": False, "store_history": False,
                                           "user_expressions": {}, "allow_stdin": False})
        t0 = time.perf_counter()
        sess.send(sock, msg)
        while True:
            _, m = sess.recv(sock, mode=0)
            if m["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                break
        if i >= 10:
            ts.append(time.perf_counter() - t0)
    sock.close()
    return ts


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def ready_time(name):
    """Launch from the kernelspec; time to kernel_info_reply with 1 ms reconnects."""
    spec = KernelSpecManager().get_kernel_spec(name)
    key = os.urandom(16).hex()
    ci = {"transport": "tcp", "ip": "127.0.0.1", "key": key, "signature_scheme": "hmac-sha256",
          **{p: free_port() for p in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")}}
    fd, path = tempfile.mkstemp(suffix=".json")
    with os.fdopen(fd, "w") as f:
        json.dump(ci, f)
    sock = zmq.Context.instance().socket(zmq.DEALER)
    sock.linger = 0
    sock.setsockopt(zmq.RECONNECT_IVL, 1)
    sock.connect("tcp://127.0.0.1:%d" % ci["shell_port"])
    sess = Session(key=key.encode())
    argv = [a.replace("{connection_file}", path) for a in spec.argv]
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, env={**os.environ, **spec.env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sess.send(sock, sess.msg("kernel_info_request", {}))
    elapsed = None
    while sock.poll(30000):
        _, m = sess.recv(sock, mode=0)
        if m["msg_type"] == "kernel_info_reply":
            elapsed = time.perf_counter() - t0
            break
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    sock.close()
    os.unlink(path)
    return elapsed


BUSY_REQUESTS = [
    ("kernel_info_request", {}),
    ("is_complete_request", {"code": "x = (1 +"}),
    ("complete_request", {"code": "pri", "cursor_pos": 3}),
    ("inspect_request", {"code": "print", "cursor_pos": 3, "detail_level": 0}),
    ("history_request", {"hist_access_type": "tail", "n": 5, "output": False, "raw": True}),
]


def busy_latencies(km, long_cell):
    """Latency of each BUSY_REQUESTS entry while long_cell runs."""
    sock = zmq.Context.instance().socket(zmq.DEALER)
    sock.linger = 0
    sock.connect("tcp://%s:%d" % (km.ip, km.shell_port))
    sess = Session(key=km.session.key)
    ex = sess.msg("execute_request", {"code": long_cell, "silent": False, "store_history": False,
                                      "user_expressions": {}, "allow_stdin": False})
    sess.send(sock, ex)
    time.sleep(1.0)  # the cell is running by now (it lasts several seconds)
    lat, cell_done = {}, False
    for typ, content in BUSY_REQUESTS:
        msg = sess.msg(typ, content)
        t0 = time.perf_counter()
        sess.send(sock, msg)
        while True:
            _, m = sess.recv(sock, mode=0)
            if m["parent_header"].get("msg_id") == ex["header"]["msg_id"]:
                cell_done = True  # ipykernel: the cell's reply comes first
            elif m["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                lat[typ] = time.perf_counter() - t0
                break
    if not cell_done:
        km.interrupt_kernel()  # a %train keeps what it computed; a sleep ends
    while not cell_done:
        _, m = sess.recv(sock, mode=0)
        cell_done = m["parent_header"].get("msg_id") == ex["header"]["msg_id"]
    sock.close()
    return lat


def bench(name, code, runs, starts, long_cell):
    times = []
    for i in range(starts):
        t, km, kc = start_time(name)
        times.append(t)
        if i < starts - 1:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    reply_t, idle_t = round_trips(kc, code, runs)
    kc.stop_channels()
    raw_t = raw_round_trips(km, code, runs)
    busy = busy_latencies(km, long_cell)
    km.shutdown_kernel(now=True)
    ready = [ready_time(name) for _ in range(starts)]
    return {
        "start": statistics.median(times),
        "ready": statistics.median(ready),
        "busy_med": statistics.median(busy.values()), "busy_max": max(busy.values()), "busy": busy,
        "rtt_med": statistics.median(reply_t), "rtt_p95": pct(reply_t, 95),
        "idle_med": statistics.median(idle_t), "idle_p95": pct(idle_t, 95),
        "raw_med": statistics.median(raw_t), "raw_p95": pct(raw_t, 95),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default=os.environ.get("EOSLAB_KERNEL_NAME", "eoslab"))
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--starts", type=int, default=5)
    a = ap.parse_args()
    train = "%train gd mnist-1k fc-tanh mse lr=0.05 steps=100000 eig=0 until_loss=1e-12"
    rows = [(a.kernel, bench(a.kernel, "1", a.runs, a.starts, train + "\n")),
            ("python3 (ipykernel)", bench("python3", "1", a.runs, a.starts, "import time\ntime.sleep(6)"))]
    cols = ("start s", "ready s", "rtt med ms", "rtt p95 ms", "idle med ms", "idle p95 ms", "raw med ms", "raw p95 ms",
            "busy med ms", "busy max ms")
    print("%-20s" % "kernel" + "".join("%12s" % c for c in cols))
    for name, r in rows:
        print("%-20s%12.3f%12.3f" % (name, r["start"], r["ready"]) + "".join("%12.2f" % (1e3 * r[k]) for k in
              ("rtt_med", "rtt_p95", "idle_med", "idle_p95", "raw_med", "raw_p95", "busy_med", "busy_max")))
    for name, r in rows:
        print("busy %-15s" % name + "  ".join("%s %.1f ms" % (t.replace("_request", ""), 1e3 * v) for t, v in r["busy"].items()))


if __name__ == "__main__":
    main()
