"""The directory, the presence long-poll and the dial policy: the practice center's answers through the app's client, and the client's tolerance of broken answers."""

from __future__ import annotations

import threading
import time

import pytest

from democenter import db, directory as store
from softphone.center.client import CenterApi
from softphone.center.directory import (DialPolicy, DirectoryEntry, PresenceChange,
                                        PresencePage)
from softphone.center.models import CenterError
from tests.support.democenter import http


def _set_colleague(center, entry_id: str, presence: str) -> float:
    """What the colleagues process does: one presence written to the center's file."""
    conn = db.connect(center.data)
    try:
        store.set_colleague_presence(conn, entry_id, presence)
    finally:
        conn.close()
    return time.monotonic()


def test_directory_lists_colleagues_teams_and_outside_services(make_api):
    ko = {e.id: e for e in make_api("agent1").directory()}     # agent1 reads Korean
    assert all(isinstance(e, DirectoryEntry) for e in ko.values())
    lead = ko["colleague:2001"]
    assert (lead.name, lead.kind, lead.address, lead.transfer) == ("최은영", "colleague",
                                                                   "2001", True)
    assert lead.team == "근무 책임자" and lead.presence in ("available", "on_call", "break",
                                                           "offline")
    assert {"colleague:2002", "colleague:2003", "colleague:2004"} <= set(ko)
    assert "agent:agent1" not in ko                              # not oneself
    other = ko["agent:agent2"]
    assert (other.name, other.address, other.kind) == ("Анна Смирнова", "agent2", "colleague")
    assert ko["team:legal"].kind == "team" and ko["team:legal"].address == "2003"
    assert ko["team:legal"].presence == "" and ko["team:legal"].name == "법무팀"
    outside = [e for e in ko.values() if e.kind == "external"]
    assert outside and all(e.address.startswith("+") and e.presence == "" for e in outside)
    assert ko["external:legal-aid"].transfer is False
    en = {e.id: e for e in make_api("agent3").directory()}
    assert en["colleague:2001"].name == "Choi Eun-young" and en["team:legal"].name == "Legal team"


def test_everything_needs_a_signed_in_counselor(center):
    for path in ("/directory", "/directory/presence?after=0&wait_s=5", "/dial-policy"):
        assert http(center, "GET", path)[0] == 401, path
        status, body, _ = http(center, "GET", path, token="not-a-token")
        assert status == 401 and body["error"]["code"] == "unauthorized", path


def test_presence_starts_with_everyone_then_follows_changes(make_api, center):
    api = make_api("agent3")
    first = api.presence(0)
    assert isinstance(first, PresencePage) and first.full
    now = {c.id: c.presence for c in first.changes}
    assert {"colleague:2001", "agent:agent5"} <= set(now) and "agent:agent3" not in now
    assert now["agent:agent5"] == "offline"          # signed out
    again = api.presence(first.version)
    assert not again.full and again.changes == () and again.version == first.version
    # a counselor signs in (Not Ready: available), takes a break, signs out
    other = make_api("agent5")
    page = api.presence(first.version)
    assert [(c.id, c.presence) for c in page.changes] == [("agent:agent5", "available")]
    other.set_state("break", "lunch")
    _set_colleague(center, "colleague:2004", "break")
    page2 = api.presence(page.version)
    assert {(c.id, c.presence) for c in page2.changes} == {("agent:agent5", "break"),
                                                           ("colleague:2004", "break")}
    assert page2.version > page.version
    # a version this center never issued (another data file): everyone, at once
    assert api.presence(5).full and api.presence(page2.version + 10_000).full


def test_the_long_poll_holds_then_wakes_within_two_seconds(make_api, center):
    api = make_api("agent2")
    version = api.presence(0).version
    t0 = time.monotonic()
    empty = api.presence(version, wait_s=2)
    held = time.monotonic() - t0
    assert empty.changes == () and not empty.full and empty.version == version
    assert 1.7 <= held < 4.0, held
    got: list = []

    def poll() -> None:
        got.append(api.presence(version, wait_s=7))
        got.append(time.monotonic())
    waiter = threading.Thread(target=poll)
    waiter.start()
    time.sleep(1.0)                                   # the poll is held by now
    written = _set_colleague(center, "colleague:2003", "offline")
    waiter.join(10)
    page, answered = got
    assert [(c.id, c.presence) for c in page.changes] == [("colleague:2003", "offline")]
    assert answered - written < 2.0, answered - written
    _set_colleague(center, "colleague:2003", "available")


