"""Outbox items for the center's writes that must not be lost: (kind, path, payload) for ``Outbox.enqueue``.

Re-exported by softphone.center.client (``from softphone.center.client import wrapup_item``
keeps working). An abusive call's items (incident_item with category, note, language and
timeline, evidence_hold_item, evidence_clip_item, protective_break_item) are
softphone.center.evidence's. There is no health-check item on purpose: medical answers are
submitted directly (``CenterApi.submit_health_check``) and must never reach the disk.
"""

from __future__ import annotations

import uuid
from urllib.parse import quote


def new_key() -> str:
    """A fresh Idempotency-Key."""
    return str(uuid.uuid4())


def wrapup_item(interaction_id: str, disposition: str, notes: str) -> tuple[str, str, dict]:
    return ("wrapup", f"/interactions/{quote(interaction_id, safe='')}/wrapup",
            {"disposition": disposition, "notes": notes})


def callback_complete_item(callback_id: str, outcome: str,
                           notes: str) -> tuple[str, str, dict]:
    return ("callback_complete", f"/callbacks/{quote(callback_id, safe='')}/complete",
            {"outcome": outcome, "notes": notes})


CLOSING = ("done", "wrong_number")     # outcomes that close a request (My shift counts them)


def callback_attempt_item(callback_id: str, outcome: str,
                          notes: str) -> tuple[str, str, dict]:
    """One try of a claimed callback (no_answer, busy, wrong_number, done): the center
    schedules the next try or closes the request. The kind is a callback result's (the
    "Not sent" list, My shift)."""
    kind = "callback_complete" if outcome in CLOSING else "callback_attempt"
    return (kind, f"/callbacks/{quote(callback_id, safe='')}/attempts",
            {"outcome": outcome, "notes": notes})
