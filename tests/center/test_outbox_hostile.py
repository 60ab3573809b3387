"""A hostile "center" (captive portal, proxy, junk): only the contract's receipt makes a write delivered."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from softphone.center import client as center
from softphone.center.client import CenterApi
from softphone.center.models import CenterError
from softphone.center.outbox import Outbox, OutboxEvent
from tests.center.test_outbox import MemoryKey

HTML = (200, "text/html; charset=utf-8", b"<html><body>Sign in to the hotel Wi-Fi</body></html>")
EMPTY = (200, "application/json", b"{}")
HUGE = (200, "application/json", None)                      # 10 MB, no Content-Length
HUGE_DECLARED = (200, "application/json", b"x" * (10 * 1024 * 1024))
NOT_OK = (200, "application/json", b'{"ok": false}')
WRONG_TYPE = (200, "text/plain", b'{"ok": true}')
NO_CONTENT = (204, "application/json", b"")
PORTAL = (302, "text/html", b"")
GOOD = (200, "application/json", b'{"ok": true}')
INCIDENT = (200, "application/json", b'{"id": 17}')
CONFLICT = (409, "application/json", json.dumps({"error": {
    "code": "callback_done", "message": "This callback is already completed."}}).encode())


class Hostile:
    """A local HTTP server answering each request with the next scripted answer (then GOOD)."""

    def __init__(self):
        self.script: list[tuple] = []
        self.seen: list[tuple[str, str, str]] = []      # (path, idempotency key, token)
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with outer.lock:
                    outer.seen.append((self.path, self.headers.get("Idempotency-Key", ""),
                                       self.headers.get("Authorization", "")))
                    status, ctype, body = outer.script.pop(0) if outer.script else GOOD
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                if status == 302:
                    self.send_header("Location", "http://portal.example/login")
                if body is not None:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    if body is None:            # close-delimited junk, 10 MB
                        for _ in range(160):
                            self.wfile.write(b"[" * 65536)
                    else:
                        self.wfile.write(body)
                except OSError:
                    pass                        # the client stopped reading: as it should

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hostile():
    h = Hostile()
    yield h
    h.close()


@pytest.fixture
def api(hostile):
    a = CenterApi(hostile.url, timeout=(2.0, 5.0))
    a.set_tokens("token-agent1", "")
    yield a
    a.close()


@pytest.mark.parametrize("answer", [HTML, EMPTY, HUGE, HUGE_DECLARED, NOT_OK, WRONG_TYPE,
                                    NO_CONTENT],
                         ids=["html200", "empty-object", "10MB", "10MB-declared", "ok-false",
                              "text-plain", "204"])
def test_a_2xx_that_is_not_the_contracts_receipt_is_not_a_delivery(hostile, api, answer):
    hostile.script = [answer]
    started = time.monotonic()
    with pytest.raises(CenterError) as ei:
        api.deliver("POST", "/interactions/i-1/wrapup", {"disposition": "resolved"}, "k-1")
    assert ei.value.kind == "invalid_response", ei.value.detail
    assert time.monotonic() - started < 5
    assert api.deliver("POST", "/interactions/i-1/wrapup", {"disposition": "resolved"},
                       "k-1") == {"ok": True}                        # the real receipt


def test_each_write_has_its_own_receipt(hostile, api):
    hostile.script = [GOOD, INCIDENT]
    with pytest.raises(CenterError):          # {"ok": true} is not an incident's receipt
        api.deliver("POST", "/incidents", {"severity": "high", "description": "x"}, "k-2")
    assert api.deliver("POST", "/incidents", {"severity": "high", "description": "x"},
                       "k-2") == {"id": 17}


def test_a_redirect_to_a_portal_is_retried_not_followed(hostile, api):
    hostile.script = [PORTAL]
    with pytest.raises(CenterError) as ei:
        api.deliver("POST", "/interactions/i-1/wrapup", {"disposition": "resolved"}, "k-1")
    assert ei.value.kind == "server" and len(hostile.seen) == 1


def test_hostile_answers_keep_the_item_retry_it_then_list_it(hostile, api, tmp_path):
    hostile.script = [HTML, EMPTY, HUGE]
    events: list[OutboxEvent] = []
    box = Outbox(tmp_path / "o.sqlite", api.deliver, MemoryKey(), on_event=events.append,
                 base_backoff=0.01, max_backoff=0.05, bad_answer_limit=3, bad_answer_window_s=0)
    box.set_owner("agent1", hostile.url)
    first = box.enqueue(*center.wrapup_item("i-1", "resolved", "note"))
    second = box.enqueue(*center.wrapup_item("i-2", "resolved", ""))
    box.start()
    _wait(lambda: box.pending_count() == 0)
    assert [(e.item_id, e.outcome) for e in events] == [
        (first, "retrying"), (first, "retrying"), (first, "unconfirmed"), (second, "delivered")]
    [listed] = box.refused()
    assert listed.id == first and listed.status == "unconfirmed" and "body" in listed.reason
    box.resend(first)                                    # a person decided: send it again
    _wait(lambda: box.pending_count() == 0 and len(hostile.seen) == 5)
    box.close()
    keys = [k for p, k, _ in hostile.seen if p.endswith("/i-1/wrapup")]
    assert len(keys) == 4 and len(set(keys)) == 1        # always the same Idempotency-Key
    assert all(t == "Bearer token-agent1" for _, _, t in hostile.seen)


def test_a_conflict_is_refused_with_the_centers_reason_and_the_next_item_goes(hostile, api,
                                                                                 tmp_path):
    hostile.script = [CONFLICT]
    box = Outbox(tmp_path / "o.sqlite", api.deliver, MemoryKey())
    box.set_owner("agent1", hostile.url)
    refused = box.enqueue(*center.callback_complete_item("cb-1", "reached", "called back"))
    box.enqueue(*center.wrapup_item("i-2", "resolved", ""))
    assert box.deliver_due() == 1
    [item] = box.refused()
    assert (item.id, item.kind, item.disposition, item.status) == (
        refused, "callback_complete", "reached", "refused")
    assert item.reason == "409 callback_done: This callback is already completed."
    box.close()


def _wait(pred, timeout=20.0):
    from tests.support.procs import wait_for
    wait_for(pred, timeout, 0.01, "the outbox")
