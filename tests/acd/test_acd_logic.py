"""Pure logic of the queue: Poisson arrivals, caller drawing, and the database transitions."""

from __future__ import annotations

import random
import socket
import time

import pytest

from democenter import acd_store as store
from democenter.acd_callers import Arrivals, CallerFactory
from tests.acd.conftest import QUEUE, Center, make_db


@pytest.fixture
def conn(tmp_path):
    path = tmp_path / "c.sqlite"
    make_db(path)
    c = Center(path).conn()
    store.ensure_schema(c)
    yield c
    c.close()


def test_arrivals_are_poisson_and_repeatable():
    a = Arrivals(60.0, random.Random(5), start=0.0)
    b = Arrivals(60.0, random.Random(5), start=0.0)
    counts = [a.due(float(t)) for t in range(1, 3601)]
    assert counts == [b.due(float(t)) for t in range(1, 3601)]
    total = sum(counts)
    assert 3400 < total < 3800                    # 1 per second on average, over an hour
    gaps = counts.count(0) / len(counts)
    assert 0.32 < gaps < 0.42                     # P(no arrival in 1 s) = e^-1 = 0.37
    assert Arrivals(0, random.Random(1), 0.0).due(1e9) == 0


def test_callers_are_drawn_from_customers_or_unknown_numbers():
    customers = [store.Customer(f"c{i}", f"N{i}", f"+1202555012{i}", "ko") for i in range(5)]
    f1 = CallerFactory(random.Random(9), default_patience_s=30)
    f2 = CallerFactory(random.Random(9), default_patience_s=30)
    draw1 = [f1.make(queues=["a", "b"], customers=customers, now=0.0) for _ in range(200)]
    draw2 = [f2.make(queues=["a", "b"], customers=customers, now=0.0) for _ in range(200)]
    assert [(c.queue_id, c.customer, c.ivr_path) for c in draw1] == \
        [(c.queue_id, c.customer, c.ivr_path) for c in draw2]
    unknown = [c for c in draw1 if c.customer.id is None]
    assert 20 < len(unknown) < 70                  # about 20 %
    known_numbers = {c.number for c in customers}
    assert all(c.customer.number not in known_numbers for c in unknown)
    assert {c.queue_id for c in draw1} == {"a", "b"}
    assert all(c.patience_s == 30 and c.ivr_path[1] in "12" for c in draw1)
    assert all(c.ivr_path[0] == "2" for c in draw1 if c.customer.id)      # Korean menu
    assert len({c.interaction_id for c in draw1}) == 200
    with pytest.raises(ValueError, match="no queues"):
        f1.make(queues=[], customers=customers, now=0.0)


def test_longest_idle_ready_agent_in_the_queue_comes_first(conn):
    now = time.time()
    conn.execute("UPDATE agents SET state='ready', state_since=?, last_call_end=0 "
                 "WHERE id='agent1'", (now - 10,))
    conn.execute("UPDATE agents SET state='ready', state_since=?, last_call_end=? "
                 "WHERE id='agent2'", (now - 100, now - 5))
    assert [a.id for a in store.ready_agents(conn, QUEUE)] == ["agent1", "agent2"]
    conn.execute("UPDATE agents SET last_call_end=0 WHERE id='agent2'")
    assert [a.id for a in store.ready_agents(conn, QUEUE)] == ["agent2", "agent1"]
    assert [a.id for a in store.ready_agents(conn, QUEUE, exclude={"agent2"})] == ["agent1"]
    assert store.ready_agents(conn, "hotline") == []           # nobody serves it
    conn.execute("UPDATE agents SET state='break' WHERE id='agent2'")
    assert [a.id for a in store.ready_agents(conn, QUEUE)] == ["agent1"]


def test_claim_is_atomic_and_transitions_are_conditional(conn):
    cust = store.Customer("c1", "x", "+12025550121", "en")
    store.create_interaction(conn, "IX-1", QUEUE, cust, ["en", "1", "2"])
    conn.execute("UPDATE agents SET state='ready', state_since=123 WHERE id='agent1'")
    assert store.claim_agent(conn, "agent1", "IX-1") == 123.0  # previous state_since
    assert store.claim_agent(conn, "agent1", "IX-1") is None   # already ringing
    ix = store.interaction(conn, "IX-1")
    assert (ix["state"], ix["agent_id"], ix["offers"]) == ("offered", "agent1", 1)
    # the API moved the agent meanwhile: the ACD's change must not overwrite it
    conn.execute("UPDATE agents SET state='break' WHERE id='agent1'")
    assert not store.set_agent_state(conn, "agent1", "not_ready", reason="missed",
                                     expect=store.FROM_RINGING)
    assert store.agent_state(conn, "agent1") == ("break", "")
    assert store.set_interaction(conn, "IX-1", "waiting", expect=("offered",))
    assert store.interaction(conn, "IX-1")["agent_id"] is None
    assert not store.set_interaction(conn, "IX-1", "connected", expect=("offered",))
    log = conn.execute("SELECT state FROM agent_state_log WHERE agent_id='agent1'").fetchall()
    assert [r[0] for r in log] == ["ringing"]


