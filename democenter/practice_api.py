"""Practice-only routes (not part of the center API contract): ask the queue for a simulated caller of a kind, for scenarios and trainers.

``POST /api/v1/practice/callers`` ``{"kind": "abusive" | "normal", "queue_id"?}`` puts a
"call" command in ``acd_commands`` (democenter/acd_store.py, what tests use directly); the
queue process makes the caller arrive on its next turn. The answer (201) carries the
command's id. ``POST /api/v1/practice/callbacks/renew`` opens last night's callback requests
again with no tries (a practice morning replayed; the ``callbacks`` scenario starts with it).
Only clients on this computer (loopback) may ask: a real center has no such routes, and
nobody elsewhere should conjure callers.
"""

from __future__ import annotations

import ipaddress
import time
from typing import Literal, Optional

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from democenter import acd_store, seed
from democenter import api_models as m
from democenter.api import PREFIX, ApiError, client_addr, get_conn
from democenter.db import transaction

router = APIRouter(prefix=f"{PREFIX}/practice", include_in_schema=False)


class CallerRequest(m._In):
    kind: Literal["abusive", "normal"] = "normal"
    queue_id: Optional[str] = Field(default=None, min_length=1, max_length=100)
    while_busy: bool = False     # may be offered to a counselor on a call (call waiting)


class CallerRequested(BaseModel):
    command_id: int


class CallbacksRenewed(BaseModel):
    renewed: int


def _loopback(request: Request) -> None:
    try:
        local = ipaddress.ip_address(client_addr(request)).is_loopback
    except ValueError:
        local = False
    if not local:
        raise ApiError(403, "forbidden", "Practice callers are asked for from this computer.")


@router.post("/callers", status_code=201, response_model=CallerRequested)
def practice_caller(body: CallerRequest, request: Request, conn=Depends(get_conn)):
    """One simulated caller of ``kind`` for the queue (an abusive one plays the abusive
    voice; to the counselor it looks like any caller)."""
    _loopback(request)
    if body.queue_id and conn.execute("SELECT 1 FROM queues WHERE id = ?",
                                      (body.queue_id,)).fetchone() is None:
        raise ApiError(422, "unknown_queue", "No such queue.")
    command = acd_store.request_call(conn, queue_id=body.queue_id,
                                     abusive=body.kind == "abusive", while_busy=body.while_busy)
    return {"command_id": command}


@router.post("/callbacks/renew", response_model=CallbacksRenewed)
def renew_callbacks(request: Request, conn=Depends(get_conn)):
    """Last night's requests open again, their tries gone: a practice morning replayed."""
    _loopback(request)
    with transaction(conn):
        return {"renewed": seed.renew_night(conn, time.time())}
