"""Work routes: caller context, wrap-up, reports, help (each agent's own only); callbacks: democenter/api_callbacks.py."""

from __future__ import annotations

import json
import re
import time
from typing import Optional

from fastapi import APIRouter, Depends, Path, Query, Request

from democenter import api_models as m
from democenter import db
from democenter.api import (ERRORS, PREFIX, Agent, ApiError, Idem, add_notice, answers,
                            current_agent, get_conn, idem_key, idempotent, iso, lang_of)

router = APIRouter(prefix=PREFIX, responses=ERRORS)
NO_INTERACTION = "No such interaction among your calls."


def own_interaction(conn, interaction_id: str, agent_id: str, columns: str = "*"):
    """The interaction if it was offered to or handled by ``agent_id``; else 404 (whether it
    does not exist or is another agent's: the answer is the same)."""
    row = conn.execute(f"SELECT {columns} FROM interactions WHERE id = ? AND agent_id = ?",
                       (interaction_id, agent_id)).fetchone()
    if row is None:
        raise ApiError(404, "not_found", NO_INTERACTION)
    return row


def _number_forms(number: str) -> tuple[str, str, str]:
    digits = re.sub(r"[^\d+]", "", number)
    return number, digits, "+" + digits.lstrip("+")


def IdPath():  # noqa: N802 (a fresh FieldInfo per route: FastAPI sets its alias)
    return Path(min_length=1, max_length=100)


def _disposition_label(conn, code: str | None, lang: str) -> str:
    """A past contact's disposition in the counselor's language ('' when unknown)."""
    row = conn.execute(f"SELECT label_{lang} FROM dispositions WHERE code = ?",
                       (code or "",)).fetchone()
    return row[0] if row else ""


def _context(conn, number: str, customer, inter=None, lang: str = "en") -> dict:
    if customer is not None:
        past = conn.execute(
            "SELECT * FROM interactions WHERE customer_id = ? AND state = 'ended' AND id != ?"
            " ORDER BY COALESCE(ended_at, entered_at) DESC LIMIT 5",
            (customer["id"], inter["id"] if inter else "")).fetchall()
        cases = conn.execute("SELECT * FROM cases WHERE customer_id = ? AND status != 'closed'"
                             " ORDER BY opened_at DESC", (customer["id"],)).fetchall()
    else:
        past = conn.execute(
            "SELECT * FROM interactions WHERE caller_number = ? AND state = 'ended' AND id != ?"
            " ORDER BY COALESCE(ended_at, entered_at) DESC LIMIT 5",
            (number, inter["id"] if inter else "")).fetchall()
        cases = []
    ivr: list[str] = []
    waited = 0
    if inter is not None:
        try:
            raw = json.loads(inter["ivr_path"] or "[]")
            ivr = [str(x) for x in raw] if isinstance(raw, list) else []
        except ValueError:
            ivr = []
        end = inter["answered_at"] or inter["offered_at"] or time.time()
        waited = int(max(0.0, end - inter["entered_at"]))
    return {
        "interaction_id": inter["id"] if inter else None,
        "queue_id": inter["queue_id"] if inter else None,
        "caller_number": number,
        "customer": None if customer is None else {
            "id": customer["id"], "name": customer["name"], "segment": customer["segment"],
            "language": customer["language"], "notes": customer["notes"]},
        "recent_contacts": [{"at": iso(p["ended_at"] or p["entered_at"]),
                             "queue_id": p["queue_id"], "disposition": p["disposition"],
                             "disposition_label": _disposition_label(conn, p["disposition"],
                                                                     lang),
                             "notes": p["notes"] or ""} for p in past],
        "ivr_path": ivr,
        "open_cases": [{"id": c["id"], "title": c["title"], "status": c["status"],
                        "opened_at": iso(c["opened_at"])} for c in cases],
        "waited_s": waited,
    }


def _customer_for(conn, number: str):
    return conn.execute("SELECT * FROM customers WHERE number = ? OR number = ?"
                        " OR number = ?", _number_forms(number)).fetchone()


@router.get("/interactions/{interaction_id}", response_model=m.CallerContext,
            tags=["calls"], responses=answers(404))
def interaction(interaction_id: str = IdPath(), agent: Agent = Depends(current_agent),
                conn=Depends(get_conn)):
    inter = own_interaction(conn, interaction_id, agent.id)
    customer = None
    if inter["customer_id"]:
        customer = conn.execute("SELECT * FROM customers WHERE id = ?",
                                (inter["customer_id"],)).fetchone()
    if customer is None:
        customer = _customer_for(conn, inter["caller_number"])
    return _context(conn, inter["caller_number"], customer, inter, lang_of(agent.language))


@router.get("/customers/by-number/{number}", response_model=m.CallerContext, tags=["calls"],
            responses=answers(404))
