"""The log redaction filter: what it masks, what it leaves readable, and where it is attached."""

from __future__ import annotations

import io
import logging
import threading

import pytest

from softphone.platform import redact
from softphone.platform.redact import MASK, Redactor, Remembered
from softphone.sip.events import CallDirection, CallEnded, CallState, CallStateChanged
from tests.desk.test_desk import offer, parts, start_shift  # noqa: F401 - parts is a fixture

TOKEN = "Zq3-x_Vb9KpL2mN8rT4wY6uE1oI5aS7dF0gH2jK4lQ9"      # shaped like token_urlsafe(32)


@pytest.fixture(autouse=True)
def clean_registry():
    redact.forget()
    yield
    redact.forget()
    redact.uninstall()


@pytest.mark.parametrize("text, gone", [
    ("GET /api/v1/customers/by-number/%2B82215550101 HTTP/1.1", "82215550101"),
    ("GET /api/v1/customers?phone=+821055501234", "821055501234"),
    ("caller +82 2 1555 0101 on hold", "1555 0101"),
    ("national (02) 1555-0101", "1555-01"),
    ("mobile 010-5550-1234", "010-5550-12"),
    ("US +1 (202) 555-0121", "(202) 555-01"),
    ("plain 0215550101", "02155501"),
    ("Russia +7 495 555-01-11", "495 555"),
    ("on 2026-11-30 01012345678", "010123456"),
])
def test_phone_numbers_are_masked_but_the_last_two_digits(text, gone):
    out = redact.redact(text)
    assert gone not in out
    assert "#" in out


@pytest.mark.parametrize("text", [
    'http://127.0.0.1:38851 "PUT /api/v1/agents/me/state HTTP/1.1" 200 83',
    "POST /sessions -> 200 in 39 ms",
    "practice center: stopped 3 processes left by an earlier run: [4012345, 1234567]",
    "SIP requests accepted only from 192.168.100.200:5060 (registrar/proxy)",
    "SIP stack: pjsua2 2.17, OpenSSL 3.0.19; rtp port 4000, 12 calls",
    "at 2026-11-30 06:31:36,463 the call lasted 1834 s (temperature 36.6)",
    "outbox item 17 (wrapup) not delivered (timeout); retry in 2.5 s",
    "GET /interactions/IX-95AF9F28E0 -> 200 in 8 ms",
    "idempotency key 123e4567-e89b-12d3-a456-426614174000",
    "see /tmp/pytest-of-me/agent-softphone/democenter.log",
    "ring device 'USB Headset: Audio (hw:2,0)' at 48000 Hz, monotonic 1764486696.123",
    "call 3 ended: 487 Request Terminated",
    "sip:practice.center:5060;transport=udp",
])
def test_ordinary_log_numbers_stay_readable(text):
    assert redact.redact(text) == text


@pytest.mark.parametrize("text, secret", [
    ("Authorization: Bearer abc.def-ghi", "abc.def-ghi"),
    ("headers {'Authorization': 'Basic YWdlbnQxOnByYWN0aWNl', 'Accept': 'x'}", "YWdlbnQx"),
    ("retry with bearer q1w2e3r4t5", "q1w2e3r4t5"),
    ('{"token": "short-tok", "expires_in": 900}', "short-tok"),
    ('{"refresh_token":"with \\"quote\\" inside"}', "inside"),
    ("login password=practice user=agent1", "practice"),
    ("sip_secret: sip-agent1", "sip-agent1"),
    ("?token=abc123&x=1", "abc123"),
    ("Cookie: session=abcdef", "abcdef"),
    (f"the session {TOKEN} expired", TOKEN),
    ("digest 3f2a9c0b5d4e6f7a8b9c0d1e2f3a4b5c", "3f2a9c0b5d4e6f7a8b9c0d1e2f3a4b5c"),
])
def test_tokens_passwords_and_long_secrets_are_masked(text, secret):
    out = redact.redact(text)
    assert secret not in out and MASK in out


