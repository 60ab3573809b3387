"""The practice center's simulated colleagues and its outside world: SIP users who answer, and their presence.

Run: ``python -m democenter.colleagues --db FILE --proxy HOST:PORT --domain D [--seed N]
[--presence-every S] [--answer-after S] [--max-call-s S]``. Registers each colleague of
democenter/directory_data.py (2001 shift lead, 2002 senior counselor, 2003 legal team, 2004
IT help desk) and ``gateway`` at the registrar (digest password, when it asks, from env
COLLEAGUES_SIP_PASSWORD), prints ``COLLEAGUES READY sip=127.0.0.1:PORT`` once all are
registered; SIGTERM stops it cleanly (everyone offline, calls ended, unregistered).

A colleague answers after ``--answer-after`` seconds with a voice (caller_<lang>.wav,
package data), records nothing, refuses to follow a REFER and stays in transferred and
conference calls; every call ends after ``--max-call-s``. By presence: available answers;
on a call answers 486 unless the call is a transfer (Referred-By or Replaces); on break
rings ``BREAK_RING_S`` and answers 480; offline answers 480 at once. Presence is written to
the database (``colleague_presence``/``presence_log``, read by GET /directory/presence):
``on_call`` while in a call, and every ``--presence-every`` seconds on average (seeded; 0:
never) one available colleague goes on a break or offline for a while.
The gateway plays the outside world by the rules of democenter/gateway.py.
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import logging
import os
import random
import re
import signal
import sqlite3
import sys
import time
from collections import Counter
from importlib.resources import files
from pathlib import Path

from democenter import db, directory, gateway
from democenter.colleagues_sip import STATE_CONFIRMED, STATE_DISCONNECTED, Call, Phones
from democenter.directory_data import BY_EXTENSION, COLLEAGUES

log = logging.getLogger("democenter.colleagues")
SOUNDS = Path(str(files("softphone.resources") / "sounds"))
GATEWAY = "gateway"
BREAK_RING_S = 8.0          # a colleague on a break lets it ring, then 480
MAX_CALLS_EACH = 3
PRUNE_EVERY_S = 600.0
_HEADER = re.compile(r"^([A-Za-z0-9-]+)\s*:\s*(.*)$")


def headers_of(whole_msg: str) -> dict[str, str]:
    """The request's headers (lower-case names; the first value wins)."""
    out: dict[str, str] = {}
    for line in whole_msg.split("\r\n\r\n", 1)[0].split("\r\n")[1:]:
        m = _HEADER.match(line)
        if m and m.group(1).lower() not in out:
            out[m.group(1).lower()] = m.group(2).strip()
    return out


def dialed_number(headers: dict[str, str]) -> str:
    """What the caller dialed: the registrar's X-Dialed, else the To URI's user part."""
    if headers.get("x-dialed"):
        return headers["x-dialed"]
    m = re.search(r"sips?:([^@;>]+)@", headers.get("to", headers.get("t", "")))
    return m.group(1) if m else ""


