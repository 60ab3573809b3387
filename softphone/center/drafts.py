"""Work in progress that must survive a closed window or a crash: sealed drafts in the outbox's file.

Two kinds, one row per (center, counselor, kind):
- ``wrapup``: the wrap-up being written (interaction or callback, queue, the dispositions
  offered, the chosen one, the notes, and the Idempotency-Key its write will carry). Saved
  when a wrap-up starts, on edits, and when the window closes; dropped right after its write
  is queued. A process that dies between the two leaves both: ``load`` then finds the
  write (same key) in the outbox and drops the draft instead of offering it again; had the
  write already been delivered, a second submission carries the same key and the center
  replays its first answer, so nothing is recorded twice.
- ``selfcheck``: only the fact that answers were sent and not yet confirmed (when, and the
  form id): medical answers themselves never reach the disk. After a restart the desk says
  "Your previous answers were not recorded".
The payload is sealed with the outbox's key (``Sealer``); rows sealed with another key are
ignored (never decrypted, never deleted here) and overwritten by the next save.
"""

from __future__ import annotations

import json
import time
from typing import Any

from cryptography.fernet import InvalidToken

from softphone.center.outbox_store import Sealer, Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    center     TEXT NOT NULL,
    agent_id   TEXT NOT NULL,
    kind       TEXT NOT NULL,           -- wrapup | selfcheck
    payload    BLOB NOT NULL,           -- sealed JSON
    key_id     TEXT NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (center, agent_id, kind)
);
"""
KINDS = ("wrapup", "selfcheck")


class Drafts:
    """Sealed drafts per counselor and center, in the outbox's SQLite file."""

    def __init__(self, store: Store, sealer: Sealer) -> None:
        self._store, self._sealer = store, sealer
        with store.lock:
            store.db.executescript(SCHEMA)

    def save(self, agent_id: str, center: str, kind: str, doc: dict[str, Any]) -> None:
        if kind not in KINDS or not agent_id:
            raise ValueError(f"no draft of kind {kind!r} for agent {agent_id!r}")
        self._store.run(
            "INSERT OR REPLACE INTO drafts (center, agent_id, kind, payload, key_id, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (center, agent_id, kind, self._sealer.seal(json.dumps(doc, ensure_ascii=False)),
             self._sealer.key_id, time.time()))

    def load(self, agent_id: str, center: str, kind: str) -> dict[str, Any] | None:
        rows = self._store.rows("SELECT payload, key_id FROM drafts WHERE center = ? AND"
                                " agent_id = ? AND kind = ?", (center, agent_id, kind))
        if not rows or rows[0][1] != self._sealer.key_id:
            return None
        try:
            doc = json.loads(self._sealer.open(rows[0][0]))
        except (InvalidToken, ValueError):
            return None
        if not isinstance(doc, dict):
            return None
        key = doc.get("key")
        if kind == "wrapup" and key and self._store.rows(
                "SELECT 1 FROM items WHERE idem_key = ?", (str(key),)):
            self.drop(agent_id, center, kind)       # its write is queued already
            return None
        return doc

    def drop(self, agent_id: str, center: str, kind: str) -> None:
        self._store.run("DELETE FROM drafts WHERE center = ? AND agent_id = ? AND kind = ?",
                        (center, agent_id, kind))
