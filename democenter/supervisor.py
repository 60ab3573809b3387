"""The supervisor's live page (signed-in supervisors, en/ko/ru): counselors, incidents, alerts, counseling requests, the threads and a reply box.

The first paint is rendered here from the same overview the page's script
(``supervisor.js``) then polls every 2 seconds (GET /api/v1/supervisor/overview); the script
answers, acknowledges and keeps the page current. Without the script the page reloads every
10 seconds and shows the same tables.
"""

from __future__ import annotations

import html
import json
from datetime import datetime
from pathlib import Path
from string import Template

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from democenter import supervisor_texts as st
from democenter.api import ERRORS, PREFIX, ApiError, answers, get_conn
from democenter.supervisor_api import overview_of
from democenter.supervisor_auth import (PAGE, PAGE_HEADERS, Supervisor, current_supervisor,
                                        error_text, login_page, page_lang, supervisor_from)

router = APIRouter()
HERE = Path(__file__).parent
TEMPLATE = Template((HERE / "supervisor.html").read_text(encoding="utf-8"))
SCRIPT = (HERE / "supervisor.js").read_bytes()
SCRIPT_HEADERS = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}


def _cell(value: object, cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return f"<td{c}>{html.escape(str(value))}</td>"


def _rows(rows: list[str], cols: int, lang: str) -> str:
    return "".join(rows) or (f'<tr><td colspan="{cols}" class="none">'
                             f'{html.escape(st.text(lang, "none"))}</td></tr>')


def clock(iso: str | None) -> str:
    return datetime.fromisoformat(iso).astimezone().strftime("%H:%M:%S") if iso else ""


def duration(seconds: int) -> str:
    h, rest = divmod(max(0, int(seconds)), 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60:02d}:{rest % 60:02d}"


def _status(lang: str, item: dict) -> tuple[str, str]:
    if item.get("acknowledged_at"):
        return st.text(lang, "acknowledged", who=item["acknowledged_by"] or "",
                       time=clock(item["acknowledged_at"])), "done"
    return st.text(lang, "to_acknowledge"), "open"


def _agent_row(lang: str, a: dict) -> str:
    health = {"cleared": ("health_cleared", "cleared"),
              "not_cleared": ("health_not_cleared", "not-cleared"),
              "not_submitted": ("health_not_submitted", "none")}[a["health"]]
    state = st.state_name(lang, a["state"]) + (f" · {a['reason_code']}" if a["reason_code"] else "")
    wellbeing = ("needs_break", "alert") if a["open_alerts"] else ("ok", "ok")
    waiting = st.text(lang, "waiting_n", n=a["waiting_messages"]) if a["waiting_messages"] else ""
    return ("<tr>" + _cell(a["id"]) + _cell(a["display_name"]) + _cell(state)
            + _cell(clock(a["since"])) + _cell(st.text(lang, health[0]), health[1])
            + _cell(a["calls"]) + _cell(duration(a["talk_s"])) + _cell(a["incidents"])
            + _cell(st.text(lang, wellbeing[0]), wellbeing[1])
            + _cell(waiting, "open" if waiting else "") + "</tr>")


def details(lang: str, i: dict) -> str:
    """An abusive call's category, timeline and evidence in one line ('' for others)."""
    parts = [st.text(lang, f"category_{i['category']}")] if i.get("category") else []
    tl = i.get("timeline") or {}
    if tl.get("answered_at"):
        parts.append(st.text(lang, "tl_answered", time=clock(tl["answered_at"])))
    if tl.get("warnings_at"):
        parts.append(st.text(lang, "tl_warnings",
                             times=", ".join(clock(w) for w in tl["warnings_at"])))
    if tl.get("ended_at"):
        parts.append(st.text(lang, "tl_ended", time=clock(tl["ended_at"])))
    if i.get("evidence_held"):
        parts.append(st.text(lang, "evidence_held"))
    elif parts:
        parts.append(st.text(lang, "no_evidence"))
    if i.get("clips"):
        parts.append(st.text(lang, "clips_n", n=i["clips"]))
    return " · ".join(parts)


def break_event(lang: str, b: dict) -> str:
    taken = duration(b["taken_s"])
    return st.text(lang, f"break_{b['event']}", min=b["minimum_s"] // 60, taken=taken)


def render(conn, who: Supervisor, lang: str) -> str:
    o = overview_of(conn, who, lang)
    agents = [_agent_row(lang, a) for a in o["agents"]]
    incidents = []
    for i in o["incidents"]:
        text, cls = _status(lang, i)
        incidents.append("<tr>" + _cell(clock(i["at"])) + _cell(i["agent_id"])
                         + _cell(i["interaction_id"] or "")
                         + _cell(st.text(lang, f"severity_{i['severity']}")
                                 if i["severity"] in ("low", "medium", "high") else i["severity"])
                         + _cell(i["description"][:300] + (f"\n{i['note'][:300]}"
                                                           if i["note"] else ""))
                         + _cell(details(lang, i)) + _cell(text, cls) + "</tr>")
    alerts = []
    for a in o["alerts"]:
        text, cls = _status(lang, a)
        what = (st.text(lang, "alert_talk_time", minutes=a["talk_s"] // 60)
                if a["reason"] == "talk_time" else st.text(lang, "alert_incidents",
                                                           count=a["incidents"]))
        alerts.append("<tr>" + _cell(clock(a["at"])) + _cell(a["agent_id"]) + _cell(what)
                      + _cell(text, cls) + "</tr>")
    counseling = ["<tr>" + _cell(clock(c["at"])) + _cell(c["agent_id"]) + _cell(c["text"])
                  + (_cell(st.text(lang, "answered"), "done") if c["answered_at"]
                     else _cell(st.text(lang, "open"), "open")) + "</tr>"
                  for c in o["counseling"]]
    queues = ["<tr>" + "".join(_cell(q[k]) for k in ("name", "waiting", "longest_wait_s",
                                                       "agents_ready", "agents_on_call"))
              + "</tr>" for q in o["queues"]]
    notices = ["<tr>" + _cell(clock(n["at"])) + _cell(n["agent_id"]) + _cell(n["kind"])
               + _cell(n["message"]) + "</tr>" for n in o["notices"]]
    breaks = ["<tr>" + _cell(clock(b["at"])) + _cell(b["agent_id"])
              + _cell(b["interaction_id"] or "") + _cell(break_event(lang, b)) + "</tr>"
              for b in o["protective_breaks"]]
    t = {k: html.escape(st.text(lang, k)) for k in st.TEXTS}
    data = json.dumps({"lang": lang, "supervisor": who.id, **st.page_texts(lang)},
                      ensure_ascii=False)
    data = data.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return TEMPLATE.substitute(
        t, lang=lang, language_label=t["language"],
        signed_in=html.escape(st.text(lang, "signed_in_as",
                                      who=f"{who.display_name} ({who.id})")),
        updated=html.escape(st.text(lang, "updated", time=clock(o["updated"]))),
        incidents_title=t["incidents"], alerts_title=t["alerts"],
        counseling_title=t["counseling"], messages_title=t["messages"],
        queues_title=t["queues"], notices_title=t["recent_notices"],
        agents=_rows(agents, 10, lang), incidents=_rows(incidents, 7, lang),
        breaks_title=t["breaks"], breaks=_rows(breaks, 4, lang),
        alerts=_rows(alerts, 4, lang), counseling=_rows(counseling, 4, lang),
        queues=_rows(queues, 5, lang), notices=_rows(notices, 4, lang), page_data=data)


@router.get(PAGE, response_class=HTMLResponse, include_in_schema=False)
def supervisor_browser_page(request: Request, conn=Depends(get_conn)):
    """The page for a browser: the sign-in form (401, or 403 for an agent) until signed in."""
    lang = page_lang(request)
    try:
        who = supervisor_from(request, conn)
    except ApiError as exc:
        return login_page(exc.status, "" if exc.status == 401 else error_text(lang, exc),
                          lang=lang)
    return HTMLResponse(render(conn, who, lang), headers=PAGE_HEADERS)


@router.get(f"{PAGE}/app.js", include_in_schema=False)
def supervisor_script():
    """The page's script (no secrets in it: the data needs the sign-in)."""
    return Response(SCRIPT, media_type="text/javascript; charset=utf-8", headers=SCRIPT_HEADERS)


@router.get(f"{PREFIX}/supervisor", response_class=HTMLResponse, tags=["supervisor"],
            summary="Supervisor page (HTML, live; supervisor sign-in required)",
            responses={s: {"description": a["description"], "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
                for s, a in {**ERRORS, **answers(401, 403)}.items()})
def supervisor_page(request: Request, who: Supervisor = Depends(current_supervisor),
                    conn=Depends(get_conn)):
    return HTMLResponse(render(conn, who, page_lang(request)), headers=PAGE_HEADERS)
