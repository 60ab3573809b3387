"""The directory for transfers, consults and dialing: colleagues (simulated and real) with their presence, teams, outside services; the presence long-poll; the dial policy.

``GET /directory`` lists the entries in the counselor's language. ``GET
/directory/presence?after=V&wait_s=S`` is a long-poll on presence: it answers at once when
something changed after version V (or with every colleague's presence when V is 0 or a
version this center never issued), else holds up to S seconds (at most ``WAIT_MAX_S``),
checking every ``CHECK_S``, and answers as soon as a change is written. Versions are
``presence_meta.base + presence_log.id`` (democenter/directory_data.py): the simulated
colleagues' changes are written by democenter/colleagues.py, the agents' by a trigger on
their state. ``GET /dial-policy`` says what a counselor may dial.
"""

from __future__ import annotations

import asyncio
import time
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from democenter import db
from democenter.api import (ERRORS, PREFIX, Agent, ApiError, answers, current_agent, get_conn,
                            lang_of)
from democenter.directory_data import (AGENT_PRESENCE, COLLEAGUES, DIAL_POLICY, EXTERNALS,
                                       PRESENCES, TEAM_NAMES, TEAMS)
from democenter.messages import _session_alive

router = APIRouter(prefix=PREFIX, responses=ERRORS)
WAIT_MAX_S = 25.0
CHECK_S = 0.2
LOG_KEEP = 5000            # presence changes kept; an older version gets the whole picture
MAX_VERSION = 2 ** 53

Presence = Literal["available", "on_call", "break", "offline", ""]


class DirectoryEntry(BaseModel):
    id: str = Field(description="Stable id: colleague:<ext>, agent:<id>, team:..., external:...")
    name: str = Field(description="In the counselor's language (a person's own name as a "
                                  "reader of that language writes it)")
    kind: Literal["colleague", "team", "external"]
    team: str = Field(description="A colleague's team, in the counselor's language; '' else")
    address: str = Field(description="What to dial: an extension (e.g. 2001), a SIP user of "
                                     "the center's domain, or a number (E.164)")
    presence: Presence = Field(description="Colleagues only; '' for teams and outside services")
    transfer: bool = Field(description="Whether callers may be transferred there (else: "
                                       "consult or dial only)")


class PresenceChange(BaseModel):
    id: str
    presence: Literal["available", "on_call", "break", "offline"]


class PresencePage(BaseModel):
    version: int = Field(description="Ask with after=version for what comes next")
    full: bool = Field(description="true: changes holds every colleague's presence (after=0, "
                                   "or a version the center no longer knows), not only changes")
    changes: list[PresenceChange]


class DialPolicy(BaseModel):
    default_region: str = Field(description="ISO 3166 region whose national form (0...) "
                                            "numbers without + are read in")
    internal: str = Field(description="Regular expression (full match) of internal extensions")
    allow_international: bool = Field(description="Whether numbers outside default_region "
                                                  "may be dialed")
    blocked_prefixes: list[str] = Field(description="Numbers starting with one of these "
                                                    "(national or E.164 form) may not be "
                                                    "dialed")


# ---------------------------------------------------------------- store

def _now() -> float:
    return time.time()


def set_colleague_presence(conn, entry_id: str, presence: str, now: float | None = None) -> bool:
    """A simulated colleague's presence (its own transaction); logged when it changed."""
    if presence not in PRESENCES:
        raise ValueError(f"unknown presence {presence!r}")
    now = _now() if now is None else now
    with db.transaction(conn):
        row = conn.execute("SELECT presence FROM colleague_presence WHERE id = ?",
                           (entry_id,)).fetchone()
        if row is not None and row[0] == presence:
            return False
        conn.execute("INSERT INTO colleague_presence (id, presence, since) VALUES (?,?,?)"
                     " ON CONFLICT(id) DO UPDATE SET presence = excluded.presence,"
                     " since = excluded.since", (entry_id, presence, now))
        conn.execute("INSERT INTO presence_log (entry_id, presence, at) VALUES (?,?,?)",
                     (entry_id, presence, now))
    return True


def prune_log(conn, keep: int = LOG_KEEP) -> None:
    with db.transaction(conn):
        conn.execute("DELETE FROM presence_log WHERE id <= (SELECT MAX(id) FROM presence_log)"
                     " - ?", (keep,))


def _marks(conn) -> tuple[int, int, int]:
    """(base, newest log id or 0, oldest log id or 1)."""
    base = conn.execute("SELECT base FROM presence_meta WHERE id = 1").fetchone()[0]
    low, high = conn.execute("SELECT MIN(id), MAX(id) FROM presence_log").fetchone()
    return int(base), int(high or 0), int(low or 1)


