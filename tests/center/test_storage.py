"""What the practice center leaves on disk: private files, no clear secrets, expiring keys."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
import time
import uuid
from pathlib import Path

from tests.support.democenter import http, query, sign_in, start_democenter, supervisor_token


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def on_disk(data: Path) -> bytes:
    """The database file with its WAL and shared-memory files, as one would copy them."""
    return b"".join(p.read_bytes() for p in (data, Path(f"{data}-wal"), Path(f"{data}-shm"))
                    if p.exists())


def test_files_are_private_when_the_center_creates_them(tmp_path):
    data = tmp_path / "made" / "by" / "center" / "c.sqlite"
    c = start_democenter(tmp_path, "--data", str(data))
    watcher = sqlite3.connect(data)      # an open reader keeps the WAL and SHM files in place
    try:
        watcher.execute("SELECT COUNT(*) FROM agents").fetchone()
        sign_in(c, "agent1")                                   # a write through the WAL
        for d in (tmp_path / "made", tmp_path / "made" / "by", data.parent):
            assert mode(d) == 0o700, d
        for f in (data, Path(f"{data}-wal"), Path(f"{data}-shm"), Path(f"{data}.key")):
            assert f.exists() and mode(f) == 0o600, f
    finally:
        watcher.close()
        c.stop()


def test_a_loose_existing_database_is_tightened(tmp_path):
    c = start_democenter(tmp_path)
    c.stop()
    for f in (c.data, Path(f"{c.data}.key")):
        f.chmod(0o644)
    c = start_democenter(tmp_path)                             # the same file, a fresh port
    try:
        assert mode(c.data) == 0o600 and mode(Path(f"{c.data}.key")) == 0o600
    finally:
        c.stop()


def test_the_database_holds_no_clear_password_token_or_sip_secret(tmp_path):
    c = start_democenter(tmp_path)
    try:
        first = sign_in(c, "agent1")
        assert first["sip"]["password"] == "sip-agent1"        # the app still receives it
        status, pair, _ = http(c, "POST", "/sessions/refresh",
                               {"refresh_token": first["refresh_token"]})
        assert status == 200
        supervisor = supervisor_token(c)
        secrets = [first["token"], first["refresh_token"], pair["token"],
                   pair["refresh_token"], supervisor, "sip-agent1", "sip-agent2"]
        blob = on_disk(c.data)
        for secret in secrets:
            assert secret.encode() not in blob, secret
        # "practice" (the practice password) appears only inside the SIP domain's name
        assert blob.count(b"practice") == blob.count(b"practice.center")
        stored = {r[0] for r in query(c.data, "SELECT token FROM sessions")}
        assert hashlib.sha256(pair["token"].encode()).hexdigest() in stored
        hashes = [r[0] for r in query(c.data, "SELECT password_hash FROM agents")]
        assert all(h.startswith("pbkdf2_sha256$") for h in hashes)
        assert len({h.split("$")[2] for h in hashes}) == len(hashes)   # a salt each
        cols = {r[1] for r in query(c.data, "PRAGMA table_info(agents)")}
        assert "sip_password" not in cols
    finally:
        c.stop()


def test_idempotency_keys_expire_and_are_purged(tmp_path):
    c = start_democenter(tmp_path, "--idempotency-ttl", "1")
    try:
        token = sign_in(c, "agent1")["token"]
        old, new = str(uuid.uuid4()), str(uuid.uuid4())
        body = {"severity": "low", "description": "kept a second"}
        assert http(c, "POST", "/incidents", body, token, {"Idempotency-Key": old})[0] == 200
        again = http(c, "POST", "/incidents", body, token, {"Idempotency-Key": old})
        assert again[2].get("idempotent-replayed") == "true"   # within its lifetime
        time.sleep(1.3)
        assert http(c, "POST", "/incidents", body, token, {"Idempotency-Key": new})[0] == 200
        assert query(c.data, "SELECT key FROM idempotency") == [(new,)]
        later = http(c, "POST", "/incidents", body, token, {"Idempotency-Key": old})
        assert later[0] == 200 and "idempotent-replayed" not in later[2]
    finally:
        c.stop()


def test_an_older_database_is_upgraded_and_scrubbed(tmp_path):
    c = start_democenter(tmp_path)
    c.stop()
    conn = sqlite3.connect(c.data)                             # as the previous version left it
    try:
        conn.execute("ALTER TABLE agents ADD COLUMN sip_password TEXT NOT NULL DEFAULT ''")
        conn.execute("UPDATE agents SET sip_password = 'old-sip-' || id, sip_secret = ''")
        conn.execute("INSERT INTO sessions (token, refresh_token, agent_id, expires_at,"
                     " refresh_expires_at) VALUES ('clear-token-1234', 'clear-refresh-1234',"
                     " 'agent1', 9e9, 9e9)")
        conn.execute("PRAGMA user_version = 0")
        conn.commit()
    finally:
        conn.close()
    assert b"old-sip-agent1" in on_disk(c.data)
    c = start_democenter(tmp_path)                             # the same file, a fresh port
    try:
        blob = on_disk(c.data)
        for secret in (b"old-sip-agent1", b"clear-token-1234", b"clear-refresh-1234"):
            assert secret not in blob, secret
        assert http(c, "GET", "/queues", token="clear-token-1234")[0] == 401
        assert sign_in(c, "agent1")["sip"]["password"] == "old-sip-agent1"
    finally:
        c.stop()