def customer_by_number(number: str = Path(min_length=1, max_length=50),
                       agent: Agent = Depends(current_agent), conn=Depends(get_conn)):
    """A caller's details, for a number of the agent's own calls or claimed callbacks only."""
    forms = _number_forms(number)
    mine = conn.execute(
        "SELECT 1 FROM interactions WHERE agent_id = ? AND caller_number IN (?,?,?) UNION ALL"
        " SELECT 1 FROM callbacks WHERE agent_id = ? AND number IN (?,?,?) LIMIT 1",
        (agent.id, *forms, agent.id, *forms)).fetchone()
    if mine is None:
        raise ApiError(404, "not_found", "No call or callback of yours has this number.")
    return _context(conn, number, _customer_for(conn, number), lang=lang_of(agent.language))


@router.get("/dispositions", response_model=list[m.Disposition], tags=["calls"])
def dispositions(queue_id: Optional[str] = Query(None, max_length=100),
                 lang: Optional[m.Lang] = Query(None), agent: Agent = Depends(current_agent),
                 conn=Depends(get_conn)):
    lg = lang_of(lang or agent.language)
    rows = conn.execute(f"SELECT code, label_{lg} AS label, queue_id FROM dispositions"
                        " WHERE queue_id IS NULL OR queue_id = ? ORDER BY queue_id IS NOT NULL,"
                        " rowid", (queue_id or "",)).fetchall()
    return [dict(r) for r in rows]


@router.post("/interactions/{interaction_id}/wrapup", response_model=m.Ok, tags=["calls"],
             responses=answers(404, 422))
def wrapup(body: m.WrapupRequest, interaction_id: str = IdPath(),
           idem: Idem = Depends(idem_key), agent: Agent = Depends(current_agent),
           conn=Depends(get_conn)):
    def work(conn):
        inter = own_interaction(conn, interaction_id, agent.id, "queue_id")
        ok = conn.execute("SELECT 1 FROM dispositions WHERE code = ? AND (queue_id IS NULL"
                          " OR queue_id = ?)", (body.disposition, inter["queue_id"])).fetchone()
        if ok is None:
            raise ApiError(422, "invalid_disposition",
                           "That disposition does not apply to this call's queue.")
        now = time.time()
        conn.execute("INSERT INTO wrapups (interaction_id, agent_id, disposition, notes,"
                     " idempotency_key, created_at) VALUES (?,?,?,?,?,?)",
                     (interaction_id, agent.id, body.disposition, body.notes, idem.key, now))
        conn.execute("UPDATE interactions SET disposition = ?, notes = ?, wrapup_at = ?"
                     " WHERE id = ? AND agent_id = ?",
                     (body.disposition, body.notes, now, interaction_id, agent.id))
        return 200, {"ok": True}

    return idempotent(conn, idem, agent, f"wrapup:{interaction_id}", work)


@router.get("/quick-connects", response_model=list[m.QuickConnect], tags=["calls"])
def quick_connects(request: Request, agent: Agent = Depends(current_agent),
                   conn=Depends(get_conn)):
    """Transfer targets; an extension is given as a SIP URI in the center's SIP domain."""
    domain = request.app.state.config.sip_domain
    return [{"id": r["id"], "name": r["name"],
             "uri": r["uri"] if ":" in r["uri"] or "@" in r["uri"] else f"sip:{r['uri']}@{domain}"}
            for r in conn.execute("SELECT id, name, uri FROM quick_connects ORDER BY rowid")]


@router.post("/incidents", response_model=m.IncidentCreated, tags=["reports"],
             responses=answers(404))
def incident(body: m.IncidentRequest, idem: Idem = Depends(idem_key),
             agent: Agent = Depends(current_agent), conn=Depends(get_conn)):
    """An incident report; the interaction it names must be one of the agent's calls. An
    abusive call's report adds its category, the counselor's note and the call's timeline."""
    def work(conn):
        if body.interaction_id:
            own_interaction(conn, body.interaction_id, agent.id, "id")
        timeline = body.timeline.model_dump_json() if body.timeline else None
        cur = conn.execute("INSERT INTO incidents (agent_id, interaction_id, severity,"
                           " description, created_at, category, note, language, timeline)"
                           " VALUES (?,?,?,?,?,?,?,?,?)",
                           (agent.id, body.interaction_id, body.severity, body.description,
                            time.time(), body.category, body.note, body.language, timeline))
        what = f", {body.category.replace('_', ' ')}" if body.category else ""
        add_notice(conn, agent.id, "incident",
                   f"Incident reported (severity {body.severity}{what}).")
        return 200, {"id": cur.lastrowid}

    return idempotent(conn, idem, agent, "incident", work)


@router.post("/help", response_model=m.Ok, tags=["reports"])
def help_request(body: m.HelpRequest, agent: Agent = Depends(current_agent),
                 conn=Depends(get_conn)):
    """Never refused for a signed-in agent (its interaction_id is not used)."""
    with db.transaction(conn):
        add_notice(conn, agent.id, "help", body.message)
    return {"ok": True}
