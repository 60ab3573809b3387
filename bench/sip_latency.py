"""Benchmark: INVITE->180 and INVITE->200 latency of our engine vs bare pjsua2 and baresip.

sipp places calls one after another through Kamailio to each auto-answering callee (our
SipEngine in a subprocess, answered by this harness on IncomingCall the way the desk would;
a bare pjsua2 UA; baresip); times come from sipp's message trace (microseconds).
A fourth callee, ``hop_pjsua2``, is the bare UA answering its 200 from its main thread (the
call handed over through a queue): the least any UA pays for deciding the answer on another
thread than pjsip's, as our desk does. Its ratio to bare pjsua2 is the floor of that design
on this machine; the engine's ratio to it is what our own code adds.
Prints one JSON object. Run: .venv/bin/python bench/sip_latency.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import sipp  # noqa: E402
from tests.support.kamailio import Kamailio  # noqa: E402
from tests.support.procs import start, stop, wait_for  # noqa: E402

USERS = {"engine": ("agent1", "pw-engine"), "bare_pjsua2": ("agent2", "pw-bare"),
         "baresip": ("agent3", "pw-baresip"), "hop_pjsua2": ("agent4", "pw-hop")}
BARE_UA = ROOT / "tests" / "peers" / "bare_ua.py"


# --------------------------------------------------------------------------- callee: engine

def serve_engine(registrar: str, domain: str, user: str, password: str) -> int:
    """Run our SipEngine until SIGTERM, answering every IncomingCall from this (GUI) thread as
    the desk's auto-answer would; print REGISTERED when the line is up."""

    from softphone.sip.engine import SipEngine
    from softphone.sip.events import (
        EngineSettings, IncomingCall, RegistrationChanged, SipAccountSettings,
    )

    from softphone.platform.eventloop import make_core_app
    app = make_core_app()                # the app's event dispatcher (ui/desktop.py)
    engine = SipEngine()

    def on_event(ev) -> None:
        if isinstance(ev, IncomingCall):
            engine.answer(ev.call_id)
        elif isinstance(ev, RegistrationChanged):
            print(f"REGISTERED {ev.code}" if ev.registered else f"REGFAIL {ev.code}", flush=True)

    engine.event.connect(on_event)
    engine.start(EngineSettings(log_level=0, max_calls=8))
    engine.set_account(SipAccountSettings(registrar=registrar, domain=domain, username=user,
                                          password=password))
    from softphone.platform.signals import quit_on_signals
    quit_on_signals(app)                 # the app's own SIGTERM handling: the loop ends cleanly
    app.exec()
    engine.stop(timeout_s=5)
    return 0


# --------------------------------------------------------------------------- callees

def _start_callee(kind: str, kam: Kamailio, work: Path):
    user, pw = USERS[kind]
    log = work / f"{kind}.log"
    reg = kam.registrar("udp")
    if kind == "engine":
        cmd = [sys.executable, __file__, "--serve-engine", reg, kam.domain, user, pw]
        proc = start(cmd, log_path=str(log))
        ready = "REGISTERED 200"
    elif kind in ("bare_pjsua2", "hop_pjsua2"):
        cmd = [sys.executable, str(BARE_UA), "--registrar", reg, "--domain", kam.domain,
               "--user", user, "--password", pw, "--auto-answer"]
        if kind == "hop_pjsua2":
            cmd.append("--answer-from-main")
        proc = start(cmd, log_path=str(log))
        ready = "REGISTERED 200"
    else:
        from tests.support.baresip import Baresip
        b = Baresip(work)
        acc = (f"<sip:{user}@{kam.domain}>;auth_pass={pw};outbound=\"sip:{reg}\";regint=300;"
               "answermode=auto;audio_codecs=PCMU\n")
        (b.dir / "accounts").write_text(acc)
        b.start()
        proc, log, ready = b.proc, b.log_path, "200 OK"
    try:
        wait_for(lambda: log.exists() and ready in log.read_text(errors="replace"), 20,
                 interval=0.05, what=f"{kind} to register")
    except TimeoutError:
        stop(proc)
        raise RuntimeError(f"{kind} did not register:\n{log.read_text(errors='replace')[-2000:]}")
    return proc


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def _latencies(run: sipp.Sipp) -> tuple[list[float], list[float]]:
    """Per call: ms from the first INVITE sent to the first 180 / first 200 received."""
    per: dict[str, dict[str, float]] = {}
    for t, direction, first, cid in run.messages():
        d = per.setdefault(cid, {})
        if direction == "sent" and first.startswith("INVITE") and "invite" not in d:
            d["invite"] = t
        elif direction == "received" and first.startswith("SIP/2.0 180") and "180" not in d:
            d["180"] = t
        elif direction == "received" and first.startswith("SIP/2.0 200") and "200" not in d \
                and "invite" in d:
            d["200"] = t
    r180 = [(d["180"] - d["invite"]) * 1000 for d in per.values() if "180" in d and "invite" in d]
    r200 = [(d["200"] - d["invite"]) * 1000 for d in per.values() if "200" in d and "invite" in d]
    return r180, r200


