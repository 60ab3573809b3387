"""The queue process's view of the practice-center database: agents, interactions, commands.

Every write is a short ``BEGIN IMMEDIATE`` transaction and every state change is
conditional on the state it expects (the API server changes agent states concurrently):
a change that finds another state does nothing and reports False.

``acd_commands`` is the seam other processes (the API server, tests) use to talk to the
ACD: insert a row with :func:`request_call` or :func:`request_hangup`; the ACD marks it done.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from dataclasses import dataclass

from democenter import db

log = logging.getLogger("democenter.acd")

# Agent states the ACD may take an agent out of, per transition it makes.
FROM_RINGING = ("ringing",)
FROM_ON_CALL = ("ringing", "on_call")


@dataclass(frozen=True)
class Agent:
    id: str
    sip_username: str
    contact_uri: str


@dataclass(frozen=True)
class Customer:
    id: str | None
    name: str
    number: str
    language: str


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create or update the shared schema (schema.sql holds the ACD's command table too)."""
    db.migrate(conn)


# ---------------------------------------------------------------------------- commands
def request_call(conn: sqlite3.Connection, *, queue_id: str | None = None,
                 customer_id: str | None = None, number: str | None = None,
                 name: str | None = None, language: str | None = None,
                 patience_s: float | None = None, abusive: bool | None = None,
                 while_busy: bool | None = None) -> int:
    """Ask the running ACD to make one simulated caller arrive now; returns the command id.

    Every argument is optional: what is left out is drawn at random as for a Poisson caller.
    ``abusive=True``: the caller plays ``abusive_<lang>.wav`` (the interaction's
    ``caller_kind`` is 'abusive'); nothing else tells the counselor.
    ``while_busy=True``: with nobody Ready, the caller may also be offered to an agent on a
    call in a queue that allows call waiting (practice for the second call).
    The command's ``result`` becomes the interaction id once the ACD has picked it up.
    """
    args = {k: v for k, v in dict(queue_id=queue_id, customer_id=customer_id, number=number,
                                  name=name, language=language, patience_s=patience_s,
                                  abusive=abusive, while_busy=while_busy).items()
            if v is not None}
    return _insert_command(conn, "call", args)


def request_hangup(conn: sqlite3.Connection, interaction_id: str) -> int:
    """Ask the ACD to hang up the caller's side of a connected interaction."""
    return _insert_command(conn, "hangup", {"interaction_id": interaction_id})


def _insert_command(conn: sqlite3.Connection, kind: str, args: dict) -> int:
    with db.transaction(conn):
        cur = conn.execute("INSERT INTO acd_commands(kind, args, created_at) VALUES (?,?,?)",
                           (kind, json.dumps(args), time.time()))
        return int(cur.lastrowid)


def take_commands(conn: sqlite3.Connection) -> list[tuple[int, str, dict]]:
    """Pending commands, oldest first (they stay pending until :func:`finish_command`)."""
    rows = conn.execute("SELECT id, kind, args FROM acd_commands WHERE done_at IS NULL "
                        "ORDER BY id").fetchall()
    out = []
    for row in rows:
        try:
            args = json.loads(row[2] or "{}")
        except ValueError:
            args = {"_invalid": True}
        out.append((int(row[0]), str(row[1]), args if isinstance(args, dict) else {}))
    return out


def finish_command(conn: sqlite3.Connection, command_id: int, result: str) -> None:
    with db.transaction(conn):
        conn.execute("UPDATE acd_commands SET done_at=?, result=? WHERE id=?",
                     (time.time(), result, command_id))


