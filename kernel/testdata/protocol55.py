"""Protocol 5.5 against an installed eoslab kernel, with jupyter_client and pyzmq.

Usage: EOSLAB_KERNEL_NAME=eoslab python3 protocol55.py   (JUPYTER_PATH set)
Checks: the kernelspec declares kernel_protocol_version 5.5; a fresh iopub
subscriber gets iopub_welcome without sending anything, and so does a second
one; kernel_info_reply (shell and control) says 5.5 with supported_features;
requests the kernel does not implement get an error reply of their reply type;
is_complete is invalid for `func ) {`; the requests that need no interpreter
are answered while a cell runs. Exits non-zero on a failed check. Run by
kernel/integration_test.go.
"""
import json
import os
import sys
import time

import zmq
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

KERNEL = os.environ.get("EOSLAB_KERNEL_NAME", "eoslab")
TIMEOUT = 30
failures = []


def check(cond, what):
    print("ok  " if cond else "FAIL", what, flush=True)
    if not cond:
        failures.append(what)


def welcome(km, session):
    """Subscribe a new SUB to iopub and wait for iopub_welcome (nothing sent)."""
    sub = zmq.Context.instance().socket(zmq.SUB)
    sub.linger = 0
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    sub.connect("tcp://%s:%d" % (km.ip, km.iopub_port))
    deadline = time.monotonic() + TIMEOUT
    try:
        while time.monotonic() < deadline:
            if sub.poll(100):
                _, m = session.recv(sub, mode=0)
                if m["msg_type"] == "iopub_welcome":
                    return m["content"]
        return None
    finally:
        sub.close()


def request(session, sock, typ, content):
    msg = session.msg(typ, content)
    session.send(sock, msg)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if sock.poll(100):
            _, m = session.recv(sock, mode=0)
            if m["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                return m
    raise SystemExit("no reply to %s within %ss" % (typ, TIMEOUT))


def dealer(km, port):
    s = zmq.Context.instance().socket(zmq.DEALER)
    s.linger = 0
    s.connect("tcp://%s:%d" % (km.ip, port))
    return s


def main():
    spec = KernelSpecManager().get_kernel_spec(KERNEL)
    with open(os.path.join(spec.resource_dir, "kernel.json")) as f:
        check(json.load(f).get("kernel_protocol_version") == "5.5", "kernelspec declares kernel_protocol_version 5.5")

    km = KernelManager(kernel_name=KERNEL)
    km.start_kernel()
    try:
        session = Session(key=km.session.key)
        c = welcome(km, session)
        check(c == {"subscription": ""}, "a new iopub subscriber gets iopub_welcome: %r" % (c,))
        c = welcome(km, session)
        check(c == {"subscription": ""}, "a second subscriber gets its own iopub_welcome: %r" % (c,))

        shell, control = dealer(km, km.shell_port), dealer(km, km.control_port)
        for name, sock in (("shell", shell), ("control", control)):
            r = request(session, sock, "kernel_info_request", {})
            ok = (r["msg_type"] == "kernel_info_reply" and r["content"].get("protocol_version") == "5.5"
                  and r["content"].get("supported_features") == [] and r["content"]["language_info"]["name"] == "go")
            check(ok, "kernel_info_reply on %s: 5.5 with supported_features" % name)
            check(r["header"].get("version") == "5.5", "reply header version 5.5 on %s" % name)
        for sock, typ in ((control, "debug_request"), (shell, "create_subshell_request"), (shell, "eoslab_future_request")):
            r = request(session, sock, typ, {})
            check(r["msg_type"] == typ.replace("_request", "_reply") and r["content"].get("status") == "error",
                  "%s: an error reply, not silence" % typ)

        for code, status in (("func ) {", "invalid"), ("for {", "incomplete"), ("%%time\nx := 1", "incomplete"), ("x := 1", "complete")):
            r = request(session, shell, "is_complete_request", {"code": code})
            check(r["content"]["status"] == status, "is_complete %r: %s (got %s)" % (code, status, r["content"]))

        # A cell that runs until interrupted; requests answered meanwhile.
        ex = session.msg("execute_request", {"code": "for {\n\ttime.Sleep(time.Millisecond)\n}", "silent": False,
                                             "store_history": False, "user_expressions": {}, "allow_stdin": False})
        session.send(shell, ex)
        time.sleep(0.5)
        for typ, content in (("kernel_info_request", {}), ("is_complete_request", {"code": "x := (1 +"}),
                             ("complete_request", {"code": "fmt.Pr", "cursor_pos": 6}),
                             ("inspect_request", {"code": "fmt.Println", "cursor_pos": 5, "detail_level": 0}),
                             ("history_request", {"hist_access_type": "tail", "n": 3, "output": False, "raw": True})):
            r = request(session, shell, typ, content)
            check(r["msg_type"] == typ.replace("_request", "_reply"), "%s answered while a cell runs" % typ)
        km.interrupt_kernel()
        deadline = time.monotonic() + TIMEOUT
        done = False
        while time.monotonic() < deadline and not done:
            if shell.poll(100):
                _, m = session.recv(shell, mode=0)
                done = m["parent_header"].get("msg_id") == ex["header"]["msg_id"]
        check(done, "the running cell ends on interrupt")
        shell.close()
        control.close()
    finally:
        km.shutdown_kernel(now=True)
    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
