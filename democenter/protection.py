"""Protecting the counselor from abusive callers (Korean OSH Act, customer-service workers): warning announcements, the protection policy, evidence holds, sealed clips, protective breaks.

The desk warns the caller with an announcement played into the call (``GET /announcements``,
each a WAV that starts with the warning chime: ``WARNING_CHIME_S`` of a pure
``WARNING_CHIME_HZ`` sine at about ``WARNING_CHIME_DBFS`` with 10 ms fades, then
``WARNING_CHIME_GAP_S`` of silence, then the spoken warning; softphone/resources_build.py
makes them). After ``warnings_before_end`` warnings the counselor may end the call; the
incident (``POST /incidents`` with category, note and timeline), an evidence hold, a sealed
clip of the call (democenter/evidence.py) and the protective break follow. The supervisors
see each as a notice and on their page (democenter/supervisor_api.py).
"""

from __future__ import annotations

import json
import logging
import time
import wave
from importlib.resources import files
from typing import Literal, Optional

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from democenter import api_models as m
from democenter import evidence
from democenter.api import (ERRORS, PREFIX, Agent, ApiError, Idem, add_notice, answers,
                            current_agent, get_conn, idem_key, idempotent, iso)
from democenter.api_work import IdPath, own_interaction
from democenter.errors import error_response
from democenter.messages import Created

log = logging.getLogger("democenter.protection")
router = APIRouter(prefix=PREFIX, responses=ERRORS, tags=["protection"])

WARNING_CHIME_HZ = 1250.0       # the chime that starts every warning announcement
WARNING_CHIME_S = 0.6
WARNING_CHIME_GAP_S = 0.2       # silence between the chime and the words
WARNING_CHIME_DBFS = -12.0      # the sine's peak
CLIP_BODY_MAX = 16 * 1024 * 1024            # POST /evidence-clips: larger answers 413
CLIP_PATH = f"{PREFIX}/evidence-clips"
MAX_EPOCH = 4_102_444_800.0     # 2100-01-01: timeline times are UNIX seconds before it
SOUNDS = files("softphone.resources") / "sounds"     # package data (resources_build)
AUDIO_MAX = 5 * 1024 * 1024

ANNOUNCEMENTS = {   # id: (language, title)
    "warning-en": ("en", "Warning to the caller (English)"),
    "warning-ko": ("ko", "고객 보호 안내 (한국어)"),
    "warning-ru": ("ru", "Предупреждение абоненту (русский)"),
}
SUPPORT = {   # practice data: made-up numbers
    "en": "Practice data. You are not alone: the employee assistance line 1588-0000 (24 hours) "
          "offers free, confidential counseling, and the company pays for treatment after an "
          "abusive call. You may take legal action against an abusive caller; the center keeps "
          "the call's recording and will provide it. Your supervisor helps you file a report.",
    "ko": "연습용 데이터입니다. 혼자 견디지 마세요. 근로자 지원 상담전화 1588-0000(24시간)에서 "
          "비밀이 보장되는 무료 상담을 받을 수 있고, 폭언 통화 뒤 필요한 치료 비용은 회사가 "
          "지원합니다. 폭언한 고객에게 법적 조치를 할 수 있으며, 센터는 통화 녹음을 보관하고 "
          "제공합니다. 신고 절차는 관리자가 도와드립니다.",
    "ru": "Учебные данные. Вы не одни: линия помощи сотрудникам 1588-0000 (круглосуточно) — "
          "бесплатная и конфиденциальная психологическая поддержка; лечение после "
          "оскорбительного звонка оплачивает компания. Вы вправе обратиться в суд против "
          "оскорбившего вас абонента: центр хранит запись разговора и предоставит её. "
          "Руководитель поможет подать заявление.",
}
Epoch = Field(ge=0, le=MAX_EPOCH, description="UNIX seconds")


class Announcement(BaseModel):
    id: str
    language: m.Lang
    kind: Literal["warning"]
    title: str
    audio_url: str = Field(description="GET it with the bearer token: audio/wav (PCM)")
    duration_s: float


class ClipPolicy(BaseModel):
    max_s: int = Field(description="The longest clip the center takes, seconds")
    algorithm: Literal["X25519-HKDF-SHA256-AES256GCM"]
    public_key: str = Field(description="The center's X25519 public key (PEM, SPKI)")


