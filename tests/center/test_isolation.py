"""Each agent's data is its own: agent2 against agent1's objects, per endpoint and rule, over HTTP."""

from __future__ import annotations

import time
import uuid

import pytest
import yaml

from tests.support.democenter import ROOT, http, query, sign_in

CLEAR = {"temperature": 36.6, "cough": False, "fever": False, "sore_throat": False,
         "close_contact": False, "stress": 2, "voice_strain": 1, "sleep": 4}
NUMBER = "+12025550122"                     # James Wilson (c022), no calls of anybody's yet


def db_exec(center, sql: str, params=()) -> None:
    import sqlite3
    with sqlite3.connect(center.data, timeout=10) as conn:
        conn.execute(sql, params)


def offer(center, agent: str, number: str = NUMBER, customer: str | None = "c022",
          state: str = "connected") -> str:
    """An interaction the queue offered to ``agent`` (what democenter.acd_store records)."""
    iid = f"iso-{uuid.uuid4().hex[:10]}"
    now = time.time()
    db_exec(center, "INSERT INTO interactions (id, queue_id, customer_id, caller_number,"
            " state, agent_id, entered_at, offered_at, answered_at) VALUES"
            " (?, 'procurement', ?, ?, ?, ?, ?, ?, ?)",
            (iid, customer, number, state, agent, now - 30, now - 20, now - 10))
    return iid


@pytest.fixture(scope="module")
def tokens(center):
    return {a: sign_in(center, a)["token"] for a in ("agent1", "agent2", "agent3", "agent4")}


def not_found(answer) -> tuple[int, str, str]:
    status, body, _ = answer
    return status, body["error"]["code"], body["error"]["message"]


def test_every_agent_route_needs_a_session(center):
    spec = yaml.safe_load((ROOT / "contract" / "center-api.yaml").read_text(encoding="utf-8"))
    checked = 0
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if not op.get("security"):
                continue
            url = path.removeprefix("/api/v1").replace("{interaction_id}", "x") \
                .replace("{callback_id}", "cb-001").replace("{number}", NUMBER)
            status, body, _ = http(center, method.upper(), url,
                                   {} if method in ("post", "put") else None,
                                   token="not-a-token")
            assert status == 401 and body["error"]["code"] == "unauthorized", (method, path)
            checked += 1
    assert checked >= 18


def test_interaction_context_is_the_handling_agents_only(center, tokens):
    iid = offer(center, "agent1")
    status, ctx, _ = http(center, "GET", f"/interactions/{iid}", token=tokens["agent1"])
    assert status == 200 and ctx["customer"]["name"] == "James Wilson"
    theirs = http(center, "GET", f"/interactions/{iid}", token=tokens["agent2"])
    missing = http(center, "GET", "/interactions/no-such-call", token=tokens["agent2"])
    assert not_found(theirs) == not_found(missing) and theirs[0] == 404
    assert "James" not in str(theirs[1])


def test_customer_lookup_only_for_own_callers_and_claimed_callbacks(center, tokens):
    number = "+12025550128"                          # Mason Lee (c028): nobody's caller yet
    offer(center, "agent1", number, "c028")
    status, ctx, _ = http(center, "GET", f"/customers/by-number/{number}",
                          token=tokens["agent1"])
    assert status == 200 and ctx["customer"]["name"] == "Mason Lee"
    theirs = http(center, "GET", f"/customers/by-number/{number}", token=tokens["agent2"])
    nobody = http(center, "GET", "/customers/by-number/+19995550000", token=tokens["agent2"])
    assert theirs[0] == 404 and not_found(theirs) == not_found(nobody)
    assert "Mason" not in str(theirs[1])
    # a claimed callback makes its number the agent's own
    cb = http(center, "POST", "/callbacks/cb-004/claim", token=tokens["agent4"])  # hotline
    assert cb[0] == 200, cb
    status, ctx, _ = http(center, "GET", "/customers/by-number/+82215550108",
                          token=tokens["agent4"])
    assert status == 200 and ctx["customer"]["id"] == "c008"
    assert http(center, "GET", "/customers/by-number/+82215550108",
                token=tokens["agent2"])[0] == 404                   # no call of agent2's


