"""The app's center client against the running practice center, one endpoint at a time."""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from datetime import datetime

import pytest

from softphone.center import client as c
from softphone.center.client import CenterApi, CenterError
from softphone.center.models import (AgentStateInfo, CallbackRequest, CallerContext,
                                     Disposition, LoginResult, QueueStats, QuickConnect,
                                     ReasonCode)
from softphone.domain.health import HealthForm
from tests.support.democenter import supervisor_page

CLEAR = {"temperature": 36.6, "cough": False, "fever": False, "sore_throat": False,
         "close_contact": False, "stress": 2, "voice_strain": 1, "sleep": 4}


def test_login_returns_profile_sip_queues(center):
    api = CenterApi(center.url)
    res = api.login("agent2", "practice", sip_contact="sip:agent2@127.0.0.1:5099")
    assert isinstance(res, LoginResult)
    assert res.agent.id == "agent2" and res.agent.language == "ru"
    assert res.agent.display_name == "Анна Смирнова"
    assert res.sip.username == "agent2" and res.sip.password == "sip-agent2"
    assert res.sip.transport in ("udp", "tcp", "tls") and res.sip.register_expiry_s > 0
    assert "sip-agent2" not in repr(res) and res.token not in repr(res)
    assert {q.id for q in res.queues} == {"procurement", "hotline"}
    assert res.settings.acw_limit_s > 0 and res.settings.ring_timeout_s > 0
    with sqlite3.connect(center.data) as db:
        state, contact = db.execute("SELECT state, contact_uri FROM agents WHERE id='agent2'"
                                    ).fetchone()
    assert state == "not_ready" and contact == "sip:agent2@127.0.0.1:5099"
    api.logout()
    assert not api.signed_in
    api.close()


def test_wrong_password_is_auth_error(center):
    api = CenterApi(center.url)
    with pytest.raises(CenterError) as ei:
        api.login("agent1", "wrong")
    assert ei.value.kind == "auth" and "password" in ei.value.user_message.lower()
    assert "wrong" not in ei.value.detail   # never the password
    with pytest.raises(CenterError) as ei:
        api.queues()                         # not signed in
    assert ei.value.kind == "auth"
    api.close()


def test_refresh_rotates_tokens_and_logout_ends_session(make_api):
    api = make_api("agent3")
    old = api._token
    pair = api.refresh()
    assert pair.token != old and api._token == pair.token
    assert api.queues()          # new token works
    api.set_tokens(old, "")      # the old one was revoked by the refresh
    with pytest.raises(CenterError) as ei:
        api.queues()
    assert ei.value.kind == "auth"
    api.set_tokens(pair.token, pair.refresh_token)
    api.logout()
    api.set_tokens(pair.token, "")
    with pytest.raises(CenterError):
        api.queues()


def test_health_form_in_three_languages(make_api):
    api = make_api("agent1")
    for lang in ("en", "ko", "ru"):
        form = api.health_form(lang)
        assert isinstance(form, HealthForm) and form.language == lang
        assert form.question("temperature").min == 34.0
        assert form.question("stress").max == 5
    assert api.health_form("ko").title != api.health_form("en").title


def test_health_check_gate_and_state_changes(make_api, center):
    api = make_api("agent4")
    with pytest.raises(CenterError) as ei:
        api.set_state("ready")
    assert ei.value.kind == "conflict" and ei.value.code == "health_check_required"
    form = api.health_form("en")
    res = api.submit_health_check(form.form_id, form.version, dict(CLEAR, stress=5),
                                  c.new_key())
    assert not res.cleared and "관리자" in res.guidance   # agent4 speaks Korean
    with pytest.raises(CenterError):
        api.set_state("ready")
    res = api.submit_health_check(form.form_id, form.version, CLEAR, c.new_key())
    assert res.cleared
    st = api.set_state("ready")
    assert isinstance(st, AgentStateInfo) and st.state == "ready"
    assert isinstance(st.since, datetime) and st.since.tzinfo is not None
    st = api.set_state("break", "lunch")
    assert (st.state, st.reason_code) == ("break", "lunch")
    with pytest.raises(CenterError) as ei:
        api.set_state("break", "training")   # a not_ready reason
    assert ei.value.kind == "client"
    with sqlite3.connect(center.data) as db:
        kinds = [r[0] for r in db.execute("SELECT kind FROM notices WHERE agent_id='agent4'")]
        log = [r[0] for r in db.execute("SELECT state FROM agent_state_log WHERE"
                                        " agent_id='agent4' ORDER BY id")]
    assert "health_not_cleared" in kinds
    assert log[-2:] == ["ready", "break"]


def test_reason_codes_queues_quick_connects(make_api):
    api = make_api("agent2")
    codes = api.reason_codes()
    assert all(isinstance(x, ReasonCode) for x in codes)
    assert {x.code for x in codes if x.kind == "break"} == {"lunch", "short_break", "recovery"}
    assert next(x for x in codes if x.code == "lunch").label == "Обед"   # agent2 speaks ru
    assert next(x for x in api.reason_codes("en") if x.code == "lunch").label == "Lunch"
    qs = api.queues()
    assert all(isinstance(q, QueueStats) for q in qs)
    assert {q.id for q in qs} == {"procurement", "hotline"}
    qc = api.quick_connects()
    assert all(isinstance(q, QuickConnect) for q in qc)
    assert {q.id for q in qc} == {"supervisor", "second_line", "hotline_queue"}


