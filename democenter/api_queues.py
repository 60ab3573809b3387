"""Queue routes: the live figures with the counselor's membership, signing in and out of a
queue, the counselor's skills (each agent's own only).

An agent serves the queues assigned to it (``agent_queues``) and may sign out of one when the
center allows: per queue (``queues.may_sign_out``, with the reason in three languages) or per
agent (``agent_queues.may_sign_out``, which wins when set). While signed out the queue
(democenter/acd_store.ready_agents) offers that agent none of the queue's callers.
"""

from __future__ import annotations

import time
from typing import Optional

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from democenter import api_models as m
from democenter import db
from democenter.api import ERRORS, PREFIX, Agent, ApiError, answers, current_agent, get_conn, \
    lang_of

router = APIRouter(prefix=PREFIX, responses=ERRORS)
NOT_YOURS = "This queue is not assigned to you."
AGENT_KEEP = {   # why an agent may not leave a queue, when the rule is the agent's own
    "en": "Your supervisor has assigned you to this queue for the whole shift.",
    "ko": "관리자가 근무 시간 내내 이 대기열을 배정했습니다.",
    "ru": "Руководитель назначил вас в эту очередь на всю смену.",
}


class AgentQueueStats(m.QueueStats):
    assigned: bool = Field(description="the queue is one of the agent's; false: figures only")
    signed_in: bool = Field(description="the queue offers the agent its callers")
    may_sign_out: bool = Field(description="the agent may sign out of it now")
    sign_out_note: str = Field(description="why the agent may not sign out, in the agent's "
                                           "language; empty when it may")


class MembershipRequest(m._In):
    signed_in: bool


class Skill(BaseModel):
    id: str
    name: str
    level: int = Field(ge=1, le=5, description="1 (learning) .. 5 (expert)")


def _rows(conn, agent: Agent, lg: str, queue_id: Optional[str] = None) -> list[dict]:
    now = time.time()
    where, params = ("WHERE q.id = ?", (agent.id, queue_id)) if queue_id else ("", (agent.id,))
    out = []
    for q in conn.execute(
            f"SELECT q.id, q.name_{lg} AS name, q.may_sign_out AS queue_may,"
            f" q.keep_reason_{lg} AS why, q.keep_reason_en AS why_en, aq.agent_id IS NOT NULL"
            " AS assigned, aq.signed_in, aq.may_sign_out AS agent_may FROM queues q LEFT JOIN"
            f" agent_queues aq ON aq.queue_id = q.id AND aq.agent_id = ? {where}"
            " ORDER BY q.id", params).fetchall():
        w = conn.execute("SELECT COUNT(*), MIN(entered_at) FROM interactions"
                         " WHERE queue_id = ? AND state = 'waiting'", (q["id"],)).fetchone()
        counts = dict(conn.execute(
            "SELECT a.state, COUNT(*) FROM agents a JOIN agent_queues aq ON aq.agent_id = a.id"
            " WHERE aq.queue_id = ? AND aq.signed_in = 1 GROUP BY a.state",
            (q["id"],)).fetchall())
        assigned = bool(q["assigned"])
        may = bool(q["queue_may"]) if q["agent_may"] is None else bool(q["agent_may"])
        note = ""
        if assigned and not may:
            note = (q["why"] or q["why_en"] if q["agent_may"] is None else "") or AGENT_KEEP[lg]
        out.append({"id": q["id"], "name": q["name"], "waiting": w[0],
                    "longest_wait_s": int(max(0.0, now - w[1])) if w[1] else 0,
                    "agents_ready": counts.get("ready", 0),
                    "agents_on_call": counts.get("on_call", 0),
                    "assigned": assigned, "signed_in": assigned and bool(q["signed_in"]),
                    "may_sign_out": assigned and may, "sign_out_note": note})
    return out


@router.get("/queues", response_model=list[AgentQueueStats], tags=["queues"])
def queues(lang: Optional[m.Lang] = Query(None), agent: Agent = Depends(current_agent),
           conn=Depends(get_conn)):
    """Every queue's live figures (waiting callers, the oldest caller's wait, counselors ready
    and on a call among those signed in), and whether the agent is signed in to it."""
    return _rows(conn, agent, lang_of(lang or agent.language))


@router.put("/agents/me/queues/{queue_id}", response_model=AgentQueueStats, tags=["queues"],
            responses=answers(404, 409, 422))
def set_membership(body: MembershipRequest,
                   queue_id: str = Path(min_length=1, max_length=100),
                   agent: Agent = Depends(current_agent), conn=Depends(get_conn)):
    """Sign in to (``signed_in: true``) or out of one of the agent's queues; the answer is the
    queue as the center now has it. Signing out of a queue the agent may not leave answers
    409 ``queue_required`` with the reason; another agent's or an unknown queue 404."""
    lg = lang_of(agent.language)
    with db.transaction(conn):
        rows = _rows(conn, agent, lg, queue_id)
        if not rows or not rows[0]["assigned"]:
            raise ApiError(404, "not_found", NOT_YOURS)
        if not body.signed_in and not rows[0]["may_sign_out"] and rows[0]["signed_in"]:
            raise ApiError(409, "queue_required", rows[0]["sign_out_note"])
        conn.execute("UPDATE agent_queues SET signed_in = ?, changed_at = ? WHERE agent_id = ?"
                     " AND queue_id = ? AND signed_in != ?",
                     (int(body.signed_in), time.time(), agent.id, queue_id,
                      int(body.signed_in)))
    return _rows(conn, agent, lg, queue_id)[0]


@router.get("/agents/me/skills", response_model=list[Skill], tags=["queues"])
def skills(lang: Optional[m.Lang] = Query(None), agent: Agent = Depends(current_agent),
           conn=Depends(get_conn)):
    """The agent's skills with their levels, highest first, names in ``lang``."""
    lg = lang_of(lang or agent.language)
    return [dict(r) for r in conn.execute(
        f"SELECT s.id, s.name_{lg} AS name, k.level FROM agent_skills k JOIN skills s"
        " ON s.id = k.skill_id WHERE k.agent_id = ? ORDER BY k.level DESC, s.id",
        (agent.id,)).fetchall()]
