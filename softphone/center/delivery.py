"""One outbox write to the center (``CenterApi.deliver``): done only on the contract's receipt.

A write counts as recorded only when the answer is what contract/center-api.yaml says that
write answers: status 200, ``Content-Type: application/json``, a body of at most
``RECEIPT_LIMIT`` bytes, and the fields the app relies on (``{"ok": true}`` for a wrap-up
and a callback outcome, with ``status`` and ``attempts`` for a callback attempt,
``{"id": <int>}`` for an incident, an AgentStateInfo for a state).
Anything else in the 2xx range (a captive portal's HTML page, ``{}``, megabytes of junk, a
204) raises ``CenterError("invalid_response")``: the outbox keeps the item and retries it
with the same Idempotency-Key. Refusals keep the center's status, code and message.
Before each attempt (also the one after a token refresh) ``still_current()`` is asked: when
another counselor's session took over, the write is not sent with it.
"""

from __future__ import annotations

import json
import logging
import re
import time
from typing import TYPE_CHECKING, Any, Callable

from softphone.center.client import _classify, mask_numbers
from softphone.center.models import AgentStateInfo, CenterError, parse

if TYPE_CHECKING:
    from softphone.center.client import CenterApi

log = logging.getLogger("softphone.center.client")
RECEIPT_LIMIT = 64 * 1024


def _ok(data: Any) -> bool:
    return isinstance(data, dict) and data.get("ok") is True


def _created(data: Any) -> bool:
    return isinstance(data, dict) and type(data.get("id")) is int


def _attempt(data: Any) -> bool:
    return _ok(data) and data.get("status") in ("claimed", "done") \
        and type(data.get("attempts")) is int


def _state(data: Any) -> bool:
    parse(AgentStateInfo, data)         # raises CenterError("invalid_response")
    return True


# (method, path) -> the receipt's check, from contract/center-api.yaml (Ok, IncidentCreated,
# AgentStateInfo); a write missing here is never confirmed
RECEIPTS: tuple[tuple[str, re.Pattern, Callable[[Any], bool]], ...] = (
    ("POST", re.compile(r"/interactions/[^/]+/wrapup"), _ok),
    ("POST", re.compile(r"/callbacks/[^/]+/complete"), _ok),
    ("POST", re.compile(r"/callbacks/[^/]+/attempts"), _attempt),
    ("POST", re.compile(r"/incidents"), _created),
    ("POST", re.compile(r"/interactions/[^/]+/evidence-hold"), _created),
    ("POST", re.compile(r"/protective-breaks"), _created),
    ("PUT", re.compile(r"/agents/me/state"), _state),
)


def check_receipt(method: str, path: str, status: int, content_type: str, raw: bytes,
                  where: str) -> Any:
    """The decoded receipt when it is the contract's; CenterError("invalid_response") if not."""
    def bad(why: str) -> CenterError:
        return CenterError("invalid_response", detail=f"{where}: {why}")
    if status != 200:
        raise bad(f"HTTP {status} instead of the contract's 200")
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise bad(f"content type {content_type[:60]!r} is not application/json")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise bad("the body is not JSON") from None
    for m, pattern, check in RECEIPTS:
        if m == method and pattern.fullmatch(path):
            if not check(data):
                raise bad("the body is not the contract's receipt")
            return data
    raise bad("no receipt is known for this write")


def deliver(api: CenterApi, method: str, path: str, payload: Any, key: str,
            still_current: Callable[[], bool] | None = None) -> Any:
    """Send one write with its key; returns the receipt, raises CenterError otherwise."""
    where = mask_numbers(f"{method} {path}")
    refreshed = False
    for _ in range(4):
        if still_current is not None and not still_current():
            raise CenterError("auth", detail=f"{where}: another session is current; it waits")
        token = api._token
        if not token:
            raise CenterError("auth", detail=f"{where}: not signed in")
        status, ctype, raw = _exchange(api, method, path, payload, key, token, where)
        if status == 401 and api._token != token:
            continue        # the session changed meanwhile: asked again at the top
        if status == 401 and not refreshed and api._refresh_token:
            refreshed = True
            api._refresh_after_401(token)
            continue
        if 200 <= status < 300:
            return check_receipt(method, path, status, ctype, raw, where)
        raise api._http_error(status, raw, where, True)
    raise CenterError("auth", detail=f"{where}: the session kept changing")


def _exchange(api: CenterApi, method: str, path: str, payload: Any, key: str, token: str,
              where: str) -> tuple[int, str, bytes]:
    import requests
    started = time.monotonic()
    session = api._session_for(method in ("PUT", "DELETE"))
    try:
        resp = session.request(method, api.base_url + path, json=payload,
                               headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
                               timeout=api._timeout, stream=True, verify=api._verify,
                               allow_redirects=False)
    except requests.RequestException as exc:
        err = _classify(exc, where)
        log.warning("center call failed: %s", err.detail)
        raise err from None
    status = resp.status_code
    try:
        if 200 <= status < 300:     # a receipt is small: more is not one (and is not read)
            raw = api._read_body(resp, started + api._deadline_s, where, RECEIPT_LIMIT)
        else:
            try:
                raw = api._read_body(resp, started + api._deadline_s, where, RECEIPT_LIMIT,
                                     strict=False)
            except CenterError:
                raw = b""
    except BaseException:
        resp.close()
        raise
    resp.raw.release_conn()
    log.info("%s -> %d in %.0f ms", where, status, (time.monotonic() - started) * 1000)
    return status, resp.headers.get("Content-Type", ""), raw
