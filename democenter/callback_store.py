"""Scheduled callbacks in the practice center's database: attempts, retry rules, the caller's window, the order they can be called in.

A request is ``open`` (anyone of its queue may claim it), ``claimed`` (one agent's: being
called, or scheduled for a retry at ``next_due_at``) or ``done`` (closed: ``closed_as`` says
why: ``done``, ``wrong_number`` or ``unreachable`` after the queue's ``max_attempts``).
An attempt's outcome ``no_answer`` or ``busy`` schedules the next try ``retry_after_s``
later (the queue's rule) and keeps the request with the agent who tried; ``wrong_number`` and
``done`` close it. ``callable_at`` = max(now, next retry, the caller's window start): the
worklist is sorted by it.
"""

from __future__ import annotations

import os
import sqlite3
import time
from typing import Any

OUTCOMES = ("no_answer", "busy", "wrong_number", "done")
RETRY = ("no_answer", "busy")
DEFAULT_MAX_ATTEMPTS = 3
# practice: short enough to practise a retry; --callback-retry-s (or this variable) for tests
DEFAULT_RETRY_S = float(os.environ.get("DEMOCENTER_CALLBACK_RETRY_S") or 60.0)

SCHEMA = """
CREATE TABLE IF NOT EXISTS callback_attempts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    callback_id     TEXT NOT NULL,
    agent_id        TEXT NOT NULL,
    outcome         TEXT NOT NULL,              -- no_answer | busy | wrong_number | done
    notes           TEXT NOT NULL DEFAULT '',
    at              REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS callback_attempts_cb ON callback_attempts(callback_id, id);
CREATE TABLE IF NOT EXISTS callback_rules (
    queue_id        TEXT PRIMARY KEY,
    max_attempts    INTEGER NOT NULL,
    retry_after_s   REAL NOT NULL
);
"""
COLUMNS = (
    ("callbacks", "window_start", "REAL"),      # the caller's preferred window (UNIX s)
    ("callbacks", "window_end", "REAL"),
    ("callbacks", "attempts", "INTEGER NOT NULL DEFAULT 0"),
    ("callbacks", "next_due_at", "REAL"),       # the next try, when scheduled
    ("callbacks", "closed_as", "TEXT"),         # done | wrong_number | unreachable
)


def migrate(conn: sqlite3.Connection) -> None:
    """Tables and columns of scheduled callbacks (idempotent; older files keep working)."""
    conn.executescript(SCHEMA)
    have = {r[1] for r in conn.execute("PRAGMA table_info(callbacks)")}
    for table, column, decl in COLUMNS:
        if column not in have:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")


def set_rules(conn: sqlite3.Connection, retry_after_s: float | None = None,
              max_attempts: int | None = None) -> None:
    """Every queue's rule (inside the caller's transaction); None leaves a value alone."""
    for (qid,) in conn.execute("SELECT id FROM queues").fetchall():
        rule = rules(conn).get(qid)
        conn.execute("INSERT OR REPLACE INTO callback_rules VALUES (?,?,?)",
                     (qid, rule["max_attempts"] if max_attempts is None else int(max_attempts),
                      rule["retry_after_s"] if retry_after_s is None else float(retry_after_s)))


def rules(conn: sqlite3.Connection) -> dict[str, dict]:
    """queue id -> {"queue_id", "max_attempts", "retry_after_s"} (defaults where unset)."""
    out = {r[0]: {"queue_id": r[0], "max_attempts": DEFAULT_MAX_ATTEMPTS,
                  "retry_after_s": DEFAULT_RETRY_S}
           for r in conn.execute("SELECT id FROM queues ORDER BY id")}
    for r in conn.execute("SELECT queue_id, max_attempts, retry_after_s FROM callback_rules"):
        if r[0] in out:
            out[r[0]].update(max_attempts=int(r[1]), retry_after_s=float(r[2]))
    return out


def callable_at(row: Any, now: float) -> float:
    """When the request can be called: not before its retry, nor before the caller's window
    (a window already over is not waited for)."""
    at = max(now, row["next_due_at"] or 0.0)
    start, end = row["window_start"], row["window_end"]
    if start and (not end or end > now):
        at = max(at, start)
    return at


def attempts_of(conn: sqlite3.Connection, callback_id: str) -> list[sqlite3.Row]:
    return conn.execute("SELECT * FROM callback_attempts WHERE callback_id = ? ORDER BY id",
                        (callback_id,)).fetchall()


def record_attempt(conn: sqlite3.Connection, row: Any, agent_id: str, outcome: str,
                   notes: str, now: float | None = None) -> dict:
    """Apply one attempt (inside the caller's transaction); the request's new standing."""
    now = time.time() if now is None else now
    rule = rules(conn).get(row["queue_id"]) or {"max_attempts": DEFAULT_MAX_ATTEMPTS,
                                                "retry_after_s": DEFAULT_RETRY_S}
    count = int(row["attempts"] or 0) + 1
    conn.execute("INSERT INTO callback_attempts (callback_id, agent_id, outcome, notes, at)"
                 " VALUES (?,?,?,?,?)", (row["id"], agent_id, outcome, notes, now))
    if outcome in RETRY and count < rule["max_attempts"]:
        status, closed_as, due = "claimed", None, now + rule["retry_after_s"]
    else:
        status, closed_as, due = "done", outcome if outcome not in RETRY else "unreachable", None
    conn.execute("UPDATE callbacks SET status = ?, closed_as = ?, next_due_at = ?, attempts = ?,"
                 " outcome = ?, notes = ?, done_at = ? WHERE id = ?",
                 (status, closed_as, due, count, outcome, notes,
                  now if status == "done" else None, row["id"]))
    return {"status": status, "closed_as": closed_as, "next_due_at": due, "attempts": count}
