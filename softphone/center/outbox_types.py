"""The outbox's value types: what it reports (events, the Not sent list, items kept unopened) and whose they are (owner, center)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


class NoOwner(ValueError):
    """A write with no counselor to attribute it to (nobody is signed in)."""


def center_id(url: str) -> str:
    """A center's identity: scheme://host:port/prefix, lower-case host, no /api/v1, no slash."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    if path.endswith("/api/v1"):
        path = path[:-len("/api/v1")]
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}"


@dataclass(frozen=True)
class OutboxEvent:
    """What happened to an item: delivered | retrying | refused | unconfirmed | undecryptable |
    dropped (a state change the center refused: the desk reacts, nobody needs to decide)."""
    item_id: int
    kind: str
    outcome: str
    attempts: int
    user_message: str = ""
    reason: str = ""
    code: str = ""          # the center's error code on a refusal (e.g. health_check_required)
    payload: dict | None = None     # a dropped state change: what it asked for


@dataclass(frozen=True)
class NotSent:
    """One line of the "Not sent" list: the center refused it, or never confirmed it."""
    id: int
    kind: str
    disposition: str        # the wrap-up's disposition, the callback's outcome, the severity
    created_at: float
    reason: str
    status: str             # refused | unconfirmed
    agent_id: str


@dataclass(frozen=True)
class Held:
    """An item kept but not opened (no key for it)."""
    id: int
    kind: str
    agent_id: str
    center: str
    created_at: float
