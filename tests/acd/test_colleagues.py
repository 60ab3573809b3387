"""The simulated colleagues and the outside world, through real parts: Kamailio with the gateway route, the practice center, ``python -m democenter.colleagues`` and a pjsua2 dialer."""

from __future__ import annotations

import signal
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from democenter import db
from democenter.gateway import NEVER, customer_answers, normalize, outcome
from democenter.seed import CUSTOMERS
from softphone.center.client import CenterApi
from tests.support.colleagues import ColleaguesProc, Dialer, kamailio_users
from tests.support.democenter import start_democenter
from tests.support.kamailio import Kamailio
from tests.support.procs import wait_for

AGENT = ("agent1", "pw-agent1")          # the dialer's SIP account at Kamailio
SEED = 7                                 # tests/support/colleagues.py starts it with --seed 7


@dataclass
class World:
    kam: Kamailio
    center: object
    team: ColleaguesProc
    tmp: Path
    dialers: list = field(default_factory=list)

    def dial(self, target: str, hangup_after: float = 0.0, name: str = "") -> Dialer:
        d = Dialer(self.kam, self.tmp, target, user=AGENT[0], password=AGENT[1],
                   hangup_after=hangup_after, name=name)
        self.dialers.append(d)
        return d


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("colleagues")
    kam = Kamailio(tmp, users={AGENT[0]: AGENT[1], **kamailio_users()}).start()
    center = team = None
    w = None
    try:
        center = start_democenter(tmp, "--sip-proxy", kam.registrar("udp"),
                                  "--sip-domain", kam.domain)
        team = ColleaguesProc(center.data, kam, tmp, "--presence-every", "0",
                              "--no-answer-s", "2")
        w = World(kam, center, team, tmp)
        yield w
    finally:
        for d in (w.dialers if w else []):
            d.stop()
        if team is not None:
            assert team.terminate() == 0
            text = team.log.read_text(errors="replace")
            assert "Traceback" not in text and "Assertion" not in text, text[-3000:]
        if center is not None:
            center.stop()
        kam.stop()


def _answered(d: Dialer, timeout: float = 15.0) -> dict:
    return d.wait("state", lambda e: e["state"] == "CONFIRMED", timeout=timeout)


@pytest.mark.slow
def test_a_colleague_answers_after_about_a_second_with_a_voice(world):
    call = world.dial("2001", hangup_after=2.0)
    started = call.wait("started")["t"]
    ringing = call.wait("state", lambda e: e["code"] == 180)
    answered = _answered(call)
    assert 0.8 <= answered["t"] - started < 4.0, answered["t"] - started
    assert ringing["t"] < answered["t"]
    end = call.wait("disconnected", timeout=15)
    assert end["code"] == 200 and end["rtp"] > 40, end       # ~50 packets a second


@pytest.mark.slow
@pytest.mark.parametrize("number,code", [("+8225550486", 486), ("+8225550603", 603),
                                         ("+8225550404", 404), ("025550486", 486)])
def test_special_numbers_give_fixed_answers(world, number, code):
    call = world.dial(number, name=f"special-{number}")
    end = call.wait("disconnected", timeout=15)
    assert end["code"] == code and not call.events("media"), call.events()


@pytest.mark.slow
def test_the_never_answering_number_rings_until_the_caller_gives_up(world):
    call = world.dial("+8225550408")
    call.wait("state", lambda e: e["code"] == 180)
    time.sleep(3.0)
    assert not [e for e in call.events("state") if e["state"] == "CONFIRMED"]
    call.hangup()
    assert call.wait("disconnected", timeout=10)["code"] == 487     # Request Terminated


@pytest.mark.slow
def test_any_other_number_answers_with_a_voice(world):
    call = world.dial("+8225559999", hangup_after=1.5)
    _answered(call)
    assert call.wait("disconnected", timeout=15)["rtp"] > 20


@pytest.mark.slow
def test_practice_customers_answer_by_the_seeded_pattern(world):
    numbers = [c[2] for c in CUSTOMERS]
    picks_up = next(n for n in numbers if customer_answers(n, 1, SEED))
    second_try = next(n for n in numbers if not customer_answers(n, 1, SEED)
                      and customer_answers(n, 2, SEED))
    call = world.dial(picks_up, hangup_after=1.0, name="customer-yes")
    _answered(call)
    assert call.wait("disconnected", timeout=15)["code"] == 200
    first = world.dial(second_try, name="customer-first")
    first.wait("state", lambda e: e["code"] == 180)
    assert first.wait("disconnected", timeout=15)["code"] == 480    # rang 2 s: no answer
    again = world.dial(second_try, hangup_after=1.0, name="customer-again")
    _answered(again)
    assert again.wait("disconnected", timeout=15)["rtp"] > 10


