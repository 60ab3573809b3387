"""What the desk tells the screens: small frozen views, plus caller-text, number and field helpers.

Pure Python. Caller-supplied text (names, notes) is untrusted: ``clean_text`` strips
control and bidirectional-override characters so it renders literally; the widgets also
show it as plain text. ``mask_number`` keeps only the last digits for the call history.
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass, field as dc_field
from typing import Any

NOTES_MAX = 10_000      # characters of wrap-up notes the center takes (contract: maxLength)

# Bidi embeddings/overrides/isolates and marks: a caller name must not reorder the screen.
_BIDI = {"\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
         "\u2066", "\u2067", "\u2068", "\u2069", "\u061c"}


def clean_text(value: Any, limit: int = 500) -> str:
    """Untrusted text -> one safe line: no control, format or bidi characters, bounded."""
    if value is None:
        return ""
    out = []
    for ch in str(value)[: limit * 2]:
        if ch in "\t\n\r":
            out.append(" ")
        elif ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
            continue
        else:
            out.append(ch)
    text = " ".join("".join(out).split())
    return text[:limit] + ("…" if len(text) > limit else "")


def mask_number(number: str, keep: int = 4) -> str:
    """'+82 10-1234-5678' -> '•••• 5678'. Empty or short numbers are masked entirely."""
    digits = [c for c in str(number or "") if c.isdigit()]
    if len(digits) <= keep:
        return "••••" if digits else ""
    return "•••• " + "".join(digits[-keep:])


@dataclass(frozen=True)
class AgentView:
    state: str                      # softphone.domain.agent.State value
    reason: str                     # reason code
    reason_label: str               # in the agent's language ('' when none)
    since_monotonic: float          # time.monotonic() when the state began
    pending_state: str = ""         # deferred change, applied after wrap-up
    pending_label: str = ""
    ready_allowed: bool = False
    ready_blocker: str = ""         # why Ready is not possible now (human text)


@dataclass(frozen=True)
class CheckItem:
    key: str                        # center | line | sip | audio | health | network
    ok: bool | None                 # None = still checking
    detail: str = ""
    verdict: str = ""               # '' | green | amber | red (the network row)


@dataclass(frozen=True)
class SessionView:
    agent_id: str
    display_name: str
    language: str
    queues: tuple[tuple[str, str], ...] = ()   # (id, name)


@dataclass(frozen=True)
class HealthView:
    cleared: bool
    guidance: str
    confirmed: bool                 # the center has recorded it


@dataclass(frozen=True)
class LineView:
    registered: bool
    text: str
    secure: bool = False            # signalling over TLS
    transport: str = ""             # udp | tcp | tls
    tls_version: str = ""           # e.g. "TLS 1.3"
    tls_cipher: str = ""
    verify_off: bool = False        # IT turned server verification off: a lasting warning


class CallPhase(str, enum.Enum):
    """Where the counselor's call is (a str enum: it compares equal to its value)."""

    RINGING = "ringing"             # offered, not answered yet
    CONNECTING = "connecting"       # answered or dialled, not confirmed yet
    TALKING = "talking"             # confirmed: media flows


class ConsultPhase(str, enum.Enum):
    """The consultation leg of a consult transfer."""

    CALLING = "calling"             # dialling the transfer target, caller on hold
    TALKING = "talking"             # talking to the target, caller on hold
    TRANSFERRING = "transferring"   # REFER with Replaces sent, waiting for the result
    CONFERENCE = "conference"       # caller, counselor and target all hear each other


@dataclass(frozen=True)
class ConsultLeg:
    call_id: int
    uri: str
    phase: ConsultPhase = ConsultPhase.CALLING
    name: str = ""                  # who it is, when the directory knows ('' : show the uri)


@dataclass(frozen=True)
class EndedCall:
    """A call that ended, for wrap-up and the history."""

    call: "CallView"
    talked: bool                    # the call was connected
    duration_s: int
    outcome: str                    # answered | missed | rejected | abandoned | failed
    wrap_up: bool                   # the counselor owes a wrap-up for it


