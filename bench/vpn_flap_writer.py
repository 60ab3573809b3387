"""The writer of bench/vpn_flap.py: the app's CenterApi and durable Outbox, signed in as a practice agent, writing a wrap-up and a state change every 1-2 s, and recording every write.

Run inside the home namespace by bench/vpn_flap.py (``ip netns exec HOME python -m
bench.vpn_flap_writer --url ... --record FILE``). It signs in, clears the shift self-check
through the API (so Ready is allowed), opens an Outbox with an in-memory key store (the OS
keyring is not what the bench measures, and a plain run has no session D-Bus; a bus on a path
socket, as ``dbus-run-session`` makes here, would be reachable from the namespace, so this
is a choice, not a necessity), and then, every ``period`` s (seeded), queues a wrap-up for
the next seeded interaction (``flap-NNNNN``) and the next state of ``STATES``. Each write is
appended to the record file (seq, kind, Idempotency-Key, what, wall time) once
``Outbox.enqueue`` returned, i.e. once it was durably accepted.

JSON lines on stdout (``t`` = time.monotonic()): ready, synced, drained, outbox, error.
Commands on stdin: ``sync`` (pause, drain the outbox, report), ``resume``, ``stop`` (pause,
drain, report, exit), ``quit``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

IID_PREFIX = "flap-"
STATES = (("not_ready", "training"), ("break", "short_break"), ("ready", ""),
          ("not_ready", "meeting"), ("break", "lunch"), ("not_ready", "technical"),
          ("break", "recovery"))       # never the same twice in a row; valid reason codes


class MemoryKeys:
    """The Outbox's key store, in memory (see the module docstring)."""

    def __init__(self) -> None:
        self.key: bytes | None = None

    def load_outbox_key(self) -> bytes | None:
        return self.key

    def create_outbox_key(self) -> bytes:
        from cryptography.fernet import Fernet
        self.key = Fernet.generate_key()
        return self.key


_say_lock = threading.Lock()


def say(ev: str, **fields) -> None:
    with _say_lock:
        sys.stdout.write(json.dumps({"ev": ev, "t": time.monotonic(), **fields}) + "\n")
        sys.stdout.flush()


def run_writer(args) -> int:
    from softphone.center import client as items
    from softphone.center.client import CenterApi
    from softphone.center.models import CenterError
    from softphone.center.outbox import Outbox
    from softphone.practice.scenarios import clearing_answers

    api = CenterApi(args.url)
    deadline = time.monotonic() + 30
    while True:
        try:
            login = api.login(args.agent, "practice")
            break
        except CenterError as exc:
            if time.monotonic() > deadline:
                say("error", message=f"sign-in failed: {exc!r}")
                return 1
            time.sleep(0.5)
    form = api.health_form("en")
    cleared = api.submit_health_check(form.form_id, form.version, clearing_answers(form),
                                      items.new_key()).cleared
    events = {"retrying": 0, "dropped": 0, "refused": 0, "unconfirmed": 0}

    def on_event(ev) -> None:
        if ev.outcome in events:
            events[ev.outcome] += 1
        if ev.outcome in ("dropped", "refused", "unconfirmed", "undecryptable"):
            say("outbox", outcome=ev.outcome, kind=ev.kind, item=ev.item_id, code=ev.code)

    work = Path(args.dir)
    box = Outbox(work / "writer-outbox.sqlite", api.deliver, MemoryKeys(), on_event=on_event)
    box.set_owner(login.agent.id, args.url)
    box.start()
    rng = random.Random(args.seed)
    record = open(args.record, "a", buffering=1)
    lock = threading.Lock()                 # one tick (wrap-up + state) at a time
    paused, stopping = threading.Event(), threading.Event()
    state = {"seq": 0, "n_wrap": 0, "n_state": 0, "last": None}

    def write(kind: str, path: str, payload: dict, **what) -> None:
        key = items.new_key()
        box.enqueue(kind, path, payload, method="PUT" if kind == "state" else "POST",
                    idempotency_key=key)
        state["seq"] += 1
        record.write(json.dumps({"seq": state["seq"], "kind": kind, "key": key,
                                 "t": time.time(), **what}) + "\n")

    def tick() -> None:
        with lock:
            iid = f"{IID_PREFIX}{state['n_wrap']:05d}"
            write(*items.wrapup_item(iid, "resolved", f"flap note {state['n_wrap']}"), iid=iid)
            state["n_wrap"] += 1
            st, reason = STATES[state["n_state"] % len(STATES)]
            write("state", "/agents/me/state", {"state": st, "reason_code": reason},
                  state=st, reason=reason)
            state["n_state"] += 1
            state["last"] = [st, reason]

    def drain(timeout: float) -> int:
        with lock:
            end = time.monotonic() + timeout
            while box.pending_count() and time.monotonic() < end:
                time.sleep(0.05)
            return box.pending_count()

    def report(ev: str) -> None:
        left = drain(args.drain_timeout)
        say(ev, pending=left, refused=len(box.refused()), last=state["last"],
            wrapups=state["n_wrap"], states=state["n_state"], events=dict(events))

    def commands() -> None:
        for raw in sys.stdin:
            cmd = raw.strip()
            if cmd == "sync":
                paused.set()
                report("synced")
            elif cmd == "resume":
                paused.clear()
            elif cmd in ("stop", "quit"):
                paused.set()
                if cmd == "stop":
                    report("drained")
                break
        stopping.set()

    threading.Thread(target=commands, daemon=True).start()
    say("ready", agent=login.agent.id, cleared=cleared)
    try:
        while not stopping.is_set():
            if not paused.is_set():
                tick()
            stopping.wait(rng.uniform(args.period_min, args.period_max))
    finally:
        box.close()
        record.close()
        api.close()
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--agent", default="agent4")
    ap.add_argument("--dir", required=True)
    ap.add_argument("--record", required=True)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--period-min", type=float, default=1.0)
    ap.add_argument("--period-max", type=float, default=2.0)
    ap.add_argument("--drain-timeout", type=float, default=30.0)
    return run_writer(ap.parse_args())


if __name__ == "__main__":
    sys.exit(main())