@pytest.mark.slow
def test_a_colleague_on_a_call_is_busy_for_another_call(world):
    talking = world.dial("2003", hangup_after=6.0, name="2003-first")
    _answered(talking)
    second = world.dial("2003", name="2003-second")
    assert second.wait("disconnected", timeout=10)["code"] == 486
    assert talking.wait("disconnected", timeout=15)["code"] == 200


@pytest.mark.slow
def test_a_waiting_client_sees_a_colleagues_presence_change_within_two_seconds(world):
    api = CenterApi(world.center.url)
    api.login("agent3", "practice")
    try:
        start = api.presence(0)
        assert dict((c.id, c.presence) for c in start.changes)["colleague:2002"] == "available"
        got: list = []

        def poll() -> None:         # other colleagues may change first: read on until 2002
            version, deadline = start.version, time.time() + 12
            while time.time() < deadline:
                page = api.presence(version, wait_s=7)
                version = page.version
                if ("colleague:2002", "on_call") in [(c.id, c.presence) for c in page.changes]:
                    got.extend((page, time.time()))
                    return
        waiter = threading.Thread(target=poll)
        waiter.start()
        time.sleep(0.5)
        call = world.dial("2002", hangup_after=2.0)
        answered = _answered(call)
        waiter.join(15)
        page, seen = got
        assert ("colleague:2002", "on_call") in [(c.id, c.presence) for c in page.changes]
        assert seen - answered["t"] < 2.0, seen - answered["t"]
        call.wait("disconnected", timeout=15)
        back = api.presence(page.version, wait_s=7)
        assert ("colleague:2002", "available") in [(c.id, c.presence) for c in back.changes]
    finally:
        api.close()


@pytest.mark.slow
def test_presence_drifts_and_sigterm_leaves_everyone_offline(tmp_path):
    kam = Kamailio(tmp_path, users=kamailio_users()).start()
    data = tmp_path / "c.sqlite"
    db.init(data)
    team = None
    try:
        team = ColleaguesProc(data, kam, tmp_path, "--presence-every", "0.3", name="drift")

        def presences() -> set[str]:
            with sqlite3.connect(data) as conn:
                return {r[0] for r in conn.execute("SELECT presence FROM presence_log")}
        wait_for(lambda: presences() & {"break", "offline"}, 10, interval=0.1,
                 what="a colleague to go on a break or offline")
        t0 = time.monotonic()
        assert team.terminate() == 0 and time.monotonic() - t0 < 10
        with sqlite3.connect(data) as conn:
            now = dict(conn.execute("SELECT id, presence FROM colleague_presence").fetchall())
        assert set(now) == {f"colleague:{e}" for e in ("2001", "2002", "2003", "2004")}
        assert set(now.values()) == {"offline"}
        text = team.log.read_text(errors="replace")
        assert "Traceback" not in text and team.proc.returncode != -signal.SIGABRT, text[-3000:]
        assert not kam.aor_reachable("2001")               # unregistered
    finally:
        if team is not None:
            team.stop()
        kam.stop()


# ---------------------------------------------------------------- the outside world's rules

def test_numbers_are_compared_in_e164():
    assert normalize("02-555-0486") == normalize("+82 2 555 0486") == "+8225550486"
    assert normalize("00 7 495 555 0111") == "+74955550111" and normalize("2001") == "2001"


def test_the_outside_world_by_number():
    customers = {"+82215550101": "ko", "+74955550116": "ru"}
    assert (outcome("+8225550486", customers=customers).code, outcome(
        "025550603", customers=customers).code) == (486, 603)
    assert outcome("+8225550408", customers=customers).ring_s == NEVER
    anyone = outcome("+8225551234", customers=customers)
    assert anyone.answers and anyone.language == "ko"
    ru = outcome("+74955550116", customers=customers, seed=0, no_answer_s=5)
    assert ru.language == "ru" and ru.code == (200 if customer_answers(
        "+74955550116", 1, 0) else 480) and (ru.answers or ru.ring_s == 5)


