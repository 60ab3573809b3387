"""The ACD process against real parts: Kamailio, pjsua2 agent UAs in other processes, SQLite."""

from __future__ import annotations

import time

import numpy as np
import pytest

from democenter import acd_store
from tests.acd.conftest import QUEUE, dominant_hz, wait_wav
from tests.support.procs import wait_for

pytestmark = pytest.mark.slow
TONE_HZ = 700


def _call(center, **kw) -> str:
    conn = center.conn()
    try:
        cid = acd_store.request_call(conn, **{"queue_id": QUEUE, **kw})
    finally:
        conn.close()
    return center.command_result(cid)


def _wait_ix(center, ix_id: str, state: str, timeout: float = 15.0) -> dict:
    return wait_for(lambda: (lambda r: r if r.get("state") == state else None)(center.ix(ix_id)),
                    timeout, what=f"interaction {ix_id} to become {state}")


def _wait_agent(center, agent_id: str, state: str, timeout: float = 15.0) -> tuple:
    return wait_for(lambda: (lambda a: a if a[0] == state else None)(center.agent(agent_id)),
                    timeout, what=f"agent {agent_id} to become {state}")


def test_offer_answer_audio_both_ways_and_db(center, spawn):
    ua = spawn.agent("agent1", mode="answer", tone=TONE_HZ, hangup_after=3.0)
    acd = spawn.acd()
    center.set_ready("agent1")
    ix_id = _call(center, customer_id="c1", patience_s=60)
    assert ix_id.startswith("IX-")

    incoming = ua.wait("incoming")
    headers = {k.lower(): v for k, v in incoming["headers"].items()}
    assert headers["x-interaction-id"] == ix_id
    assert headers["x-queue"] == QUEUE
    assert "+12025550121@" in headers["from"] and '"Emily \\"Em\\" Clark"' in headers["from"]
    assert "+12025550121@" in headers["p-asserted-identity"]

    row = _wait_ix(center, ix_id, "connected")
    assert row["agent_id"] == "agent1" and row["answered_at"] and row["offers"] == 1
    assert row["customer_id"] == "c1" and row["caller_number"] == "+12025550121"
    assert center.agent("agent1")[0] == "on_call"

    # the agent UA hangs up after 3 s of talking
    row = _wait_ix(center, ix_id, "ended")
    assert row["ended_at"] >= row["answered_at"]
    _wait_agent(center, "agent1", "wrap_up")
    assert center.q("SELECT last_call_end FROM agents WHERE id='agent1'")[0][0] > 0
    states = [s for (s,) in center.q("SELECT state FROM agent_state_log WHERE agent_id='agent1' "
                                     "ORDER BY id")]
    assert states == ["ringing", "on_call", "wrap_up"]

    # audio, caller -> agent: the caller's utterance (speech energy) reached the agent
    done = ua.wait("disconnected")
    heard, rate = wait_wav(done["record"], 2.0)
    frames = heard[: len(heard) // 320 * 320].reshape(-1, 320)
    loud = (np.sqrt((frames ** 2).mean(axis=1)) > 300).mean()
    assert loud > 0.2, f"caller audio too quiet at the agent: {loud:.2f} of frames loud"
    # audio, agent -> caller: the ACD recorded the agent's tone
    rec = acd.record_dir / f"{ix_id}.wav"
    said, rate = wait_wav(rec, 2.0)
    tail = said[int(0.5 * rate):]
    assert np.sqrt((tail ** 2).mean()) > 500
    assert abs(dominant_hz(tail, rate) - TONE_HZ) < 15


def test_ring_no_answer_requeues_to_next_agent_and_marks_missed(center, spawn):
    center.x("UPDATE queues SET ring_timeout_s=2")
    quiet = spawn.agent("agent1", mode="ignore")
    good = spawn.agent("agent2", mode="answer")
    spawn.acd()
    center.set_ready("agent1", since=1000.0)        # longest idle: offered first
    center.set_ready("agent2", since=2000.0)
    ix_id = _call(center, customer_id="c2", patience_s=60)

    quiet.wait("incoming")
    gone = quiet.wait("disconnected", timeout=10)
    assert gone["code"] == 487                      # CANCELled after the ring timeout
    assert center.agent("agent1") == ("not_ready", "missed")
    assert ("not_ready", "missed") in center.q(
        "SELECT state, reason_code FROM agent_state_log WHERE agent_id='agent1'")

    got = good.wait("incoming")
    assert got["headers"]["X-Interaction-Id"] == ix_id
    row = _wait_ix(center, ix_id, "connected")
    assert row["agent_id"] == "agent2" and row["offers"] == 2


def test_rejected_offer_goes_to_another_agent(center, spawn):
    busy = spawn.agent("agent1", mode="reject", reject_code=486)
    good = spawn.agent("agent2", mode="answer")
    spawn.acd()
    center.set_ready("agent1", since=1000.0)
    center.set_ready("agent2", since=2000.0)
    ix_id = _call(center, customer_id="c1", patience_s=60)

    assert busy.wait("disconnected")["code"] == 486
    good.wait("incoming")
    row = _wait_ix(center, ix_id, "connected")
    assert row["agent_id"] == "agent2" and row["offers"] == 2
    assert center.agent("agent1")[0] == "ready"      # a refusal is not a miss
    assert len(busy.events("incoming")) == 1          # not offered the same caller again


def test_abandoned_while_waiting_and_while_ringing(center, spawn):
    ua = spawn.agent("agent1", mode="ignore")
    spawn.acd()
    waiting = _call(center, patience_s=1.0)          # nobody is ready
    row = _wait_ix(center, waiting, "abandoned", timeout=10)
    assert row["offers"] == 0 and row["ended_at"] >= row["entered_at"] + 0.9

    ready_since = time.time() - 30
    center.set_ready("agent1", since=ready_since)  # keeps its place in the idle order
    ringing = _call(center, number="+15550000001", name="Walk In", patience_s=2.0)
    assert ua.wait("incoming")["headers"]["X-Interaction-Id"] == ringing
    row = _wait_ix(center, ringing, "abandoned", timeout=10)
    assert row["offers"] == 1 and row["customer_id"] is None
    assert ua.wait("disconnected")["code"] == 487
    _wait_agent(center, "agent1", "ready")           # not the agent's fault: still Ready
    assert center.q("SELECT state_since FROM agents WHERE id='agent1'")[0][0] == ready_since


def test_caller_hangs_up_then_sigterm_stops_cleanly(center, spawn):
    ua = spawn.agent("agent1", mode="answer")
    acd = spawn.acd()
    center.set_ready("agent1")
    first = _call(center, customer_id="c2", patience_s=60)
    _wait_ix(center, first, "connected")
    conn = center.conn()
    try:
        cid = acd_store.request_hangup(conn, first)
    finally:
        conn.close()
    assert center.command_result(cid) == first
    assert ua.wait("disconnected")["code"] == 200
    _wait_ix(center, first, "ended")
    _wait_agent(center, "agent1", "wrap_up")

    # a call in progress when the ACD is stopped ends (and is recorded as ended)
    center.set_ready("agent1")
    second = _call(center, customer_id="c1", patience_s=60)
    _wait_ix(center, second, "connected")
    waiting = _call(center, queue_id="hotline", patience_s=60)   # nobody serves hotline
    assert acd.terminate() == 0
    assert center.ix(second)["state"] == "ended"
    assert center.ix(waiting)["state"] == "abandoned"
    assert center.agent("agent1")[0] == "wrap_up"
    assert ua.wait("disconnected", lambda e: e["call"] == 2)


def test_poisson_callers_arrive_and_give_up(center, spawn):
    spawn.acd("--rate", "240", "--patience", "0.5", "--seed", "3")
    rows = wait_for(lambda: (lambda r: r if len(r) >= 3 else None)(
        center.q("SELECT state, customer_id, caller_number, ivr_path FROM interactions "
                 "WHERE state='abandoned'")), 20, what="three abandoned Poisson callers")
    assert all(r[2].startswith("+") for r in rows)
    assert all(r[3].startswith("[") for r in rows)


def test_without_proxy_offers_go_to_the_contact_uri_and_max_talk(center, spawn):
    ua = spawn.agent("agent2", direct=True, mode="answer")
    spawn.acd("--max-talk", "1", direct=True)     # the caller hangs up after 1 s
    center.x("UPDATE agents SET contact_uri=? WHERE id='agent2'",
             (f"sip:agent2@127.0.0.1:{ua.port}",))
    center.set_ready("agent2")
    ix_id = _call(center, customer_id="c2", patience_s=60)
    assert ua.wait("incoming")["headers"]["X-Interaction-Id"] == ix_id
    row = _wait_ix(center, ix_id, "ended")
    assert row["agent_id"] == "agent2" and row["ended_at"] - row["answered_at"] >= 0.9
    _wait_agent(center, "agent2", "wrap_up")
    assert ua.wait("disconnected")["code"] == 200


def test_unregistered_ready_agent_is_made_not_ready(center, spawn):
    spawn.acd()
    center.set_ready("agent2")                    # Ready in the database, no phone registered
    ix_id = _call(center, customer_id="c1", patience_s=60)
    assert _wait_agent(center, "agent2", "not_ready") == ("not_ready", "missed")
    row = _wait_ix(center, ix_id, "waiting")      # back in the queue, not lost
    assert row["offers"] == 1 and row["agent_id"] is None


def test_two_callers_reach_two_agents_at_once(center, spawn):
    ua1 = spawn.agent("agent1", mode="answer")
    ua2 = spawn.agent("agent2", mode="answer")
    spawn.acd()
    center.set_ready("agent1", since=1000.0)
    center.set_ready("agent2", since=2000.0)
    first = _call(center, customer_id="c1", patience_s=60)
    second = _call(center, customer_id="c2", patience_s=60)
    rows = [_wait_ix(center, ix, "connected") for ix in (first, second)]
    assert {r["agent_id"] for r in rows} == {"agent1", "agent2"}
    assert rows[0]["agent_id"] == "agent1"        # the first caller got the longest idle
    assert ua1.wait("media") and ua2.wait("media")
    assert center.agent("agent1")[0] == center.agent("agent2")[0] == "on_call"
    waiting = center.q("SELECT COUNT(*) FROM interactions WHERE state IN ('waiting', 'offered')")
    assert waiting == [(0,)]