class SupportResources(BaseModel):
    en: str
    ko: str
    ru: str


class ProtectionPolicy(BaseModel):
    protective_break_min_s: int = Field(description="The shortest protective break after "
                                                    "an abusive call, seconds")
    warnings_before_end: int = Field(description="Warnings played before the counselor may "
                                                 "end the call (0: at once)")
    evidence_hold: bool = Field(description="Whether the desk asks the center to keep the "
                                            "call's records after an incident")
    clip: ClipPolicy
    support_resources: SupportResources = Field(description="Counseling, treatment and "
                                                            "legal help, per language")


class EvidenceHoldRequest(m._In):
    reason: Literal["incident"] = "incident"


class EvidenceHold(BaseModel):
    id: int
    interaction_id: str
    held_at: str = Field(description="ISO 8601 UTC")


class EvidenceClipRequest(m._In):
    interaction_id: str = Field(min_length=1, max_length=100)
    algorithm: Literal["X25519-HKDF-SHA256-AES256GCM"]
    ephemeral_public_key: str = Field(min_length=1, max_length=64,
                                      description="base64 of the raw 32-byte X25519 key")
    nonce: str = Field(min_length=1, max_length=32, description="base64 of 12 bytes")
    ciphertext: str = Field(min_length=1, max_length=CLIP_BODY_MAX,
                            description="base64 of AES-256-GCM(PCM s16le) with its 16-byte "
                                        "tag; associated data: the interaction id (UTF-8)")
    rate: int = Field(ge=8000, le=48000)
    channels: int = Field(ge=1, le=2)
    seconds: float = Field(gt=0, le=600)


class ProtectiveBreakRequest(m._In):
    interaction_id: Optional[str] = Field(default=None, max_length=100)
    event: Literal["started", "ended", "early_return"]
    minimum_s: int = Field(ge=0, le=86_400, description="The policy's minimum for this break")
    taken_s: float = Field(ge=0, le=86_400, description="Break time taken so far")
    at: float = Epoch


class TimelineRow(BaseModel):
    answered_at: Optional[str] = Field(description="ISO 8601 UTC")
    warnings_at: list[str]
    ended_at: Optional[str]


class BreakRow(BaseModel):
    id: int
    agent_id: str
    interaction_id: Optional[str]
    event: Literal["started", "ended", "early_return"]
    minimum_s: int
    taken_s: int
    at: str = Field(description="ISO 8601 UTC")


# ---------------------------------------------------------------- announcements

def _duration(path) -> float | None:
    try:
        with wave.open(str(path), "rb") as w:
            return round(w.getnframes() / w.getframerate(), 2)
    except (OSError, EOFError, wave.Error, ZeroDivisionError):
        return None


@router.get("/announcements", response_model=list[Announcement])
def announcements(agent: Agent = Depends(current_agent)):
    """The announcements the desk may play into a call: a warning per language. Each starts
    with the warning chime: 0.6 s of a pure 1250 Hz sine peaking near -12 dBFS (10 ms fades),
    0.2 s of silence, then the words. Ones whose audio is not built are left out."""
    out = []
    for aid, (lang, title) in ANNOUNCEMENTS.items():
        seconds = _duration(SOUNDS / f"warning_{lang}.wav")
        if seconds is None:
            log.warning("warning_%s.wav is missing: python -m softphone.resources_build", lang)
            continue
        out.append({"id": aid, "language": lang, "kind": "warning", "title": title,
                    "audio_url": f"{PREFIX}/announcements/{aid}/audio", "duration_s": seconds})
    return out


@router.get("/announcements/{announcement_id}/audio", response_class=Response,
            responses={200: {"description": "The announcement (WAV, PCM s16le)",
                             "content": {"audio/wav": {"schema": {"type": "string",
                                                                  "format": "binary"}}}},
                       **answers(404)})
def announcement_audio(announcement_id: str = IdPath(), agent: Agent = Depends(current_agent)):
    found = ANNOUNCEMENTS.get(announcement_id)
    path = SOUNDS / f"warning_{found[0]}.wav" if found else None
    try:
        data = path.read_bytes() if path is not None else b""
    except OSError:
        data = b""
    if not data or len(data) > AUDIO_MAX:
        raise ApiError(404, "not_found", "No such announcement.")
    return Response(data, media_type="audio/wav", headers={"Cache-Control": "private"})


# ---------------------------------------------------------------- the policy

