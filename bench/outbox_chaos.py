"""Benchmark: the outbox under chaos: kill -9 at random moments, outages, a lost or rewritten key, hostile 2xx answers, two counselors alternating on one computer.

Set-up: the practice center (``python -m democenter --no-acd``) with interactions for agent1
and agent2; a chaos proxy of this script in front of it; one outbox file and one keyring
service (the real gnome-keyring) shared by every trial, as on one computer. Each trial (seeded)
starts tests/center/outbox_worker.py ``session`` for the next counselor (agent1, agent2,
agent1, ...): it opens the outbox, signs in, queues 1-4 wrap-ups and delivers. Its profile is
one of: an outage (the proxy resets connections or answers 503 for a while), hostile answers
(HTML 200, ``{}``, 10 MB of junk, a 409 that never reached the center, or the center's real
answer replaced by junk after it recorded the write), both, a clean line, the keyring entry
deleted, or the entry rewritten with another key (restored from IT's backup after a random
moment). Then kill -9 at a random moment (unless it finished first).
At the end every counselor signs in once more on a clean line and sends (a person resends the
Not sent list). Counted on the center's own tables and on the proxy's log of which session
carried which write:
- lost: writes the worker reported durably accepted that the center never recorded;
- duplicated: wrap-ups the center recorded more than once;
- wrong agent: wrap-ups recorded for another counselor, or sent with another's session;
- while a key was missing: items changed or deleted (must be 0), errors reported.
Prints one JSON object. Run from the repo root:
``dbus-run-session -- scripts/with-keyring.sh .venv/bin/python bench/outbox_chaos.py --quick``
(``--quick``: 16 trials, under a minute; the full run: 60 trials).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from softphone.platform.credentials import Credentials, backend_usable  # noqa: E402
from tests.support.democenter import query, start_democenter  # noqa: E402
from tests.support.procs import free_port, start, stop  # noqa: E402

AGENTS = ("agent1", "agent2")
PROFILES = ("outage", "hostile", "key_lost", "mixed", "clean", "key_rewritten", "hostile",
            "outage")
HOSTILE = (("pass", 4), ("html200", 2), ("empty200", 2), ("huge200", 1), ("conflict409", 1),
           ("fwd_html200", 2), ("fwd_empty200", 1))
WRAPUP = re.compile(r"/interactions/(chaos-(agent\d)-\d+)/wrapup")


class ChaosProxy:
    """Forwards to the center, or fails or lies as the current profile says; logs each write."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.rng = random.Random(0)
        self.down_until = 0.0
        self.hostile = False
        self.lock = threading.Lock()
        self.sent: list[tuple[str, str, str]] = []     # (interaction, its agent, token digest)
        self.lies = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def _any(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
                act = proxy.action(self.command, self.path)
                m = WRAPUP.search(self.path)
                if m and act != "reset":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    with proxy.lock:
                        proxy.sent.append((m.group(1), m.group(2), digest(token)))
                if act == "reset":
                    self.close_connection = True
                    self.connection.close()
                    return
                if act == "503":
                    return self._send(503, "application/json", b'{"error": {"code": "down",'
                                      b' "message": "maintenance"}}')
                status, ctype, data = (200, "", b"")
                if act == "pass" or act.startswith("fwd_"):
                    status, ctype, data = proxy.forward(self.command, self.path, self.headers, body)
                if act != "pass":
                    with proxy.lock:
                        proxy.lies += 1
                if act.endswith("html200"):
                    return self._send(200, "text/html", b"<html>Sign in to the Wi-Fi</html>")
                if act.endswith("empty200"):
                    return self._send(200, "application/json", b"{}")
                if act == "conflict409":
                    return self._send(409, "application/json", b'{"error": {"code": "conflict",'
                                      b' "message": "Proxy says conflict."}}')
                if act == "huge200":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.close_connection = True
                    try:
                        for _ in range(160):                       # 10 MB
                            self.wfile.write(b"[" * 65536)
                    except OSError:
                        pass
                    return
                return self._send(status, ctype, data)

            do_GET = do_POST = do_PUT = do_DELETE = _any

            def _send(self, status, ctype, data):
                self.send_response(status)
                self.send_header("Content-Type", ctype or "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except OSError:
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def action(self, method: str, path: str) -> str:
        with self.lock:
            if time.time() < self.down_until:
                return self.rng.choice(("reset", "503"))
            if not self.hostile or "/sessions" in path:
                return "pass"
            names, weights = zip(*HOSTILE)
            return self.rng.choices(names, weights)[0]

    def forward(self, method, path, headers, body) -> tuple[int, str, bytes]:
        conn = HTTPConnection("127.0.0.1", self.upstream_port, timeout=10)
        try:
            keep = {k: v for k, v in headers.items()
                    if k.lower() in ("authorization", "idempotency-key", "content-type", "accept")}
            conn.request(method, path, body=body or None, headers=keep)
            r = conn.getresponse()
            return r.status, r.getheader("Content-Type", ""), r.read()
        finally:
            conn.close()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:16]


def seed_center(db_path: Path, per_agent: int) -> None:
    now = time.time()
    with sqlite3.connect(db_path, timeout=10) as db:
        db.executemany(
            "INSERT INTO interactions (id, queue_id, caller_number, state, agent_id, entered_at,"
            " ended_at) VALUES (?, 'procurement', '+82215559999', 'ended', ?, ?, ?)",
            [(f"chaos-{a}-{i:03d}", a, now - 100, now) for a in AGENTS for i in range(per_agent)])


def items(outbox: Path) -> list[tuple]:
    if not outbox.exists():
        return []
    with sqlite3.connect(outbox, timeout=10) as db:
        try:
            return db.execute("SELECT id, agent_id, status, idem_key FROM items ORDER BY id"
                              ).fetchall()
        except sqlite3.OperationalError:
            return []


class Bench:
    """One computer (outbox file + keyring service), one center, the trials."""

    def __init__(self, tmp: Path, args: argparse.Namespace) -> None:
        self.tmp, self.args = tmp, args
        self.rng = random.Random(args.seed)
        self.center = start_democenter(tmp, name="center")
        self.proxy = ChaosProxy(self.center.port)
        self.proxy.rng.seed(args.seed + 1)
        self.outbox = tmp / "computer" / "outbox.sqlite"
        self.creds = Credentials(f"agent-softphone-chaos-{uuid.uuid4()}")
        self.next_id = {a: 0 for a in AGENTS}
        self.accepted: dict[str, str] = {}             # interaction id -> agent
        self.sessions: dict[str, str] = {}             # token digest -> agent
        self.r = {"trials": 0, "kills": 0, "profiles": {}, "key_trials": 0,
                  "key_errors_reported": 0, "items_changed_while_key_missing": 0,
                  "worker_failures": 0, "kills_with_writes_pending": 0}

    def worker(self, agent: str, count: int, log: Path, *extra: str):
        env = dict(os.environ, PYTHONPATH=str(ROOT), OUTBOX_PASSWORD="practice")
        cmd = [sys.executable, "-m", "tests.center.outbox_worker", "session",
               "--outbox", str(self.outbox), "--url", self.proxy.url,
               "--login-url", self.center.url, "--service", self.creds.service,
               "--agent", agent, "--count", str(count), "--prefix", f"chaos-{agent}-",
               "--start", str(self.next_id[agent]), "--bad-limit", "3", "--bad-window", "0.5",
               "--max-backoff", "0.4", *extra]
        self.next_id[agent] += count
        return start(cmd, log_path=str(log), env=env, cwd=str(ROOT))

    def harvest(self, log: Path, agent: str) -> str:
        text = log.read_text(errors="replace") if log.exists() else ""
        for line in text.splitlines():
            parts = line.split()
            if parts[:1] == ["ACCEPTED"] and len(parts) == 2:
                self.accepted[parts[1]] = agent
            elif parts[:1] == ["SESSION"] and len(parts) == 3:
                self.sessions[parts[2]] = parts[1]
        return text

    def trial(self, n: int) -> None:
        rng, agent = self.rng, AGENTS[n % 2]
        profile = PROFILES[(n + self.args.seed) % len(PROFILES)]
        before = items(self.outbox)
        if profile.startswith("key") and not any(s == "pending" for _, _, s, _ in before):
            profile = "hostile"                   # nothing would need the key: not a key trial
        self.r["profiles"][profile] = self.r["profiles"].get(profile, 0) + 1
        now = time.time()
        self.proxy.hostile = profile in ("hostile", "mixed")
        self.proxy.down_until = now + rng.uniform(0.3, 1.5) if profile in ("outage", "mixed") else 0
        saved = None
        if profile.startswith("key"):
            saved = self.creds.load_outbox_key()
            if profile == "key_lost":
                self.creds.delete_outbox_key()
            else:
                from cryptography.fernet import Fernet
                self.creds.save_outbox_key(Fernet.generate_key())
            self.r["key_trials"] += 1
        log = self.tmp / f"trial-{n:03d}-{agent}.log"
        proc = self.worker(agent, rng.randint(1, 4), log, "--linger")   # the app stays open
        if saved:       # the worker finds no usable key: it must say so, and touch nothing
            self.key_missing_checks(proc, log, before, rng.uniform(0.1, 1.0))
            self.creds.save_outbox_key(saved)       # IT restores the entry from its backup
        time.sleep(rng.uniform(0.05, 2.0))
        if proc.poll() is None:
            os.killpg(os.getpgid(proc.pid), signal.SIGKILL)
            self.r["kills"] += 1
        else:
            self.r["worker_failures"] += 1
        proc.wait(10)
        self.harvest(log, agent)
        if any(s == "pending" and who == agent for _, who, s, _ in items(self.outbox)):
            self.r["kills_with_writes_pending"] += 1
        self.r["trials"] += 1

    def key_missing_checks(self, proc, log: Path, before: list, hold_s: float) -> None:
        deadline = time.monotonic() + 10
        while ("KEY_ERROR" not in log.read_text(errors="replace") and proc.poll() is None
               and time.monotonic() < deadline):
            time.sleep(0.02)
        time.sleep(hold_s)                         # the key stays missing a while longer
        text = log.read_text(errors="replace")
        if "KEY_ERROR" in text and "Call IT" in text and "Nothing was deleted" in text:
            self.r["key_errors_reported"] += 1
        if items(self.outbox) != before:
            self.r["items_changed_while_key_missing"] += 1

    def finish(self) -> None:
        """Every counselor signs in once more on a clean line; a person resends the Not sent list."""
        self.proxy.hostile, self.proxy.down_until = False, 0
        for agent in AGENTS:
            log = self.tmp / f"final-{agent}.log"
            proc = self.worker(agent, 0, log, "--resend-listed", "--timeout", "40")
            try:
                failed = proc.wait(60) != 0
            except subprocess.TimeoutExpired:
                failed = True
                stop(proc)
            self.r["worker_failures"] += failed
            self.harvest(log, agent)

    def results(self, elapsed: float) -> dict:
        rows = query(self.center.data, "SELECT interaction_id, agent_id, COUNT(*) FROM wrapups"
                                       " WHERE interaction_id LIKE 'chaos-%' GROUP BY"
                                       " interaction_id, agent_id")
        recorded: dict[str, int] = {}
        wrong = 0
        for iid, who, count in rows:
            recorded[iid] = recorded.get(iid, 0) + count
            wrong += count if iid.split("-")[1] != who else 0
        sent_wrong = sum(1 for _, owner, tok in self.proxy.sent      # unknown session: wrong
                         if self.sessions.get(tok) != owner)
        left = items(self.outbox)
        self.r.update(
            seed=self.args.seed, elapsed_s=round(elapsed, 1),
            writes_accepted=len(self.accepted),
            recorded_once=sum(1 for c in recorded.values() if c == 1),
            lost=sum(1 for iid in self.accepted if iid not in recorded),
            duplicated=sum(c - 1 for c in recorded.values() if c > 1),
            wrong_agent=wrong + sent_wrong, wrong_agent_recorded=wrong,
            wrong_agent_sent=sent_wrong, requests_logged=len(self.proxy.sent),
            hostile_or_failed_answers=self.proxy.lies, outbox_left=len(left),
            outbox_left_statuses=sorted({s for _, _, s, _ in left}))
        return self.r

    def close(self) -> None:
        self.proxy.close()
        self.center.stop()
        try:
            self.creds.delete_outbox_key()
        except Exception:
            pass


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--trials", type=int, default=60)
    p.add_argument("--quick", action="store_true", help="16 trials (under a minute)")
    p.add_argument("--seed", type=int, default=20240)
    args = p.parse_args(argv)
    if args.quick:
        args.trials = 16
    if not backend_usable():
        print("no keyring: run under dbus-run-session -- scripts/with-keyring.sh", file=sys.stderr)
        return 2
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="outbox-chaos-") as tmp:
        bench = Bench(Path(tmp), args)
        try:
            seed_center(bench.center.data, per_agent=4 * args.trials + 10)
            for n in range(args.trials):
                bench.trial(n)
            bench.finish()
            r = bench.results(time.monotonic() - started)
        finally:
            bench.close()
    goals = [{"name": "writes lost", "value": r["lost"], "target": 0, "met": r["lost"] == 0},
             {"name": "writes recorded twice", "value": r["duplicated"], "target": 0,
              "met": r["duplicated"] == 0},
             {"name": "writes attributed to (or sent as) the wrong agent", "value": r["wrong_agent"],
              "target": 0, "met": r["wrong_agent"] == 0},
             {"name": "outbox items changed while the key was missing",
              "value": r["items_changed_while_key_missing"], "target": 0,
              "met": r["items_changed_while_key_missing"] == 0},
             {"name": "key trials with a clear error", "value": r["key_errors_reported"],
              "target": r["key_trials"], "met": r["key_errors_reported"] == r["key_trials"]},
             {"name": "items left in the outbox after the last sign-ins", "value": r["outbox_left"],
              "target": 0, "met": r["outbox_left"] == 0},
             {"name": "kill -9 trials", "value": r["kills"], "target": ">= 50 (full run)",
              "met": args.quick or r["kills"] >= 50},
             {"name": "workers that died or timed out by themselves",
              "value": r["worker_failures"], "target": 0, "met": r["worker_failures"] == 0},
             {"name": "writes accepted (the run exercised the outbox)",
              "value": r["writes_accepted"], "target": f">= {args.trials}",
              "met": r["writes_accepted"] >= args.trials}]
    print(json.dumps({"benchmark": "outbox_chaos", "results": r, "goals": goals}, indent=1))
    return 0 if all(g["met"] for g in goals) else 1


if __name__ == "__main__":
    raise SystemExit(main())