def _current(conn, agent_id: str) -> dict[str, str]:
    """Every colleague's presence now (simulated ones, then the other agents)."""
    stored = dict(conn.execute("SELECT id, presence FROM colleague_presence").fetchall())
    out = {c.entry_id: stored.get(c.entry_id, "offline") for c in COLLEAGUES}
    for row in conn.execute("SELECT id, state FROM agents WHERE id != ? ORDER BY id",
                            (agent_id,)):
        out[f"agent:{row[0]}"] = AGENT_PRESENCE.get(row[1], "offline")
    return out


def entries(conn, agent_id: str, lang: str) -> list[dict]:
    """The directory as ``agent_id`` sees it in ``lang`` (without the agent itself)."""
    now = _current(conn, agent_id)
    out = [{"id": c.entry_id, "name": c.names.get(lang, c.names["en"]), "kind": "colleague",
            "team": TEAM_NAMES[c.team][lang], "address": c.extension,
            "presence": now[c.entry_id], "transfer": True} for c in COLLEAGUES]
    for row in conn.execute("SELECT id, display_name, sip_username FROM agents"
                            " WHERE id != ? ORDER BY id", (agent_id,)):
        out.append({"id": f"agent:{row[0]}", "name": row[1], "kind": "colleague",
                    "team": TEAM_NAMES["counselors"][lang], "address": row[2],
                    "presence": now[f"agent:{row[0]}"], "transfer": True})
    out += [{"id": tid, "name": TEAM_NAMES[team][lang], "kind": "team", "team": "",
             "address": ext, "presence": "", "transfer": True} for tid, team, ext in TEAMS]
    out += [{"id": eid, "name": names[lang], "kind": "external", "team": "", "address": number,
             "presence": "", "transfer": transfer} for eid, names, number, transfer in EXTERNALS]
    return out


def presence_page(conn, agent_id: str, after: int) -> dict:
    """Changes after version ``after`` (the newest presence of each entry), or every
    colleague's presence (``full``) when ``after`` is 0 or not a version of this log."""
    base, newest, oldest = _marks(conn)
    version = base + newest
    if after > version or after < base + oldest - 1:
        changes = [{"id": k, "presence": v} for k, v in _current(conn, agent_id).items()]
        return {"version": version, "full": True, "changes": changes}
    rows = conn.execute("SELECT entry_id, presence FROM presence_log WHERE id IN"
                        " (SELECT MAX(id) FROM presence_log WHERE id > ? GROUP BY entry_id)"
                        " ORDER BY id", (after - base,)).fetchall()
    mine = f"agent:{agent_id}"
    return {"version": version, "full": False,
            "changes": [{"id": r[0], "presence": r[1]} for r in rows
                        if r[0] != mine and r[1] in PRESENCES]}


# ---------------------------------------------------------------- routes

@router.get("/directory", response_model=list[DirectoryEntry], tags=["directory"],
            responses=answers(401))
def directory(agent: Agent = Depends(current_agent), conn=Depends(get_conn)):
    """Colleagues (the center's simulated ones and the other counselors) with their presence,
    teams and outside services, in the counselor's language. Presence: available, on_call
    (ringing, talking or wrapping up), break, offline (signed out); a counselor who is Not
    Ready is available (at the desk, only not taking queue calls)."""
    return entries(conn, agent.id, lang_of(agent.language))


@router.get("/directory/presence", response_model=PresencePage, tags=["directory"],
            responses=answers(401))
async def presence(request: Request,
                   after: int = Query(0, ge=0, le=MAX_VERSION,
                                      description="The last version the desk has (0: none)"),
                   wait_s: float = Query(0, ge=0, le=3600,
                                         description="Hold the answer up to this many "
                                                     "seconds (at most 25) while nothing "
                                                     "changes"),
                   agent: Agent = Depends(current_agent), conn=Depends(get_conn)):
    """Presence changes after version ``after``: at once when there are some (or with every
    colleague's presence when ``after`` is 0 or a version this center did not issue), else
    held up to ``wait_s`` seconds (at most 25) and answered as soon as a change is written
    (within a fraction of a second); empty when the time is up."""
    page = await run_in_threadpool(presence_page, conn, agent.id, after)
    end = time.monotonic() + min(float(wait_s), WAIT_MAX_S)
    while not page["changes"] and not page["full"] and time.monotonic() < end:
        await asyncio.sleep(min(CHECK_S, max(0.0, end - time.monotonic())))
        if await request.is_disconnected():
            break
        if not await run_in_threadpool(_session_alive, conn, agent.token):
            raise ApiError(401, "unauthorized", "The session is not valid: sign in again.")
        page = await run_in_threadpool(presence_page, conn, agent.id, after)
    return page


@router.get("/dial-policy", response_model=DialPolicy, tags=["directory"],
            responses=answers(401))
def dial_policy(agent: Agent = Depends(current_agent)):
    """What a counselor may dial: extensions matching ``internal`` as they are; other numbers
    in ``default_region``'s national form or E.164; never one starting with a blocked
    prefix; numbers of other regions only when ``allow_international``."""
    return DIAL_POLICY
