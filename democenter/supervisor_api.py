"""The supervisor's side of the thread and the live page's data (signed-in supervisors only): overview, replies, acknowledgments.

Every route needs a supervisor's session (cookie or bearer); an agent's token is refused
(403). Writes made with the page's cookie must come from the center's own page (an Origin
header naming another site is refused), on top of the cookie's SameSite=Strict.
"""

from __future__ import annotations

import time
from typing import Literal, Optional

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field

from democenter import api_models as m
from democenter import db
from democenter import supervisor_texts as st
from democenter.api import ERRORS, PREFIX, SHIFT_S, ApiError, answers, get_conn, iso, lang_of
from democenter.figures import shift_figures
from democenter.messages import (MAX_ID, MESSAGE_SQL, ThreadMessage, add_message, mark_answered,
                                 message_by_id, message_json)
from democenter.protection import BreakRow, TimelineRow, break_rows, evidence_of, timeline_row
from democenter.supervisor_auth import Supervisor, current_supervisor, same_origin

router = APIRouter(prefix=f"{PREFIX}/supervisor", responses=ERRORS, tags=["supervisor"])
THREAD_KEEP = 30        # messages per counselor in the overview


class AgentRow(BaseModel):
    id: str
    display_name: str
    language: str
    state: str
    reason_code: str
    since: str = Field(description="ISO 8601 UTC")
    health: Literal["cleared", "not_cleared", "not_submitted"]
    shift_started: Optional[str] = Field(description="ISO 8601 UTC; null: no shift recorded")
    calls: int
    talk_s: int
    handle_s: int = Field(description="Talk plus wrap-up time of the shift's calls")
    break_s: int
    incidents: int
    callbacks_done: int
    waiting_messages: int = Field(description="The counselor's messages not answered yet")
    open_alerts: int = Field(description="Wellbeing alerts not acknowledged yet")


class IncidentRow(BaseModel):
    id: int
    agent_id: str
    interaction_id: Optional[str]
    severity: str
    description: str
    at: str = Field(description="ISO 8601 UTC")
    acknowledged_at: Optional[str]
    acknowledged_by: Optional[str] = Field(description="The supervisor's display name")
    category: Optional[Literal["verbal_abuse", "sexual_harassment", "threat", "other"]]
    note: str = Field(description="The counselor's own words")
    timeline: Optional[TimelineRow] = Field(description="An abusive call's: answered, "
                                                        "warnings played, ended")
    evidence_held: bool = Field(description="The call's records are kept for legal action")
    clips: int = Field(description="Sealed evidence clips received for the call")


class AlertRow(BaseModel):
    id: int
    agent_id: str
    reason: Literal["talk_time", "incidents"]
    talk_s: int
    incidents: int
    at: str = Field(description="ISO 8601 UTC")
    acknowledged_at: Optional[str]
    acknowledged_by: Optional[str]


class CounselingRow(BaseModel):
    id: int = Field(description="The message's id")
    agent_id: str
    at: str = Field(description="ISO 8601 UTC")
    text: str
    answered_at: Optional[str]


class Thread(BaseModel):
    agent_id: str
    display_name: str
    waiting: int
    messages: list[ThreadMessage]


class QuickReply(BaseModel):
    code: str
    label: str = Field(description="In the language asked for")


class NoticeRow(BaseModel):
    at: str = Field(description="ISO 8601 UTC")
    agent_id: str
    kind: str
    message: str


class Overview(BaseModel):
    updated: str = Field(description="ISO 8601 UTC")
    supervisor: m.SupervisorProfile
    queues: list[m.QueueStats]
    agents: list[AgentRow]
    incidents: list[IncidentRow]
    alerts: list[AlertRow]
    counseling: list[CounselingRow]
    threads: list[Thread]
    quick_replies: list[QuickReply]
    notices: list[NoticeRow]
    protective_breaks: list[BreakRow] = Field(description="Protective breaks this shift, "
                                                          "newest first")


class ReplyRequest(m._In):
    agent_id: str = Field(min_length=1, max_length=100)
    text: str = Field(default="", max_length=2000)
    quick_reply: Optional[str] = Field(default=None, max_length=50,
                                       description="A quick reply's code instead of a text: "
                                                   "sent in the counselor's language")


class AcknowledgeRequest(m._In):
    note: str = Field(default="", max_length=2000, description="Words for the counselor")


def writer(request: Request, who: Supervisor = Depends(current_supervisor)) -> Supervisor:
    """A supervisor whose write comes from this center's own page (or from no page)."""
    if not same_origin(request):
        raise ApiError(403, "forbidden", "Send this from the center's own page.")
    return who


def health_of(cleared, at, now: float) -> str:
    if cleared is None or (at or 0) < now - SHIFT_S:
        return "not_submitted"
    return "cleared" if cleared else "not_cleared"


def _opt_iso(ts) -> Optional[str]:
    return iso(ts) if ts else None


