"""The counselor's thread with the supervisors and the center's wellbeing policy: the center calls behind ``CenterApi.messages`` and friends.

``fetch`` is a long-poll: it asks the center (RFC 7240 ``Prefer: wait=S``) to hold the
answer until a message arrives or S seconds pass. S stays a few seconds under the client's
read timeout and total deadline, so a held answer is never taken for a dead center. The desk
runs it on a poll lane of its own (softphone/platform/tasks.py): it never holds up other calls.
A message the app does not understand (a newer center's kind) is skipped, never the page.
Synchronous, like the client: call it from a worker.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Optional

from softphone.center.models import CenterError, _choices, parse

if TYPE_CHECKING:
    from softphone.center.client import CenterApi

log = logging.getLogger("softphone.center.client")
LONG_POLL_S = 15            # the longest hold asked for (the center allows 20)
MARGIN_S = 3                # the hold ends this long before the read timeout / deadline
SENDERS = ("agent", "supervisor")
KINDS = ("question", "counseling", "reply", "incident_ack", "alert_ack")


@dataclass(frozen=True)
class ThreadMessage:
    id: int
    agent_id: str
    at: datetime
    sender: str = field(metadata=_choices(*SENDERS))
    kind: str = field(metadata=_choices(*KINDS))
    text: str = ""
    interaction_id: Optional[str] = None
    incident_id: Optional[int] = None
    author: str = ""


@dataclass(frozen=True)
class MessagePage:
    messages: tuple[ThreadMessage, ...]
    last_id: int


@dataclass(frozen=True)
class WellbeingPolicy:
    talk_without_break_s: int
    min_break_s: int
    incidents_per_shift: int
    break_reason: str


def hold_s(api: "CenterApi", wanted: float) -> int:
    """How long the center may hold a long-poll on this client (0: do not hold)."""
    read_timeout = float(api._timeout[1])
    return int(max(0.0, min(float(wanted), LONG_POLL_S, read_timeout - MARGIN_S,
                            api._deadline_s - MARGIN_S)))


def fetch(api: "CenterApi", after: int, wait_s: float = 0) -> MessagePage:
    """The thread after message ``after`` (0: this shift's recent messages), held up to
    ``wait_s`` seconds (capped by ``hold_s``) while there is nothing new."""
    wait = hold_s(api, wait_s)
    data = api._request("GET", "/messages", params={"after": int(after)},
                        headers={"Prefer": f"wait={wait}"} if wait else None)[1]
    if not isinstance(data, dict) or isinstance(data.get("last_id"), bool) \
            or not isinstance(data.get("last_id"), int) or not isinstance(data.get("messages"), list):
        raise CenterError("invalid_response", detail="GET /messages: not a message page")
    got = []
    for i, raw in enumerate(data["messages"]):
        try:
            got.append(parse(ThreadMessage, raw, f"MessagePage.messages[{i}]"))
        except CenterError as exc:
            log.warning("a thread message was skipped: %s", exc.detail)
    return MessagePage(tuple(got), data["last_id"])


def send(api: "CenterApi", text: str, kind: str = "question",
         interaction_id: str | None = None, key: str | None = None) -> ThreadMessage:
    """A question (or a counseling request) to the supervisors; ``key``: the Idempotency-Key,
    so a retry after a lost answer is recorded once."""
    data = api._request("POST", "/messages", {"text": text, "kind": kind,
                                              "interaction_id": interaction_id},
                        idem_key=key)[1]
    return parse(ThreadMessage, data)


def policy(api: "CenterApi") -> WellbeingPolicy:
    return parse(WellbeingPolicy, api._request("GET", "/wellbeing-policy")[1])


def alert(api: "CenterApi", reason: str, talk_s: int, incidents: int,
          key: str | None = None) -> int:
    """Tell the supervisors a wellbeing threshold was reached; the alert's id."""
    data = api._request("POST", "/wellbeing-alerts", {"reason": reason, "talk_s": int(talk_s),
                                                      "incidents": int(incidents)},
                        idem_key=key)[1]
    if not isinstance(data, dict) or type(data.get("id")) is not int:
        raise CenterError("invalid_response", detail="POST /wellbeing-alerts: no id")
    return data["id"]
