"""Queue membership: signing in and out of individual queues, skills and waits per queue.

``GET /queues`` carries each queue's figures and the counselor's membership (``assigned``,
``signed_in``, ``may_sign_out``, ``sign_out_note``). A center that leaves the membership out
(an older one) is read as "signed in, may not sign out": the figures still show, no toggle.
``PUT /agents/me/queues/{id}`` answers the queue as the center now has it; a refusal (409
``queue_required``) is a ``CenterError`` with the center's reason.
"""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import quote

from softphone.center.models import CenterError, QueueStats, Skill, parse, parse_list

MEMBERSHIP_DEFAULTS = {"assigned": True, "signed_in": True, "may_sign_out": False,
                       "sign_out_note": ""}


def parse_queue(data: Any, where: str = "QueueStats") -> QueueStats:
    """One queue: the figures strictly, the membership with its defaults when left out."""
    if isinstance(data, dict):
        data = {**MEMBERSHIP_DEFAULTS, **data}
    q = parse(QueueStats, data, where)
    if not q.assigned and q.signed_in:      # only the counselor's queues can be signed in
        q = dataclasses.replace(q, signed_in=False, may_sign_out=False)
    return q


class QueueEndpoints:
    """Mixed into ``CenterApi``: uses its ``_get`` and ``_request``."""

    def queues(self) -> list[QueueStats]:
        data = self._get("/queues")             # type: ignore[attr-defined]
        if not isinstance(data, list):
            raise CenterError("invalid_response", detail="QueueStats: expected a list")
        return [parse_queue(x, f"QueueStats[{i}]") for i, x in enumerate(data)]

    def set_queue_membership(self, queue_id: str, signed_in: bool) -> QueueStats:
        """Sign in to or out of one queue; the queue as the center now has it."""
        path = f"/agents/me/queues/{quote(queue_id, safe='')}"
        data = self._request("PUT", path,      # type: ignore[attr-defined]
                             {"signed_in": bool(signed_in)})[1]
        q = parse_queue(data)
        if q.id != queue_id:
            raise CenterError("invalid_response",
                              detail=f"queue membership: answer for another queue ({q.id!r})")
        return q

    def skills(self) -> list[Skill]:
        """The counselor's skills and levels; a center without them (404): none."""
        try:
            data = self._get("/agents/me/skills")   # type: ignore[attr-defined]
        except CenterError as exc:
            if exc.status == 404:
                return []
            raise
        return parse_list(Skill, data)