def queue_rows(conn, lang: str, now: float) -> list[dict]:
    out = []
    for q in conn.execute(f"SELECT id, name_{lang} AS name FROM queues ORDER BY id").fetchall():
        w = conn.execute("SELECT COUNT(*), MIN(entered_at) FROM interactions"
                         " WHERE queue_id = ? AND state = 'waiting'", (q["id"],)).fetchone()
        counts = dict(conn.execute(
            "SELECT a.state, COUNT(*) FROM agents a JOIN agent_queues aq ON aq.agent_id = a.id"
            " WHERE aq.queue_id = ? AND aq.signed_in = 1 GROUP BY a.state",   # offered its callers
            (q["id"],)).fetchall())
        out.append({"id": q["id"], "name": q["name"], "waiting": w[0],
                    "longest_wait_s": int(max(0.0, now - w[1])) if w[1] else 0,
                    "agents_ready": counts.get("ready", 0),
                    "agents_on_call": counts.get("on_call", 0)})
    return out


def agent_rows(conn, now: float) -> list[dict]:
    out = []
    for a in conn.execute("SELECT * FROM agents ORDER BY id").fetchall():
        f = shift_figures(conn, a["id"], now)
        waiting = conn.execute("SELECT COUNT(*) FROM messages WHERE agent_id = ? AND sender ="
                               " 'agent' AND answered_at IS NULL AND created_at >= ?",
                               (a["id"], now - SHIFT_S)).fetchone()[0]
        alerts = conn.execute("SELECT COUNT(*) FROM wellbeing_alerts WHERE agent_id = ? AND"
                              " acknowledged_at IS NULL AND created_at >= ?",
                              (a["id"], now - SHIFT_S)).fetchone()[0]
        out.append({"id": a["id"], "display_name": a["display_name"],
                    "language": a["language"], "state": a["state"],
                    "reason_code": a["reason_code"] or "", "since": iso(a["state_since"]),
                    "health": health_of(a["health_cleared"], a["health_at"], now),
                    "shift_started": _opt_iso(f["started"]), "calls": f["calls"],
                    "talk_s": round(f["talk_s"]), "handle_s": round(f["talk_s"] + f["wrap_s"]),
                    "break_s": round(f["break_s"]), "incidents": f["incidents"],
                    "callbacks_done": f["callbacks_done"], "waiting_messages": waiting,
                    "open_alerts": alerts})
    return out


def overview_of(conn, who: Supervisor, lang: str) -> dict:
    now = time.time()
    since = now - SHIFT_S
    by = "(SELECT display_name FROM supervisors WHERE id = x.acknowledged_by) AS by_name"
    incidents = [_incident_row(conn, r)
                 for r in conn.execute(f"SELECT x.*, {by} FROM incidents x WHERE created_at >= ?"
                                       " ORDER BY acknowledged_at IS NOT NULL, id DESC LIMIT 50",
                                       (since,))]
    alerts = [{"id": r["id"], "agent_id": r["agent_id"], "reason": r["reason"],
               "talk_s": r["talk_s"], "incidents": r["incidents"], "at": iso(r["created_at"]),
               "acknowledged_at": _opt_iso(r["acknowledged_at"]), "acknowledged_by": r["by_name"]}
              for r in conn.execute(f"SELECT x.*, {by} FROM wellbeing_alerts x WHERE"
                                    " created_at >= ? ORDER BY acknowledged_at IS NOT NULL,"
                                    " id DESC LIMIT 50", (since,))]
    counseling = [{"id": r["id"], "agent_id": r["agent_id"], "at": iso(r["created_at"]),
                   "text": r["text"], "answered_at": _opt_iso(r["answered_at"])}
                  for r in conn.execute("SELECT * FROM messages WHERE kind = 'counseling' AND"
                                        " created_at >= ? ORDER BY answered_at IS NOT NULL,"
                                        " id DESC LIMIT 50", (since,))]
    threads = []
    for a in conn.execute("SELECT DISTINCT m.agent_id, a.display_name FROM messages m JOIN"
                          " agents a ON a.id = m.agent_id WHERE m.created_at >= ?"
                          " ORDER BY m.agent_id", (since,)).fetchall():
        rows = conn.execute(f"{MESSAGE_SQL} WHERE m.agent_id = ? AND m.created_at >= ?"
                            " ORDER BY m.id DESC LIMIT ?",
                            (a["agent_id"], since, THREAD_KEEP)).fetchall()[::-1]
        threads.append({"agent_id": a["agent_id"], "display_name": a["display_name"],
                        "waiting": sum(1 for r in rows if r["sender"] == "agent"
                                       and r["answered_at"] is None),
                        "messages": [message_json(r) for r in rows]})
    notices = [{"at": iso(r["created_at"]), "agent_id": r["agent_id"], "kind": r["kind"],
                "message": r["message"][:300]}
               for r in conn.execute("SELECT * FROM notices ORDER BY id DESC LIMIT 30")]
    return {"updated": iso(now), "supervisor": {"id": who.id, "display_name": who.display_name},
            "queues": queue_rows(conn, lang, now), "agents": agent_rows(conn, now),
            "incidents": incidents, "alerts": alerts, "counseling": counseling,
            "threads": threads, "quick_replies": st.quick_replies(lang), "notices": notices,
            "protective_breaks": break_rows(conn, since)}


