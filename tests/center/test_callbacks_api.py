"""Scheduled callbacks at the practice center, over real HTTP and SQLite: attempts with
outcomes, the retry rule, closing, ownership (404/409), the night's requests sorted by when
they can be called; and the app's client reading them."""

from __future__ import annotations

import time
from datetime import datetime

import pytest

from softphone.center.callback_api import ScheduledCallback
from softphone.center.items import callback_attempt_item, new_key
from tests.support.democenter import http, query, sign_in, start_democenter

RETRY_S = 2.0


@pytest.fixture(scope="module")
def center(tmp_path_factory):
    c = start_democenter(tmp_path_factory.mktemp("cb"), "--callback-retry-s", str(RETRY_S),
                         "--callback-max-attempts", "2")
    try:
        yield c
    finally:
        c.stop()


@pytest.fixture(scope="module")
def tokens(center):
    return {a: sign_in(center, a)["token"] for a in ("agent1", "agent2", "agent3", "agent4")}


def ts(text):
    return datetime.fromisoformat(text).timestamp() if text else None


def attempt(center, token, cbid, outcome, notes="", key=None):
    return http(center, "POST", f"/callbacks/{cbid}/attempts", {"outcome": outcome, "notes": notes},
                token, headers={"Idempotency-Key": key} if key else None)


def test_the_nights_requests_sorted_by_when_they_can_be_called(center, tokens):
    status, body, _ = http(center, "GET", "/callbacks", token=tokens["agent1"])
    assert status == 200 and len(body) >= 6
    keys = [ts(c["callable_at"]) for c in body]
    assert keys == sorted(keys)
    ids = [c["id"] for c in body]
    assert ids.index("cb-003") > ids.index("cb-004")     # its window opens in 2 h
    late = next(c for c in body if c["id"] == "cb-003")
    assert ts(late["callable_at"]) == pytest.approx(ts(late["window_start"]), abs=1)
    for c in body:                                       # requested last night 22:00-07:00
        hour = datetime.fromtimestamp(ts(c["requested_at"])).hour
        assert hour >= 22 or hour < 7 or ts(c["requested_at"]) > time.time() - 9 * 3600, c
    rules = http(center, "GET", "/callbacks/rules", token=tokens["agent3"])[1]
    assert {r["queue_id"] for r in rules} == {"procurement"}
    assert rules[0] == {"queue_id": "procurement", "max_attempts": 2, "retry_after_s": RETRY_S}


def test_no_answer_is_retried_by_the_rule_then_closes_as_unreachable(center, tokens):
    t = tokens["agent1"]
    assert http(center, "POST", "/callbacks/cb-006/claim", token=t)[0] == 200
    before = time.time()
    s, first, _ = attempt(center, t, "cb-006", "no_answer", "rang out", key="k-6-1")
    assert s == 200 and first["status"] == "claimed" and first["attempts"] == 1
    assert ts(first["next_due_at"]) == pytest.approx(before + RETRY_S, abs=1.5)
    # the same key again: replayed, not a second attempt
    assert attempt(center, t, "cb-006", "no_answer", "rang out", key="k-6-1")[1] == first
    assert query(center.data, "SELECT COUNT(*) FROM callback_attempts WHERE callback_id = "
                              "'cb-006'") == [(1,)]
    mine = {c["id"]: c for c in http(center, "GET", "/callbacks", token=t)[1]}["cb-006"]
    assert mine["mine"] and mine["status"] == "claimed" and len(mine["attempts"]) == 1
    assert mine["attempts"][0]["outcome"] == "no_answer" and mine["attempts"][0]["mine"]
    # another agent of the queue neither sees nor takes it
    other = http(center, "GET", "/callbacks", token=tokens["agent4"])[1]
    assert "cb-006" not in {c["id"] for c in other}
    taken = http(center, "POST", "/callbacks/cb-006/claim", token=tokens["agent4"])
    assert taken[0] == 409 and taken[1]["error"]["code"] == "callback_taken"
    assert attempt(center, tokens["agent4"], "cb-006", "done")[0] == 404
    s, last, _ = attempt(center, t, "cb-006", "busy", key="k-6-2")       # max 2 attempts
    assert s == 200 and last["status"] == "done" and last["closed_as"] == "unreachable"
    assert query(center.data, "SELECT status, closed_as, attempts, next_due_at FROM callbacks"
                              " WHERE id = 'cb-006'") == [("done", "unreachable", 2, None)]
    again = attempt(center, t, "cb-006", "no_answer")
    assert again[0] == 409 and again[1]["error"]["code"] == "callback_done"