def test_sip_and_tel_uris_lose_their_user_part():
    out = redact.redact('From: "X" <sip:+12025550121@practice.center;tag=9>, '
                        "REGISTER sips:agent1:pw@pbx.example tel:+12025550121;ext=1")
    assert "agent1" not in out and "2025550121" not in out and "pw@" not in out
    assert "sip:***@practice.center;tag=9" in out and "sips:***@pbx.example" in out
    assert "tel:***;ext=1" in out


def test_masking_twice_changes_nothing():
    text = (f"Authorization: Bearer {TOKEN}\n+82 2 1555 0101 sip:agent1@h password='x y' "
            f"{TOKEN} tel:+8210")
    once = redact.redact(text)
    assert redact.redact(once) == once


def test_remembered_caller_details_are_masked_until_forgotten():
    redact.remember("이서연", "+82215550101", "Emily Clark", "", None, "Al")
    out = redact.redact("offer from 이서연 (EMILY CLARK) /customers/%2B82215550101 Al")
    assert "이서연" not in out and "EMILY CLARK" not in out and "82215550101" not in out
    assert out.endswith(" Al")             # too short to be telling: left alone
    redact.forget()
    assert redact.redact("이서연 called") == "이서연 called"


def test_remembered_names_are_url_encoded_too():
    redact.remember("Olivia Brown")
    out = redact.redact("GET /search?name=Olivia+Brown and /x/Olivia%20Brown")
    assert "Olivia" not in out


def test_the_registry_is_safe_across_threads():
    reg = Remembered()
    stop = threading.Event()

    def churn():
        while not stop.is_set():
            reg.add(["Noah Davis", "+12025550124"])
            reg.clear()

    t = threading.Thread(target=churn)
    t.start()
    try:
        for _ in range(2000):
            out = redact.redact("Noah Davis +12025550124", reg)
            assert "Noah Davis" in out or MASK in out      # either before or after a swap
            assert "2025550124" not in out                   # the number rule covers it anyway
    finally:
        stop.set()
        t.join()


def test_large_hostile_input_is_handled_correctly():
    """Shapes that make backtracking patterns explode; correctness on 100k characters."""
    assert redact.redact("1 " * 50_000) == "#" * 1 + " #" * 49_997 + " 1 1 "
    assert redact.redact("sip:" * 25_000 + "x@h") == "sip:***@h"
    assert redact.redact("a-" * 50_000) == "a-" * 50_000
    assert redact.redact("2026-11-30 " * 9_000) == "2026-11-30 " * 9_000
    hostile = 'token="' + "\\" * 100_000
    assert redact.redact(hostile).startswith('token="***')
    assert redact.redact("%2B" * 33_000) == "%2B" * 33_000
    assert redact.redact("password=" * 11_000) == "password=***"
    assert redact.redact("a:" * 50_000) == "a:" * 50_000
    digits = "9" * 100_000
    assert redact.redact(digits) == "#" * 99_998 + "99"


def _logger_to(stream: io.StringIO, name: str) -> tuple[logging.Logger, logging.Handler]:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    return logging.getLogger(name), handler


def test_a_urllib3_record_through_a_real_handler_is_masked():
    stream = io.StringIO()
    root = logging.getLogger()
    handler = logging.StreamHandler(stream)
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    try:
        redact.install()
        logging.getLogger("urllib3.connectionpool").debug(
            '%s://%s:%s "%s %s %s" %s %s', "http", "127.0.0.1", 8080, "GET",
            "/api/v1/customers/by-number/%2B821055501234", "HTTP/1.1", 200, 512)
        logging.getLogger("urllib3.util.retry").debug(
            "Incremented Retry for (url='%s'): %r", "/customers?phone=+821055501234", "Retry(2)")
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    out = stream.getvalue()
    assert "1055501234" not in out, out
    assert '127.0.0.1:8080 "GET /api/v1/customers/by-number/%2B' in out
    assert 'HTTP/1.1" 200 512' in out                  # status and size stay readable
    assert "Incremented Retry for (url='/customers?phone=+##########34'): 'Retry(2)'" in out
    assert handler.filters and isinstance(handler.filters[0], Redactor)