def _summary(r180: list[float], r200: list[float], calls: int, failed: int) -> dict:
    return {
        "calls": calls, "answered": len(r200), "failed_sipp_runs": failed,
        "invite_180_ms": {"p50": round(_percentile(r180, 0.5), 3),
                          "p95": round(_percentile(r180, 0.95), 3)},
        "invite_200_ms": {"p50": round(_percentile(r200, 0.5), 3),
                          "p95": round(_percentile(r200, 0.95), 3),
                          "mean": round(statistics.fmean(r200), 3) if r200 else None},
    }


def measure(kinds: tuple[str, ...], calls: int, kam: Kamailio, work: Path,
            batch: int = 10) -> dict:
    """All callees up at once; sipp batches of ``batch`` sequential calls go to each in turn,
    so load from elsewhere on the machine falls on every callee alike."""
    procs = {k: _start_callee(k, kam, work) for k in kinds}
    lat = {k: ([], []) for k in kinds}
    failed = {k: 0 for k in kinds}
    try:
        done = 0
        while done < calls:
            n = min(batch, calls - done)
            for kind in kinds:
                scenario = sipp.uac(to_user=USERS[kind][0], domain=kam.domain,
                                    outcome="answer", talk_ms=10)
                run = sipp.Sipp(work, scenario, kam.registrar("udp"), calls=n,
                                name=f"sipp-{kind}", timeout_s=60, extra=("-l", "1", "-r", "25"))
                run.start()
                if run.wait(timeout=90) != 0:
                    failed[kind] += 1
                r180, r200 = _latencies(run)
                lat[kind][0].extend(r180)
                lat[kind][1].extend(r200)
            done += n
    finally:
        for p in procs.values():
            stop(p)
    return {k: _summary(lat[k][0], lat[k][1], calls, failed[k]) for k in kinds}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--quick", action="store_true", help="~30 calls per callee, under a minute")
    p.add_argument("--calls", type=int, default=0)
    p.add_argument("--serve-engine", nargs=4, metavar=("REGISTRAR", "DOMAIN", "USER", "PW"),
                   help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.serve_engine:
        return serve_engine(*args.serve_engine)
    calls = args.calls or (30 if args.quick else 200)
    work = Path(tempfile.mkdtemp(prefix="sip_latency-"))
    kam = Kamailio(work, users=dict(USERS.values())).start()
    results: dict = {"calls_per_callee": calls}
    t0 = time.monotonic()
    try:
        results.update(measure(("engine", "bare_pjsua2", "baresip", "hop_pjsua2"), calls, kam, work))
    finally:
        kam.stop()
    results["wall_s"] = round(time.monotonic() - t0, 1)
    goals = []
    for ref in ("bare_pjsua2", "baresip", "hop_pjsua2"):
        for step in ("invite_180_ms", "invite_200_ms"):
            ours, theirs = results["engine"][step]["p50"], results[ref][step]["p50"]
            results[f"ratio_{step}_p50_engine_vs_{ref}"] = round(ours / theirs, 3) \
                if theirs and theirs == theirs else None
    for step in ("invite_180_ms", "invite_200_ms"):     # the two-thread floor, for reading
        hop, bare = results["hop_pjsua2"][step]["p50"], results["bare_pjsua2"][step]["p50"]
        results[f"ratio_{step}_p50_hop_pjsua2_vs_bare_pjsua2"] = round(hop / bare, 3) \
            if bare and bare == bare else None
    ratio = results["ratio_invite_200_ms_p50_engine_vs_bare_pjsua2"]
    goals.append({"name": "engine INVITE->200 p50 within 1.2x of bare pjsua2 UA",
                  "value": ratio, "target": 1.2, "met": ratio is not None and ratio <= 1.2})
    ratio180 = results["ratio_invite_180_ms_p50_engine_vs_bare_pjsua2"]
    goals.append({"name": "engine INVITE->180 p50 within 1.2x of bare pjsua2 UA",
                  "value": ratio180, "target": 1.2,
                  "met": ratio180 is not None and ratio180 <= 1.2})
    answered = all(results[k]["answered"] == calls for k in USERS)
    goals.append({"name": "every call answered by every callee", "value": answered,
                  "target": True, "met": answered})
    print(json.dumps({"benchmark": "sip_latency", "results": results, "goals": goals}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
