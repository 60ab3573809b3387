"""Callback routes: the worklist sorted by when each request can be called, claiming, attempts with outcomes and retry rules, releasing, completing (each agent's own only)."""

from __future__ import annotations

import time
from typing import Literal, Optional

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from democenter import api_models as m
from democenter import callback_store as store
from democenter import db
from democenter.api import (ERRORS, PREFIX, Agent, ApiError, Idem, answers, current_agent,
                            get_conn, idem_key, idempotent, iso)

router = APIRouter(prefix=PREFIX, responses=ERRORS)
NO_CALLBACK = "No such callback request in your queues."
MY_QUEUES = "SELECT queue_id FROM agent_queues WHERE agent_id = ?"


class _In(BaseModel):
    model_config = {"extra": "forbid"}


class CallbackAttempt(BaseModel):
    at: str = Field(description="ISO 8601 UTC")
    outcome: Literal["no_answer", "busy", "wrong_number", "done"]
    notes: str
    mine: bool = Field(description="made by the signed-in agent")


class Callback(BaseModel):
    id: str
    number: str
    name: str
    queue_id: str
    requested_at: str = Field(description="ISO 8601 UTC")
    note: str
    status: Literal["open", "claimed", "done"]
    mine: bool = Field(False, description="claimed by (or scheduled for) the signed-in agent")
    window_start: Optional[str] = Field(None, description="the caller's preferred window, ISO 8601 UTC")
    window_end: Optional[str] = None
    next_due_at: Optional[str] = Field(None, description="the next try after no answer or busy")
    callable_at: Optional[str] = Field(
        None, description="max(now, next_due_at, window_start): the list is sorted by it")
    attempts: list[CallbackAttempt] = Field(default_factory=list)
    max_attempts: int = store.DEFAULT_MAX_ATTEMPTS
    closed_as: Optional[Literal["done", "wrong_number", "unreachable"]] = None


class CallbackRule(BaseModel):
    queue_id: str
    max_attempts: int = Field(description="tries before the request closes as unreachable")
    retry_after_s: float = Field(description="no answer or busy: the next try this much later")


class CallbackAttemptRequest(_In):
    outcome: Literal["no_answer", "busy", "wrong_number", "done"]
    notes: str = Field(default="", max_length=10_000)


class CallbackAttemptResult(BaseModel):
    ok: Literal[True]
    callback_id: str
    status: Literal["claimed", "done"]
    closed_as: Optional[Literal["done", "wrong_number", "unreachable"]]
    attempts: int
    next_due_at: Optional[str] = Field(description="the next try (status claimed)")


def IdPath():  # noqa: N802 (a fresh FieldInfo per route: FastAPI sets its alias)
    return Path(min_length=1, max_length=100)


def _callback(conn, row, agent_id: str, now: float, rule: dict | None = None) -> dict:
    rule = rule or store.rules(conn).get(row["queue_id"], {})
    return {"id": row["id"], "number": row["number"], "name": row["name"],
            "queue_id": row["queue_id"], "requested_at": iso(row["requested_at"]),
            "note": row["note"], "status": row["status"], "mine": row["agent_id"] == agent_id,
            "window_start": iso(row["window_start"]) if row["window_start"] else None,
            "window_end": iso(row["window_end"]) if row["window_end"] else None,
            "next_due_at": iso(row["next_due_at"]) if row["next_due_at"] else None,
            "callable_at": iso(store.callable_at(row, now)) if row["status"] != "done" else None,
            "attempts": [{"at": iso(a["at"]), "outcome": a["outcome"], "notes": a["notes"],
                          "mine": a["agent_id"] == agent_id}
                         for a in store.attempts_of(conn, row["id"])],
            "max_attempts": int(rule.get("max_attempts", store.DEFAULT_MAX_ATTEMPTS)),
            "closed_as": row["closed_as"]}


@router.get("/callbacks", response_model=list[Callback], tags=["callbacks"])
def callbacks(agent: Agent = Depends(current_agent), conn=Depends(get_conn)):
    """Open requests in the agent's queues and the ones the agent has claimed or scheduled,
    sorted by when they can be called (``callable_at``), then by when they were requested."""
    now = time.time()
    rows = conn.execute(f"SELECT * FROM callbacks WHERE (status = 'open' AND queue_id IN"
                        f" ({MY_QUEUES})) OR (status = 'claimed' AND agent_id = ?)",
                        (agent.id, agent.id)).fetchall()
    rows.sort(key=lambda r: (store.callable_at(r, now), r["requested_at"], r["id"]))
    all_rules = store.rules(conn)
    return [_callback(conn, r, agent.id, now, all_rules.get(r["queue_id"])) for r in rows]


@router.get("/callbacks/rules", response_model=list[CallbackRule], tags=["callbacks"])
def callback_rules(agent: Agent = Depends(current_agent), conn=Depends(get_conn)):
    """The retry rules of the agent's queues."""
    mine = {r[0] for r in conn.execute(MY_QUEUES, (agent.id,))}
    return [r for q, r in store.rules(conn).items() if q in mine]


def _queue_callback(conn, callback_id: str, agent_id: str):
    """A callback of the agent's queues (or the agent's own); 404 for any other."""
    row = conn.execute(f"SELECT * FROM callbacks WHERE id = ? AND (agent_id = ? OR queue_id"
                       f" IN ({MY_QUEUES}))", (callback_id, agent_id, agent_id)).fetchone()
    if row is None:
        raise ApiError(404, "not_found", NO_CALLBACK)
    return row


