"""The practice center's SQLite database: open (WAL), migrate, seed, password hashing.

Shared with the queue process (democenter/acd*), which opens the same file: every
connection uses WAL and a generous busy timeout, and writes run in short
``BEGIN IMMEDIATE`` transactions.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

SCHEMA = Path(__file__).with_name("schema.sql")
BUSY_TIMEOUT_MS = 10_000
PBKDF2_ITERATIONS = 60_000

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
"""
EXTRA_COLUMNS = (
    ("sessions", "refresh_expires_at", "REAL NOT NULL DEFAULT 0"),
    ("callbacks", "notes", "TEXT NOT NULL DEFAULT ''"),
    ("idempotency", "scope", "TEXT NOT NULL DEFAULT ''"),
)


def connect(path: str | os.PathLike) -> sqlite3.Connection:
    """A new connection in WAL mode with foreign keys and a busy timeout; rows as dicts."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                           check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
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
    """Create the schema and the API server's additions. Safe to run on every start."""
    conn.executescript(SCHEMA.read_text(encoding="utf-8"))
    conn.executescript(EXTRA_TABLES)
    for table, column, decl in EXTRA_COLUMNS:
        cols = {r["name"] for r in conn.execute(f"PRAGMA table_info({table})")}
        if column not in cols:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")


def init(path: str | os.PathLike, seed: bool = True) -> None:
    """Open or create the database file, migrate it and add practice data when empty."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = connect(path)
    try:
        migrate(conn)
        if seed:
            from democenter import seed as seed_mod
            with transaction(conn):
                if conn.execute("SELECT COUNT(*) FROM agents").fetchone()[0] == 0:
                    seed_mod.seed(conn, now=time.time())
    finally:
        conn.close()


def hash_password(password: str, iterations: int = PBKDF2_ITERATIONS) -> str:
    """``pbkdf2_sha256$iterations$salt$hash`` (hex)."""
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), iterations)
    return f"pbkdf2_sha256${iterations}${salt}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    """Constant-time check of ``password`` against a ``hash_password`` string."""
    try:
        algo, iterations, salt, digest = stored.split("$")
        if algo != "pbkdf2_sha256":
            return False
        got = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt),
                                  int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), digest)