@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
def test_a_longer_hold_is_cut_to_the_cap(tmp_path, monkeypatch):
    """In-process, with the cap (25 s) lowered to 1 s: wait_s=3600 is held 1 s, not refused."""
    from fastapi.testclient import TestClient

    from democenter.api import CenterConfig, create_app
    monkeypatch.setattr(store, "WAIT_MAX_S", 1.0)
    db.init(tmp_path / "c.sqlite")
    with TestClient(create_app(CenterConfig(db_path=str(tmp_path / "c.sqlite")))) as client:
        token = client.post("/api/v1/sessions", json={"username": "agent1",
                                                      "password": "practice"}).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        version = client.get("/api/v1/directory/presence", headers=auth).json()["version"]
        t0 = time.monotonic()
        r = client.get(f"/api/v1/directory/presence?after={version}&wait_s=3600", headers=auth)
        assert r.status_code == 200 and r.json() == {"version": version, "full": False,
                                                     "changes": []}
        assert 0.9 <= time.monotonic() - t0 < 3.0


def test_dial_policy_and_quick_connects(make_api):
    api = make_api("agent3")
    policy = api.dial_policy()
    assert isinstance(policy, DialPolicy) and policy.default_region == "KR"
    assert policy.is_internal("2001") and not policy.is_internal("12001")
    assert policy.blocked("060-123-4567") and policy.blocked("+82 60 123 4567")
    assert not policy.blocked("02-555-0123") and policy.allow_international is True
    targets = {q.id: q.uri for q in api.quick_connects()}
    assert targets["supervisor"].startswith("sip:2001@") and targets["second_line"].startswith(
        "sip:2002@")


# ---------------------------------------------------------------- broken answers (no server)

@pytest.fixture
def answering():
    """``answering(body)`` -> a CenterApi whose every request answers ``body``."""
    def make(body):
        api = CenterApi("http://127.0.0.1:9")
        api._request = lambda *a, **kw: (200, body)
        return api
    return make


def test_entries_the_app_does_not_understand_are_skipped(answering):
    good = {"id": "colleague:2001", "name": "A", "kind": "colleague", "team": "T",
            "address": "2001", "presence": "available", "transfer": True}
    odd = [{**good, "id": "x", "kind": "robot"}, {**good, "presence": "dancing"},
           {**good, "transfer": "yes"}, "nonsense", {"id": "y"}]
    assert [e.id for e in answering([*odd, good]).directory()] == ["colleague:2001"]
    page = answering({"version": 7, "full": False, "changes": [
        {"id": "a", "presence": "gone"}, {"id": "b", "presence": "break"}]}).presence(1)
    assert page == PresencePage(7, False, (PresenceChange("b", "break"),))


@pytest.mark.parametrize("method,body", [
    ("directory", {"entries": []}), ("directory", None),
    ("presence", []), ("presence", {"version": "7", "full": False, "changes": []}),
    ("presence", {"version": 7, "full": 0, "changes": []}),
    ("presence", {"version": True, "full": False, "changes": []}),
    ("presence", {"version": 7, "full": False, "changes": {}}),
    ("dial_policy", {"default_region": "KR", "internal": "^2(", "allow_international": False,
                     "blocked_prefixes": []}),
    ("dial_policy", {"default_region": "KR", "internal": "^2\\d{3}$",
                     "allow_international": "no", "blocked_prefixes": []}),
    ("dial_policy", {"default_region": "KR", "internal": "^2\\d{3}$"}),
])
def test_broken_answers_are_invalid_responses(answering, method, body):
    with pytest.raises(CenterError) as err:
        getattr(answering(body), method)()
    assert err.value.kind == "invalid_response"
