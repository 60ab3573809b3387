"""Why a placed call did not connect, as a stable code and in the counselor's words."""

from __future__ import annotations

from typing import Any

from softphone.desk.common import desk_tr
from softphone.desk.views import clean_text
from softphone.sip.events import REINVITE_REFUSED

FAILURES = ("busy", "no_answer", "declined", "unreachable", "network", "cancelled")


def failure_code(ev: Any) -> str:
    """Why a placed call did not connect: the engine's ``reason_code`` (or, from an older
    engine, the SIP status): busy | no_answer | declined | unreachable | network | cancelled."""
    code = str(getattr(ev, "reason_code", "") or "")
    if code in FAILURES:
        return code
    status = int(getattr(ev, "code", 0) or 0)
    if status in (486, 600):
        return "busy"
    if status in (408, 480):
        return "no_answer"
    if status == 603:
        return "declined"
    if status == 487:
        return "cancelled"
    if status in (404, 410, 484, 604, 502, 503):
        return "unreachable"
    return "network"


def failure_text(code: str) -> str:
    """The reason in the counselor's language."""
    return {"busy": desk_tr("the line is busy"),
            "no_answer": desk_tr("nobody answered"),
            "declined": desk_tr("the call was declined"),
            "unreachable": desk_tr("the number cannot be reached"),
            "network": desk_tr("a network problem; check your connection and try again"),
            "cancelled": desk_tr("you cancelled it")}.get(code, desk_tr("unknown reason"))


def engine_error_text(ev: Any) -> str:
    """What the counselor reads of the engine's EngineError: in their words where the engine
    gave a code for it, else its (English) message."""
    if getattr(ev, "reason_code", "") == REINVITE_REFUSED:
        return desk_tr("The other side did not accept the change to the call (hold or "
                       "resume). Try again.")
    return clean_text(ev.message)
