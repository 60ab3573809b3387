"""The practice center's own rules over raw HTTP: error shape, idempotency, expiry, supervisor page."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

import pytest

from democenter import db
from tests.support.democenter import ROOT, DemoCenter, start_democenter, supervisor_page
from tests.support.procs import free_port, start, stop, wait_for

CLEAR = {"temperature": 36.6, "cough": False, "fever": False, "sore_throat": False,
         "close_contact": False, "stress": 2, "voice_strain": 1, "sleep": 4}


def call(center, method, path, body=None, token=None, headers=None, raw=None):
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    req = urllib.request.Request(center.url + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read() or b"null"), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null"), dict(e.headers)


def login(center, user):
    status, body, _ = call(center, "POST", "/sessions",
                           {"username": user, "password": "practice"})
    assert status == 200
    return body["token"]


@pytest.mark.parametrize("method,path,body,raw,status,code", [
    ("GET", "/no-such-thing", None, None, 404, "not_found"),
    ("DELETE", "/queues", None, None, 405, "method_not_allowed"),
    ("POST", "/sessions", {"username": "agent1"}, None, 422, "invalid_request"),
    ("POST", "/sessions", None, b"{not json", 422, "invalid_request"),
    ("POST", "/sessions", {"username": "agent1", "password": "nope"}, None, 401,
     "invalid_credentials"),
    ("GET", "/queues", None, None, 401, "unauthorized"),
])
def test_every_error_has_the_one_shape(center, method, path, body, raw, status, code):
    got, answer, headers = call(center, method, path, body, raw=raw)
    assert got == status
    assert set(answer) == {"error"} and answer["error"]["code"] == code
    assert isinstance(answer["error"]["message"], str) and answer["error"]["message"]
    assert headers["content-type"].startswith("application/json")


def test_health_check_idempotency_replays_and_records_once(center):
    token = login(center, "agent2")
    key = str(uuid.uuid4())
    body = {"form_id": "shift-check", "form_version": 3, "answers": CLEAR}
    first = call(center, "POST", "/health-checks", body, token, {"Idempotency-Key": key})
    again = call(center, "POST", "/health-checks", body, token, {"Idempotency-Key": key})
    assert first[0] == again[0] == 200 and first[1] == again[1] and first[1]["cleared"]
    assert again[2].get("idempotent-replayed") == "true"
    with sqlite3.connect(center.data) as conn:
        n = conn.execute("SELECT COUNT(*) FROM health_checks WHERE agent_id='agent2'"
                         ).fetchone()[0]
        cols = [r[1] for r in conn.execute("PRAGMA table_info(health_checks)")]
    assert n == 1
    assert "temperature" not in cols and "answers" not in cols   # outcome only
    bad = dict(body, answers=dict(CLEAR, temperature=50))
    status, answer, _ = call(center, "POST", "/health-checks", bad, token)
    assert status == 422 and answer["error"]["code"] == "invalid_answers"
    old = dict(body, form_version=2)
    assert call(center, "POST", "/health-checks", old, token)[1]["error"]["code"] == \
        "form_outdated"


def test_supervisor_page_shows_status_without_medical_details(center):
    t1 = login(center, "agent1")
    sick = dict(CLEAR, temperature=38.4, cough=True)
    call(center, "POST", "/health-checks",
         {"form_id": "shift-check", "form_version": 3, "answers": sick}, t1)
    t3 = login(center, "agent3")
    call(center, "POST", "/health-checks",
         {"form_id": "shift-check", "form_version": 3, "answers": CLEAR}, t3)
    call(center, "POST", "/incidents", {"severity": "high",
                                        "description": "<img src=x onerror=alert(1)> shouted"},
         t3)
    with sqlite3.connect(center.data) as conn:   # hostile display name (as a center might have)
        conn.execute("UPDATE agents SET display_name = '<b>Bold</b> \u202eagent' WHERE"
                     " id = 'agent5'")
    page = supervisor_page(center)
    rows = {a: page.split(f"<td>{a}</td>", 1)[1].split("</tr>", 1)[0]
            for a in ("agent1", "agent3", "agent4")}
    assert "not cleared" in rows["agent1"]
    assert ">cleared<" in rows["agent3"]
    assert "not submitted" in rows["agent4"]
    assert "38.4" not in page and "cough" not in page.lower()
    assert "<img" not in page and "&lt;img src=x" in page
    assert "<b>Bold" not in page and "&lt;b&gt;Bold" in page


def test_wal_and_a_concurrent_writer(center):
    """Another process-like writer (the ACD's pattern) does not make the API fail."""
    token = login(center, "agent4")
    stop = threading.Event()
    errors: list[Exception] = []

    def writer():
        conn = db.connect(center.data)
        i = 0
        while not stop.is_set():
            try:
                with db.transaction(conn):
                    conn.execute("INSERT INTO interactions (id, queue_id, caller_number,"
                                 " entered_at) VALUES (?, 'hotline', '+100', ?)",
                                 (f"w-{uuid.uuid4()}", time.time()))
                    i += 1
            except Exception as exc:  # noqa: BLE001
                errors.append(exc)
        conn.close()

    t = threading.Thread(target=writer)
    t.start()
    try:
        for _ in range(40):
            assert call(center, "GET", "/queues", token=token)[0] == 200
            assert call(center, "PUT", "/agents/me/state", {"state": "not_ready"}, token)[0] \
                == 200
    finally:
        stop.set()
        t.join(10)
    assert not errors
    with sqlite3.connect(center.data) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_tokens_expire_and_refresh(tmp_path):
    c = start_democenter(tmp_path, "--token-ttl", "3")
    try:
        status, body, _ = call(c, "POST", "/sessions", {"username": "agent1",
                                                        "password": "practice"})
        assert body["expires_in"] == 3
        assert call(c, "GET", "/queues", token=body["token"])[0] == 200
        answer = wait_for(lambda: (lambda r: r[0] == 401 and r[1])(
            call(c, "GET", "/queues", token=body["token"])), 15, 0.2, "the token to expire")
        assert answer["error"]["code"] == "token_expired"
        status, pair, _ = call(c, "POST", "/sessions/refresh",
                               {"refresh_token": body["refresh_token"]})
        assert status == 200 and pair["token"] != body["token"]
        assert call(c, "GET", "/queues", token=pair["token"])[0] == 200
        status, answer, _ = call(c, "POST", "/sessions/refresh",
                                 {"refresh_token": body["refresh_token"]})   # used once
        assert status == 401
    finally:
        c.stop()


def test_sigterm_stops_the_server_and_its_queue(tmp_path):
    """``python -m democenter`` (with the queue) exits 0 on SIGTERM and stops its child."""
    c = DemoCenter(data=tmp_path / "c.sqlite", port=free_port(), log=tmp_path / "c.log")
    proc = start([sys.executable, "-m", "democenter", "--port", str(c.port), "--data",
                  str(c.data), "--call-rate", "0", "--sip-proxy", f"127.0.0.1:{free_port()}"],
                 log_path=str(c.log), cwd=str(ROOT))
    c.proc = proc
    try:
        wait_for(c._up, 30, 0.1, "the API")
        wait_for(lambda: "ACD READY" in c.log.read_text(errors="replace"), 30, 0.1,
                 "the queue process")
        with open(f"/proc/{proc.pid}/task/{proc.pid}/children") as f:
            children = [int(p) for p in f.read().split()]
        assert children, "the queue process was not started"
        os.kill(proc.pid, signal.SIGTERM)            # the parent only, not its group
        assert proc.wait(20) == 0

        def gone(pid: int) -> bool:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    return f.read().split()[2] == "Z"
            except FileNotFoundError:
                return True

        for child in children:
            wait_for(lambda: gone(child), 15, 0.1, "the queue process to stop")
    finally:
        stop(proc)