def _own_claimed(conn, callback_id: str, agent_id: str):
    """The agent's claimed request; 409 when open or closed, 404 when another agent's."""
    row = _queue_callback(conn, callback_id, agent_id)
    if row["agent_id"] != agent_id:
        if row["status"] == "open":
            raise ApiError(409, "callback_not_claimed", "Claim this callback first.")
        raise ApiError(404, "not_found", NO_CALLBACK)    # another agent's
    if row["status"] == "done":
        raise ApiError(409, "callback_done", "This callback is already completed.")
    return row


@router.get("/callbacks/{callback_id}", response_model=Callback, tags=["callbacks"],
            responses=answers(404))
def callback(callback_id: str = IdPath(), agent: Agent = Depends(current_agent),
             conn=Depends(get_conn)):
    """One request with its attempts (also a closed one of the agent's queues)."""
    return _callback(conn, _queue_callback(conn, callback_id, agent.id), agent.id, time.time())


@router.post("/callbacks/{callback_id}/claim", response_model=Callback, tags=["callbacks"],
             responses=answers(404, 409))
def claim_callback(callback_id: str = IdPath(), agent: Agent = Depends(current_agent),
                   conn=Depends(get_conn)):
    """An open request becomes the agent's; the agent's own (also a scheduled retry, before
    it is due) is answered as it is."""
    with db.transaction(conn):
        row = _queue_callback(conn, callback_id, agent.id)
        if row["status"] == "open":
            conn.execute("UPDATE callbacks SET status = 'claimed', agent_id = ? WHERE id = ?",
                         (agent.id, callback_id))
        elif row["agent_id"] == agent.id and row["status"] == "done":
            raise ApiError(409, "callback_done", "You have already completed this callback.")
        elif row["agent_id"] != agent.id:
            raise ApiError(409, "callback_taken", "Another agent has already taken this callback.")
        row = conn.execute("SELECT * FROM callbacks WHERE id = ?", (callback_id,)).fetchone()
        return _callback(conn, row, agent.id, time.time())


@router.post("/callbacks/{callback_id}/release", response_model=Callback, tags=["callbacks"],
             responses=answers(404, 409))
def release_callback(callback_id: str = IdPath(), agent: Agent = Depends(current_agent),
                     conn=Depends(get_conn)):
    """The agent gives a claimed request back to its queue (a dial that failed on this side):
    its attempts and next retry time stay."""
    with db.transaction(conn):
        _own_claimed(conn, callback_id, agent.id)
        conn.execute("UPDATE callbacks SET status = 'open', agent_id = NULL WHERE id = ?",
                     (callback_id,))
        row = conn.execute("SELECT * FROM callbacks WHERE id = ?", (callback_id,)).fetchone()
        return _callback(conn, row, agent.id, time.time())


@router.post("/callbacks/{callback_id}/attempts", response_model=CallbackAttemptResult,
             tags=["callbacks"], responses=answers(404, 409))
def callback_attempt(body: CallbackAttemptRequest, callback_id: str = IdPath(),
                     idem: Idem = Depends(idem_key), agent: Agent = Depends(current_agent),
                     conn=Depends(get_conn)):
    """One try of the agent's claimed request. ``no_answer`` and ``busy`` schedule the next
    try by the queue's rule (the request stays the agent's) or, after ``max_attempts``,
    close it as ``unreachable``; ``wrong_number`` and ``done`` close it."""
    def work(conn):
        row = _own_claimed(conn, callback_id, agent.id)
        got = store.record_attempt(conn, row, agent.id, body.outcome, body.notes)
        due = got["next_due_at"]
        return 200, {"ok": True, "callback_id": callback_id, "status": got["status"],
                     "closed_as": got["closed_as"], "attempts": got["attempts"],
                     "next_due_at": iso(due) if due else None}

    return idempotent(conn, idem, agent, f"callback-attempt:{callback_id}", work)


@router.post("/callbacks/{callback_id}/complete", response_model=m.Ok, tags=["callbacks"],
             responses=answers(404, 409))
def complete_callback(body: m.CallbackCompleteRequest, callback_id: str = IdPath(),
                      idem: Idem = Depends(idem_key), agent: Agent = Depends(current_agent),
                      conn=Depends(get_conn)):
    """Only the agent who claimed a callback completes it: closed whatever the outcome (the
    older way; ``/attempts`` keeps the retry rules)."""
    def work(conn):
        row = _queue_callback(conn, callback_id, agent.id)
        if row["agent_id"] != agent.id:
            if row["status"] == "open":
                raise ApiError(409, "callback_not_claimed",
                               "Claim this callback before completing it.")
            raise ApiError(404, "not_found", NO_CALLBACK)    # another agent's
        if row["status"] == "done":
            raise ApiError(409, "callback_done", "This callback is already completed.")
        conn.execute("UPDATE callbacks SET status = 'done', outcome = ?, notes = ?, done_at = ?,"
                     " closed_as = COALESCE(closed_as, 'done'), next_due_at = NULL"
                     " WHERE id = ? AND agent_id = ?",
                     (body.outcome, body.notes, time.time(), callback_id, agent.id))
        return 200, {"ok": True}

    return idempotent(conn, idem, agent, f"callback-complete:{callback_id}", work)