@dataclass(frozen=True)
class CallView:
    call_id: int
    direction: str                  # incoming | outgoing
    number: str                     # full number (in memory only, shown during the call)
    name: str                       # cleaned display name
    queue: str = ""                 # queue id
    interaction_id: str = ""
    phase: CallPhase = CallPhase.RINGING
    on_hold: bool = False
    remote_hold: bool = False
    muted: bool = False
    secure: bool = False
    started_monotonic: float = 0.0  # when talking began
    callback_id: str = ""
    queue_name: str = ""


@dataclass(frozen=True)
class ContextView:
    """The caller's context, cleaned for display. ``error`` set when lookup failed."""

    interaction_id: str = ""
    name: str = ""
    segment: str = ""
    language: str = ""
    notes: str = ""
    waited_s: int = 0
    ivr_path: tuple[str, ...] = ()
    recent: tuple[tuple[str, str, str], ...] = ()      # (when, disposition, notes)
    open_cases: tuple[tuple[str, str, str], ...] = ()  # (id, title, status)
    known: bool = False
    error: str = ""


@dataclass(frozen=True)
class QualityView:
    level: str                      # good | fair | poor | unknown
    mos: float = 0.0
    jitter_ms: float = 0.0
    loss_pct: float = 0.0
    rtt_ms: float = 0.0
    codec: str = ""


@dataclass(frozen=True)
class WrapupView:
    call_id: int
    interaction_id: str
    callback_id: str
    dispositions: tuple[tuple[str, str], ...]   # (code, label)
    acw_limit_s: int
    loading: bool = False
    suggested: str = ""                         # a disposition to preselect (abusive call)


@dataclass(frozen=True)
class HistoryEntry:
    at: float                       # wall clock
    direction: str
    masked_number: str
    duration_s: int
    disposition: str = ""
    outcome: str = ""               # answered | missed | rejected | abandoned | failed


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    extra: dict = dc_field(default_factory=dict, compare=False)


def field(obj: Any, name: str, default: Any = None) -> Any:
    """Read a field from a center model (dataclass) or a plain dict."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def registrar_hostport(value: str) -> str:
    """'sip:host:port;transport=tcp' (the center's form) -> 'host:port' (the engine's form)."""
    v = (value or "").strip()
    for prefix in ("sips:", "sip:"):
        if v.lower().startswith(prefix):
            v = v[len(prefix):]
    return v.split(";", 1)[0]


def quality_level(mos: float) -> str:
    if mos <= 0:
        return "unknown"
    if mos >= 4.0:
        return "good"
    if mos >= 3.6:
        return "fair"
    return "poor"


def _f(obj: Any, name: str) -> Any:
    return field(obj, name)


def context_view(ctx: Any) -> ContextView:
    """The center's caller context (model or dict) -> a cleaned view for the screen."""
    cust = _f(ctx, "customer")
    recent = tuple((clean_text(_f(r, "at"), 40),
                    clean_text(_f(r, "disposition_label") or _f(r, "disposition"), 60),
                    clean_text(_f(r, "notes"), 200)) for r in (_f(ctx, "recent_contacts") or ()))
    cases = tuple((clean_text(_f(c, "id"), 40), clean_text(_f(c, "title"), 120),
                   clean_text(_f(c, "status"), 30)) for c in (_f(ctx, "open_cases") or ()))
    return ContextView(
        interaction_id=clean_text(_f(ctx, "interaction_id") or "", 80),
        name=clean_text(field(cust, "name", ""), 120) if cust else "",
        segment=clean_text(field(cust, "segment", ""), 40) if cust else "",
        language=clean_text(field(cust, "language", ""), 10) if cust else "",
        notes=clean_text(field(cust, "notes", ""), 500) if cust else "",
        waited_s=int(_f(ctx, "waited_s") or 0),
        ivr_path=tuple(clean_text(s, 60) for s in (_f(ctx, "ivr_path") or ())),
        recent=recent, open_cases=cases, known=cust is not None)
