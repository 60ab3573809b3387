"""Protecting the counselor, the center's side as the app sees it: sealing an evidence clip to the center's key, the protection policy and warning announcements, and the outbox items of an abusive call.

``seal_clip`` is pure (no I/O): an ephemeral X25519 key agreement with the center's public
key (GET /protection-policy ``clip.public_key``), HKDF-SHA256 (salt: the ephemeral public
key then the center's, info ``INFO``) to an AES-256-GCM key, a random 12-byte nonce, the
interaction id as associated data. Its answer is the POST /evidence-clips body; only the
center's private key opens it (democenter/evidence.py in the practice center).
The calls behind ``CenterApi.protection_policy`` and friends are synchronous, like the
client: call them from a worker.
"""

from __future__ import annotations

import base64
import os
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from softphone.center.models import (Announcement, CenterError, ProtectionPolicy, parse,
                                     parse_protection_policy)

if TYPE_CHECKING:
    from softphone.center.client import CenterApi

ALGORITHM = "X25519-HKDF-SHA256-AES256GCM"
INFO = b"agent-softphone evidence clip v1"
AUDIO_MAX = 5 * 1024 * 1024         # an announcement larger than this is refused
BREAK_EVENTS = ("started", "ended", "early_return")
CATEGORIES = ("verbal_abuse", "sexual_harassment", "threat", "other")


class EvidenceError(ValueError):
    """A clip cannot be sealed: the center's key is not an X25519 public key, or bad input."""


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def seal_clip(pcm: bytes, public_key_pem: str, *, interaction_id: str, rate: int,
              channels: int, seconds: float) -> dict:
    """The POST /evidence-clips body for ``pcm`` (16-bit little-endian samples)."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import (X25519PrivateKey,
                                                                  X25519PublicKey)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    if not interaction_id:
        raise EvidenceError("a clip belongs to an interaction: interaction_id is empty")
    if rate <= 0 or channels <= 0 or seconds <= 0 or len(pcm) % (2 * channels):
        raise EvidenceError("rate, channels and seconds must be positive, the PCM whole frames")
    try:
        center = serialization.load_pem_public_key(str(public_key_pem).encode("ascii"))
    except (ValueError, TypeError, UnicodeError, UnsupportedAlgorithm):
        raise EvidenceError("the center's evidence key is not a PEM public key") from None
    if not isinstance(center, X25519PublicKey):
        raise EvidenceError("the center's evidence key is not an X25519 key")
    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    ephemeral = X25519PrivateKey.generate()
    ours, theirs = ephemeral.public_key().public_bytes(*raw), center.public_bytes(*raw)
    try:
        shared = ephemeral.exchange(center)
    except ValueError:                  # a low-order point: no secret to share
        raise EvidenceError("the center's evidence key is not usable") from None
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=ours + theirs,
               info=INFO).derive(shared)
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, bytes(pcm), interaction_id.encode("utf-8"))
    return {"interaction_id": interaction_id, "algorithm": ALGORITHM,
            "ephemeral_public_key": _b64(ours), "nonce": _b64(nonce),
            "ciphertext": _b64(sealed), "rate": int(rate), "channels": int(channels),
            "seconds": round(float(seconds), 3)}


# ---------------------------------------------------------------- reads (CenterApi's)

def policy(api: "CenterApi") -> ProtectionPolicy:
    return parse_protection_policy(api._get("/protection-policy"))


def announcements(api: "CenterApi") -> list[Announcement]:
    """The center's announcements; an entry this app cannot read is skipped, not the list."""
    data = api._get("/announcements")
    if not isinstance(data, list):
        raise CenterError("invalid_response", detail="announcements: expected a list")
    out = []
    for i, item in enumerate(data):
        try:
            out.append(parse(Announcement, item, f"Announcement[{i}]"))
        except CenterError:
            continue
    return out


def announcement_audio(api: "CenterApi", announcement: Announcement) -> bytes:
    """The announcement's WAV bytes (at most AUDIO_MAX, RIFF/WAVE checked)."""
    path = f"/announcements/{quote(announcement.id, safe='')}/audio"
    raw = api._request("GET", path, raw_limit=AUDIO_MAX)[1] or b""
    if len(raw) < 44 or raw[:4] != b"RIFF" or raw[8:12] != b"WAVE":
        raise CenterError("invalid_response", detail=f"GET {path}: not a WAV file")
    return raw


def send_clip(api: "CenterApi", body: dict) -> int:
    """POST a sealed clip straight to the center (not through the outbox: nothing of it is
    kept on disk); the same body is sent with the same Idempotency-Key on a retry. Returns
    the center's id for it."""
    import hashlib
    key = "clip-" + hashlib.sha256(str(body.get("nonce", "")).encode()).hexdigest()[:32]
    data = api._request("POST", "/evidence-clips", body, idem_key=key)[1]
    if not isinstance(data, dict) or type(data.get("id")) is not int:
        raise CenterError("invalid_response", detail="POST /evidence-clips: no id")
    return data["id"]


# ---------------------------------------------------------------- outbox items
# Each returns (kind, path, payload) for ``Outbox.enqueue``; re-exported by center/client.py.

def incident_item(severity: str, description: str, interaction_id: str | None = None, *,
                  category: str | None = None, note: str = "", language: str | None = None,
                  timeline: dict | None = None) -> tuple[str, str, dict]:
    """An incident report; an abusive call's adds its category, the counselor's note (at
    most 4000 characters), the call's language and its timeline: ``{"answered_at",
    "warnings_at": [...], "ended_at"}`` in UNIX seconds (absent ones left out)."""
    body: dict[str, Any] = {"severity": severity, "description": description,
                            "interaction_id": interaction_id}
    if category is not None:
        if category not in CATEGORIES:
            raise ValueError(f"unknown incident category {category!r}")
        body["category"] = category
    if note:
        body["note"] = note[:4000]
    if language:
        body["language"] = language
    if timeline is not None:
        body["timeline"] = {k: v for k, v in (
            ("answered_at", timeline.get("answered_at")),
            ("warnings_at", [float(t) for t in timeline.get("warnings_at") or ()]),
            ("ended_at", timeline.get("ended_at"))) if v is not None}
    return "incident", "/incidents", body


def evidence_hold_item(interaction_id: str) -> tuple[str, str, dict]:
    return ("evidence_hold", f"/interactions/{quote(interaction_id, safe='')}/evidence-hold",
            {"reason": "incident"})


def evidence_clip_item(body: dict) -> tuple[str, str, dict]:
    """``body``: what ``seal_clip`` made (already sealed: the outbox never holds clear audio)."""
    return "evidence_clip", "/evidence-clips", dict(body)


def protective_break_item(event: str, minimum_s: int, taken_s: float, at: float,
                          interaction_id: str | None = None) -> tuple[str, str, dict]:
    if event not in BREAK_EVENTS:
        raise ValueError(f"unknown protective break event {event!r}")
    return "protective_break", "/protective-breaks", {
        "interaction_id": interaction_id, "event": event, "minimum_s": int(minimum_s),
        "taken_s": round(max(0.0, float(taken_s)), 1), "at": float(at)}
