"""Benchmark: a VPN that flaps during calls and while idle: how fast the line and the call's media come back, and whether the writes to the center survive it.

Set-up (tests/support/vpn.py): a real OpenVPN tunnel between a "home" and a "center" network
namespace. In the center namespace, on the service address (``vpn.SERVICE``): Kamailio with
the SIP account ``agent1``, and the practice center (``python -m democenter --no-acd``). In
the home namespace, each started with ``ip netns exec``: our SipEngine wired as the app wires
it (tests/net/home_engine.py, auto-answer, reports events with ``time.monotonic()`` stamps),
and a *writer* (bench/vpn_flap_writer.py): the app's CenterApi and durable Outbox,
signed in as the practice agent ``agent4``, that every 1-2 s (seeded) queues a wrap-up for
a seeded interaction and a state change (Not Ready / Break with valid reason codes, and
Ready: it clears the shift self-check through the API first). Each write is recorded (order,
Idempotency-Key, what) in a file once ``Outbox.enqueue`` returned, i.e. durably accepted.
The writer uses an in-memory key store instead of the OS keyring (see its docstring).

Then N flaps (full: 20, alternating idle / in a call; ``--quick``: 3, 2 s down): the home
OpenVPN is killed by pid (tun0 and its routes go), ``down_s`` later restarted, and
``Tunnel.wait_up()`` probes (ICMP every 10 ms) for the first packet through the tunnel again.
For a call flap a caller (tests/net/center_peer.py, a bare pjsua2 UA in the center namespace)
dials ``agent1`` through Kamailio before the flap, the engine answers, and RTP is confirmed
both ways before the tunnel goes down; it hangs up after the measurement.

Per flap:
- re-registered: the engine's first ``RegistrationChanged(True)`` after the tunnel went down,
  minus the send time of ``wait_up()``'s first answered probe (clamped at 0: a REGISTER may
  cross in the same 10 ms);
- media restored (call flaps): as tests/net/test_line_recovery.py test (d): the first moment
  after the first packet at which the caller's received-RTP count rose in two stats samples
  in a row (100 ms apart) with packets from the home inner address and its own RTP sent there,
  and the counselor's side heard the caller's tone (last loud frame < 0.3 s old); minus the
  first packet time;
- after each flap the writer is paused, its outbox drained, and the center's agent state
  (SQLite) compared with the writer's last state (``state_mismatches``); then it resumes.
At the end the writer stops, its outbox drains, and the center's SQLite is compared with the
record: every recorded wrap-up exactly once (``lost``, ``duplicated``), wrap-ups in the
written order and every logged state change after the wrap-ups written before it
(``out_of_order``), the center's final state equal to the writer's last.

Prints one JSON object {"benchmark", "results", "goals"}. Run as root from the repo root:
``.venv/bin/python bench/vpn_flap.py [--quick]`` (``--quick``: under a minute, same keys).
Everything started is stopped by pid at the end, and the namespaces are removed.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.vpn_flap_writer import IID_PREFIX  # noqa: E402

AGENT = "agent4"                    # the writer's practice agent (center API)
SIP_USER, SIP_PASSWORD = "agent1", "secret1"     # the engine's line (Kamailio)
PEER_PORT = 5070
BOUND_S = 10.0                      # re-registered / media restored within this
MEDIA_SHARE = 0.95                  # of call flaps
HEARD_S = 0.3


# =========================================================================== the bench

def _events_after(proc, ev: str, since: int, pred=lambda e: True) -> list[dict]:
    with proc._lock:
        return [e for e in proc.events[since:] if e["ev"] == ev and pred(e)]


def _first(proc, ev: str, since: int = 0, pred=lambda e: True) -> dict | None:
    found = _events_after(proc, ev, since, pred)
    return found[0] if found else None


def _wait(proc, ev: str, timeout: float, since: int = 0, pred=lambda e: True,
          what: str = "") -> dict:
    from tests.support.procs import wait_for

    def check():
        found = _first(proc, ev, since, pred)
        if found is None and proc.p.poll() is not None:
            raise RuntimeError(f"{proc.log.name} exited ({proc.p.returncode}); see {proc.log}")
        return found
    try:
        return wait_for(check, timeout, interval=0.05, what=what or ev)
    except TimeoutError as exc:
        raise TimeoutError(f"{exc}; last events: {proc.events[-6:]}") from None


def _quiet(home, quiet_s: float = 1.0, timeout: float = 5.0) -> None:
    """Until the home namespace stops changing (IPv6 DAD after a link comes up): no ``net``
    event from the engine's watcher for ``quiet_s``."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        last = [e["t"] for e in _events_after(home, "net", 0)] + \
            [e["t"] for e in _events_after(home, "started", 0)]
        if not last or time.monotonic() - max(last) >= quiet_s:
            return
        time.sleep(0.1)