def test_wrapup_of_another_agents_interaction_is_refused(center, tokens):
    iid = offer(center, "agent1", state="ended")
    first = http(center, "POST", f"/interactions/{iid}/wrapup",
                 {"disposition": "resolved", "notes": "agent1's notes"}, tokens["agent1"])
    assert first[0] == 200
    theirs = http(center, "POST", f"/interactions/{iid}/wrapup",
                  {"disposition": "wrong_number", "notes": "overwritten"}, tokens["agent2"],
                  headers={"Idempotency-Key": str(uuid.uuid4())})
    missing = http(center, "POST", "/interactions/nope/wrapup",
                   {"disposition": "resolved"}, tokens["agent2"])
    assert theirs[0] == 404 and not_found(theirs) == not_found(missing)
    assert query(center.data, "SELECT disposition, notes FROM interactions WHERE id = ?",
                 (iid,)) == [("resolved", "agent1's notes")]
    assert query(center.data, "SELECT agent_id FROM wrapups WHERE interaction_id = ?",
                 (iid,)) == [("agent1",)]


def test_an_incident_may_name_only_an_own_interaction(center, tokens):
    iid = offer(center, "agent1")
    theirs = http(center, "POST", "/incidents", {"severity": "low", "description": "x",
                                                 "interaction_id": iid}, tokens["agent2"])
    assert theirs[0] == 404
    assert query(center.data, "SELECT COUNT(*) FROM incidents WHERE interaction_id = ?",
                 (iid,)) == [(0,)]
    mine = http(center, "POST", "/incidents", {"severity": "low", "description": "x",
                                               "interaction_id": iid}, tokens["agent1"])
    none = http(center, "POST", "/incidents", {"severity": "low", "description": "y"},
                tokens["agent2"])
    assert mine[0] == 200 and none[0] == 200


def test_callbacks_list_only_the_agents_queues_and_own_claims(center, tokens):
    def listed(agent):
        status, body, _ = http(center, "GET", "/callbacks", token=tokens[agent])
        assert status == 200
        return {c["id"]: c for c in body}

    seed = dict(query(center.data, "SELECT id, queue_id FROM callbacks"))
    agent3 = listed("agent3")                                   # procurement only
    assert agent3 and all(seed[i] == "procurement" for i in agent3)
    assert listed("agent4").keys().isdisjoint(agent3)           # hotline only
    assert http(center, "POST", "/callbacks/cb-003/claim", token=tokens["agent1"])[0] == 200
    assert "cb-003" in listed("agent1") and "cb-003" not in listed("agent2")


def test_claiming_outside_own_queues_is_not_found(center, tokens):
    theirs = http(center, "POST", "/callbacks/cb-005/claim", token=tokens["agent4"])
    missing = http(center, "POST", "/callbacks/cb-999/claim", token=tokens["agent4"])
    assert theirs[0] == 404 and not_found(theirs) == not_found(missing)
    assert query(center.data, "SELECT status FROM callbacks WHERE id='cb-005'") == [("open",)]
    assert http(center, "POST", "/callbacks/cb-005/claim", token=tokens["agent3"])[0] == 200
    taken = http(center, "POST", "/callbacks/cb-005/claim", token=tokens["agent2"])
    assert taken[0] == 409 and taken[1]["error"]["code"] == "callback_taken"


def test_completing_needs_the_agents_own_claim(center, tokens):
    done = {"outcome": "reached", "notes": "called back"}
    unclaimed = http(center, "POST", "/callbacks/cb-002/complete", done, tokens["agent1"])
    assert unclaimed[0] == 409 and unclaimed[1]["error"]["code"] == "callback_not_claimed"
    assert query(center.data, "SELECT status FROM callbacks WHERE id='cb-002'") == [("open",)]
    assert http(center, "POST", "/callbacks/cb-002/claim", token=tokens["agent1"])[0] == 200
    theirs = http(center, "POST", "/callbacks/cb-002/complete", done, tokens["agent2"],
                  headers={"Idempotency-Key": str(uuid.uuid4())})
    missing = http(center, "POST", "/callbacks/cb-999/complete", done, tokens["agent2"])
    assert theirs[0] == 404 and not_found(theirs) == not_found(missing)
    assert query(center.data, "SELECT status, agent_id FROM callbacks WHERE id='cb-002'") == \
        [("claimed", "agent1")]
    assert http(center, "POST", "/callbacks/cb-002/complete", done, tokens["agent1"])[0] == 200
    again = http(center, "POST", "/callbacks/cb-002/complete", done, tokens["agent1"])
    assert again[0] == 409 and again[1]["error"]["code"] == "callback_done"