def evidence_key_of(request: Request):
    """The center's evidence key (democenter/evidence.py), read once per app."""
    key = getattr(request.app.state, "evidence_key", None)
    if key is None:
        key = request.app.state.evidence_key = evidence.center_key(
            request.app.state.config.db_path)
    return key


@router.get("/protection-policy", response_model=ProtectionPolicy)
def protection_policy(request: Request, agent: Agent = Depends(current_agent),
                      conn=Depends(get_conn)):
    """How the desk protects the counselor: the protective break, when "End abusive call"
    is allowed, evidence holds, sealed clips (the center's public key) and where to get help."""
    row = conn.execute("SELECT * FROM protection_policy WHERE id = 1").fetchone()
    return {"protective_break_min_s": row["protective_break_min_s"],
            "warnings_before_end": row["warnings_before_end"],
            "evidence_hold": bool(row["evidence_hold"]),
            "clip": {"max_s": row["clip_max_s"], "algorithm": evidence.ALGORITHM,
                     "public_key": evidence.public_key_pem(evidence_key_of(request))},
            "support_resources": SUPPORT}


def set_policy(conn, **values: int) -> None:
    """IT's settings (``python -m democenter --protective-break-s``): one row, columns named."""
    for column, value in values.items():
        if value is not None:
            conn.execute(f"UPDATE protection_policy SET {column} = ? WHERE id = 1", (value,))


# ---------------------------------------------------------------- evidence

@router.post("/interactions/{interaction_id}/evidence-hold", response_model=EvidenceHold,
             responses=answers(404, 422))
def evidence_hold(body: EvidenceHoldRequest, interaction_id: str = IdPath(),
                  idem: Idem = Depends(idem_key), agent: Agent = Depends(current_agent),
                  conn=Depends(get_conn)):
    """Keep the call's records (recording, context, wrap-up) for legal action. Holding a
    call twice answers the first hold."""
    def work(conn):
        own_interaction(conn, interaction_id, agent.id, "id")
        row = conn.execute("SELECT * FROM evidence_holds WHERE interaction_id = ?",
                           (interaction_id,)).fetchone()
        if row is None:
            new = conn.execute("INSERT INTO evidence_holds (interaction_id, agent_id, reason,"
                               " held_at) VALUES (?,?,?,?)", (interaction_id, agent.id,
                                                              body.reason, time.time()))
            row = conn.execute("SELECT * FROM evidence_holds WHERE id = ?",
                               (new.lastrowid,)).fetchone()
            add_notice(conn, agent.id, "evidence_hold",
                       f"Evidence held for {interaction_id} ({body.reason}).")
        return 200, {"id": row["id"], "interaction_id": interaction_id,
                     "held_at": iso(row["held_at"])}

    return idempotent(conn, idem, agent, f"evidence-hold:{interaction_id}", work)


@router.post("/evidence-clips", response_model=Created,
             responses={**answers(404, 422),
                        413: {"model": m.ErrorBody,
                              "description": f"Larger than {CLIP_BODY_MAX} bytes"}})
def evidence_clip(body: EvidenceClipRequest, request: Request, idem: Idem = Depends(idem_key),
                  agent: Agent = Depends(current_agent), conn=Depends(get_conn)):
    """A clip of an abusive call, sealed to the center's key (see the policy's ``clip``): kept
    as received. It must open with the center's key and be at most ``clip.max_s`` long."""
    try:
        ephemeral = evidence.b64(body.ephemeral_public_key, "ephemeral_public_key", 32)
        nonce = evidence.b64(body.nonce, "nonce", 12)
        sealed = evidence.b64(body.ciphertext, "ciphertext")
        pcm = evidence.open_raw(evidence_key_of(request), ephemeral, nonce, sealed,
                                body.interaction_id)
    except evidence.EvidenceError as exc:
        raise ApiError(422, "invalid_clip", f"The clip was refused: {exc}.") from None
    max_s = conn.execute("SELECT clip_max_s FROM protection_policy WHERE id = 1").fetchone()[0]
    frame = 2 * body.channels
    if body.seconds > max_s + 1 or len(pcm) % frame or len(pcm) > (max_s + 1) * body.rate * frame:
        raise ApiError(422, "invalid_clip", f"The clip must be whole 16-bit frames and at most "
                                            f"{max_s} s long.")

    def work(conn):
        own_interaction(conn, body.interaction_id, agent.id, "id")
        new = conn.execute(
            "INSERT INTO evidence_clips (interaction_id, agent_id, algorithm,"
            " ephemeral_public_key, nonce, ciphertext, rate, channels, seconds, received_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            (body.interaction_id, agent.id, body.algorithm, ephemeral, nonce, sealed,
             body.rate, body.channels, body.seconds, time.time())).lastrowid
        add_notice(conn, agent.id, "evidence_clip",
                   f"Evidence clip received for {body.interaction_id} ({body.seconds:.0f} s).")
        return 200, {"id": new}

    return idempotent(conn, idem, agent, f"evidence-clip:{body.interaction_id}", work)


