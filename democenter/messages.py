"""The counselor's thread with the supervisors, the counselor's side: read it (a long-poll), write to it; the wellbeing policy and alerts.

``GET /messages?after=N`` answers at once when the thread has messages after N. With the
RFC 7240 header ``Prefer: wait=S`` (S at most ``WAIT_MAX_S``) and nothing new, it holds
the request up to S seconds and answers as soon as a message arrives (``Preference-Applied``
says it waited). The wait runs on the event loop (no worker thread is held), checks the
database every ``CHECK_S`` and ends early when the session ends or the client goes away.
The hold is a header, not a query parameter, on purpose: a request without it never waits.
"""

from __future__ import annotations

import asyncio
import re
import time
from typing import Literal, Optional

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from democenter import api_models as m
from democenter import vault
from democenter.api import (ERRORS, PREFIX, SHIFT_S, Agent, ApiError, Idem, add_notice, answers,
                            current_agent, get_conn, idem_key, idempotent, iso)
from democenter.api_work import own_interaction

router = APIRouter(prefix=PREFIX, responses=ERRORS)
WAIT_MAX_S = 20
CHECK_S = 0.2
HISTORY = 50            # messages of this shift answered for after=0
PAGE_MAX = 100
MAX_ID = 2 ** 53        # ids the desk (and a browser) count exactly
_PREFER_WAIT = re.compile(r"(?:^|[,;])\s*wait\s*=\s*(\d{1,6})\s*(?=$|[,;])", re.IGNORECASE)

Sender = Literal["agent", "supervisor"]
Kind = Literal["question", "counseling", "reply", "incident_ack", "alert_ack"]


class ThreadMessage(BaseModel):
    id: int
    agent_id: str = Field(description="Whose thread")
    at: str = Field(description="ISO 8601 UTC")
    sender: Sender
    kind: Kind = Field(description="question and counseling come from the counselor; reply, "
                                   "incident_ack and alert_ack from a supervisor")
    text: str = Field(description="May be empty for an acknowledgment")
    interaction_id: Optional[str]
    incident_id: Optional[int] = Field(description="The incident an incident_ack is about")
    author: str = Field(description="Display name of who wrote it")


class MessagePage(BaseModel):
    messages: list[ThreadMessage]
    last_id: int = Field(description="Ask with after=last_id for what comes next")


class MessageRequest(m._In):
    text: str = Field(min_length=1, max_length=2000)
    kind: Literal["question", "counseling"] = "question"
    interaction_id: Optional[str] = Field(default=None, max_length=100)


class WellbeingPolicy(BaseModel):
    talk_without_break_s: int = Field(description="Talk time without a break that prompts one")
    min_break_s: int = Field(description="A break at least this long starts the count again")
    incidents_per_shift: int = Field(description="Incidents in a shift that prompt a break")
    break_reason: str = Field(description="The break reason code the desk suggests")


class WellbeingAlertRequest(m._In):
    reason: Literal["talk_time", "incidents"]
    talk_s: int = Field(ge=0, le=86_400, description="Talk time without a break, seconds")
    incidents: int = Field(ge=0, le=1000, description="Incidents this shift")


class Created(BaseModel):
    id: int


MESSAGE_SQL = ("SELECT m.*, COALESCE(s.display_name, a.display_name, '') AS author"
               " FROM messages m LEFT JOIN supervisors s ON s.id = m.supervisor_id"
               " LEFT JOIN agents a ON a.id = m.agent_id AND m.sender = 'agent'")


def message_json(row) -> dict:
    return {"id": row["id"], "agent_id": row["agent_id"], "at": iso(row["created_at"]),
            "sender": row["sender"], "kind": row["kind"], "text": row["text"],
            "interaction_id": row["interaction_id"], "incident_id": row["incident_id"],
            "author": row["author"]}


def message_by_id(conn, message_id: int) -> dict:
    return message_json(conn.execute(f"{MESSAGE_SQL} WHERE m.id = ?", (message_id,)).fetchone())


def add_message(conn, agent_id: str, sender: str, kind: str, text: str, *,
                supervisor_id: str | None = None, interaction_id: str | None = None,
                incident_id: int | None = None) -> int:
    """Insert one message (inside the caller's transaction); its id."""
    return conn.execute(
        "INSERT INTO messages (agent_id, sender, supervisor_id, kind, text, interaction_id,"
        " incident_id, created_at) VALUES (?,?,?,?,?,?,?,?)",
        (agent_id, sender, supervisor_id, kind, text, interaction_id, incident_id,
         time.time())).lastrowid