def _flowing(peer, home, since_peer: int, since_home: int, inner: str,
             after: float) -> float | None:
    """When RTP flowed both ways after ``after``: as tests/net/test_line_recovery.py."""
    stats = _events_after(peer, "stats", since_peer, lambda e: e["t"] > after)
    rising = None
    for a, b in zip(stats, stats[1:]):
        if (b["rx"] > a["rx"] and b["src"].startswith(inner + ":")
                and b["remote"].startswith(inner + ":")):
            rising = b["t"]
            break
    heard = _first(home, "heard", since_home,
                   lambda e: e["t"] > after and e["silent_s"] < HEARD_S)
    if rising is None or heard is None:
        return None
    return max(rising, heard["t"])


def _seed(db: Path, n: int) -> list[str]:
    now, ids = time.time(), [f"{IID_PREFIX}{i:05d}" for i in range(n)]
    with sqlite3.connect(db, timeout=10) as conn:
        conn.executemany("INSERT INTO interactions (id, queue_id, caller_number, state, agent_id,"
                         " entered_at, ended_at) VALUES (?, 'hotline', '+82215550000', 'ended',"
                         " ?, ?, ?)", [(i, AGENT, now - 60, now) for i in ids])
    return ids


def _center_state(db: Path) -> list:
    from tests.support.democenter import query
    st, reason = query(db, "SELECT state, reason_code FROM agents WHERE id = ?", (AGENT,))[0]
    return [st, reason or ""]


