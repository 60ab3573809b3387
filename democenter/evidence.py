"""The center's evidence key (X25519, 0600 beside the database) and opening the sealed clips counselors send.

A clip of an abusive call is sealed on the counselor's computer to the center's public key
(softphone/center/evidence.py): an ephemeral X25519 key agreement, HKDF-SHA256 (salt: the
ephemeral public key then the center's, info ``INFO``) to an AES-256-GCM key, the
interaction id as associated data. The center stores it as received (``evidence_clips``);
only whoever holds ``<db>.evidence.pem`` opens it, e.g. for legal action::

    python -m democenter.evidence --data FILE --clip ID --out clip.wav
"""

from __future__ import annotations

import argparse
import base64
import binascii
import os
import wave
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from democenter import vault

ALGORITHM = "X25519-HKDF-SHA256-AES256GCM"
INFO = b"agent-softphone evidence clip v1"
KEY_SUFFIX = ".evidence.pem"


class EvidenceError(Exception):
    """A clip does not open (another key, another interaction, damaged), or a bad key file."""


def key_path(db_path: str | os.PathLike) -> Path:
    p = Path(db_path)
    return p.with_name(p.name + KEY_SUFFIX)


def center_key(db_path: str | os.PathLike) -> X25519PrivateKey:
    """The center's private key; made (0600, written aside then linked) on first use."""
    path = key_path(db_path)
    if not path.exists():
        pem = X25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(pem)
                f.flush()
                os.fsync(f.fileno())
            os.link(tmp, path)
        except FileExistsError:
            pass                    # another process made it first: use theirs
        finally:
            tmp.unlink(missing_ok=True)
    vault.private_file(path)        # 0600, even if someone loosened it
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as exc:
        raise EvidenceError(f"the evidence key file {path} is damaged: {exc}") from None
    if not isinstance(key, X25519PrivateKey):
        raise EvidenceError(f"the evidence key file {path} holds no X25519 key")
    return key


def public_key_pem(private_key: X25519PrivateKey) -> str:
    return private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def b64(text: str, what: str, size: int | None = None) -> bytes:
    """Strict base64 (standard alphabet, padded); ``size``: the exact length it must decode to."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeError):
        raise EvidenceError(f"{what} is not base64") from None
    if size is not None and len(raw) != size:
        raise EvidenceError(f"{what} must be {size} bytes")
    return raw


def clip_key(private_key: X25519PrivateKey, ephemeral: bytes) -> bytes:
    """The AES-256-GCM key of a clip from the sender's ephemeral public key (raw 32 bytes)."""
    ours = private_key.public_key().public_bytes(serialization.Encoding.Raw,
                                                 serialization.PublicFormat.Raw)
    try:
        shared = private_key.exchange(X25519PublicKey.from_public_bytes(ephemeral))
    except ValueError:
        raise EvidenceError("the ephemeral public key is not usable") from None
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + ours,
                info=INFO).derive(shared)


def open_clip(body: dict, private_key: X25519PrivateKey) -> bytes:
    """The PCM of a POST /evidence-clips body; EvidenceError when it does not open."""
    if body.get("algorithm") != ALGORITHM:
        raise EvidenceError(f"unknown algorithm {str(body.get('algorithm'))[:60]!r}")
    ephemeral = b64(str(body.get("ephemeral_public_key", "")), "ephemeral_public_key", 32)
    nonce = b64(str(body.get("nonce", "")), "nonce", 12)
    sealed = b64(str(body.get("ciphertext", "")), "ciphertext")
    return open_raw(private_key, ephemeral, nonce, sealed, str(body.get("interaction_id", "")))


def open_raw(private_key: X25519PrivateKey, ephemeral: bytes, nonce: bytes, sealed: bytes,
             interaction_id: str) -> bytes:
    try:
        return AESGCM(clip_key(private_key, ephemeral)).decrypt(
            nonce, sealed, interaction_id.encode("utf-8"))
    except (InvalidTag, ValueError):
        raise EvidenceError("the clip does not open: another key or interaction, "
                            "or it was changed") from None


def main(argv: list[str] | None = None) -> int:
    """Open one stored clip into a WAV file (for whoever prepares the legal case)."""
    p = argparse.ArgumentParser(prog="python -m democenter.evidence", description=main.__doc__)
    p.add_argument("--data", type=Path, required=True, help="the practice center's SQLite file")
    p.add_argument("--clip", type=int, required=True, help="the clip's id (evidence_clips.id)")
    p.add_argument("--out", type=Path, required=True, help="the WAV file to write")
    args = p.parse_args(argv)
    from democenter import db
    conn = db.connect(args.data)
    try:
        row = conn.execute("SELECT * FROM evidence_clips WHERE id = ?", (args.clip,)).fetchone()
    finally:
        conn.close()
    if row is None:
        raise SystemExit(f"no clip {args.clip} in {args.data}")
    pcm = open_raw(center_key(args.data), row["ephemeral_public_key"], row["nonce"],
                   row["ciphertext"], row["interaction_id"])
    vault.private_file(args.out)    # evidence: 0600 like the database
    with wave.open(str(args.out), "wb") as w:
        w.setnchannels(row["channels"])
        w.setsampwidth(2)
        w.setframerate(row["rate"])
        w.writeframes(pcm)
    print(f"clip {args.clip} of {row['interaction_id']}: {len(pcm)} bytes -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