def test_caller_context_by_interaction_and_number(make_api, center):
    api = make_api("agent2")                      # hist-002-1 is one of agent2's calls
    ctx = api.interaction("hist-002-1")
    assert isinstance(ctx, CallerContext)
    assert ctx.interaction_id == "hist-002-1" and ctx.customer is not None
    assert ctx.customer.name == "정우진" and ctx.ivr_path
    with sqlite3.connect(center.data) as db:      # callers the queue put through to agent2
        db.executemany("INSERT INTO interactions (id, queue_id, caller_number, state,"
                       " agent_id, entered_at) VALUES (?, 'procurement', ?, 'connected',"
                       " 'agent2', 0)", [(f"ctx-{n}", number) for n, number in enumerate(
                           ("+82215550101", "+12025550130", "+99900000000"))])
    by_num = api.customer_by_number("+82215550101")
    assert by_num.interaction_id is None and by_num.customer.id == "c001"
    assert by_num.open_cases and by_num.open_cases[0].status == "open"
    hostile = api.customer_by_number("+12025550130")
    assert "<b>" in hostile.customer.name          # delivered as data, rendered as text
    unknown = api.customer_by_number("+99900000000")
    assert unknown.customer is None and unknown.recent_contacts == ()
    with pytest.raises(CenterError) as ei:
        api.interaction("no-such-call")
    assert ei.value.kind == "client" and ei.value.status == 404
    assert "99900000000" not in str(ei.value.detail)


def test_dispositions_global_and_per_queue(make_api):
    api = make_api("agent3")
    glob = api.dispositions(None)
    proc = api.dispositions("procurement")
    assert all(isinstance(d, Disposition) for d in proc)
    assert all(d.queue_id is None for d in glob)
    assert {d.code for d in proc} > {d.code for d in glob}
    assert {d.queue_id for d in proc} == {None, "procurement"}


def test_wrapup_incident_callback_complete_via_deliver(make_api, center):
    api = make_api("agent5")
    key = c.new_key()
    kind, path, payload = c.wrapup_item("hist-005-1", "resolved", "Примечание 메모")
    api.deliver("POST", path, payload, key)
    api.deliver("POST", path, payload, key)             # replayed, not recorded twice
    kind, path, payload = c.incident_item("high", "Caller threatened staff", "hist-005-1")
    api.deliver("POST", path, payload, c.new_key())
    with sqlite3.connect(center.data) as db:
        n = db.execute("SELECT COUNT(*) FROM wrapups WHERE idempotency_key = ?", (key,)
                       ).fetchone()[0]
        notes = db.execute("SELECT notes FROM interactions WHERE id='hist-005-1'").fetchone()[0]
        inc = db.execute("SELECT severity FROM incidents WHERE agent_id='agent5'").fetchall()
    assert n == 1 and notes == "Примечание 메모" and inc == [("high",)]


def test_callbacks_claim_and_complete(make_api, center):
    a1, a2 = make_api("agent1"), make_api("agent2")
    cbs = a1.callbacks()
    assert cbs and all(isinstance(x, CallbackRequest) for x in cbs)
    target = cbs[0]
    got = a1.claim_callback(target.id)
    assert got.status == "claimed" and got.id == target.id
    assert a1.claim_callback(target.id).status == "claimed"     # mine: fine again
    with pytest.raises(CenterError) as ei:
        a2.claim_callback(target.id)
    assert ei.value.kind == "conflict"
    assert target.id not in {x.id for x in a2.callbacks()}
    _, path, payload = c.callback_complete_item(target.id, "reached", "Called back at 9:10")
    a1.deliver("POST", path, payload, c.new_key())
    with sqlite3.connect(center.data) as db:
        row = db.execute("SELECT status, outcome, agent_id FROM callbacks WHERE id = ?",
                         (target.id,)).fetchone()
    assert row == ("done", "reached", "agent1")


def test_help_request_reaches_supervisor_page(make_api, center):
    api = make_api("agent3")
    api.help("Need a hand with a <script>x</script> caller")
    page = supervisor_page(center)                # signed in as the practice supervisor
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>" not in page
    assert "Need a hand" in page and "agent3" in page


def test_token_refresh_is_automatic_on_401(make_api, center):
    api = make_api("agent5")
    with sqlite3.connect(center.data) as db:   # expire the access token now
        db.execute("UPDATE sessions SET expires_at = 0 WHERE token = ?",   # kept as a digest
                   (hashlib.sha256(api._token.encode()).hexdigest(),))
    seen = []
    api._on_tokens = lambda t, r: seen.append(t)
    assert api.queues()
    assert len(seen) == 1 and api._token == seen[0]


def test_unique_idempotency_per_agent(make_api):
    a1, a3 = make_api("agent1"), make_api("agent3")
    key = str(uuid.uuid4())
    _, path, payload = c.incident_item("low", "test")
    a1.deliver("POST", path, payload, key)
    with pytest.raises(CenterError) as ei:
        a3.deliver("POST", path, payload, key)
    assert ei.value.kind == "client" and ei.value.code == "idempotency_key_reused"
    _, path, payload = c.wrapup_item("hist-003-1", "resolved", "")
    with pytest.raises(CenterError) as ei:      # same key, another operation
        a1.deliver("POST", path, payload, key)
    assert ei.value.code == "idempotency_key_reused"


def test_connections_are_reused_and_logs_hide_numbers_and_tokens(make_api, caplog):
    import logging
    caplog.set_level(logging.DEBUG)
    api = make_api("agent2")
    caplog.clear()
    for _ in range(5):
        api.queues()
    # keep-alive: one TCP (and TLS) handshake for five calls
    assert caplog.text.count("Starting new HTTP connection") == 1
    api.customer_by_number("+82215550102")        # the caller of agent2's hist-002-1
    with pytest.raises(CenterError):
        api.interaction("+82215550999")
    text = caplog.text
    assert "customers/by-number" in text
    assert "82215550102" not in text and "82215550999" not in text
    assert api._token not in text and api._refresh_token not in text
    assert "practice" not in text