class Bench:
    def __init__(self, args, work: Path) -> None:
        self.args, self.work = args, work
        self.t = self.kam = self.dc = self.home = self.writer = None
        self.peers: list = []
        self.env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.flaps: list[dict] = []
        self.syncs: list[dict] = []
        self.timings: dict[str, float] = {}

    # ------------------------------------------------------------------ set-up
    def start(self) -> None:
        from tests.audio.harness import Proc
        from tests.support.democenter import start_democenter
        from tests.support.kamailio import Kamailio
        from tests.support.vpn import SERVICE, Tunnel
        t0 = time.monotonic()
        self.t = Tunnel(self.work)
        self.t.start()
        self.kam = Kamailio(self.work / "kam", users={SIP_USER: SIP_PASSWORD}, host=SERVICE,
                            ns=self.t.center).start()
        self.home = Proc("tests.net.home_engine",
                         ["--registrar", self.kam.registrar("udp"), "--domain", self.kam.domain,
                          "--user", SIP_USER, "--password", SIP_PASSWORD, "--transport", "udp"],
                         self.env, self.work / "home.log", prefix=self.t.home.command([]))
        self.dc = start_democenter(self.work, host=SERVICE, ns=self.t.center)
        _seed(self.dc.data, self.args.interactions)
        self.record = self.work / "writes.jsonl"
        self.writer = Proc("bench.vpn_flap_writer",
                           ["--url", self.dc.url, "--agent", AGENT,
                            "--dir", str(self.work), "--record", str(self.record),
                            "--seed", str(self.args.seed),
                            "--drain-timeout", str(self.args.drain_timeout),
                            "--period-min", "1.0", "--period-max", "2.0"],
                           self.env, self.work / "writer.log", prefix=self.t.home.command([]))
        started = _wait(self.home, "started", 30)
        if started.get("watch") != "netlink":
            raise RuntimeError(f"the engine's network watcher is {started.get('watch')!r}")
        _wait(self.home, "reg", 20, pred=lambda e: e["registered"], what="first registration")
        _wait(self.writer, "ready", 30, what="the writer to sign in")
        _quiet(self.home)
        self.timings["setup_s"] = round(time.monotonic() - t0, 2)

    def _peer(self):
        from tests.audio.harness import Proc
        from tests.support.vpn import SERVICE
        peer = Proc("tests.net.center_peer", ["--bind", SERVICE, "--port", str(PEER_PORT)],
                    self.env, self.work / f"peer{len(self.peers)}.log",
                    prefix=self.t.center.command([]))
        self.peers.append(peer)
        return peer

    def _call(self):
        """A caller dials the engine; returns once RTP flows both ways."""
        from tests.support.procs import wait_for
        from tests.support.vpn import HOME_INNER
        peer = self._peer()
        _wait(peer, "ready", 30)
        mark = self.home.mark()
        peer.send(f"dial sip:{SIP_USER}@{self.kam.registrar('udp')}")
        _wait(peer, "confirmed", 15)
        _wait(self.home, "media", 15, mark, lambda e: e["active"])
        start = time.monotonic()
        wait_for(lambda: _flowing(peer, self.home, 0, mark, HOME_INNER, start), 10,
                 interval=0.1, what="RTP both ways at the start of the call")
        return peer, mark

    # ------------------------------------------------------------------ one flap
    def flap(self, n: int, kind: str) -> dict:
        from tests.support.procs import stop, wait_for
        from tests.support.vpn import HOME_INNER
        rec: dict = {"n": n, "kind": kind}
        peer = None
        try:
            if kind == "call":
                peer, _ = self._call()
            _quiet(self.home)
            mark_home = self.home.mark()
            mark_peer = peer.mark() if peer else 0
            gone = time.monotonic()
            self.t.down("kill")
            time.sleep(self.args.down_s)
            self.t.up()
            first = self.t.wait_up(15)
            rec["tunnel_reup_s"] = round(first - gone - self.args.down_s, 3)
            try:
                back = _wait(self.home, "reg", BOUND_S + 5, mark_home,
                             lambda e: e["registered"] and e["t"] > gone, "re-registration")
                rec["reregistered_s"] = round(max(0.0, back["t"] - first), 3)
                rec["reregistered_raw_s"] = round(back["t"] - first, 3)    # before clamping
            except TimeoutError as exc:
                rec["reregistered_s"] = None
                rec["error"] = str(exc)[:300]
            down = _first(self.home, "reg", mark_home,
                          lambda e: not e["registered"] and e["t"] > gone)
            rec["line_down_noticed_s"] = round(down["t"] - gone, 3) if down else None
            if peer is not None:
                try:
                    restored = wait_for(lambda: _flowing(peer, self.home, mark_peer, mark_home,
                                                         HOME_INNER, first),
                                        BOUND_S + 5, interval=0.1, what="RTP both ways again")
                    rec["media_restored_s"] = round(restored - first, 3)
                except TimeoutError as exc:
                    rec["media_restored_s"] = None
                    rec["error"] = str(exc)[:300]
                rec["call_survived"] = (_first(peer, "ended", mark_peer) is None
                                        and _first(self.home, "ended", mark_home) is None)
            rec["sync"] = self.sync(first)
        except Exception as exc:  # noqa: BLE001 - one broken flap is reported, the run goes on
            rec["error"] = f"{type(exc).__name__}: {exc}"[:500]
            if self.t.is_down():
                self.t.up()
                try:
                    self.t.wait_up(15)
                except Exception:  # noqa: BLE001
                    pass
        finally:
            if peer is not None:
                mark = self.home.mark()
                try:
                    peer.send("hangup")
                    _wait(self.home, "ended", 10, mark)
                except Exception:  # noqa: BLE001
                    pass
                peer.close()
                stop(peer.p)
        return rec

    def sync(self, first: float) -> dict:
        """Pause the writer, drain its outbox, compare the center's state with its last."""
        mark = self.writer.mark()
        self.writer.send("sync")
        ev = _wait(self.writer, "synced", self.args.drain_timeout + 15, mark,
                   what="the writer's outbox to drain")
        center = _center_state(self.dc.data)
        out = {"drained_after_first_packet_s": round(ev["t"] - first, 3),
               "pending": ev["pending"], "writer_state": ev["last"], "center_state": center,
               "match": ev["pending"] == 0 and ev["last"] == center}
        self.syncs.append(out)
        self.writer.send("resume")
        return out

    # ------------------------------------------------------------------ the end
    def finish(self) -> dict:
        from tests.support.democenter import query
        mark = self.writer.mark()
        self.writer.send("stop")
        ev = _wait(self.writer, "drained", self.args.drain_timeout + 15, mark,
                   what="the writer's outbox to drain at the end")
        self.writer.p.wait(15)
        writes = [json.loads(line) for line in self.record.read_text().splitlines() if line]
        wraps = [w for w in writes if w["kind"] == "wrapup"]
        states = [w for w in writes if w["kind"] == "state"]
        rows = query(self.dc.data, "SELECT interaction_id, idempotency_key, created_at FROM wrapups"
                     " WHERE agent_id = ? AND interaction_id LIKE ? ORDER BY id",
                     (AGENT, IID_PREFIX + "%"))
        written = [w["iid"] for w in wraps]
        counts: dict[str, int] = {}
        for iid, _key, _at in rows:
            counts[iid] = counts.get(iid, 0) + 1
        lost = [i for i in written if i not in counts]
        duplicated = sum(c - 1 for c in counts.values() if c > 1)
        unexpected = [i for i in counts if i not in set(written)]
        # order: the center's wrap-ups in the written order; each logged state change matched
        # (in order) to a state write, and after every wrap-up written before that write
        seen: list[str] = []
        for iid, _k, _a in rows:
            if iid not in seen:
                seen.append(iid)
        out_of_order = 0 if seen == [i for i in written if i in counts] else 1
        created = {iid: at for iid, _k, at in rows}
        since = min((w["t"] for w in writes), default=time.time())
        log = query(self.dc.data, "SELECT state, reason_code, at FROM agent_state_log WHERE"
                    " agent_id = ? AND at >= ? ORDER BY id", (AGENT, since))
        j = 0
        for st, reason, at in log:
            while j < len(states) and (states[j]["state"], states[j]["reason"]) != \
                    (st, reason or ""):
                j += 1
            if j == len(states):
                out_of_order += 1                   # a state nobody wrote, or out of order
                break
            before = [w["iid"] for w in wraps if w["seq"] < states[j]["seq"]]
            if any(created.get(i, float("inf")) > at for i in before):
                out_of_order += 1
            j += 1
        final_center = _center_state(self.dc.data)
        final = {"writer_state": ev["last"], "center_state": final_center,
                 "pending": ev["pending"], "match": ev["pending"] == 0
                 and ev["last"] == final_center}
        return {"wrapups_written": len(wraps), "state_writes": len(states),
                "wrapups_at_center": len(rows), "lost": len(lost), "lost_ids": lost[:10],
                "duplicated": duplicated, "unexpected": len(unexpected),
                "out_of_order": out_of_order, "state_changes_logged": len(log),
                "outbox_left": ev["pending"], "not_sent_list": ev["refused"],
                "outbox_events": ev["events"], "final": final}

    def stop(self) -> None:
        """Everything by pid; never raises."""
        from tests.support.procs import stop
        for p in [*self.peers, self.writer, self.home]:
            if p is not None:
                try:
                    p.close()
                except Exception:  # noqa: BLE001
                    pass
                stop(p.p)
        for svc in (self.kam, self.dc):
            if svc is not None:
                try:
                    svc.stop()
                except Exception:  # noqa: BLE001
                    pass
        if self.t is not None:
            self.t.stop()


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 3) if values else None