def test_the_customers_pattern_is_seeded_and_mixed():
    numbers = [c[2] for c in CUSTOMERS]
    first = [customer_answers(n, 1, SEED) for n in numbers]
    assert first == [customer_answers(n, 1, SEED) for n in numbers]       # repeatable
    assert any(first) and not all(first)
    assert any(not customer_answers(n, 1, SEED) and customer_answers(n, 2, SEED)
               for n in numbers)


# ---------------------------------------------------------------- transfers of queue callers

@pytest.fixture
def queue_call(world):
    """``queue_call()`` -> (agent UA registered as agent1 with a queue caller answered, the
    interaction id); the ACD and the UA are stopped after the test."""
    from democenter import acd_store
    from tests.acd.conftest import AcdProc
    made: list = []

    def make():
        acd = AcdProc(world.center.data, world.kam, world.tmp)
        made.append(acd)
        agent = Dialer(world.kam, world.tmp, "", user=AGENT[0], password=AGENT[1],
                       name=f"agent-{len(made)}")
        made.append(agent)
        agent.wait("registration", lambda e: e["code"] == 200)
        conn = db.connect(world.center.data)
        try:
            with db.transaction(conn):
                conn.execute("UPDATE agents SET state='ready', state_since=0 WHERE id='agent1'")
            command = acd_store.request_call(conn, queue_id="procurement", customer_id="c001")
        finally:
            conn.close()
        agent.wait("state", lambda e: e["call"] == 1 and e["state"] == "CONFIRMED")
        ix = wait_for(lambda: _q(world, "SELECT result FROM acd_commands WHERE id=?",
                                 (command,)), 10, what="the queue caller")
        return agent, ix, acd
    yield make
    for p in made:
        p.stop()


def _q(world, sql: str, params=()):
    conn = db.connect(world.center.data)
    try:
        row = conn.execute(sql, params).fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def _presence(world, ext: str) -> str:
    return _q(world, "SELECT presence FROM colleague_presence WHERE id=?", (f"colleague:{ext}",))


@pytest.mark.slow
def test_a_blind_transfer_takes_the_queue_caller_to_a_colleague(world, queue_call):
    agent, ix, acd = queue_call()
    agent.send(f"xfer 1 sip:2001@{world.kam.domain}")
    agent.wait("xfer", lambda e: e["final"] and e["code"] == 200, timeout=15)
    wait_for(lambda: _presence(world, "2001") == "on_call", 5, what="2001 on a call")
    agent.send("hangup 1")
    agent.wait("disconnected", lambda e: e["call"] == 1)
    wait_for(lambda: _q(world, "SELECT state FROM interactions WHERE id=?", (ix,)) == "ended",
             10, what="the interaction to end for the agent")
    assert _q(world, "SELECT state FROM agents WHERE id='agent1'") == "wrap_up"
    time.sleep(1.0)
    assert _presence(world, "2001") == "on_call"        # the caller stays with the colleague
    assert acd.terminate() == 0                           # ends the caller's call too
    wait_for(lambda: _presence(world, "2001") == "available", 10, what="2001 free again")
    text = acd.log.read_text(errors="replace")
    assert "a caller follows a transfer" in text and "Traceback" not in text, text[-3000:]


@pytest.mark.slow
def test_an_attended_transfer_replaces_the_consult_call(world, queue_call):
    agent, ix, acd = queue_call()
    agent.send(f"dial sip:2004@{world.kam.domain}")                 # the consult: call 2
    agent.wait("state", lambda e: e["call"] == 2 and e["state"] == "CONFIRMED")
    wait_for(lambda: _presence(world, "2004") == "on_call", 5, what="2004 consulted")
    agent.send("xfer-replaces 1 2")
    agent.wait("xfer", lambda e: e["final"] and e["code"] == 200, timeout=15)
    agent.wait("disconnected", lambda e: e["call"] == 2, timeout=10)  # replaced at 2004
    agent.send("hangup 1")
    agent.wait("disconnected", lambda e: e["call"] == 1)
    time.sleep(1.0)
    assert _presence(world, "2004") == "on_call"        # now talking with the caller
    assert "a call was replaced" in world.team.log.read_text(errors="replace")
    assert acd.terminate() == 0
    wait_for(lambda: _presence(world, "2004") == "available", 10, what="2004 free again")
