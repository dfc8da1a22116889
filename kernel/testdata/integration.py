"""Drives an installed eoslab kernel through everything that could kill it.

Usage: EOSLAB_KERNEL_NAME=eoslab python3 integration.py
(with JUPYTER_PATH pointing at the kernelspec). Exits non-zero on the first
failed check. Run by kernel/integration_test.go.
"""
import json
import os
import sys
import tempfile
import threading
import time
import uuid

import zmq
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

KERNEL = os.environ.get("EOSLAB_KERNEL_NAME", "eoslab")
TIMEOUT = float(os.environ.get("EOSLAB_TEST_TIMEOUT", "60"))
failures = []


def check(cond, what):
    if cond:
        print("ok  ", what, flush=True)
    else:
        print("FAIL", what, flush=True)
        failures.append(what)


class Heartbeat(threading.Thread):
    """Pings the heartbeat socket all along; records any ping unanswered
    within the deadline."""

    def __init__(self, km, deadline=5.0):
        super().__init__(daemon=True)
        self.addr = "tcp://%s:%d" % (km.ip, km.hb_port)
        self.deadline = deadline
        self.stop = threading.Event()
        self.pings = 0
        self.missed = []

    def run(self):
        ctx = zmq.Context.instance()
        while not self.stop.is_set():
            s = ctx.socket(zmq.REQ)
            s.linger = 0
            s.connect(self.addr)
            t0 = time.monotonic()
            s.send(b"ping")
            if s.poll(int(self.deadline * 1000)):
                s.recv()
                self.pings += 1
            else:
                self.missed.append(time.monotonic() - t0)
            s.close()
            self.stop.wait(0.1)


def run(kc, code, interrupt_after=None, km=None, timeout=TIMEOUT):
    """Executes code; returns (reply content, iopub messages of the cell)."""
    msg_id = kc.execute(code)
    outputs = []
    deadline = time.monotonic() + timeout
    sent_interrupt = False
    reply = None
    idle = False
    while time.monotonic() < deadline and (reply is None or not idle):
        try:
            msg = kc.get_iopub_msg(timeout=0.1)
            if msg["parent_header"].get("msg_id") == msg_id:
                if msg["msg_type"] == "status":
                    if msg["content"]["execution_state"] == "idle":
                        idle = True
                else:
                    outputs.append(msg)
                if msg["msg_type"] == "execute_input" and interrupt_after is not None:
                    started = time.monotonic()
        except Exception:
            pass
        if interrupt_after is not None and not sent_interrupt and any(m["msg_type"] == "execute_input" for m in outputs):
            # The cell is running (execute_input comes right before it
            # starts); give it a moment to get into its loop.
            time.sleep(interrupt_after)
            km.interrupt_kernel()
            sent_interrupt = True
        if reply is None:
            try:
                m = kc.get_shell_msg(timeout=0.05)
                if m["parent_header"].get("msg_id") == msg_id:
                    reply = m["content"]
            except Exception:
                pass
    if reply is None:
        raise SystemExit("no reply to %r within %ss" % (code, timeout))
    return reply, outputs


def text_of(outputs, kind="stream"):
    return "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == kind)


def error_text(reply):
    return reply.get("ename", "") + ": " + reply.get("evalue", "") + "\n" + "\n".join(reply.get("traceback", []))


def still_works(kc, what):
    reply, outputs = run(kc, "1+2")
    results = [m["content"]["data"].get("text/plain") for m in outputs if m["msg_type"] == "execute_result"]
    check(reply["status"] == "ok" and results == ["3"], "next cell runs after " + what)


def crash_case(kc, km, what, code, mentions, interrupt_after=None, timeout=TIMEOUT):
    t0 = time.monotonic()
    reply, outputs = run(kc, code, interrupt_after=interrupt_after, km=km, timeout=timeout)
    took = time.monotonic() - t0
    err = error_text(reply)
    errors = [m for m in outputs if m["msg_type"] == "error"]
    check(reply["status"] == "error", "%s: error reply (%.1fs)" % (what, took))
    check(len(errors) == 1, "%s: one error output" % what)
    check(any(s in err for s in mentions), "%s: error names the cause %r, got %r" % (what, mentions, err[:300]))
    still_works(kc, what)
    return reply, outputs


def raw_shell(km, key):
    ctx = zmq.Context.instance()
    s = ctx.socket(zmq.DEALER)
    s.linger = 0
    s.connect("tcp://%s:%d" % (km.ip, km.shell_port))
    return s, Session(key=key, username="attacker")


def raw_execute(sock, session, code, frames=None):
    msg = session.msg("execute_request", {"code": code, "silent": False, "store_history": False,
                                          "user_expressions": {}, "allow_stdin": False, "stop_on_error": False})
    if frames is None:
        frames = session.serialize(msg)
    sock.send_multipart(frames)
    return msg["header"]["msg_id"], frames