def read_page(conn, agent_id: str, after: int) -> dict:
    """after=0: this shift's last ``HISTORY`` messages; else the next ``PAGE_MAX`` after it."""
    if after == 0:
        rows = conn.execute(f"{MESSAGE_SQL} WHERE m.agent_id = ? AND m.created_at >= ?"
                            " ORDER BY m.id DESC LIMIT ?",
                            (agent_id, time.time() - SHIFT_S, HISTORY)).fetchall()[::-1]
    else:
        rows = conn.execute(f"{MESSAGE_SQL} WHERE m.agent_id = ? AND m.id > ?"
                            " ORDER BY m.id LIMIT ?", (agent_id, after, PAGE_MAX)).fetchall()
    return {"messages": [message_json(r) for r in rows],
            "last_id": rows[-1]["id"] if rows else after}


def prefer_wait(header: str) -> int:
    """Seconds of ``Prefer: wait=S`` (RFC 7240), at most WAIT_MAX_S; 0 when absent."""
    found = _PREFER_WAIT.search(header or "")
    return min(int(found.group(1)), WAIT_MAX_S) if found else 0


def _session_alive(conn, token: str) -> bool:
    return conn.execute("SELECT 1 FROM sessions WHERE token = ? AND expires_at >= ?",
                        (vault.token_digest(token), time.time())).fetchone() is not None


@router.get("/messages", response_model=MessagePage, tags=["messages"],
            responses={**answers(401), 200: {"headers": {"Preference-Applied": {
                "description": "wait=S when the center held the answer",
                "schema": {"type": "string"}}}}})
async def messages(request: Request, response: Response,
                   after: int = Query(0, ge=0, le=MAX_ID,
                                      description="The last message id the desk has (0: "
                                                  "this shift's recent messages)"),
                   agent: Agent = Depends(current_agent), conn=Depends(get_conn)):
    """The agent's thread after ``after``. A long-poll with ``Prefer: wait=S`` (RFC 7240,
    S <= 20): with nothing new the answer waits up to S seconds for a message, then comes
    empty; ``Preference-Applied: wait=S`` says the server waited."""
    wait = prefer_wait(request.headers.get("prefer", ""))
    page = await run_in_threadpool(read_page, conn, agent.id, after)
    if wait and not page["messages"]:
        response.headers["Preference-Applied"] = f"wait={wait}"
        end = time.monotonic() + wait
        while not page["messages"] and time.monotonic() < end:
            await asyncio.sleep(CHECK_S)
            if await request.is_disconnected():
                break
            if not await run_in_threadpool(_session_alive, conn, agent.token):
                raise ApiError(401, "unauthorized", "The session is not valid: sign in again.")
            page = await run_in_threadpool(read_page, conn, agent.id, after)
    return page


@router.post("/messages", response_model=ThreadMessage, tags=["messages"],
             responses=answers(404, 422))
def send_message(body: MessageRequest, idem: Idem = Depends(idem_key),
                 agent: Agent = Depends(current_agent), conn=Depends(get_conn)):
    """A question (or a counseling request) to the supervisors; the interaction it names
    must be one of the agent's calls."""
    text = body.text.strip()
    if not text:
        raise ApiError(422, "invalid_request", "text: write something to send.")

    def work(conn):
        if body.interaction_id:
            own_interaction(conn, body.interaction_id, agent.id, "id")
        new = add_message(conn, agent.id, "agent", body.kind, text,
                          interaction_id=body.interaction_id)
        return 200, message_by_id(conn, new)

    return idempotent(conn, idem, agent, "message", work)


@router.get("/wellbeing-policy", response_model=WellbeingPolicy, tags=["messages"])
def wellbeing_policy(agent: Agent = Depends(current_agent), conn=Depends(get_conn)):
    """The center's thresholds: the desk prompts a break (and tells the supervisors) when one
    is reached."""
    row = conn.execute("SELECT * FROM wellbeing_policy WHERE id = 1").fetchone()
    return {"talk_without_break_s": row["talk_without_break_s"],
            "min_break_s": row["min_break_s"],
            "incidents_per_shift": row["incidents_per_shift"],
            "break_reason": row["break_reason"]}


@router.post("/wellbeing-alerts", response_model=Created, tags=["messages"],
             responses=answers(422))
def wellbeing_alert(body: WellbeingAlertRequest, idem: Idem = Depends(idem_key),
                    agent: Agent = Depends(current_agent), conn=Depends(get_conn)):
    """A threshold of the wellbeing policy was reached: the supervisors see it to act on."""
    def work(conn):
        new = conn.execute("INSERT INTO wellbeing_alerts (agent_id, reason, talk_s, incidents,"
                           " created_at) VALUES (?,?,?,?,?)",
                           (agent.id, body.reason, body.talk_s, body.incidents,
                            time.time())).lastrowid
        add_notice(conn, agent.id, "wellbeing", f"Wellbeing threshold reached ({body.reason}).")
        return 200, {"id": new}

    return idempotent(conn, idem, agent, "wellbeing-alert", work)


def mark_answered(conn, agent_id: str) -> None:
    """A supervisor replied: the counselor's open messages are answered."""
    conn.execute("UPDATE messages SET answered_at = ? WHERE agent_id = ? AND sender = 'agent'"
                 " AND answered_at IS NULL", (time.time(), agent_id))

