"""A session the center revokes mid-shift, against the practice center over HTTP: the outbox keeps the write, the client tells once, the same counselor signs in again and the write goes under that counselor."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from cryptography.fernet import Fernet

from softphone.center import client as items
from softphone.center.client import CenterApi
from softphone.center.models import CenterError, SessionExpired
from softphone.center.outbox import Outbox
from tests.support.democenter import query


class MemoryKey:
    """The keyring's outbox key, in memory."""

    def __init__(self):
        self.key = None

    def load_outbox_key(self):
        return self.key

    def create_outbox_key(self):
        self.key = self.key or Fernet.generate_key()
        return self.key


def revoke(center, agent: str) -> None:
    """What an administrator does at the center: every session of ``agent`` ends now."""
    with sqlite3.connect(center.data, timeout=10) as db:
        db.execute("DELETE FROM sessions WHERE agent_id = ?", (agent,))


def seed_interaction(center, iid: str, agent: str) -> None:
    now = time.time()
    with sqlite3.connect(center.data, timeout=10) as db:
        db.execute("INSERT INTO interactions (id, queue_id, caller_number, state, agent_id,"
                   " entered_at, ended_at) VALUES (?, 'procurement', '+82215550000', 'ended',"
                   " ?, ?, ?)", (iid, agent, now - 60, now))


def sessions_of(center, agent: str) -> int:
    return query(center.data, "SELECT COUNT(*) FROM sessions WHERE agent_id = ?", (agent,))[0][0]


def wrapups(center, iid: str) -> list[tuple]:
    return query(center.data, "SELECT agent_id, disposition, notes FROM wrapups"
                              " WHERE interaction_id = ?", (iid,))


@pytest.fixture
def api(center):
    made = CenterApi(center.url)
    yield made
    made.close()


@pytest.fixture
def outbox(tmp_path, api):
    events = []
    box = Outbox(tmp_path / "outbox.sqlite", api.deliver, MemoryKey(), on_event=events.append,
                 base_backoff=0.01, max_backoff=0.05)
    box.events = events
    yield box
    box.close()


def test_revoked_session_keeps_the_write_and_the_same_counselor_sends_it(center, api, outbox):
    seed_interaction(center, "ra-c-1", "agent4")
    lost: list[SessionExpired] = []
    api.on_session_lost(lost.append)
    api.login("agent4", "practice")
    outbox.set_owner("agent4", center.url)

    revoke(center, "agent4")
    outbox.enqueue(*items.wrapup_item("ra-c-1", "resolved", "written while signed out"))
    for _ in range(4):                          # the outbox tries, backs off, tries again
        assert outbox.deliver_due() == 0
        time.sleep(0.08)
    retries = [e for e in outbox.events if e.outcome == "retrying"]
    assert len(retries) >= 3, outbox.events
    assert outbox.pending_count() == 1 and outbox.refused() == []   # kept, not refused
    assert len(lost) == 1, "told once, not once per retry"
    assert isinstance(lost[0], SessionExpired) and lost[0].kind == "auth"
    assert (lost[0].username, lost[0].agent_id) == ("agent4", "agent4")
    assert not api.signed_in and wrapups(center, "ra-c-1") == []

    with pytest.raises(CenterError) as wrong:
        api.sign_in_again("not-the-password")
    assert wrong.value.kind == "auth" and not isinstance(wrong.value, SessionExpired)
    assert "password" in wrong.value.user_message.lower()
    assert not api.signed_in and outbox.deliver_due() == 0 and outbox.pending_count() == 1

    result = api.sign_in_again("practice")
    assert result.agent.id == "agent4" and api.signed_in
    time.sleep(0.08)        # past the item's backoff: the owner never changed, so it is current
    assert outbox.deliver_due() == 1
    assert outbox.pending_count() == 0 and outbox.refused() == []
    assert wrapups(center, "ra-c-1") == [("agent4", "resolved", "written while signed out")]
    assert len(lost) == 1


def test_another_agents_credentials_are_refused_and_their_session_ended(center, api):
    lost = []
    api.on_session_lost(lost.append)
    api.login("agent5", "practice")
    revoke(center, "agent5")
    with pytest.raises(CenterError):
        api.queues()
    assert len(lost) == 1 and not api.signed_in

    with pytest.raises(CenterError) as other:
        api.sign_in_again("practice", username="agent3")
    assert other.value.kind == "auth" and other.value.code == "different_agent"
    assert not api.signed_in, "another counselor's tokens are never used"
    assert sessions_of(center, "agent3") == 0, "the session opened for agent3 was ended"
    assert api.session.agent_id == "agent5"     # still agent5's to resume
    api.sign_in_again("practice")
    assert api.queues() and sessions_of(center, "agent5") == 1


def test_told_once_per_token_across_threads(center, api):
    lost = []
    api.on_session_lost(lambda err: lost.append(threading.current_thread().name))
    api.login("agent3", "practice")
    revoke(center, "agent3")
    errors: list[BaseException] = []

    def call():
        try:
            api.queues()
        except CenterError as exc:
            errors.append(exc)
    threads = [threading.Thread(target=call, name=f"worker-{n}") for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(15)
    assert len(errors) == 4 and all(e.kind == "auth" for e in errors)
    assert len(lost) == 1 and lost[0].startswith("worker-")     # on the worker that saw it
    api.sign_in_again("practice")
    assert api.queues()
    revoke(center, "agent3")                    # a new token, ended again: told again
    with pytest.raises(CenterError):
        api.queues()
    assert len(lost) == 2


def test_a_write_never_leaves_under_another_agents_session(center, api):
    """Someone else signs in on this client (another thread) between the outbox's pick and
    the send: the write is not sent with that session; it waits for its own counselor."""
    seed_interaction(center, "ra-c-2", "agent1")
    api.login("agent1", "practice")
    _, path, payload = items.wrapup_item("ra-c-2", "resolved", "agent1's note")
    key = items.new_key()
    switched = []

    def still_current():            # the outbox's question; meanwhile agent2 signs in here
        if not switched:
            switched.append(api.login("agent2", "practice"))
        return True
    with pytest.raises(CenterError) as waits:
        api.deliver("POST", path, payload, key, still_current)
    assert waits.value.kind == "auth" and "another session" in waits.value.detail
    assert wrapups(center, "ra-c-2") == []
    api.logout()
    api.login("agent1", "practice")
    assert api.deliver("POST", path, payload, key, lambda: True) == {"ok": True}
    assert wrapups(center, "ra-c-2")[0][0] == "agent1"


def test_logout_of_an_ended_session_tells_nobody(center, api):
    lost = []
    api.on_session_lost(lost.append)
    api.login("agent2", "practice")
    revoke(center, "agent2")
    with pytest.raises(CenterError):
        api.logout()                            # the center answers 401: nothing to resume
    assert lost == [] and not api.signed_in
    with pytest.raises(CenterError) as none:
        api.sign_in_again("practice")
    assert none.value.code == "no_session"
