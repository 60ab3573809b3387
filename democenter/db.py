"""The practice center's SQLite file (WAL, 0600): open, migrate, seed; shared with the queue."""

# The queue process (democenter/acd*) opens the same file: every connection uses WAL and a
# generous busy timeout, and writes run in short ``BEGIN IMMEDIATE`` transactions.
# Secrets never stay in it in clear: passwords are salted hashes (democenter/auth.py), tokens
# SHA-256 digests, SIP passwords sealed with the key file beside it (democenter/vault.py).

from __future__ import annotations

import logging
import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from democenter import vault
from democenter.directory_data import SCHEMA as DIRECTORY_SCHEMA

log = logging.getLogger("democenter.db")
SCHEMA = Path(__file__).with_name("schema.sql")
BUSY_TIMEOUT_MS = 10_000
SCHEMA_VERSION = 2         # 2: hashed tokens, sealed SIP passwords, supervisors

# Additions to schema.sql made by the API server (tables the ACD does not touch, and
# columns added with defaults so older files keep working). Applied idempotently.
EXTRA_TABLES = """
CREATE TABLE IF NOT EXISTS wrapups (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    interaction_id  TEXT NOT NULL,
    agent_id        TEXT NOT NULL,
    disposition     TEXT NOT NULL,
    notes           TEXT NOT NULL DEFAULT '',
    idempotency_key TEXT,
    created_at      REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS wrapups_interaction ON wrapups(interaction_id);
CREATE INDEX IF NOT EXISTS interactions_customer ON interactions(customer_id);
CREATE INDEX IF NOT EXISTS interactions_agent ON interactions(agent_id);
CREATE INDEX IF NOT EXISTS idempotency_created ON idempotency(created_at);
CREATE TABLE IF NOT EXISTS supervisors (
    id            TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,              -- as agents.password_hash
    display_name  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS supervisor_sessions (
    token         TEXT PRIMARY KEY,           -- SHA-256 (hex) of the session token
    supervisor_id TEXT NOT NULL REFERENCES supervisors(id),
    expires_at    REAL NOT NULL
);
-- failed sign-ins per key: 'agent:'/'supervisor:' + digest of the typed name, 'addr:' + IP
CREATE TABLE IF NOT EXISTS login_failures (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    last_at      REAL NOT NULL,
    locked_until REAL NOT NULL DEFAULT 0
);
-- the counselor <-> supervisor thread (democenter/messages.py, supervisor_api.py)
CREATE TABLE IF NOT EXISTS messages (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id       TEXT NOT NULL,             -- whose thread
    sender         TEXT NOT NULL,             -- 'agent' | 'supervisor'
    supervisor_id  TEXT,                      -- who wrote it, for a supervisor's message
    kind           TEXT NOT NULL,             -- question | counseling | reply | incident_ack | alert_ack
    text           TEXT NOT NULL DEFAULT '',
    interaction_id TEXT,
    incident_id    INTEGER,
    created_at     REAL NOT NULL,
    answered_at    REAL                       -- a counselor's message: when a supervisor replied
);
CREATE INDEX IF NOT EXISTS messages_agent ON messages(agent_id, id);
CREATE TABLE IF NOT EXISTS wellbeing_alerts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id        TEXT NOT NULL,
    reason          TEXT NOT NULL,            -- 'talk_time' | 'incidents'
    talk_s          INTEGER NOT NULL,         -- talk time without a break, as the desk counted
    incidents       INTEGER NOT NULL,         -- incidents this shift, as the desk counted
    created_at      REAL NOT NULL,
    acknowledged_at REAL,
    acknowledged_by TEXT
);
-- the center's wellbeing thresholds (one row; IT edits it): GET /wellbeing-policy
CREATE TABLE IF NOT EXISTS wellbeing_policy (
    id                    INTEGER PRIMARY KEY CHECK (id = 1),
    talk_without_break_s  INTEGER NOT NULL DEFAULT 5400,
    min_break_s           INTEGER NOT NULL DEFAULT 300,
    incidents_per_shift   INTEGER NOT NULL DEFAULT 2,
    break_reason          TEXT NOT NULL DEFAULT 'short_break'
);
INSERT OR IGNORE INTO wellbeing_policy (id) VALUES (1);
-- protecting the counselor from abusive callers (democenter/protection.py): the policy
-- (one row; IT or --protective-break-s edits it), evidence holds, sealed clips, breaks
CREATE TABLE IF NOT EXISTS protection_policy (
    id                     INTEGER PRIMARY KEY CHECK (id = 1),
    protective_break_min_s INTEGER NOT NULL DEFAULT 600,
    warnings_before_end    INTEGER NOT NULL DEFAULT 1,  -- warnings before "End abusive call"
    evidence_hold          INTEGER NOT NULL DEFAULT 1,
    clip_max_s             INTEGER NOT NULL DEFAULT 30
);
INSERT OR IGNORE INTO protection_policy (id) VALUES (1);
CREATE TABLE IF NOT EXISTS evidence_holds (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    interaction_id TEXT NOT NULL UNIQUE,
    agent_id       TEXT NOT NULL,
    reason         TEXT NOT NULL,
    held_at        REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS evidence_clips (          -- as received: sealed to the center's key
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    interaction_id       TEXT NOT NULL,
    agent_id             TEXT NOT NULL,
    algorithm            TEXT NOT NULL,
    ephemeral_public_key BLOB NOT NULL,
    nonce                BLOB NOT NULL,
    ciphertext           BLOB NOT NULL,
    rate                 INTEGER NOT NULL,
    channels             INTEGER NOT NULL,
    seconds              REAL NOT NULL,
    received_at          REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS evidence_clips_interaction ON evidence_clips(interaction_id);
CREATE TABLE IF NOT EXISTS protective_breaks (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id       TEXT NOT NULL,
    interaction_id TEXT,
    event          TEXT NOT NULL,             -- started | ended | early_return
    minimum_s      INTEGER NOT NULL,
    taken_s        REAL NOT NULL,
    at             REAL NOT NULL,             -- when it happened, as the desk says
    created_at     REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS protective_breaks_agent ON protective_breaks(agent_id, id);
"""
EXTRA_COLUMNS = (
    ("queues", "call_waiting", "INTEGER NOT NULL DEFAULT 1"),   # offers while on a call
    ("sessions", "refresh_expires_at", "REAL NOT NULL DEFAULT 0"),
    ("callbacks", "notes", "TEXT NOT NULL DEFAULT ''"),
    ("idempotency", "scope", "TEXT NOT NULL DEFAULT ''"),
    ("agents", "sip_secret", "TEXT NOT NULL DEFAULT ''"),
    ("incidents", "acknowledged_at", "REAL"),           # by a supervisor (supervisor_api.py)
    ("incidents", "acknowledged_by", "TEXT"),
    ("incidents", "category", "TEXT"),                  # verbal_abuse | sexual_harassment | ...
    ("incidents", "note", "TEXT NOT NULL DEFAULT ''"),  # the counselor's own words
    ("incidents", "language", "TEXT"),
    ("incidents", "timeline", "TEXT"),                  # JSON: answered_at, warnings_at, ended_at
    ("interactions", "caller_kind", "TEXT NOT NULL DEFAULT ''"),   # 'abusive': the ACD's
    ("queues", "may_sign_out", "INTEGER NOT NULL DEFAULT 1"),   # queue sign-out rules
    ("queues", "keep_reason_en", "TEXT NOT NULL DEFAULT ''"),
    ("queues", "keep_reason_ko", "TEXT NOT NULL DEFAULT ''"),
    ("queues", "keep_reason_ru", "TEXT NOT NULL DEFAULT ''"),
    ("agent_queues", "signed_in", "INTEGER NOT NULL DEFAULT 1"),     # api_queues.py
    ("agent_queues", "may_sign_out", "INTEGER"),
    ("agent_queues", "changed_at", "REAL NOT NULL DEFAULT 0"),
)