class Colleagues:
    """The colleagues' and the gateway's behaviour over :class:`Phones`. Driven by :meth:`run`."""

    def __init__(self, conn: sqlite3.Connection, phones: Phones, *, seed: int = 0,
                 presence_every: float = 120.0, answer_after: float = 1.0,
                 max_call_s: float = 300.0, sounds: Path = SOUNDS,
                 no_answer_s: float = gateway.NO_ANSWER_S) -> None:
        self.conn, self.phones = conn, phones
        self.seed, self.rng = seed, random.Random(seed)
        self.presence_every, self.answer_after = presence_every, answer_after
        self.max_call_s, self.sounds, self.no_answer_s = max_call_s, sounds, no_answer_s
        self.base = {c.extension: "available" for c in COLLEAGUES}   # without calls
        self.away_until: dict[str, float] = {}
        self.written: dict[str, str] = {}
        self.calls: list[Call] = []
        self.attempts: Counter = Counter()           # gateway: calls per number
        self._timers: list = []
        self._seq = itertools.count()
        self.stopping = False
        self._next_drift = self._draw_drift(time.monotonic())
        self._next_prune = 0.0
        self._warned: set[str] = set()

    # ------------------------------------------------------------------ loop
    def run(self) -> None:
        while not self.stopping:
            self.phones.poll(10)
            self.step(time.monotonic())

    def step(self, now: float) -> None:
        self._handle_events(now)
        while self._timers and self._timers[0][0] <= now:
            _, _, fn, args = heapq.heappop(self._timers)
            try:
                fn(*args)
            except Exception as exc:  # noqa: BLE001 - one bad call must not stop the rest
                log.exception("scheduled action failed: %s", exc)
        self._drift(now)
        self.write_presence()
        if now >= self._next_prune:
            self._next_prune = now + PRUNE_EVERY_S
            self._db(directory.prune_log, self.conn)

    def _later(self, delay: float, fn, *args) -> None:
        heapq.heappush(self._timers, (time.monotonic() + delay, next(self._seq), fn, args))

    def _db(self, fn, *args) -> bool:
        try:
            fn(*args)
            return True
        except sqlite3.Error as exc:
            if str(exc) not in self._warned:          # once per distinct problem
                self._warned.add(str(exc))
                log.error("writing presence failed: %s (retrying; check the database file)",
                          exc)
            return False

    # ------------------------------------------------------------------ presence
    def _live(self, ext: str) -> list[Call]:
        return [c for c in self.calls if c.user == ext and not c.ended]

    def presence(self, ext: str) -> str:
        if any(c.confirmed for c in self._live(ext)):
            return "on_call"
        return self.base[ext]

    def write_presence(self, force: str = "") -> None:
        for c in COLLEAGUES:
            now = force or self.presence(c.extension)
            if self.written.get(c.extension) != now and self._db(
                    directory.set_colleague_presence, self.conn, c.entry_id, now):
                self.written[c.extension] = now

    def _draw_drift(self, now: float) -> float:
        if self.presence_every <= 0:
            return float("inf")
        return now + self.rng.expovariate(1.0 / self.presence_every)

    def _drift(self, now: float) -> None:
        for ext, until in list(self.away_until.items()):
            if now >= until:
                del self.away_until[ext]
                self.base[ext] = "available"
                log.info("%s is back (available)", ext)
        if now < self._next_drift:
            return
        self._next_drift = self._draw_drift(now)
        free = [c for c in COLLEAGUES if self.base[c.extension] == "available"
                and not self._live(c.extension) and c.takes_breaks]
        if not free:
            return
        who = self.rng.choice(free)
        offline = who.goes_offline and self.rng.random() < 0.25
        span = self.rng.uniform(1.0, 2.0) if offline else self.rng.uniform(0.5, 1.5)
        self.base[who.extension] = "offline" if offline else "break"
        self.away_until[who.extension] = now + span * self.presence_every
        log.info("%s goes %s", who.extension, self.base[who.extension])

    # ------------------------------------------------------------------ SIP events
    def _handle_events(self, now: float) -> None:
        events = self.phones.events
        while events:
            ev = events.popleft()
            try:
                if ev[0] == "reg":
                    self.phones.registered[ev[1]] = bool(ev[3]) and ev[2] // 100 == 2
                elif ev[0] == "incoming":
                    self._incoming(*ev[1:])
                elif ev[0] == "state":
                    self._on_state(*ev[1:])
                elif ev[0] == "media":
                    self._on_media(ev[1])
                elif ev[0] == "replaced":
                    self._replaced(*ev[1:])
            except Exception as exc:  # noqa: BLE001 - one bad event must not stop the rest
                log.exception("handling SIP event %s failed: %s", ev[0], exc)

    def _incoming(self, user: str, call: Call, whole_msg: str) -> None:
        self.calls.append(call)
        headers = headers_of(whole_msg)
        if user == GATEWAY:
            self._outside(call, headers)
            return
        who = BY_EXTENSION.get(user)
        call.voice = self._voice(who.language if who else "en")
        base, live = self.base.get(user, "offline"), self._live(user)
        transfer = "referred-by" in headers or "b" in headers or "replaces" in headers
        if base == "offline":
            self._later(0, self.phones.respond, call, 480)
        elif len(live) > MAX_CALLS_EACH or (len(live) > 1 and not transfer):
            self._later(0, self.phones.respond, call, 486)
        elif base == "break":
            self._later(0, self.phones.respond, call, 180)
            self._later(BREAK_RING_S, self.phones.respond, call, 480)
        else:
            self._later(0, self.phones.respond, call, 180)
            self._later(self.answer_after, self.phones.respond, call, 200)

    def _outside(self, call: Call, headers: dict[str, str]) -> None:
        number = gateway.normalize(dialed_number(headers))
        self.attempts[number] += 1
        customers = {gateway.normalize(r[0]): r[1] or "en" for r in self.conn.execute(
            "SELECT number, language FROM customers").fetchall()}
        out = gateway.outcome(number, customers=customers, attempt=self.attempts[number],
                              seed=self.seed, no_answer_s=self.no_answer_s)
        call.voice = self._voice(out.language)
        log.info("gateway: a call to %s... -> %d after %.1f s", number[:6], out.code,
                 out.ring_s)
        if out.ring_s <= 0:
            self._later(0, self.phones.respond, call, out.code)
            return
        self._later(0, self.phones.respond, call, 180)
        if out.ring_s != gateway.NEVER:
            self._later(out.ring_s, self.phones.respond, call, out.code)

    def _voice(self, lang: str) -> str:
        wav = self.sounds / f"caller_{lang}.wav"
        if not wav.exists():
            wav = self.sounds / "caller_en.wav"
        if not wav.exists():
            if "voice" not in self._warned:
                self._warned.add("voice")
                log.warning("no voices in %s: build them with `python -m "
                            "softphone.resources_build`; calls stay silent", self.sounds)
            return ""
        return str(wav)

    def _on_state(self, call: Call, state: int, code: int) -> None:
        if state == STATE_CONFIRMED and not call.confirmed and not call.ended:
            call.confirmed = True
            self._later(self.max_call_s, self.phones.hangup, call)
            self._on_media(call)
        elif state == STATE_DISCONNECTED and not call.ended:
            self.phones.release(call)
            if call in self.calls:
                self.calls.remove(call)
            # no reference may outlive the call (its pjsua slot is reused: PJSUA2_NOTES.md)
            self._timers = [t for t in self._timers if call not in t[3]]
            heapq.heapify(self._timers)

    def _on_media(self, call: Call) -> None:
        if call.confirmed and not call.ended:
            self.phones.attach_voice(call)

    def _replaced(self, old: Call, new: Call) -> None:
        new.voice = old.voice
        if new not in self.calls:
            self.calls.append(new)
        log.info("%s: a call was replaced (attended transfer)", old.user)

    # ------------------------------------------------------------------ stop
    def close(self) -> None:
        self._timers.clear()
        self.phones.shutdown(self.calls)
        self.written.clear()
        self.write_presence("offline")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m democenter.colleagues",
                                description=__doc__.split("\n")[0])
    p.add_argument("--db", required=True, help="the practice center's SQLite file")
    p.add_argument("--proxy", required=True, help="the registrar/proxy HOST:PORT (Kamailio)")
    p.add_argument("--domain", required=True, help="the SIP domain of the center")
    p.add_argument("--sip-port", type=int, default=0, help="UDP port on 127.0.0.1 (0: any)")
    p.add_argument("--seed", type=int, default=0, help="random seed (presence, customers)")
    p.add_argument("--presence-every", type=float, default=120.0, metavar="S",
                   help="mean seconds between presence changes (0: none)")
    p.add_argument("--answer-after", type=float, default=1.0, metavar="S")
    p.add_argument("--max-call-s", type=float, default=300.0, metavar="S",
                   help="a colleague or the outside world hangs up after this long")
    p.add_argument("--no-answer-s", type=float, default=gateway.NO_ANSWER_S, metavar="S",
                   help="a practice customer who does not pick up rings this long, then 480")
    p.add_argument("--sounds", default=str(SOUNDS), help="caller_<lang>.wav's folder")
    p.add_argument("--timeout", type=float, default=15.0, help="registration limit, seconds")
    p.add_argument("--sip-log", type=int, default=1, help="pjsua2 log level (0-3)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s colleagues %(levelname)s %(message)s")
    sys.setswitchinterval(0.001)
    conn = db.connect(args.db)
    db.migrate(conn)
    phones = Phones([c.extension for c in COLLEAGUES] + [GATEWAY], proxy=args.proxy,
                    domain=args.domain, password=os.environ.get("COLLEAGUES_SIP_PASSWORD", ""),
                    port=args.sip_port, log_level=args.sip_log)
    team = Colleagues(conn, phones, seed=args.seed, presence_every=args.presence_every,
                      answer_after=args.answer_after, max_call_s=args.max_call_s,
                      sounds=Path(args.sounds), no_answer_s=args.no_answer_s)

    def _stop(signum, frame):  # noqa: ARG001
        team.stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        port = phones.start()
        deadline = time.monotonic() + args.timeout
        while not all(phones.registered.values()) and not team.stopping:
            if time.monotonic() > deadline:
                missing = sorted(u for u, ok in phones.registered.items() if not ok)
                print(f"COLLEAGUES FAILED not registered at {args.proxy}: {missing}",
                      file=sys.stderr, flush=True)
                return 2
            phones.poll(20)
            team._handle_events(time.monotonic())
        team.write_presence()
        print(f"COLLEAGUES READY sip=127.0.0.1:{port}", flush=True)
        team.run()
        return 0
    finally:
        for s in (signal.SIGTERM, signal.SIGINT):   # a second signal must not cut the stop
            signal.signal(s, signal.SIG_IGN)
        team.close()
        conn.close()


if __name__ == "__main__":
    sys.exit(main())