CATEGORIES = ("verbal_abuse", "sexual_harassment", "threat", "other")


def _incident_row(conn, r) -> dict:
    held, clips = evidence_of(conn, r["interaction_id"])
    return {"id": r["id"], "agent_id": r["agent_id"], "interaction_id": r["interaction_id"],
            "severity": r["severity"], "description": r["description"][:2000],
            "at": iso(r["created_at"]), "acknowledged_at": _opt_iso(r["acknowledged_at"]),
            "acknowledged_by": r["by_name"],
            "category": r["category"] if r["category"] in CATEGORIES else None,
            "note": (r["note"] or "")[:4000], "timeline": timeline_row(r["timeline"]),
            "evidence_held": held, "clips": clips}


@router.get("/overview", response_model=Overview, responses=answers(401, 403))
def overview(lang: Optional[m.Lang] = Query(None), who: Supervisor = Depends(current_supervisor),
             conn=Depends(get_conn)):
    """What the live page shows, polled every 2 seconds: counselors (state, health check,
    the shift's figures, waiting messages, open alerts), queues, incidents to acknowledge
    (an abusive call's category, timeline and evidence), wellbeing alerts, counseling
    requests, protective breaks, the threads and the quick replies."""
    return overview_of(conn, who, lang_of(lang))


@router.post("/messages", response_model=ThreadMessage, responses=answers(401, 403, 404, 422))
def reply(body: ReplyRequest, who: Supervisor = Depends(writer), conn=Depends(get_conn)):
    """A message to one counselor: a text, or a quick reply (sent in the counselor's
    language). The counselor's open messages count as answered."""
    text = body.text.strip()
    if bool(text) == bool(body.quick_reply):
        raise ApiError(422, "invalid_request", "Send either a text or a quick reply.")
    with db.transaction(conn):
        agent = conn.execute("SELECT language FROM agents WHERE id = ?",
                             (body.agent_id,)).fetchone()
        if agent is None:
            raise ApiError(404, "not_found", "No such counselor.")
        if body.quick_reply:
            text = st.quick_reply(body.quick_reply, agent["language"]) or ""
            if not text:
                raise ApiError(422, "unknown_quick_reply", "No such quick reply.")
        new = add_message(conn, body.agent_id, "supervisor", "reply", text,
                          supervisor_id=who.id)
        mark_answered(conn, body.agent_id)
    return message_by_id(conn, new)


def _acknowledge(conn, who: Supervisor, table: str, row_id: int, kind: str, note: str,
                 what: str) -> dict:
    with db.transaction(conn):
        row = conn.execute(f"SELECT agent_id, acknowledged_by FROM {table} WHERE id = ?",
                           (row_id,)).fetchone()
        if row is None:
            raise ApiError(404, "not_found", f"No such {what}.")
        if row["acknowledged_by"]:
            raise ApiError(409, "already_acknowledged", f"This {what} is already acknowledged.")
        conn.execute(f"UPDATE {table} SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ?",
                     (time.time(), who.id, row_id))
        new = add_message(conn, row["agent_id"], "supervisor", kind, note.strip(),
                          supervisor_id=who.id,
                          incident_id=row_id if table == "incidents" else None)
    return message_by_id(conn, new)


def IdPath():  # noqa: N802 (a fresh FieldInfo per route)
    return Path(ge=1, le=MAX_ID)


@router.post("/incidents/{incident_id}/acknowledge", response_model=ThreadMessage,
             responses=answers(401, 403, 404, 409))
def acknowledge_incident(body: AcknowledgeRequest, incident_id: int = IdPath(),
                         who: Supervisor = Depends(writer), conn=Depends(get_conn)):
    """The supervisor has seen the incident: the counselor's desk shows it (incident_ack)."""
    return _acknowledge(conn, who, "incidents", incident_id, "incident_ack", body.note,
                        "incident")


@router.post("/alerts/{alert_id}/acknowledge", response_model=ThreadMessage,
             responses=answers(401, 403, 404, 409))
def acknowledge_alert(body: AcknowledgeRequest, alert_id: int = IdPath(),
                      who: Supervisor = Depends(writer), conn=Depends(get_conn)):
    """The supervisor has seen the wellbeing alert: the counselor's desk shows it."""
    return _acknowledge(conn, who, "wellbeing_alerts", alert_id, "alert_ack", body.note,
                        "alert")

