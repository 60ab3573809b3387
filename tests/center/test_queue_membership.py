"""Queue sign-in and sign-out against the practice center over real HTTP and SQLite: the
center records the membership, refuses to let a counselor leave a queue that must be staffed
(saying why, in the counselor's language), leaves other counselors' membership alone, and the
queue (ACD) skips a counselor signed out of a queue. Also: skills, an older database file."""

from __future__ import annotations

import sqlite3

import pytest

from democenter import acd_store, db
from softphone.center.models import CenterError
from tests.support.democenter import http, query, sign_in


def _membership(center, agent: str) -> dict[str, int]:
    return dict(query(center.data, "SELECT queue_id, signed_in FROM agent_queues"
                                   " WHERE agent_id = ?", (agent,)))


def _queues(center, token: str) -> dict[str, dict]:
    status, body, _ = http(center, "GET", "/queues", token=token)
    assert status == 200, body
    return {q["id"]: q for q in body}


def test_sign_out_and_back_in_is_recorded_and_reported(center):
    token = sign_in(center, "agent2")["token"]
    others = {a: _membership(center, a) for a in ("agent1", "agent5")}
    before = _queues(center, token)["procurement"]
    assert before["assigned"] and before["signed_in"] and before["may_sign_out"]
    assert before["sign_out_note"] == ""
    status, body, _ = http(center, "PUT", "/agents/me/queues/procurement",
                           {"signed_in": False}, token=token)
    assert status == 200, body
    assert body["id"] == "procurement" and body["signed_in"] is False
    assert _membership(center, "agent2")["procurement"] == 0
    assert _queues(center, token)["procurement"]["signed_in"] is False     # survives a poll
    assert {a: _membership(center, a) for a in others} == others         # others untouched
    again = http(center, "PUT", "/agents/me/queues/procurement", {"signed_in": False},
                 token=token)
    assert again[0] == 200 and again[1]["signed_in"] is False            # idempotent
    status, body, _ = http(center, "PUT", "/agents/me/queues/procurement",
                           {"signed_in": True}, token=token)
    assert status == 200 and body["signed_in"] is True
    assert _membership(center, "agent2")["procurement"] == 1


def test_a_queue_that_may_not_be_left_says_why_in_the_counselors_language(center, make_api):
    token = sign_in(center, "agent2")["token"]                  # Russian
    hotline = _queues(center, token)["hotline"]
    assert hotline["signed_in"] and not hotline["may_sign_out"]
    assert "горячей линии" in hotline["sign_out_note"]
    status, body, _ = http(center, "PUT", "/agents/me/queues/hotline", {"signed_in": False},
                           token=token)
    assert status == 409 and body["error"]["code"] == "queue_required"
    assert body["error"]["message"] == hotline["sign_out_note"]
    assert _membership(center, "agent2")["hotline"] == 1          # nothing changed
    # the client: a CenterError with the center's reason
    api = make_api("agent1")                                     # Korean
    with pytest.raises(CenterError) as err:
        api.set_queue_membership("hotline", False)
    assert err.value.code == "queue_required" and err.value.status == 409
    assert "지역 상담 전화" in err.value.user_message
    assert _membership(center, "agent1")["hotline"] == 1


def test_the_agents_own_rule_wins_over_the_queues(center, make_api):
    senior = make_api("agent5")                  # may leave the hotline (its own rule)
    row = {q.id: q for q in senior.queues()}["hotline"]
    assert row.may_sign_out and row.sign_out_note == ""
    assert senior.set_queue_membership("hotline", False).signed_in is False
    assert _membership(center, "agent5")["hotline"] == 0
    assert senior.set_queue_membership("hotline", True).signed_in is True
    trainee = make_api("agent3")                 # may not leave its one queue
    row = {q.id: q for q in trainee.queues()}["procurement"]
    assert not row.may_sign_out and row.sign_out_note      # a reason, not silence
    with pytest.raises(CenterError) as err:
        trainee.set_queue_membership("procurement", False)
    assert err.value.code == "queue_required"
    assert err.value.user_message == row.sign_out_note