def connect(path: str | os.PathLike) -> sqlite3.Connection:
    """A new connection in WAL mode with foreign keys and a busy timeout; rows as dicts."""
    if str(path) != ":memory:" and not str(path).startswith("file:"):
        vault.private_file(Path(path), tighten=False)   # sqlite would create it 0644
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                           check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA secure_delete = ON")      # deleted rows leave no readable bytes
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... COMMIT (ROLLBACK on error): one writer at a time, no upgrades."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def migrate(conn: sqlite3.Connection) -> None:
    """Create the schema and the API server's additions. Safe to run on every start.

    A file from before version 2 loses its sessions (clear tokens) and has its clear SIP
    passwords sealed into ``agents.sip_secret``; the freed pages are wiped (VACUUM)."""
    conn.executescript(SCHEMA.read_text(encoding="utf-8"))
    conn.executescript(EXTRA_TABLES)
    conn.executescript(DIRECTORY_SCHEMA)       # presence of colleagues and agents
    from democenter import callback_store
    callback_store.migrate(conn)               # scheduled callbacks: attempts, rules
    for table, column, decl in EXTRA_COLUMNS:
        if column not in _columns(conn, table):
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version >= SCHEMA_VERSION:
        return
    old = "sip_password" in _columns(conn, "agents")
    with transaction(conn):
        if old:
            box = vault.Vault.for_conn(conn)
            for row in conn.execute("SELECT id, sip_password FROM agents").fetchall():
                conn.execute("UPDATE agents SET sip_secret = ? WHERE id = ?",
                             (box.seal(row["sip_password"] or ""), row["id"]))
            conn.execute("ALTER TABLE agents DROP COLUMN sip_password")
        old = conn.execute("DELETE FROM sessions").rowcount > 0 or old   # clear tokens
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    if old:                                             # an older file, not a new one
        log.info("database upgraded to version %d: secrets hashed or sealed", SCHEMA_VERSION)
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r["name"] for r in conn.execute(f"PRAGMA table_info({table})")}


def init(path: str | os.PathLike, seed: bool = True) -> None:
    """Open or create the database file (0600; missing directories 0700), migrate it and add
    practice data when empty. The key file beside it is made (or tightened) here too."""
    path = Path(path)
    vault.private_dirs(path.parent)
    vault.private_file(path)
    vault.Vault.for_db(path)                            # made, or tightened to 0600
    from democenter import evidence
    evidence.center_key(path)                           # the evidence key pair, the same
    conn = connect(path)
    try:
        migrate(conn)
        if seed:
            from democenter import seed as seed_mod
            with transaction(conn):
                if conn.execute("SELECT COUNT(*) FROM agents").fetchone()[0] == 0:
                    seed_mod.seed(conn, now=time.time())
                if conn.execute("SELECT COUNT(*) FROM supervisors").fetchone()[0] == 0:
                    seed_mod.seed_supervisors(conn)
                seed_mod.new_night(conn, time.time())     # a later day: last night's requests
                seed_mod.update_labels(conn)
                seed_mod.update_quick_connects(conn)
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):                     # made by an older version: tighten
        if Path(f"{path}{suffix}").exists():
            vault.private_file(Path(f"{path}{suffix}"))
