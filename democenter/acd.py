"""The practice center's queue (ACD): simulated callers wait, then ring the longest-idle agent.

Run: ``python -m democenter.acd --db FILE [--sip-port 0] [--proxy HOST:PORT --domain D]
[--rate PER_MIN] [--abusive-share F] [--patience S] [--seed N] [--record-dir DIR]``. Prints
``ACD READY sip=127.0.0.1:PORT`` once listening; SIGTERM stops it cleanly.

Routing: with ``--proxy`` every offer goes to ``sip:<agents.sip_username>@<domain>`` through
the proxy, From the caller's number in that domain; Kamailio relays it as from a trusted
trunk (caller numbers are not accounts there). If the proxy challenges anyway, the ACD
answers with ``--auth-user`` (default none; password from env ACD_SIP_PASSWORD). Without a
proxy, offers go straight to ``agents.contact_uri``.

One thread does everything: it polls pjsua2 (``libHandleEvents``), acts on the SIP events
the callbacks queued, and every ``DB_POLL_S`` reads commands, lets callers arrive, give up,
and be offered. Callers exist only in this process: the database mirrors their state for
the API (``interactions``: waiting -> offered -> connected -> ended, or -> abandoned).
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import signal
import sqlite3
import sys
import time
from importlib.resources import files
from pathlib import Path

from democenter import acd_store as store
from democenter import db
from democenter.acd_callers import Arrivals, Caller, CallerFactory
from democenter.acd_sip import STATE_CONFIRMED, STATE_DISCONNECTED, Offer, SipEndpoint

log = logging.getLogger("democenter.acd")

DB_POLL_S = 0.1
DECLINE_HOLDOFF_S = 30.0      # an agent who rejected a caller is not offered it again for this
BUSY_CODES = (486, 600, 603)  # the agent refused: try another agent, agent stays Ready
SOUNDS = Path(str(files("softphone.resources") / "sounds"))   # callers' voices (package data)


class Acd:
    """Callers, offers and their mirror in the database. Driven by :meth:`run`."""

    def __init__(self, conn: sqlite3.Connection, sip: SipEndpoint, *, rate_per_min: float,
                 patience_s: float, seed: int | None, sounds: Path = SOUNDS,
                 record_dir: str = "", max_talk_s: float = 0.0,
                 abusive_share: float = 0.0) -> None:
        self.conn, self.sip = conn, sip
        rng = random.Random(seed)
        self.factory = CallerFactory(rng, patience_s, abusive_share)
        self.arrivals = Arrivals(rate_per_min, rng, time.monotonic())
        self.sounds, self.record_dir, self.max_talk_s = sounds, record_dir, max_talk_s
        self.callers: dict[str, Caller] = {}      # interaction id -> caller (until it ends)
        self.offers: list[Offer] = []             # offers whose call is not yet released
        self.stopping = False
        self._next_poll = 0.0
        self._warned: set[str] = set()

    # ------------------------------------------------------------------ loop
    def run(self) -> None:
        while not self.stopping:
            self.sip.poll(10)
            self.step(time.monotonic())
        self.close()

    def step(self, now: float) -> None:
        self._handle_sip_events(now)
        if now < self._next_poll:
            return
        self._next_poll = now + DB_POLL_S
        for action in (self._run_commands, self._arrive, self._give_up, self._ring_timeouts,
                       self._talk_limits, self._distribute):
            try:
                action(now)
            except Exception as exc:  # noqa: BLE001 - keep the queue running; retried
                what = f"{action.__name__.strip('_')} failed: {exc}"
                if what not in self._warned:          # once per distinct problem
                    self._warned.add(what)
                    log.error("%s (retrying every %.1f s; check the database file)",
                              what, DB_POLL_S)

    # ------------------------------------------------------------------ arrivals
    def _arrive(self, now: float) -> None:
        for _ in range(self.arrivals.due(now)):
            self.add_caller(now)

    def add_caller(self, now: float, **kw) -> Caller:
        queues, cust = store.queue_ids(self.conn), None
        if kw.get("customer_id"):
            cust = store.customer(self.conn, kw["customer_id"])
            if cust is None:
                raise ValueError(f"unknown customer {kw['customer_id']!r}")
        elif kw.get("number"):
            cust = store.customer_by_number(self.conn, kw["number"]) or self.factory.unknown(
                kw.get("language", "en"), kw["number"], kw.get("name"))
        if kw.get("queue_id") and kw["queue_id"] not in queues:
            raise ValueError(f"unknown queue {kw['queue_id']!r}")
        if kw.get("abusive") not in (None, True, False):
            raise ValueError("abusive is true or false")
        caller = self.factory.make(queues=queues, customers=store.customers(self.conn),
                                   now=now, queue_id=kw.get("queue_id"), customer=cust,
                                   patience_s=kw.get("patience_s"), abusive=kw.get("abusive"))
        caller.while_busy = kw.get("while_busy") is True
        store.create_interaction(self.conn, caller.interaction_id, caller.queue_id,
                                 caller.customer, caller.ivr_path,
                                 caller_kind=caller.caller_kind)
        self.callers[caller.interaction_id] = caller
        log.info("caller %s entered queue %s%s", caller.interaction_id, caller.queue_id,
                 " (abusive)" if caller.abusive else "")
        return caller

    def _run_commands(self, now: float) -> None:
        for cid, kind, args in store.take_commands(self.conn):
            try:
                if kind == "call":
                    allowed = ("queue_id", "customer_id", "number", "name", "language",
                               "patience_s", "abusive", "while_busy")
                    result = self.add_caller(now, **{k: args[k] for k in allowed
                                                     if k in args}).interaction_id
                elif kind == "hangup":
                    result = self.hangup_caller(str(args.get("interaction_id", "")))
                else:
                    result = f"error: unknown command {kind!r}"
            except (ValueError, TypeError, KeyError) as exc:
                result = f"error: {exc}"
            store.finish_command(self.conn, cid, result)

    def hangup_caller(self, interaction_id: str) -> str:
        caller = self.callers.get(interaction_id)
        if caller is None or not caller.connected or caller.offer is None:
            return "error: no connected call with that interaction id"
        self.sip.hangup(caller.offer)
        return interaction_id

    # ------------------------------------------------------------------ waiting
    def _give_up(self, now: float) -> None:
        for caller in list(self.callers.values()):
            if caller.connected or now < caller.gives_up_at():
                continue
            offer = caller.offer
            if offer is not None:
                offer.outcome = "abandoned"
                self.sip.hangup(offer)
                store.set_agent_state(self.conn, offer.agent_id, "ready",
                                      since=offer.ready_since, expect=store.FROM_RINGING)
            store.set_interaction(self.conn, caller.interaction_id, "abandoned",
                                  expect=("waiting", "offered"))
            del self.callers[caller.interaction_id]
            log.info("caller %s abandoned after %.0f s", caller.interaction_id,
                     now - caller.entered)

    def _ring_timeouts(self, now: float) -> None:
        for offer in list(self.offers):
            if offer.outcome or offer.disconnected or now < offer.ring_deadline:
                continue
            offer.outcome = "missed"
            self.sip.hangup(offer)
            store.set_agent_state(self.conn, offer.agent_id, "not_ready", reason="missed",
                                  expect=store.FROM_RINGING)
            self._requeue(offer.caller)
            log.info("agent %s did not answer %s: not ready (missed)", offer.agent_id,
                     offer.caller.interaction_id)

    def _talk_limits(self, now: float) -> None:
        if self.max_talk_s <= 0:
            return
        for offer in self.offers:
            if offer.outcome == "connected" and now - offer.connected_at >= self.max_talk_s:
                offer.outcome = "caller_hung_up"
                self.sip.hangup(offer)

    def _requeue(self, caller: Caller) -> None:
        caller.offer = None
        if caller.interaction_id in self.callers:
            store.set_interaction(self.conn, caller.interaction_id, "waiting",
                                  expect=("offered",))

    def _distribute(self, now: float) -> None:
        waiting = sorted((c for c in self.callers.values() if c.offer is None),
                         key=lambda c: c.entered)
        for caller in waiting:
            held = {a for a, until in caller.declined.items() if until > now}
            for agent in store.ready_agents(self.conn, caller.queue_id, held, caller.while_busy):
                target = self._target(agent)
                if not target:
                    continue
                since = store.claim_agent(self.conn, agent.id, caller.interaction_id)
                if since is None:
                    continue
                timeout = store.ring_timeout(self.conn, caller.queue_id)
                offer = Offer(caller=caller, agent_id=agent.id, ring_deadline=now + timeout,
                              ready_since=since)
                caller.offer = offer
                self.offers.append(offer)
                try:
                    self.sip.offer(offer, target, caller_number=caller.customer.number,
                                   caller_name=caller.customer.name,
                                   interaction_id=caller.interaction_id,
                                   queue_id=caller.queue_id)
                except Exception as exc:  # noqa: BLE001 - pj.Error, bad URI
                    log.error("could not call agent %s (%s); marking not ready", agent.id, exc)
                    offer.outcome, offer.disconnected = "failed", True
                    self._release(offer)
                    store.set_agent_state(self.conn, agent.id, "not_ready", reason="missed",
                                          expect=store.FROM_RINGING)
                    self._requeue(caller)
                    continue
                log.info("offering %s to agent %s", caller.interaction_id, agent.id)
                break

    def _target(self, agent: store.Agent) -> str:
        if self.sip.proxy:
            return f"sip:{agent.sip_username}@{self.sip.domain}"
        if agent.contact_uri.startswith(("sip:", "sips:")):
            return agent.contact_uri
        if agent.id not in self._warned:
            self._warned.add(agent.id)
            log.warning("agent %s is ready but has no contact_uri and no proxy is configured: "
                        "start the ACD with --proxy or register the agent", agent.id)
        return ""

    # ------------------------------------------------------------------ SIP events
    def _handle_sip_events(self, now: float) -> None:
        events = self.sip.events
        while events:
            ev = events.popleft()
            try:
                if ev[0] == "state":
                    self._on_state(now, *ev[1:])
                elif ev[0] == "media":
                    self._on_media(*ev[1:])
                elif ev[0] == "incoming":
                    self.sip.refuse_incoming(ev[1])
            except Exception as exc:  # noqa: BLE001 - one bad event must not stop the queue
                log.exception("handling SIP event %s failed: %s", ev[0], exc)

    def _on_state(self, now: float, offer: Offer | None, call, state: int, code: int) -> None:
        if offer is None:                     # a refused incoming call
            if state == STATE_DISCONNECTED:
                self.sip.forget_refused(call)
            return
        caller = offer.caller
        if state == STATE_CONFIRMED and not offer.outcome:
            offer.outcome, offer.connected_at = "connected", now
            caller.connected = True
            store.set_interaction(self.conn, caller.interaction_id, "connected",
                                  expect=("offered",))
            store.set_agent_state(self.conn, offer.agent_id, "on_call",
                                  expect=store.FROM_RINGING)
            log.info("agent %s answered %s", offer.agent_id, caller.interaction_id)
            self._on_media(offer, call)
        elif state == STATE_CONFIRMED and offer.outcome in ("missed", "abandoned", "shutdown"):
            self.sip.hangup(offer)            # answered just as we gave up: end it
        elif state == STATE_DISCONNECTED and not offer.disconnected:
            offer.disconnected = True
            self._on_disconnected(offer, code)
            self._release(offer)

    def _on_disconnected(self, offer: Offer, code: int) -> None:
        caller = offer.caller
        if caller.connected and caller.offer is offer:
            offer.outcome = "ended"
            store.set_interaction(self.conn, caller.interaction_id, "ended",
                                  expect=("connected",))
            store.set_agent_state(self.conn, offer.agent_id, "wrap_up", call_ended=True,
                                  expect=store.FROM_ON_CALL)
            self.callers.pop(caller.interaction_id, None)
            log.info("%s ended (agent %s to wrap-up)", caller.interaction_id, offer.agent_id)
        elif not offer.outcome:               # refused or unreachable before answering
            offer.outcome = f"failed {code}"
            if code in BUSY_CODES:
                caller.declined[offer.agent_id] = time.monotonic() + DECLINE_HOLDOFF_S
                store.set_agent_state(self.conn, offer.agent_id, "ready",
                                      expect=store.FROM_RINGING)
            else:
                store.set_agent_state(self.conn, offer.agent_id, "not_ready",
                                      reason="missed", expect=store.FROM_RINGING)
            log.info("agent %s did not take %s (SIP %s): re-queued", offer.agent_id,
                     caller.interaction_id, code)
            self._requeue(caller)

    def _on_media(self, offer: Offer | None, call) -> None:
        if offer is None or offer.outcome != "connected":
            return
        caller = offer.caller
        best, *others = [self.sounds / v for v in caller.voices()]
        wav = next((p for p in (best, *others) if p.exists()), None)
        if wav != best and best.name not in self._warned:
            self._warned.add(best.name)
            log.warning("caller audio %s is missing: build it with `python -m "
                        "softphone.resources_build`", best)
        rec = (os.path.join(self.record_dir, f"{caller.interaction_id}.wav")
               if self.record_dir else None)
        self.sip.attach_media(offer, call, str(wav) if wav else None, rec)

    def _release(self, offer: Offer) -> None:
        self.sip.release(offer)
        if offer in self.offers:
            self.offers.remove(offer)

    # ------------------------------------------------------------------ shutdown
    def close(self) -> None:
        """End every call and leave the database truthful; then tear pjsua2 down."""
        for offer in list(self.offers):
            if offer.disconnected:
                continue
            if not offer.outcome:             # still ringing: the agent did nothing wrong
                offer.outcome = "shutdown"
                store.at_shutdown(store.set_agent_state, self.conn, offer.agent_id, "ready",
                                  since=offer.ready_since, expect=store.FROM_RINGING)
            self.sip.hangup(offer)
        deadline = time.monotonic() + 2.0
        while any(not o.disconnected for o in self.offers) and time.monotonic() < deadline:
            self.sip.poll(10)
            self._handle_sip_events(time.monotonic())
        for caller in list(self.callers.values()):
            offer = caller.offer
            if caller.connected and offer is not None and not offer.disconnected:
                offer.disconnected = True     # no BYE confirmation in time: end it anyway
                store.at_shutdown(self._on_disconnected, offer, 0)
            store.at_shutdown(store.set_interaction, self.conn, caller.interaction_id,
                              "abandoned", expect=("waiting", "offered"))
        self.callers.clear()
        for offer in list(self.offers):
            self._release(offer)
        self.sip.shutdown()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m democenter.acd", description=__doc__.split(
        "\n")[0])
    p.add_argument("--db", required=True, help="the practice center's SQLite file")
    p.add_argument("--sip-port", type=int, default=0, help="UDP port on 127.0.0.1 (0: any)")
    p.add_argument("--proxy", default="", help="SIP proxy HOST:PORT (Kamailio); empty: "
                   "send INVITEs to agents.contact_uri")
    p.add_argument("--domain", default="", help="SIP domain of the agents (with --proxy)")
    p.add_argument("--auth-user", default="", help="digest user if the proxy challenges "
                   "(password in env ACD_SIP_PASSWORD)")
    p.add_argument("--rate", type=float, default=2.0, help="callers per minute (0: none)")
    p.add_argument("--abusive-share", type=float, default=0.0,
                   help="share of arrivals who are abusive practice callers (0..1)")
    p.add_argument("--patience", type=float, default=120.0, help="seconds a caller waits")
    p.add_argument("--seed", type=int, default=None, help="random seed (repeatable callers)")
    p.add_argument("--max-talk", type=float, default=0.0, help="callers hang up after S (0: never)")
    p.add_argument("--record-dir", default="", help="record what agents say, one WAV per call")
    p.add_argument("--sounds", default=str(SOUNDS), help="caller_/abusive_<lang>.wav's folder")
    p.add_argument("--sip-log", type=int, default=1, help="pjsua2 log level (0-6)")
    args = p.parse_args(argv)
    if args.proxy and not args.domain:
        p.error("--proxy needs --domain (the agents' SIP domain)")
    if not 0.0 <= args.abusive_share <= 1.0:
        p.error("--abusive-share is a share between 0 and 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s acd %(levelname)s %(message)s")
    sys.setswitchinterval(0.001)
    conn = db.connect(args.db)
    store.ensure_schema(conn)
    n = store.recover_after_restart(conn)
    if n:
        log.info("closed %d interactions left open by a previous run", n)
    if args.record_dir:
        os.makedirs(args.record_dir, exist_ok=True)
    sip = SipEndpoint(port=args.sip_port, proxy=args.proxy, domain=args.domain,
                      auth_user=args.auth_user,
                      auth_password=os.environ.get("ACD_SIP_PASSWORD", ""),
                      log_level=args.sip_log)
    acd = Acd(conn, sip, rate_per_min=args.rate, patience_s=args.patience, seed=args.seed,
              sounds=Path(args.sounds), record_dir=args.record_dir, max_talk_s=args.max_talk,
              abusive_share=args.abusive_share)

    def _stop(signum, frame):  # noqa: ARG001
        acd.stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        port = sip.start()
    except Exception as exc:  # noqa: BLE001
        print(f"ACD FAILED could not start SIP on 127.0.0.1:{args.sip_port}: {exc}. "
              "Pick another --sip-port (0 = any free port).", file=sys.stderr, flush=True)
        return 2
    print(f"ACD READY sip=127.0.0.1:{port}", flush=True)
    try:
        acd.run()
    finally:
        conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
