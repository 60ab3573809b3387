"""The practice center's own routes (``/api/v1/practice/...``, loopback only, not in the
center API contract), as the scenarios ask for them. Each answers False when the center
cannot do it (a center without the route, or gone): the scenario then goes on as it can."""

from __future__ import annotations

import logging

import requests

log = logging.getLogger(__name__)


def _post(base_url: str, path: str, body: dict | None = None) -> bool:
    try:
        r = requests.post(f"{base_url.rstrip('/')}/practice/{path}", json=body, timeout=5)
        return r.status_code in (200, 201)
    except requests.RequestException as exc:
        log.warning("the practice center did not take %s: %s", path, exc)
        return False


def request_practice_caller(base_url: str, kind: str = "abusive",
                            while_busy: bool = False) -> bool:
    """A simulated caller of ``kind`` for the queue (``while_busy``: it may be offered to a
    counselor on a call, as a second call)."""
    return _post(base_url, "callers", {"kind": kind, "while_busy": while_busy})


def renew_practice_night(base_url: str) -> bool:
    """Last night's callback requests open again, with no tries (a practice morning replayed)."""
    return _post(base_url, "callbacks/renew")