def test_install_puts_one_filter_on_every_handler_and_covers_later_ones():
    stream_a, stream_b = io.StringIO(), io.StringIO()
    a = logging.StreamHandler(stream_a)
    lib = logging.getLogger("tests.redact.lib")
    lib.propagate = False
    lib.setLevel(logging.INFO)
    lib.addHandler(a)
    try:
        first = redact.install()
        assert redact.install() is first                  # idempotent: one instance
        assert a.filters.count(first) == 1
        b = logging.StreamHandler(stream_b)               # a handler added afterwards
        lib.addHandler(b)
        lib.info("password=%s caller %s", "practice", "+821055501234")
        for out in (stream_a.getvalue(), stream_b.getvalue()):
            assert "practice" not in out and "1055501234" not in out and "password=***" in out
        redact.uninstall()
        assert first not in a.filters
        assert logging.getLogRecordFactory() is logging.LogRecord
    finally:
        lib.handlers.clear()
        lib.propagate = True


def test_args_are_formatted_once_and_cleared():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "user %s number %s at %d%%",
                               ("agent1", "+821055501234", 50), None)
    assert Redactor().filter(record) is True
    assert record.args == ()
    assert record.getMessage() == "user agent1 number +##########34 at 50%"


def test_dict_args_and_unformattable_args():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%(who)s", ({"who": "tel:+8210"},),
                               None)
    Redactor().filter(record)
    assert record.getMessage() == "tel:***"
    bad = logging.LogRecord("x", logging.INFO, __file__, 1, "%d items for %s", ("password=x",), None)
    Redactor().filter(bad)
    assert "password=x" not in bad.getMessage() and bad.args == ()


def test_tracebacks_and_stacks_are_masked():
    stream = io.StringIO()
    log, handler = _logger_to(stream, "tests.redact.exc")
    handler.addFilter(Redactor())
    log.addHandler(handler)
    log.propagate = False
    try:
        try:
            raise ValueError("no customer for +821055501234 with token=secretvalue")
        except ValueError:
            log.exception("lookup failed", stack_info=True)
    finally:
        log.removeHandler(handler)
        log.propagate = True
    out = stream.getvalue()
    assert "Traceback" in out and "ValueError" in out and "Stack (most recent call last)" in out
    assert "1055501234" not in out and "secretvalue" not in out


def test_a_failure_inside_masking_withholds_the_line(monkeypatch):
    def broken(*_a, **_k):
        raise RuntimeError("boom")
    monkeypatch.setattr(redact, "redact", broken)
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "password=%s", ("practice",), None)
    assert Redactor().filter(record) is True
    assert record.getMessage() == redact.WITHHELD


def test_the_desk_masks_the_current_callers_details_until_the_context_is_dropped(qtbot, parts):
    desk, engine, _, _, rec = parts
    start_shift(qtbot, desk, engine, rec)
    desk.agent.request_ready()
    offer(engine, number="+821012345678")
    qtbot.waitUntil(lambda: "context_ready" in rec.got, timeout=5000)
    now = redact.remembered()
    assert "+821012345678" in now and "Caller\u202e" in now
    assert any("Kim" in v for v in now)                     # the center's name for the caller
    engine.event.emit(CallEnded(7, 487, "Request terminated"))     # gone before it was answered
    assert redact.remembered() == frozenset()

    offer(engine, cid=8, number="+821055501234")
    engine.event.emit(CallStateChanged(8, CallState.CONFIRMED, CallDirection.INCOMING, 200))
    engine.event.emit(CallEnded(8, 200, "Normal", 3.0))
    assert "+821055501234" in redact.remembered()           # wrap-up still shows the caller
    qtbot.waitUntil(lambda: bool(desk.wrapup.view and desk.wrapup.view.dispositions), timeout=5000)
    desk.wrapup.submit_wrapup("resolved", "")
    assert desk.calls.context is None and redact.remembered() == frozenset()
