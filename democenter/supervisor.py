"""The supervisor's read-only HTML page (signed-in supervisors): queues, agents, incidents."""

from __future__ import annotations

import html
import time
from pathlib import Path
from string import Template

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from democenter.api import ERRORS, PREFIX, SHIFT_S, ApiError, answers, get_conn, iso
from democenter.supervisor_auth import (HTML_HEADERS, PAGE, Supervisor, current_supervisor,
                                        login_page, supervisor_from)

router = APIRouter()
TEMPLATE = Template(Path(__file__).with_name("supervisor.html")
                    .read_text(encoding="utf-8"))


def _row(*cells: object, classes: dict[int, str] | None = None) -> str:
    out = []
    for i, c in enumerate(cells):
        cls = f' class="{classes[i]}"' if classes and i in classes else ""
        out.append(f"<td{cls}>{html.escape(str(c))}</td>")
    return "<tr>" + "".join(out) + "</tr>"


def _empty(cols: int) -> str:
    return f'<tr><td colspan="{cols}" class="none">none</td></tr>'


def health_status(cleared, at, now: float) -> tuple[str, str]:
    """(text, css class) for an agent's health check this shift; no medical details."""
    if cleared is None or (at or 0) < now - SHIFT_S:
        return "not submitted", "none"
    return ("cleared", "cleared") if cleared else ("not cleared", "not-cleared")


def render(conn, who: Supervisor) -> str:
    now = time.time()
    queues = []
    for q in conn.execute("SELECT id, name_en FROM queues ORDER BY id").fetchall():
        w = conn.execute("SELECT COUNT(*), MIN(entered_at) FROM interactions"
                         " WHERE queue_id = ? AND state = 'waiting'", (q["id"],)).fetchone()
        counts = dict(conn.execute(
            "SELECT a.state, COUNT(*) FROM agents a JOIN agent_queues aq ON aq.agent_id = a.id"
            " WHERE aq.queue_id = ? GROUP BY a.state", (q["id"],)).fetchall())
        queues.append(_row(q["name_en"], w[0], int(now - w[1]) if w[1] else 0,
                           counts.get("ready", 0), counts.get("on_call", 0)))
    agents = []
    for a in conn.execute("SELECT * FROM agents ORDER BY id").fetchall():
        text, cls = health_status(a["health_cleared"], a["health_at"], now)
        agents.append(_row(a["id"], a["display_name"], a["state"], a["reason_code"],
                           iso(a["state_since"]), text, classes={5: cls}))
    incidents = [_row(iso(r["created_at"]), r["agent_id"], r["interaction_id"] or "",
                      r["severity"], r["description"][:300])
                 for r in conn.execute("SELECT * FROM incidents ORDER BY id DESC LIMIT 20")]
    notices = [_row(iso(r["created_at"]), r["agent_id"], r["kind"], r["message"][:300])
               for r in conn.execute("SELECT * FROM notices ORDER BY id DESC LIMIT 30")]
    return TEMPLATE.substitute(
        updated=html.escape(iso(now)), who=html.escape(f"{who.display_name} ({who.id})"),
        queues="".join(queues) or _empty(5), agents="".join(agents) or _empty(6),
        incidents="".join(incidents) or _empty(5), notices="".join(notices) or _empty(4))


@router.get(PAGE, response_class=HTMLResponse, include_in_schema=False)
def supervisor_browser_page(request: Request, conn=Depends(get_conn)):
    """The page for a browser: the sign-in form (401, or 403 for an agent) until signed in."""
    try:
        who = supervisor_from(request, conn)
    except ApiError as exc:
        return login_page(exc.status, "" if exc.status == 401 else exc.message)
    return HTMLResponse(render(conn, who), headers=HTML_HEADERS)


@router.get(f"{PREFIX}/supervisor", response_class=HTMLResponse, tags=["supervisor"],
            summary="Supervisor page (HTML, read-only; supervisor sign-in required)",
            responses={s: {"description": a["description"], "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
                for s, a in {**ERRORS, **answers(401, 403)}.items()})
def supervisor_page(who: Supervisor = Depends(current_supervisor), conn=Depends(get_conn)):
    return HTMLResponse(render(conn, who), headers=HTML_HEADERS)