def test_restart_closes_what_a_previous_run_left_open(conn):
    cust = store.Customer(None, "x", "+15550000000", "en")
    for ix in ("IX-W", "IX-O", "IX-C"):
        store.create_interaction(conn, ix, QUEUE, cust, [])
    conn.execute("UPDATE interactions SET state='offered', agent_id='agent1' WHERE id='IX-O'")
    conn.execute("UPDATE interactions SET state='connected', agent_id='agent2' WHERE id='IX-C'")
    conn.execute("UPDATE agents SET state='ringing' WHERE id='agent1'")
    conn.execute("UPDATE agents SET state='on_call' WHERE id='agent2'")
    assert store.recover_after_restart(conn) == 3
    states = dict(conn.execute("SELECT id, state FROM interactions").fetchall())
    assert states == {"IX-W": "abandoned", "IX-O": "abandoned", "IX-C": "ended"}
    assert store.agent_state(conn, "agent1")[0] == "ready"
    assert store.agent_state(conn, "agent2")[0] == "wrap_up"


def test_caller_identity_cannot_inject_sip_headers():
    from democenter.acd_sip import _quote, _user_part
    assert _quote('Emily "Em" C\\lark\r\nX-Evil: 1') == '"Emily \\"Em\\" C\\\\larkX-Evil: 1"'
    assert _user_part("+1 (202) 555-0121") == "+12025550121"
    assert _user_part("<sip:x@y>") == "anonymous"


def test_commands_round_trip(conn):
    cid = store.request_call(conn, queue_id=QUEUE, number="+15551234567", patience_s=5)
    hid = store.request_hangup(conn, "IX-9")
    pending = store.take_commands(conn)
    assert pending == [(cid, "call", {"queue_id": QUEUE, "number": "+15551234567",
                                      "patience_s": 5}),
                       (hid, "hangup", {"interaction_id": "IX-9"})]
    store.finish_command(conn, cid, "IX-1")
    assert [c[0] for c in store.take_commands(conn)] == [hid]


@pytest.mark.slow
def test_acd_refuses_subscribe_and_calls_to_itself(center, spawn):
    acd = spawn.acd()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        s.settimeout(5)
        lport = s.getsockname()[1]
        for method, extra in (("SUBSCRIBE", "Event: presence\r\nExpires: 60\r\n"),
                              ("INVITE", "")):
            tag = f"{method.lower()}{time.monotonic_ns()}"
            msg = (f"{method} sip:acd@127.0.0.1:{acd.port} SIP/2.0\r\n"
                   f"Via: SIP/2.0/UDP 127.0.0.1:{lport};branch=z9hG4bK{tag};rport\r\n"
                   f"Max-Forwards: 5\r\nFrom: <sip:probe@127.0.0.1>;tag={tag}\r\n"
                   f"To: <sip:acd@127.0.0.1>\r\nCall-ID: {tag}@probe\r\n"
                   f"CSeq: 1 {method}\r\nContact: <sip:probe@127.0.0.1:{lport}>\r\n{extra}"
                   f"Content-Length: 0\r\n\r\n")
            s.sendto(msg.encode(), ("127.0.0.1", acd.port))
            while True:
                status = s.recvfrom(65535)[0].decode(errors="replace").split("\r\n")[0]
                if not status.startswith("SIP/2.0 1"):
                    break
            assert status.startswith("SIP/2.0 403"), f"{method} got {status}"
            if method == "INVITE":         # acknowledge the final response
                s.sendto((f"ACK sip:acd@127.0.0.1:{acd.port} SIP/2.0\r\n"
                          f"Via: SIP/2.0/UDP 127.0.0.1:{lport};branch=z9hG4bK{tag};rport\r\n"
                          f"Max-Forwards: 5\r\nFrom: <sip:probe@127.0.0.1>;tag={tag}\r\n"
                          f"To: <sip:acd@127.0.0.1>\r\nCall-ID: {tag}@probe\r\n"
                          f"CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n").encode(),
                         ("127.0.0.1", acd.port))
    assert acd.terminate() == 0
