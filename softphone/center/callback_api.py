"""Scheduled callbacks: the center's worklist endpoints (attempts, retry rules, the counselor's schedule).

``GET /callbacks`` lists the open requests of the counselor's queues and the ones claimed by
(or scheduled for) the counselor, sorted by when each can be called. A center that leaves
the newer fields out (an older one) is read with their defaults: no window, no attempts,
nothing scheduled. Attempts are writes that must not be lost: they go through the outbox
(``callback_attempt_item``, softphone/center/items.py); ``release_callback`` is direct.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional
from urllib.parse import quote

from softphone.center.models import _choices, parse, parse_list

OUTCOMES = ("no_answer", "busy", "wrong_number", "done")
CLOSED_AS = ("done", "wrong_number", "unreachable")
DEFAULTS = {"mine": False, "window_start": None, "window_end": None, "next_due_at": None,
            "callable_at": None, "attempts": [], "max_attempts": 3, "closed_as": None}


@dataclass(frozen=True)
class CallbackAttempt:
    at: datetime
    outcome: str = field(metadata=_choices(*OUTCOMES))
    notes: str
    mine: bool


@dataclass(frozen=True)
class ScheduledCallback:
    """One callback request as the worklist shows it (times are aware datetimes)."""
    id: str
    number: str
    name: str
    queue_id: str
    requested_at: datetime
    note: str
    status: str = field(metadata=_choices("open", "claimed", "done"))
    mine: bool = False
    window_start: Optional[datetime] = None
    window_end: Optional[datetime] = None
    next_due_at: Optional[datetime] = None
    callable_at: Optional[datetime] = None
    attempts: tuple[CallbackAttempt, ...] = ()
    max_attempts: int = 3
    closed_as: Optional[str] = None


@dataclass(frozen=True)
class CallbackRule:
    queue_id: str
    max_attempts: int
    retry_after_s: float


def parse_callback(data: Any, where: str = "Callback") -> ScheduledCallback:
    """One request: the older fields strictly, the newer ones with defaults when left out."""
    if isinstance(data, dict):
        data = {**DEFAULTS, **data}
    cb = parse(ScheduledCallback, data, where)
    if cb.closed_as is not None and cb.closed_as not in CLOSED_AS:
        from softphone.center.models import CenterError
        raise CenterError("invalid_response", detail=f"{where}.closed_as: unexpected value")
    return cb


class CallbackEndpoints:
    """Mixed into ``CenterApi``: uses its ``_get`` and ``_request``."""

    def callback_worklist(self) -> list[ScheduledCallback]:
        data = self._get("/callbacks")      # type: ignore[attr-defined]
        if not isinstance(data, list):
            return parse_list(ScheduledCallback, data, "Callbacks")   # raises: not a list
        return [parse_callback(x, f"Callback[{i}]") for i, x in enumerate(data)]

    def callback(self, callback_id: str) -> ScheduledCallback:
        return parse_callback(self._get(f"/callbacks/{quote(callback_id, safe='')}"))  # type: ignore[attr-defined]

    def callback_rules(self) -> list[CallbackRule]:
        return parse_list(CallbackRule, self._get("/callbacks/rules"))  # type: ignore[attr-defined]

    def claim_scheduled(self, callback_id: str) -> ScheduledCallback:
        """Claim (or take up again) a request: the center's view of it afterwards."""
        data = self._request("POST", f"/callbacks/{quote(callback_id, safe='')}/claim")[1]  # type: ignore[attr-defined]
        return parse_callback(data)

    def release_callback(self, callback_id: str) -> ScheduledCallback:
        """Give a claimed request back to its queue (its attempts and retry time stay)."""
        data = self._request("POST", f"/callbacks/{quote(callback_id, safe='')}/release")[1]  # type: ignore[attr-defined]
        return parse_callback(data)