def test_an_idempotency_key_is_never_replayed_to_another_agent(center, tokens):
    key = str(uuid.uuid4())
    body = {"severity": "high", "description": "agent1's private report"}
    first = http(center, "POST", "/incidents", body, tokens["agent1"],
                 headers={"Idempotency-Key": key})
    theirs = http(center, "POST", "/incidents", body, tokens["agent2"],
                  headers={"Idempotency-Key": key})
    assert first[0] == 200 and theirs[0] == 422
    assert theirs[1]["error"]["code"] == "idempotency_key_reused"
    assert "idempotent-replayed" not in {k.lower() for k in theirs[2]}


def state_of(center, agent: str) -> str:
    return query(center.data, "SELECT state FROM agents WHERE id = ?", (agent,))[0][0]


def test_agents_cannot_set_the_centers_states(center):
    t = sign_in(center, "agent5")["token"]                      # nothing claimed
    check = {"form_id": "shift-check", "form_version": 3, "answers": CLEAR}
    assert http(center, "POST", "/health-checks", check, t)[0] == 200
    assert http(center, "PUT", "/agents/me/state", {"state": "ready"}, t)[1]["state"] == "ready"
    logged = query(center.data, "SELECT COUNT(*) FROM agent_state_log WHERE agent_id='agent5'")
    for system in ("ringing", "on_call", "wrap_up"):
        status, body, _ = http(center, "PUT", "/agents/me/state", {"state": system}, t)
        assert status == 200 and body["state"] == "ready", (system, body)  # the center's
        assert state_of(center, "agent5") == "ready"
    assert query(center.data, "SELECT COUNT(*) FROM agent_state_log WHERE agent_id='agent5'") \
        == logged
    for state, reason in (("break", "lunch"), ("not_ready", "training"), ("ready", "")):
        status, body, _ = http(center, "PUT", "/agents/me/state",
                               {"state": state, "reason_code": reason}, t)
        assert status == 200 and body["state"] == state == state_of(center, "agent5")


def test_what_the_app_sends_around_a_call_still_works(center, tokens):
    """The queue sets on_call; the app's wrap_up after it is applied. A claimed callback
    lets the app report on_call for its own outgoing call."""
    t = tokens["agent2"]
    db_exec(center, "UPDATE agents SET state = 'on_call' WHERE id = 'agent2'")
    assert http(center, "PUT", "/agents/me/state", {"state": "on_call"}, t)[1]["state"] == \
        "on_call"
    status, body, _ = http(center, "PUT", "/agents/me/state", {"state": "wrap_up"}, t)
    assert status == 200 and body["state"] == "wrap_up" == state_of(center, "agent2")
    assert http(center, "PUT", "/agents/me/state", {"state": "not_ready"}, t)[0] == 200
    assert http(center, "PUT", "/agents/me/state", {"state": "on_call"}, t)[1]["state"] == \
        "not_ready"                                             # nothing claimed yet
    assert http(center, "POST", "/callbacks/cb-001/claim", token=t)[0] == 200
    status, body, _ = http(center, "PUT", "/agents/me/state", {"state": "on_call"}, t)
    assert status == 200 and body["state"] == "on_call" == state_of(center, "agent2")


def test_the_state_route_changes_only_the_callers_own_state(center, tokens):
    before = state_of(center, "agent4")
    assert http(center, "PUT", "/agents/me/state",
                {"state": "break", "reason_code": "short_break"}, tokens["agent1"])[0] == 200
    assert state_of(center, "agent1") == "break" and state_of(center, "agent4") == before


@pytest.mark.parametrize("contact,kept", [
    ("sip:agent5@127.0.0.1:5099", True),
    ("sip:agent5@[::1]:5099;transport=udp", True),
    ("sip:agent5@10.20.30.40:5060", False),          # somebody else's computer
    ("sip:agent1@127.0.0.1:5099", False),            # another agent's SIP user
    ("sip:agent5@evil.example.com", False),
    ("tel:+12025550100", False),
])
def test_sip_contact_must_be_the_agents_own_at_its_address(center, contact, kept):
    db_exec(center, "UPDATE agents SET contact_uri = 'sip:agent5@127.0.0.1:1' WHERE"
            " id = 'agent5'")
    sign_in(center, "agent5", sip_contact=contact)
    stored = query(center.data, "SELECT contact_uri FROM agents WHERE id='agent5'")[0][0]
    assert stored == (contact if kept else "sip:agent5@127.0.0.1:1")


def test_signing_out_ends_only_the_callers_session(center):
    one, two = sign_in(center, "agent1")["token"], sign_in(center, "agent2")["token"]
    assert http(center, "DELETE", "/sessions/current", token=two)[0] == 200
    assert http(center, "GET", "/queues", token=two)[0] == 401
    assert http(center, "GET", "/queues", token=one)[0] == 200
