"""IT's export of one counselor's saved writes: a file sealed with a passphrase (scrypt + AES-256-GCM).

File layout: ``MAGIC`` | 16-byte salt | 12-byte nonce | AES-GCM(JSON), the magic as associated
data. The key is scrypt(passphrase, salt, n=2**15, r=8, p=1). The file is written 0600 and
renamed into place, so a half-written export never looks complete. ``read_export`` opens it
(IT's side, and the tests). Two sources: ``export_agent`` (one counselor's items in the
outbox file) and ``held_document`` (writes the desk held only in memory because the keyring
never opened). ``import_export`` queues an export's readable items into an open outbox, for
their own counselors and with their own Idempotency-Keys, so the center records each once.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

MAGIC = b"agent-softphone outbox export v1\n"
MIN_PASSPHRASE = 10


def _key(passphrase: str, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
    return Scrypt(salt=salt, length=32, n=2 ** 15, r=8, p=1).derive(passphrase.encode("utf-8"))


def write_export(path: str | Path, passphrase: str, document: dict[str, Any]) -> None:
    """Seal ``document`` (JSON) into ``path`` with ``passphrase``."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValueError(f"the export passphrase needs at least {MIN_PASSPHRASE} characters")
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_key(passphrase, salt)).encrypt(
        nonce, json.dumps(document, ensure_ascii=False).encode("utf-8"), MAGIC)
    target = Path(path)
    tmp = target.with_name(target.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(MAGIC + salt + nonce + sealed)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, target)


def read_export(path: str | Path, passphrase: str) -> dict[str, Any]:
    """The exported document; ValueError for another file or a wrong passphrase."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    data = Path(path).read_bytes()
    if not data.startswith(MAGIC):
        raise ValueError("not an outbox export")
    salt, nonce, sealed = data[len(MAGIC):][:16], data[len(MAGIC) + 16:][:12], data[len(MAGIC) + 28:]
    try:
        plain = AESGCM(_key(passphrase, salt)).decrypt(nonce, sealed, MAGIC)
    except InvalidTag:
        raise ValueError("wrong passphrase, or the export was altered") from None
    return json.loads(plain.decode("utf-8"))


def export_agent(store: Any, sealer: Any, agent: str, path: str | Path, passphrase: str) -> int:
    """Write every item ``agent`` has in the outbox (any status) to a sealed export."""
    items = []
    for row in store.rows("SELECT id, center, kind, method, path, idem_key, payload, key_id,"
                          " status, attempts, created_at, last_error FROM items WHERE agent_id = ?"
                          " ORDER BY id", (agent,)):
        iid, center, kind, method, p, key, blob, kid, status, attempts, created, err = row
        item = {"id": iid, "center": center, "kind": kind, "method": method, "status": status,
                "idempotency_key": key, "attempts": attempts, "created_at": created}
        if kid == sealer.key_id:
            item.update(path=sealer.open_or(p), reason=sealer.open_or(err),
                        payload=json.loads(sealer.open_or(blob, "null")))
        else:       # sealed with a key this computer lost: kept as it is, for the old key
            item.update(sealed_with_key_id=kid, sealed_path=bytes(p).decode("ascii"),
                        sealed_payload=bytes(blob).decode("ascii"))
        items.append(item)
    write_export(path, passphrase, {"agent_id": agent, "exported_at": time.time(),
                                    "items": items})
    return len(items)


def held_document(held: list[Any]) -> dict[str, Any]:
    """The export of writes kept only in memory (softphone.desk.writes.HeldWrite)."""
    items = [{"center": w.owner[1] if w.owner else "", "agent_id": w.owner[0] if w.owner else "",
              "kind": w.kind, "method": w.method, "status": "pending", "path": w.path,
              "payload": w.payload, "idempotency_key": w.key} for w in held]
    agents = sorted({i["agent_id"] for i in items})
    return {"agent_id": agents[0] if len(agents) == 1 else "", "exported_at": time.time(),
            "source": "memory", "items": items}


def import_export(outbox: Any, path: str | Path, passphrase: str) -> tuple[int, int]:
    """Queue the export's readable items into ``outbox``; (queued, skipped). Skipped: sealed
    with a lost key, handed over, no counselor, or already in this outbox (same key)."""
    import sqlite3
    doc = read_export(path, passphrase)
    queued = skipped = 0
    for item in doc.get("items", []):
        agent = item.get("agent_id") or doc.get("agent_id") or ""
        if ("payload" not in item or not agent or item.get("status") == "handed_over"
                or not item.get("path")):
            skipped += 1
            continue
        try:
            outbox.enqueue(item["kind"], item["path"], item["payload"], item.get("method", "POST"),
                           item.get("idempotency_key"), owner=(agent, item.get("center", "")))
        except sqlite3.IntegrityError:      # the same write is in this outbox already
            skipped += 1
            continue
        queued += 1
    return queued, skipped