# ---------------------------------------------------------------- protective breaks

BREAK_NOTICES = {"started": "Protective break started (minimum {m} s).",
                 "ended": "Protective break ended after {t} s.",
                 "early_return": "Returned early from a protective break: {t} s of {m} s."}


@router.post("/protective-breaks", response_model=Created, responses=answers(404, 422))
def protective_break(body: ProtectiveBreakRequest, idem: Idem = Depends(idem_key),
                     agent: Agent = Depends(current_agent), conn=Depends(get_conn)):
    """A protective break after an abusive call: started, ended, or an early return (the
    counselor chose to go back before the minimum: recorded, never refused)."""
    def work(conn):
        if body.interaction_id:
            own_interaction(conn, body.interaction_id, agent.id, "id")
        new = conn.execute(
            "INSERT INTO protective_breaks (agent_id, interaction_id, event, minimum_s, taken_s,"
            " at, created_at) VALUES (?,?,?,?,?,?,?)",
            (agent.id, body.interaction_id, body.event, body.minimum_s, body.taken_s, body.at,
             time.time())).lastrowid
        add_notice(conn, agent.id, "protective_break", BREAK_NOTICES[body.event].format(
            m=body.minimum_s, t=round(body.taken_s)))
        return 200, {"id": new}

    return idempotent(conn, idem, agent, "protective-break", work)


# ---------------------------------------------------------------- for the supervisors

def timeline_row(text: str | None) -> dict | None:
    """An incident's stored timeline (JSON of UNIX seconds) as ISO times; None without one."""
    try:
        t = json.loads(text) if text else None
    except ValueError:
        return None
    if not isinstance(t, dict):
        return None

    def one(v) -> str | None:
        return iso(v) if isinstance(v, (int, float)) and 0 < v <= MAX_EPOCH else None
    return {"answered_at": one(t.get("answered_at")), "ended_at": one(t.get("ended_at")),
            "warnings_at": [x for x in map(one, t.get("warnings_at") or []) if x]}


def evidence_of(conn, interaction_id: str | None) -> tuple[bool, int]:
    """(held, clips received) for an interaction."""
    if not interaction_id:
        return False, 0
    held = conn.execute("SELECT 1 FROM evidence_holds WHERE interaction_id = ?",
                        (interaction_id,)).fetchone() is not None
    clips = conn.execute("SELECT COUNT(*) FROM evidence_clips WHERE interaction_id = ?",
                         (interaction_id,)).fetchone()[0]
    return held, clips


def break_rows(conn, since: float, limit: int = 50) -> list[dict]:
    return [{"id": r["id"], "agent_id": r["agent_id"], "interaction_id": r["interaction_id"],
             "event": r["event"], "minimum_s": r["minimum_s"], "taken_s": round(r["taken_s"]),
             "at": iso(r["at"])}
            for r in conn.execute("SELECT * FROM protective_breaks WHERE created_at >= ?"
                                  " ORDER BY id DESC LIMIT ?", (since, limit))]


class ClipBodyLimit:
    """ASGI middleware: a POST /evidence-clips body over ``CLIP_BODY_MAX`` answers 413 before
    it is parsed (by Content-Length, or as it arrives)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] != CLIP_PATH or scope["method"] != "POST":
            return await self.app(scope, receive, send)
        too_big = error_response(413, "too_large", f"The clip is larger than {CLIP_BODY_MAX}"
                                                   " bytes: send a shorter one.")
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > CLIP_BODY_MAX:
            return await too_big(scope, receive, send)
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > CLIP_BODY_MAX:
                return await too_big(scope, receive, send)
        body, sent = b"".join(chunks), False

        async def replay():
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        return await self.app(scope, replay, send)