# ---------------------------------------------------------------------------- lookups
def queue_ids(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM queues ORDER BY id")]


def ring_timeout(conn: sqlite3.Connection, queue_id: str, default: float = 15.0) -> float:
    row = conn.execute("SELECT ring_timeout_s FROM queues WHERE id=?", (queue_id,)).fetchone()
    return float(row[0]) if row and row[0] else default


def customers(conn: sqlite3.Connection) -> list[Customer]:
    return [Customer(r[0], r[1], r[2], r[3] or "en") for r in conn.execute(
        "SELECT id, name, number, language FROM customers ORDER BY id")]


def customer(conn: sqlite3.Connection, customer_id: str) -> Customer | None:
    r = conn.execute("SELECT id, name, number, language FROM customers WHERE id=?",
                     (customer_id,)).fetchone()
    return Customer(r[0], r[1], r[2], r[3] or "en") if r else None


def customer_by_number(conn: sqlite3.Connection, number: str) -> Customer | None:
    r = conn.execute("SELECT id, name, number, language FROM customers WHERE number=?",
                     (number,)).fetchone()
    return Customer(r[0], r[1], r[2], r[3] or "en") if r else None


def ready_agents(conn: sqlite3.Connection, queue_id: str, exclude=(),
                 while_busy: bool = False) -> list[Agent]:
    """Ready agents serving ``queue_id`` and signed in to it (a counselor signed out of a
    queue is offered none of its callers), longest idle first (then by id, for determinism);
    ``while_busy``: then agents on one call in a call-waiting queue with no offer pending."""
    rows = conn.execute(
        "SELECT a.id, a.sip_username, a.contact_uri FROM agents a "
        "JOIN agent_queues q ON q.agent_id = a.id AND q.queue_id = ? AND q.signed_in = 1 "
        "WHERE a.state = 'ready' "
        "ORDER BY MAX(a.state_since, a.last_call_end) ASC, a.id ASC", (queue_id,)).fetchall()
    if while_busy:
        rows += conn.execute(
            "SELECT a.id, a.sip_username, a.contact_uri FROM agents a "
            "JOIN agent_queues q ON q.agent_id = a.id AND q.queue_id = ? AND q.signed_in = 1 "
            "JOIN queues qu ON qu.id = q.queue_id AND qu.call_waiting = 1 "
            "WHERE a.state = 'on_call' AND (SELECT COUNT(*) FROM interactions i WHERE "
            "i.agent_id = a.id AND i.state IN ('offered', 'connected')) = 1 "
            "ORDER BY a.id", (queue_id,)).fetchall()
    skip = set(exclude)
    return [Agent(r[0], r[1], r[2] or "") for r in rows if r[0] not in skip]


def agent_state(conn: sqlite3.Connection, agent_id: str) -> tuple[str, str] | None:
    r = conn.execute("SELECT state, reason_code FROM agents WHERE id=?", (agent_id,)).fetchone()
    return (r[0], r[1]) if r else None


def interaction(conn: sqlite3.Connection, interaction_id: str) -> dict | None:
    cur = conn.execute("SELECT * FROM interactions WHERE id=?", (interaction_id,))
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([c[0] for c in cur.description], row))


# ---------------------------------------------------------------------------- agents
def set_agent_state(conn: sqlite3.Connection, agent_id: str, state: str, *, expect,
                    reason: str = "", call_ended: bool = False, now: float | None = None,
                    since: float | None = None) -> bool:
    """Move an agent to ``state`` only if it is in one of ``expect``; log it. True if moved.

    ``since`` overrides the new ``state_since`` (to give a Ready agent back its place in
    the longest-idle order when an offer ended through no fault of theirs).
    """
    now = time.time() if now is None else now
    marks = ",".join("?" * len(expect))
    extra = ", last_call_end = ?" if call_ended else ""
    params = [state, reason, now if since is None else since] + ([now] if call_ended else [])
    params += [agent_id, *expect]
    with db.transaction(conn):
        cur = conn.execute(f"UPDATE agents SET state=?, reason_code=?, state_since=?{extra} "
                           f"WHERE id=? AND state IN ({marks})", params)
        if cur.rowcount != 1:
            return False
        conn.execute("INSERT INTO agent_state_log(agent_id, state, reason_code, at) "
                     "VALUES (?,?,?,?)", (agent_id, state, reason, now))
    return True