def goal(name: str, value, target, met: bool) -> dict:
    return {"name": name, "value": value, "target": target, "met": bool(met)}


def run_bench(args) -> int:
    from tests.support import vpn
    problem = vpn.problem()
    if problem:
        print(json.dumps({"benchmark": "vpn_flap", "error": problem}), flush=True)
        return 2
    work = Path(tempfile.mkdtemp(prefix="vpn-flap-"))
    t0 = time.monotonic()
    bench = Bench(args, work)
    error = None
    end: dict = {}
    try:
        bench.start()
        for i in range(args.flaps):
            kind = "idle" if i % 2 == 0 else "call"
            rec = bench.flap(i + 1, kind)
            bench.flaps.append(rec)
            print(f"flap {i + 1}/{args.flaps}: {json.dumps(rec)}", file=sys.stderr, flush=True)
        end = bench.finish()
    except Exception as exc:  # noqa: BLE001 - reported in the JSON, everything still stops
        error = f"{type(exc).__name__}: {exc}"
        traceback.print_exc()
    finally:
        bench.stop()
    made = (bench.t.home, bench.t.gateway, bench.t.center) if bench.t is not None else ()
    left = [ns.name for ns in made if ns is not None and ns.exists()]
    flaps = bench.flaps
    reg = [f.get("reregistered_s") for f in flaps]
    reg_ok = [r for r in reg if r is not None]
    calls = [f for f in flaps if f["kind"] == "call"]
    media = [f.get("media_restored_s") for f in calls]
    media_ok = [m for m in media if m is not None]
    media_in = sum(1 for m in media_ok if m <= BOUND_S)
    reg_in = sum(1 for r in reg_ok if r <= BOUND_S)
    mismatches = sum(1 for s in bench.syncs if not s["match"]) + \
        (0 if end.get("final", {}).get("match") else 1)
    results = {
        "flaps": len(flaps), "call_flaps": len(calls), "down_s": args.down_s,
        "reregistered_s": {"median": _median(reg_ok), "max": max(reg_ok, default=None),
                           "within_10s": reg_in, "per_flap": reg},
        "media_restored_s": {"median": _median(media_ok), "max": max(media_ok, default=None),
                             "within_10s": media_in, "per_call_flap": media},
        "line_down_noticed_s": {"median": _median([f["line_down_noticed_s"] for f in flaps
                                                   if f.get("line_down_noticed_s") is not None])},
        "tunnel_reup_s_median": _median([f["tunnel_reup_s"] for f in flaps
                                         if "tunnel_reup_s" in f]),
        "calls_survived": sum(1 for f in calls if f.get("call_survived")),
        "drained_after_first_packet_s_median": _median(
            [s["drained_after_first_packet_s"] for s in bench.syncs]),
        "state_checks": len(bench.syncs) + 1, "state_mismatches": mismatches,
        "writes": end, "flap_errors": [f"{f['n']}: {f['error']}" for f in flaps if "error" in f],
        "timings": bench.timings, "namespaces_left": len(left),
        "wall_s": round(time.monotonic() - t0, 1), "workdir": str(work),
    }
    if error:
        results["error"] = error
    n, nc = args.flaps, len(calls)
    complete = error is None and len(flaps) == n
    goals = [
        goal("re-registered <= 10 s after the first packet through the tunnel (flaps; median s"
             f" {results['reregistered_s']['median']})", f"{reg_in}/{n}", f"{n}/{n}",
             complete and reg_in == n),
        goal("call media restored both ways <= 10 s after the first packet (call flaps)",
             f"{media_in}/{nc}", f">= {MEDIA_SHARE:.0%} of {nc}",
             complete and nc > 0 and media_in >= MEDIA_SHARE * nc),
        goal("wrap-ups lost", end.get("lost"), 0, complete and end.get("lost") == 0),
        goal("wrap-ups recorded more than once", end.get("duplicated"), 0,
             complete and end.get("duplicated") == 0 and end.get("unexpected") == 0),
        goal("state mismatches with the center after recovery (each flap + the end)",
             mismatches, 0, complete and mismatches == 0),
        goal("writes out of order at the center", end.get("out_of_order"), 0,
             complete and end.get("out_of_order") == 0),
    ]
    print(json.dumps({"benchmark": "vpn_flap", "results": results, "goals": goals}, indent=1))
    return 0 if all(g["met"] for g in goals) else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="3 flaps of 2 s, under a minute")
    ap.add_argument("--flaps", type=int, default=None)
    ap.add_argument("--down-s", type=float, default=None)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--interactions", type=int, default=2000)
    ap.add_argument("--drain-timeout", type=float, default=30.0)
    args = ap.parse_args()
    args.flaps = args.flaps or (3 if args.quick else 20)
    args.down_s = args.down_s or (2.0 if args.quick else 5.0)
    return run_bench(args)


if __name__ == "__main__":
    sys.exit(main())
