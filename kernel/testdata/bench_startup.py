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
Not a test: prints a table. The kernelspec must be installed (JUPYTER_PATH).
"""
import argparse
import os
import statistics
import time
from queue import Empty

import zmq
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


def bench(name, code, runs, starts):
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
    km.shutdown_kernel(now=True)
    return {
        "start": statistics.median(times),
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
    rows = [(a.kernel, bench(a.kernel, "1", a.runs, a.starts)), ("python3 (ipykernel)", bench("python3", "1", a.runs, a.starts))]
    cols = ("start s", "rtt med ms", "rtt p95 ms", "idle med ms", "idle p95 ms", "raw med ms", "raw p95 ms")
    print("%-20s" % "kernel" + "".join("%12s" % c for c in cols))
    for name, r in rows:
        print("%-20s%12.3f" % (name, r["start"]) + "".join("%12.2f" % (1e3 * r[k]) for k in
                                                          ("rtt_med", "rtt_p95", "idle_med", "idle_p95", "raw_med", "raw_p95")))


if __name__ == "__main__":
    main()