def raw_wait_reply(sock, session, msg_id, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sock.poll(100):
            frames = sock.recv_multipart()
            _, parts = session.feed_identities(frames)
            m = session.deserialize(parts)
            if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_reply":
                return m["content"]
    raise SystemExit("no raw reply")


def main():
    tmp = tempfile.mkdtemp(prefix="eoslab-it-")
    km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=TIMEOUT)
    hb = Heartbeat(km)
    hb.start()
    try:
        still_works(kc, "start")

        crash_case(kc, km, "panic", 'panic("x")', ["x"])
        crash_case(kc, km, "panic in goroutine",
                   'go func() { panic("boom in goroutine") }()\ntime.Sleep(5 * time.Second)',
                   ["boom in goroutine"])
        crash_case(kc, km, "infinite recursion",
                   "func down(n int) int { return down(n+1) + 1 }\ndown(0)",
                   ["stack overflow", "stack exceeds"])
        # The worker either dies (exit status 3) or the cell language intercepts
        # os.Exit; both must name it.
        crash_case(kc, km, "os.Exit(3)", "os.Exit(3)", ["exit status 3", "os.Exit(3)"])
        crash_case(kc, km, "concurrent map writes",
                   "m := map[int]int{}\nfor i := 0; i < 4; i++ {\n\tgo func() {\n\t\tfor j := 0; ; j++ {\n\t\t\tm[j%100] = j\n\t\t}\n\t}()\n}\ntime.Sleep(20 * time.Second)",
                   ["concurrent map"])
        crash_case(kc, km, "for {} + interrupt", "for {\n}", ["Interrupt"], interrupt_after=0.5)
        r, _ = crash_case(kc, km, "time.Sleep(time.Hour) + interrupt", "time.Sleep(time.Hour)", ["Interrupt"], interrupt_after=0.5)
        check("state was lost" in r.get("evalue", "") or "state" in r.get("evalue", ""), "killed worker: reply says state was lost")

        # Definitions survive ordinary errors but not a worker restart.
        run(kc, "keep := 41")
        run(kc, 'panic("no restart")')
        reply, outputs = run(kc, "keep + 1")
        check(text_of(outputs, "execute_result") == "" and any(m["content"]["data"].get("text/plain") == "42" for m in outputs if m["msg_type"] == "execute_result"),
              "state survives a recovered panic")

        # 100 MB of output: bounded on the wire, the rest kept in the file the
        # notice names, every byte accounted for, kernel alive.
        t0 = time.monotonic()
        reply, outputs = run(kc, 'b := make([]byte, 1<<20)\nfor i := range b {\n\tb[i] = 120\n}\nfor i := 0; i < 100; i++ {\n\tos.Stdout.Write(b)\n}')
        out = text_of(outputs)
        errs = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
        check(reply["status"] == "ok", "100 MB print: ok reply (%.1fs)" % (time.monotonic() - t0))
        sent = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")
        check(0 < len(sent) <= 16 << 20, "100 MB print: forwarded %d bytes (bounded)" % len(sent))
        import re
        found = re.search(r"the remaining (.+?) of stdout are in (\S+);", errs)
        check(found is not None, "100 MB print: a notice names the file with the rest: %r" % errs[-300:])
        if found:
            with open(found.group(2), "rb") as f:
                kept = f.read()
            check(len(sent) + len(kept) == 100 << 20 and set(kept) == {120} and set(sent) == {"x"},
                  "100 MB print: %d delivered + %d in %s = every byte" % (len(sent), len(kept), found.group(2)))
        still_works(kc, "100 MB print")

        # A client that disconnects mid-cell.
        kc2 = km.client()
        kc2.start_channels()
        kc2.wait_for_ready(timeout=TIMEOUT)
        kc2.execute('time.Sleep(2 * time.Second)\nfmt.Println("finished")')
        time.sleep(0.3)
        kc2.stop_channels()
        still_works(kc, "client disconnect mid-cell")

        # Forged, unsigned and replayed execute_requests never run.
        key = km.session.key
        good, gs = raw_shell(km, key)
        forged_path = os.path.join(tmp, "forged")
        unsigned_path = os.path.join(tmp, "unsigned")
        replay_path = os.path.join(tmp, "replayed")
        # Creates P, or P.again when P exists: a second run shows.
        write = 'if _, err := os.Stat(%(p)s); err == nil {\n\tos.WriteFile(%(p)s + ".again", []byte("x"), 0o644)\n} else {\n\tos.WriteFile(%(p)s, []byte("x"), 0o644)\n}'
        bad, bs = raw_shell(km, b"not-the-key")
        raw_execute(bad, bs, write % {'p': json.dumps(forged_path)})
        nosig, ns = raw_shell(km, b"")
        raw_execute(nosig, ns, write % {'p': json.dumps(unsigned_path)})
        mid, frames = raw_execute(good, gs, write % {'p': json.dumps(replay_path)})
        raw_wait_reply(good, gs, mid)
        good.send_multipart(frames)  # the same signed frames again
        # A fresh valid request on each connection orders after the bad ones.
        for sock, sess in ((good, gs),):
            sid, _ = raw_execute(sock, sess, "1")
            raw_wait_reply(sock, sess, sid)
        time.sleep(0.5)  # the other two connections are not ordered with ours
        still_works(kc, "forged messages")
        check(not os.path.exists(forged_path), "forged-signature request not executed")
        check(not os.path.exists(unsigned_path), "unsigned request not executed")
        check(os.path.exists(replay_path), "signed request executed")
        check(not os.path.exists(replay_path + ".again"), "replayed request not executed")
        for s in (good, bad, nosig):
            s.close()

        # Control answers while a cell runs (shell is busy).
        busy_id = kc.execute('time.Sleep(3 * time.Second)')
        time.sleep(0.5)
        t0 = time.monotonic()
        ki = kc.session.msg("kernel_info_request")
        kc.control_channel.send(ki)
        while True:
            m = kc.get_control_msg(timeout=TIMEOUT)
            if m["parent_header"].get("msg_id") == ki["header"]["msg_id"]:
                break
        took = time.monotonic() - t0
        li = m["content"]["language_info"]
        check(took < 2.0 and li["name"] == "go" and li["file_extension"] == ".go" and li["mimetype"] == "text/x-go"
              and m["content"]["protocol_version"] >= "5.3", "kernel_info on control while a cell runs (%.2fs)" % took)
        while True:
            m = kc.get_shell_msg(timeout=TIMEOUT)
            if m["parent_header"].get("msg_id") == busy_id:
                break

        # Prints and displays keep their order.
        reply, outputs = run(kc, 'fmt.Println("one")\ndisplay.HTML("<b>two</b>")\nfmt.Println("three")')
        seq = [m["content"]["text"] if m["msg_type"] == "stream" else "<display>" for m in outputs if m["msg_type"] in ("stream", "display_data")]
        check("".join(seq) == "one\n<display>three\n", "stream/display order kept: %r" % seq)

        # user_expressions, comm_info, comm_open to an unknown target.
        msg_id = kc.execute("ue := 20", user_expressions={"a": "ue + 1", "b": "nosuchname"})
        while True:
            m = kc.get_shell_msg(timeout=TIMEOUT)
            if m["parent_header"].get("msg_id") == msg_id:
                break
        ue = m["content"]["user_expressions"]
        check(ue["a"]["status"] == "ok" and ue["a"]["data"]["text/plain"] == "21" and ue["b"]["status"] == "error",
              "user_expressions: %s" % ue)
        ci = kc.comm_info()
        m = kc.get_shell_msg(timeout=TIMEOUT)
        check(m["msg_type"] == "comm_info_reply" and m["content"]["comms"] == {}, "comm_info is empty")
        while True:  # drain iopub before the comm test
            try:
                kc.get_iopub_msg(timeout=0.2)
            except Exception:
                break
        cm = kc.session.msg("comm_open", {"comm_id": "c1", "target_name": "nosuch", "data": {}})
        kc.shell_channel.send(cm)
        closed = False
        deadline = time.monotonic() + TIMEOUT
        while not closed and time.monotonic() < deadline:
            m = kc.get_iopub_msg(timeout=TIMEOUT)
            closed = m["msg_type"] == "comm_close" and m["content"]["comm_id"] == "c1"
        check(closed, "comm_open to an unknown target is answered with comm_close")

        # input_request on stdin.
        prompts = []

        def answer(msg):
            prompts.append(msg["content"]["prompt"])
            kc.input("ada")

        r = kc.execute_interactive('v, err := display.Input("name? ")\nfmt.Println("got", v, err)', timeout=TIMEOUT,
                                   allow_stdin=True, stdin_hook=answer, output_hook=lambda m: outputs.append(m))
        check(prompts == ["name? "] and r["content"]["status"] == "ok", "input_request answered: %s" % prompts)

        # stop_on_error aborts what was queued behind a failed cell.
        # (The sleep makes sure the second request is queued when the first
        # fails: only requests sent before the error reply are aborted.)
        ids = [kc.execute('time.Sleep(300 * time.Millisecond)\npanic("first")'), kc.execute('fmt.Println("never")')]
        statuses = {}
        deadline = time.monotonic() + TIMEOUT
        while len(statuses) < 2 and time.monotonic() < deadline:
            m = kc.get_shell_msg(timeout=TIMEOUT)
            if m["parent_header"].get("msg_id") in ids:
                statuses[m["parent_header"]["msg_id"]] = m["content"]["status"]
        check([statuses.get(i) for i in ids] == ["error", "aborted"], "stop_on_error aborts the queue: %s" % statuses)
        # Restart (shutdown_request with restart=True) and history across it.
        run(kc, "before := 1")
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=TIMEOUT)
        still_works(kc, "restart")
        reply, outputs = run(kc, "before")
        check(reply["status"] == "error", "restart cleared the definitions")
        hid = kc.history(hist_access_type="tail", n=5, output=False, raw=True)
        while True:
            m = kc.get_shell_msg(timeout=TIMEOUT)
            if m["parent_header"].get("msg_id") == hid:
                break
        h = m["content"]["history"]
        sessions = {e[0] for e in h}
        check(any(e[2] == "before := 1" for e in h) and len(sessions) == 2, "history survives the restart: %s" % h)
    finally:
        hb.stop.set()
        hb.join()
        check(not hb.missed and hb.pings > 10, "heartbeat answered throughout (%d pings, missed %s)" % (hb.pings, hb.missed))
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
