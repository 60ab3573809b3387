"""Where an offered call's time goes between the INVITE and the 200: a timeline of the engine's steps.

    .venv/bin/python scripts/offer_timeline.py [--calls 100]

The same setup as ``bench/sip_latency.py`` (sipp calls through Kamailio, one call at a time,
25 calls/s; the callee is our SipEngine answering each IncomingCall from its GUI thread),
with the engine's steps stamped on the way: entry and exit of the pjsua2 callbacks, the
caller parsing, each hand-over of events to the GUI thread (``flush``), the GUI thread's
answer (``gui_answer``, called as the offer arrives), the answer command on the SIP thread,
the pjsua2 ``answer`` calls (180 and 200) and the SIP thread's end-of-pass work
(``settle``). Stamps
are wall-clock, like sipp's message trace, so each is taken relative to the call's INVITE as
sipp sent it. Prints one JSON object: per step the median ms after the INVITE over all calls
(a step seen more than once per call gets ``#2``, ``#3``...), sipp's 180 and 200 arrivals
(``R180``, ``R200``) and the most common order of steps. A development tool, not a
benchmark: the stamps cost a few microseconds each.
"""

from __future__ import annotations

import argparse
import collections
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

_MARKS: list[tuple[str, float]] = []
_LOCK = threading.Lock()


def _mark(name: str) -> None:
    t = time.time()
    with _LOCK:
        _MARKS.append((name, t))


def _wrap(owner, attr: str, label: str) -> None:
    orig = getattr(owner, attr)

    def stamped(*args, **kw):
        _mark(label + ">")
        try:
            return orig(*args, **kw)
        finally:
            _mark(label + "<")
    setattr(owner, attr, stamped)


def _instrument() -> None:
    """Stamp the steps (methods replaced on their classes before the engine starts)."""
    import softphone.sip.account as account
    import softphone.sip.calls as calls
    import softphone.sip.wait as wait
    import softphone.sip.worker as worker
    from softphone.sip.call import CallHandle
    from softphone.sip.commands import Answer
    from softphone.sip.engine import SipEngine

    ops = calls.CallCommands
    for attr, label in (("on_incoming_call", "incoming"), ("on_call_state", "state"),
                        ("on_call_media_state", "media_state"), ("_offer", "offer")):
        _wrap(ops, attr, label)
    _wrap(worker.SipWorker, "_flush", "flush")
    _wrap(wait.SipWait, "settle", "settle")
    _wrap(calls, "parse_caller", "parse")
    _wrap(account.Line, "onIncomingCall", "pjsua_offer")
    _wrap(SipEngine, "answer", "gui_answer")        # the GUI thread, on the offer it got
    on_io = wait.SipWait._on_io                      # a slot PySide calls with no arguments

    def io(self):
        _mark("io>")
        try:
            return on_io(self)
        finally:
            _mark("io<")
    wait.SipWait._on_io = io
    answer = CallHandle.answer

    def pj_answer(self, prm):
        code = int(prm.statusCode)
        _mark(f"pj{code}>")
        try:
            return answer(self, prm)
        finally:
            _mark(f"pj{code}<")
    CallHandle.answer = pj_answer
    handler = worker.HANDLERS[Answer]               # the table dispatch() looks commands up in

    def cmd_answer(self, cmd):
        _mark("cmd_answer>")
        try:
            return handler(self, cmd)
        finally:
            _mark("cmd_answer<")
    worker.HANDLERS[Answer] = cmd_answer


def serve(registrar: str, domain: str, user: str, password: str, out: str) -> int:
    """The callee: sip_latency's own engine callee, stamped; the stamps go to ``out``."""
    _instrument()
    import sip_latency
    rc = sip_latency.serve_engine(registrar, domain, user, password)
    with _LOCK:
        Path(out).write_text(json.dumps(_MARKS))
    return rc


def timeline(marks: list, trace: list, top: int = 1) -> dict:
    """Median ms after each call's INVITE per step; ``trace``: sipp's (t, dir, first, cid)."""
    per: dict[str, dict[str, float]] = collections.defaultdict(dict)
    for t, direction, first, cid in trace:
        d = per[cid]
        for key, want, start in (("invite", "sent", "INVITE"), ("R180", "received", "SIP/2.0 180"),
                                 ("R200", "received", "SIP/2.0 200")):
            if direction == want and first.startswith(start) and key not in d:
                d[key] = t
    marks = sorted(marks, key=lambda m: m[1])
    offsets: dict[str, list[float]] = collections.defaultdict(list)
    orders: collections.Counter = collections.Counter()
    for d in per.values():
        if not {"invite", "R180", "R200"} <= d.keys():
            continue
        t0, seen, order = d["invite"], {}, []
        for name, t in marks:
            if t0 <= t <= d["R200"]:
                key, n = name, 1
                while key in seen:
                    n += 1
                    key = f"{name}#{n}"
                seen[key] = t
                order.append(key)
        seen["R180"], seen["R200"] = d["R180"], d["R200"]
        for key, t in seen.items():
            offsets[key].append((t - t0) * 1000)
        orders[" ".join(order)] += 1
    calls = sum(orders.values())
    steps = sorted(((k, round(statistics.median(v), 3), len(v)) for k, v in offsets.items()
                    if len(v) >= calls / 2), key=lambda s: s[1])
    return {"calls": calls,
            "median_ms_after_invite": {k: {"ms": ms, "calls": n} for k, ms, n in steps},
            "most_common_order": [{"calls": n, "steps": o.split()}
                                  for o, n in orders.most_common(top)]}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--calls", type=int, default=100)
    p.add_argument("--serve", nargs=5, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.serve:
        return serve(*args.serve)
    import sip_latency
    from tests.support.kamailio import Kamailio
    from tests.support.procs import start, wait_for

    work = Path(tempfile.mkdtemp(prefix="offer-timeline-"))
    marks_file = work / "marks.json"
    trace: list = []

    def start_callee(kind, kam, work_dir):
        user, pw = sip_latency.USERS[kind]
        log = work_dir / f"{kind}.log"
        proc = start([sys.executable, __file__, "--serve", kam.registrar("udp"), kam.domain,
                      user, pw, str(marks_file)], log_path=str(log))
        wait_for(lambda: "REGISTERED 200" in log.read_text(errors="replace")
                 if log.exists() else False, 20, interval=0.05, what="the engine to register")
        return proc

    latencies = sip_latency._latencies

    def keep_trace(run):
        trace.extend(run.messages())
        return latencies(run)

    sip_latency._start_callee, sip_latency._latencies = start_callee, keep_trace
    kam = Kamailio(work, users=dict(sip_latency.USERS.values())).start()
    try:
        sip_latency.measure(("engine",), args.calls, kam, work)   # stops the callee (SIGTERM)
    finally:
        kam.stop()
    if not marks_file.exists():
        print(json.dumps({"error": f"the engine left no stamps; see {work}"}))
        return 1
    print(json.dumps(timeline(json.loads(marks_file.read_text()), trace), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