def claim_agent(conn: sqlite3.Connection, agent_id: str, interaction_id: str,
                now: float | None = None) -> float | None:
    """Ready -> ringing for one offer (an agent on a call stays on it: a second call), and
    the interaction -> offered (offers + 1), atomically.

    Returns the agent's previous ``state_since`` (None when the agent was not Ready).
    """
    now = time.time() if now is None else now
    with db.transaction(conn):
        row = conn.execute("SELECT state_since, state FROM agents WHERE id=? AND state IN "
                           "('ready', 'on_call')", (agent_id,)).fetchone()
        if row is None:
            return None
        if row[1] == "on_call":             # a second call (ready_agents' while_busy): the
            conn.execute("UPDATE interactions SET state='offered', agent_id=?, offered_at=?, "
                         "offers=offers+1 WHERE id=?", (agent_id, now, interaction_id))
            return float(row[0])            # agent stays on its call
        conn.execute("UPDATE agents SET state='ringing', reason_code='', state_since=? "
                     "WHERE id=?", (now, agent_id))
        conn.execute("INSERT INTO agent_state_log(agent_id, state, reason_code, at) "
                     "VALUES (?, 'ringing', '', ?)", (agent_id, now))
        conn.execute("UPDATE interactions SET state='offered', agent_id=?, offered_at=?, "
                     "offers=offers+1 WHERE id=?", (agent_id, now, interaction_id))
    return float(row[0])


# ---------------------------------------------------------------------------- interactions
def create_interaction(conn: sqlite3.Connection, interaction_id: str, queue_id: str,
                       cust: Customer, ivr_path: list[str], now: float | None = None,
                       caller_kind: str = "") -> None:
    now = time.time() if now is None else now
    with db.transaction(conn):
        conn.execute("INSERT INTO interactions(id, queue_id, customer_id, caller_number, "
                     "ivr_path, state, entered_at, caller_kind) "
                     "VALUES (?,?,?,?,?, 'waiting', ?, ?)",
                     (interaction_id, queue_id, cust.id, cust.number, json.dumps(ivr_path),
                      now, caller_kind))


def set_interaction(conn: sqlite3.Connection, interaction_id: str, state: str, *, expect,
                    now: float | None = None) -> bool:
    """Move an interaction to ``state`` (stamping the matching time column) if in ``expect``."""
    now = time.time() if now is None else now
    stamp = {"connected": ", answered_at=:now", "ended": ", ended_at=:now",
             "abandoned": ", ended_at=:now", "waiting": ", agent_id=NULL"}.get(state, "")
    marks = ",".join(f":e{i}" for i in range(len(expect)))
    params = {"state": state, "now": now, "id": interaction_id,
              **{f"e{i}": e for i, e in enumerate(expect)}}
    with db.transaction(conn):
        cur = conn.execute(f"UPDATE interactions SET state=:state{stamp} "
                           f"WHERE id=:id AND state IN ({marks})", params)
        return cur.rowcount == 1


def recover_after_restart(conn: sqlite3.Connection, now: float | None = None) -> int:
    """Close what a previous ACD run left open (its callers and calls are gone). Returns count."""
    now = time.time() if now is None else now
    with db.transaction(conn):
        stale = conn.execute("SELECT id, state, agent_id FROM interactions "
                             "WHERE state IN ('waiting', 'offered', 'connected')").fetchall()
        for ix_id, state, agent_id in stale:
            final = "ended" if state == "connected" else "abandoned"
            conn.execute("UPDATE interactions SET state=?, ended_at=? WHERE id=?",
                         (final, now, ix_id))
            if agent_id and state in ("offered", "connected"):
                new = "ready" if state == "offered" else "wrap_up"
                cur = conn.execute("UPDATE agents SET state=?, reason_code='', state_since=? "
                                   "WHERE id=? AND state IN ('ringing', 'on_call')",
                                   (new, now, agent_id))
                if cur.rowcount:
                    conn.execute("INSERT INTO agent_state_log(agent_id, state, reason_code, "
                                 "at) VALUES (?,?,'',?)", (agent_id, new, now))
    return len(stale)


def at_shutdown(fn, *args, **kw) -> None:
    """``fn(*args, **kw)`` while the ACD stops: a database error is logged, not raised."""
    try:
        fn(*args, **kw)
    except sqlite3.Error as exc:
        log.error("recording the shutdown in the database failed: %s", exc)
