"""The total deadline of a center call: an answer head that trickles one byte per second (per
read, the client is always "receiving") still ends at the deadline, as a timeout, for reads,
for the outbox's writes and over TLS; and the connection is cut, not left to the server."""

from __future__ import annotations

import ssl
import time

import pytest

from softphone.center.client import CenterApi, CenterError
from softphone.center.models import USER_MESSAGES
from tests.center.hostile_front import Front
from tests.support.certs import make_certs

DEADLINE = 3.0
MARGIN = 2.0        # thread wake-ups on a loaded machine; the per-read timeout alone never fires


@pytest.fixture
def front():
    f = Front()                 # /queues trickles; every other path: the contract's 404
    yield f
    f.close()


def _api(url: str, **kw) -> CenterApi:
    api = CenterApi(url, timeout=(1.0, 2.5), deadline_s=DEADLINE, **kw)
    api.set_tokens("t0k3n", "")
    return api


def _fails_at_deadline(call, front: Front) -> CenterError:
    started = time.monotonic()
    with pytest.raises(CenterError) as ei:
        call()
    took = time.monotonic() - started
    assert ei.value.kind == "timeout", (ei.value.kind, ei.value.detail)
    assert ei.value.user_message == USER_MESSAGES["timeout"]
    assert DEADLINE - 0.3 <= took <= DEADLINE + MARGIN, f"failed after {took:.1f} s"
    # the client cut the connection at its deadline (the server saw it go), and did not try
    # again after the deadline
    deadline_at = started + DEADLINE
    wait_until(lambda: front.open == 0, 3)
    assert front.started == 1
    assert front.ended_at and front.ended_at[0] - deadline_at < MARGIN + front.byte_every_s
    return ei.value


def wait_until(predicate, timeout: float) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end, "condition not reached"
        time.sleep(0.02)


def test_a_read_whose_head_trickles_fails_at_its_deadline(front):
    api = _api(front.url)
    try:
        err = _fails_at_deadline(api.queues, front)
        assert "deadline" in err.detail and "t0k3n" not in err.detail
        # the client stays usable: the next call (another path) answers normally
        with pytest.raises(CenterError) as ei:
            api.interaction("IX-1")
        assert ei.value.kind == "client" and ei.value.status == 404
    finally:
        api.close()


def test_an_outbox_write_whose_head_trickles_fails_at_its_deadline():
    f = Front(trickle=("/incidents",))
    api = _api(f.url)
    try:
        _fails_at_deadline(lambda: api.deliver(
            "POST", "/incidents", {"severity": "low", "description": "x"}, "key-1"), f)
    finally:
        api.close()
        f.close()


def test_over_tls_the_deadline_cuts_the_encrypted_connection(tmp_path):
    certs = make_certs(tmp_path)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(certs.cert_file, certs.key_file)
    f = Front(ssl_context=ctx)
    api = _api(f.url, ca_bundle=certs.ca_file)
    try:
        _fails_at_deadline(api.queues, f)
    finally:
        api.close()
        f.close()


@pytest.mark.slow
def test_the_default_deadline_is_ten_seconds(front):
    api = CenterApi(front.url)              # as the app builds it (settings' time limits)
    api.set_tokens("t0k3n", "")
    started = time.monotonic()
    try:
        with pytest.raises(CenterError) as ei:
            api.queues()
    finally:
        api.close()
    took = time.monotonic() - started
    assert ei.value.kind == "timeout" and 9.7 <= took <= 10 + MARGIN, took