def test_done_and_wrong_number_close_the_request(center, tokens):
    t = tokens["agent1"]
    unclaimed = attempt(center, t, "cb-001", "done")
    assert unclaimed[0] == 409 and unclaimed[1]["error"]["code"] == "callback_not_claimed"
    for cbid, outcome in (("cb-001", "done"), ("cb-004", "wrong_number")):
        assert http(center, "POST", f"/callbacks/{cbid}/claim", token=t)[0] == 200
        s, body, _ = attempt(center, t, cbid, outcome, "spoke")
        assert s == 200 and body["status"] == "done" and body["closed_as"] == outcome
        assert body["next_due_at"] is None
    listed = {c["id"] for c in http(center, "GET", "/callbacks", token=t)[1]}
    assert not {"cb-001", "cb-004"} & listed
    one = http(center, "GET", "/callbacks/cb-001", token=t)[1]
    assert one["closed_as"] == "done" and [a["outcome"] for a in one["attempts"]] == ["done"]
    bad = attempt(center, t, "cb-002", "maybe")
    assert bad[0] == 422


def test_release_gives_it_back_with_its_attempts(center, tokens):
    t = tokens["agent2"]
    assert http(center, "POST", "/callbacks/cb-005/claim", token=t)[0] == 200
    assert attempt(center, t, "cb-005", "busy")[0] == 200
    s, body, _ = http(center, "POST", "/callbacks/cb-005/release", token=t)
    assert s == 200 and body["status"] == "open" and not body["mine"]
    assert len(body["attempts"]) == 1 and body["next_due_at"]
    assert http(center, "POST", "/callbacks/cb-005/release", token=t)[0] == 409
    assert http(center, "POST", "/callbacks/cb-005/release", token=tokens["agent4"])[0] == 404


def test_the_app_client_reads_the_worklist_and_delivers_an_attempt(center):
    from softphone.center.client import CenterApi
    api = CenterApi(center.url)
    api.login("agent3", "practice")
    try:
        items = api.callback_worklist()
        assert items and all(isinstance(x, ScheduledCallback) for x in items)
        target = next(x for x in items if x.id == "cb-003")
        assert target.window_start is not None and target.max_attempts == 2
        api.claim_scheduled("cb-003")
        _, path, payload = callback_attempt_item("cb-003", "no_answer", "voicemail")
        receipt = api.deliver("POST", path, payload, new_key())
        assert receipt["status"] == "claimed" and receipt["attempts"] == 1
        mine = api.callback("cb-003")
        assert mine.mine and mine.next_due_at is not None and mine.attempts[0].notes == "voicemail"
    finally:
        api.close()


def test_a_later_day_finds_last_nights_requests_open_again(tmp_path):
    """The practice center started on a later day: the simulated callers have left their
    requests again (open, no tries); the same day leaves the worked list as it is."""
    import sqlite3 as sq
    import time as tm
    from democenter import db as cdb, seed as cseed
    path = tmp_path / "c.sqlite"
    cdb.init(path)
    with sq.connect(path) as conn:
        conn.execute("UPDATE callbacks SET status = 'done', attempts = 1 WHERE id = 'cb-001'")
        conn.execute("INSERT INTO callback_attempts (callback_id, agent_id, outcome, at)"
                     " VALUES ('cb-001', 'agent1', 'done', 0)")
        assert not cseed.new_night(conn, tm.time())
        assert conn.execute("SELECT status FROM callbacks WHERE id = 'cb-001'").fetchone() == ("done",)
        assert cseed.new_night(conn, tm.time() + 2 * 86400)
        assert conn.execute("SELECT status, attempts FROM callbacks WHERE id = 'cb-001'"
                            ).fetchone() == ("open", 0)
        assert conn.execute("SELECT COUNT(*) FROM callback_attempts WHERE callback_id = 'cb-001'"
                            ).fetchone() == (0,)


def test_a_practice_morning_replayed_opens_the_nights_requests_again(tmp_path):
    """``POST /practice/callbacks/renew`` (the callbacks scenario starts with it): worked
    requests are open again with no tries; only this computer may ask."""
    from starlette.requests import Request

    from democenter import practice_api
    c = start_democenter(tmp_path, "--callback-retry-s", str(RETRY_S))
    try:
        token = sign_in(c, "agent1")["token"]
        for cbid, outcome in (("cb-001", "done"), ("cb-002", "no_answer")):
            assert http(c, "POST", f"/callbacks/{cbid}/claim", token=token)[0] == 200
            assert attempt(c, token, cbid, outcome)[0] == 200
        got = http(c, "GET", "/callbacks/cb-001", token=token)[1]
        assert got["status"] == "done" and len(got["attempts"]) == 1
        status, body, _ = http(c, "POST", "/practice/callbacks/renew")
        assert status == 200 and body == {"renewed": 6}
        for cbid in ("cb-001", "cb-002"):
            got = http(c, "GET", f"/callbacks/{cbid}", token=token)[1]
            assert got["status"] == "open" and got["attempts"] == [] and not got["mine"], got
        open_ids = {x["id"] for x in http(c, "GET", "/callbacks", token=token)[1]}
        assert {"cb-001", "cb-002"} <= open_ids
        assert "/api/v1/practice/callbacks/renew" not in http(c, "GET", "/openapi.json")[1]["paths"]
        far = Request({"type": "http", "client": ("10.1.2.3", 5060), "headers": []})
        with pytest.raises(practice_api.ApiError) as ei:
            practice_api._loopback(far)
        assert ei.value.status == 403
    finally:
        c.stop()