def test_someone_elses_or_an_unknown_queue_is_404_and_not_assigned(center, make_api):
    token = sign_in(center, "agent4")["token"]         # hotline only
    procurement = _queues(center, token)["procurement"]
    assert not procurement["assigned"] and not procurement["signed_in"]
    for qid in ("procurement", "no-such-queue"):
        status, body, _ = http(center, "PUT", f"/agents/me/queues/{qid}", {"signed_in": True},
                               token=token)
        assert status == 404 and body["error"]["code"] == "not_found", (qid, body)
    assert "procurement" not in _membership(center, "agent4")
    assert http(center, "PUT", "/agents/me/queues/hotline", {"signed_in": [1]},
                token=token)[0] == 422
    assert http(center, "PUT", "/agents/me/queues/hotline", {"signed_in": False})[0] == 401


def test_skills_with_levels_in_the_counselors_language(center, make_api):
    ko = {s.id: s for s in make_api("agent1").skills()}
    assert ko["procurement_rules"].name == "공공 조달 규정" and ko["procurement_rules"].level == 4
    ru = make_api("agent2").skills()
    assert [s.level for s in ru] == sorted((s.level for s in ru), reverse=True)
    assert {s.name for s in ru} >= {"Система электронных торгов", "Русский язык"}
    token = sign_in(center, "agent3")["token"]
    status, body, _ = http(center, "GET", "/agents/me/skills?lang=en", token=token)
    assert status == 200 and {s["name"] for s in body} == {"Public procurement rules",
                                                          "English"}


def test_the_queue_skips_a_counselor_signed_out_of_it(center, make_api):
    """acd_store.ready_agents (the ACD's choice) on the center's own file."""
    api = make_api("agent5")
    conn = db.connect(center.data)
    try:
        with db.transaction(conn):
            conn.execute("UPDATE agents SET state = 'ready', state_since = 0 WHERE id IN"
                         " ('agent1', 'agent5')")
        picked = lambda: [a.id for a in acd_store.ready_agents(conn, "procurement")]  # noqa
        assert picked() == ["agent1", "agent5"]
        api.set_queue_membership("procurement", False)
        assert picked() == ["agent1"]
        assert [a.id for a in acd_store.ready_agents(conn, "hotline")] == ["agent1", "agent5"]
        before = {q.id: q.agents_ready for q in api.queues()}
        api.set_queue_membership("procurement", True)
        assert picked() == ["agent1", "agent5"]
        after = {q.id: q.agents_ready for q in api.queues()}
        assert after["procurement"] == before["procurement"] + 1    # counted when signed in
    finally:
        with db.transaction(conn):
            conn.execute("UPDATE agents SET state = 'not_ready' WHERE id IN"
                         " ('agent1', 'agent5')")
        conn.close()


def test_an_older_database_file_gains_the_membership_columns(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE queues (id TEXT PRIMARY KEY, name_en TEXT NOT NULL, name_ko TEXT NOT NULL,
            name_ru TEXT NOT NULL, acw_limit_s INTEGER NOT NULL DEFAULT 60,
            ring_timeout_s INTEGER NOT NULL DEFAULT 15);
        CREATE TABLE agent_queues (agent_id TEXT NOT NULL, queue_id TEXT NOT NULL,
            PRIMARY KEY (agent_id, queue_id));
        INSERT INTO queues (id, name_en, name_ko, name_ru) VALUES ('q', 'Q', 'Q', 'Q');
        INSERT INTO agent_queues VALUES ('a', 'q');
    """)
    conn.close()
    db.init(path)
    rows = query(path, "SELECT agent_id, queue_id, signed_in, may_sign_out FROM agent_queues"
                       " WHERE agent_id = 'a'")
    assert rows == [("a", "q", 1, None)]       # the old row kept, signed in
    assert query(path, "SELECT may_sign_out, keep_reason_ko FROM queues WHERE id = 'q'") == \
        [(1, "")]
    assert query(path, "SELECT COUNT(*) FROM skills")[0][0] >= 6


def test_the_supervisor_counts_only_counselors_signed_in_to_a_queue(center):
    from democenter.supervisor_api import queue_rows
    token = sign_in(center, "agent2")["token"]
    with sqlite3.connect(center.data) as conn:       # Ready (the state machine is not the point)
        conn.execute("UPDATE agents SET state = 'ready' WHERE id = 'agent2'")

    def ready() -> int:
        with sqlite3.connect(center.data) as conn:
            conn.row_factory = sqlite3.Row
            return {r["id"]: r for r in queue_rows(conn, "en", 0.0)}["procurement"]["agents_ready"]
    before = ready()
    assert before >= 1
    assert http(center, "PUT", "/agents/me/queues/procurement", {"signed_in": False},
                token=token)[0] == 200
    assert ready() == before - 1
