"""Typed answers of the center API (frozen dataclasses) and their strict JSON parsing.

``parse(cls, data)`` turns the center's JSON into ``cls``: unknown fields are ignored,
missing or wrong-typed fields raise ``CenterError(kind="invalid_response")``.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Optional, TypeVar, Union

from softphone.domain.messages import MESSAGES, id_of, source as msg_source

T = TypeVar("T")

# kind -> the English text of its message id "center.<kind>" (softphone.domain.messages);
# "different_agent" and "no_session": signing in again (softphone.center.session)
USER_MESSAGES = {mid.split(".", 1)[1]: src for mid, (ctx, src) in MESSAGES.items()
                 if mid.startswith("center.") and ctx == "Center"}


class CenterError(Exception):
    """A center API call failed. ``user_message`` is for the counselor, ``detail`` for the log.

    ``kind``: unreachable | timeout | tls | auth | conflict | invalid_response | server |
    client. ``code`` is the center's machine code when it sent one; ``status`` the HTTP status.
    """

    def __init__(self, kind: str, user_message: str = "", detail: str = "", *,
                 code: str = "", status: int | None = None, message_id: str = "",
                 params: tuple = ()) -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        # for the counselor: a message id (softphone.domain.messages) the desk translates at
        # display time; ``user_message`` is its English text, or the center's own words
        self.message_id = message_id or (id_of(user_message) if user_message else
                                         f"center.{kind if kind in USER_MESSAGES else 'server'}")
        self.params = tuple(params)
        self.user_message = (msg_source(self.message_id, self.params) if self.message_id
                             else user_message)
        self.detail = detail
        self.code = code
        self.status = status


class SessionExpired(CenterError):
    """The center ended the session mid-shift (a 401 that a token refresh could not mend):
    kind ``auth``. ``username`` and ``agent_id`` say whose session it was, so the same
    counselor can sign in again (``CenterApi.sign_in_again``); see softphone.center.session."""

    def __init__(self, detail: str = "", *, username: str = "", agent_id: str = "",
                 code: str = "", status: int | None = 401) -> None:
        super().__init__("auth", detail=detail, code=code, status=status)
        self.username, self.agent_id = username, agent_id


def _choices(*values: str) -> dict:
    return {"choices": values}


@dataclass(frozen=True)
class AgentProfile:
    id: str
    display_name: str
    language: str


@dataclass(frozen=True)
class SipProvisioning:
    registrar: str
    domain: str
    username: str
    password: str = field(repr=False)
    transport: str = field(metadata=_choices("udp", "tcp", "tls"))
    outbound_proxy: str
    srtp: str = field(metadata=_choices("off", "optional", "mandatory"))
    register_expiry_s: int


@dataclass(frozen=True)
class QueueInfo:
    id: str
    name: str
    acw_limit_s: int
    call_waiting: bool = False      # offers may ring beside a call (desk/second_call.py)


@dataclass(frozen=True)
class SessionSettings:
    ring_timeout_s: int
    acw_limit_s: int


@dataclass(frozen=True)
class TokenPair:
    token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_in: int


@dataclass(frozen=True)
class LoginResult:
    token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_in: int
    agent: AgentProfile
    sip: SipProvisioning
    queues: tuple[QueueInfo, ...]
    settings: SessionSettings


@dataclass(frozen=True)
class ReasonCode:
    code: str
    kind: str = field(metadata=_choices("not_ready", "break"))
    label: str


@dataclass(frozen=True)
class AgentStateInfo:
    state: str = field(metadata=_choices("not_ready", "ready", "break", "ringing", "on_call",
                                         "wrap_up"))
    reason_code: str
    since: datetime


@dataclass(frozen=True)
class QueueStats:
    id: str
    name: str
    waiting: int
    longest_wait_s: int
    agents_ready: int
    agents_on_call: int
    # the counselor's membership (softphone.center.queue_api; a center without it: all in)
    assigned: bool = True           # one of the counselor's queues (False: figures only)
    signed_in: bool = True          # the queue offers the counselor its callers
    may_sign_out: bool = False
    sign_out_note: str = ""         # why not, in the counselor's language (from the center)


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    level: int                      # 1 (learning) .. 5 (expert)


@dataclass(frozen=True)
class Customer:
    id: str
    name: str
    segment: str
    language: str
    notes: str


@dataclass(frozen=True)
class RecentContact:
    at: datetime
    queue_id: str
    disposition: Optional[str]
    notes: str
    disposition_label: str = ""       # in the counselor's language (newer centers)


@dataclass(frozen=True)
class OpenCase:
    id: str
    title: str
    status: str
    opened_at: datetime


@dataclass(frozen=True)
class CallerContext:
    interaction_id: Optional[str]
    queue_id: Optional[str]
    caller_number: str
    customer: Optional[Customer]
    recent_contacts: tuple[RecentContact, ...]
    ivr_path: tuple[str, ...]
    open_cases: tuple[OpenCase, ...]
    waited_s: int


@dataclass(frozen=True)
class Disposition:
    code: str
    label: str
    queue_id: Optional[str]


@dataclass(frozen=True)
class CallbackRequest:
    id: str
    number: str
    name: str
    queue_id: str
    requested_at: datetime
    note: str
    status: str = field(metadata=_choices("open", "claimed", "done"))


@dataclass(frozen=True)
class QuickConnect:
    id: str
    name: str
    uri: str


@dataclass(frozen=True)
class HealthCheckResult:
    cleared: bool
    guidance: str


@dataclass(frozen=True)
class IncidentCreated:
    id: int


@dataclass(frozen=True)
class EchoAddress:
    host: str                   # '' = the API's own host
    port: int


@dataclass(frozen=True)
class SipAddress:
    transport: str = field(metadata=_choices("udp", "tcp", "tls"))
    host: str                   # '' = the API's own host
    port: int


@dataclass(frozen=True)
class NetworkTestInfo:
    """Where the readiness check finds the center's echo service and registrar."""
    echo: Optional[EchoAddress]
    sip_domain: str
    sip: tuple[SipAddress, ...]


@dataclass(frozen=True)
class Announcement:
    """A recording the desk may play into a call (a warning starts with the warning chime)."""
    id: str
    language: str
    kind: str                   # 'warning'; a newer center may have more kinds
    title: str
    audio_url: str
    duration_s: float


@dataclass(frozen=True)
class ClipPolicy:
    """How an evidence clip is sealed to the center (softphone.center.evidence)."""
    max_s: int
    algorithm: str
    public_key: str = field(repr=False)     # PEM


@dataclass(frozen=True)
class ProtectionPolicy:
    """The center's protection protocol for abusive calls (GET /protection-policy)."""
    protective_break_min_s: int = 600
    warnings_before_end: int = 1            # 0: "End abusive call" at once
    evidence_hold: bool = True
    clip: Optional[ClipPolicy] = None       # None: the center takes no clips
    support_resources: dict = field(default_factory=dict)   # language -> text

    def support_text(self, lang: str) -> str:
        """Where to get help, in ``lang`` (else English, else any language the center has)."""
        texts = self.support_resources
        return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


def parse_protection_policy(data: Any) -> ProtectionPolicy:
    """Tolerant: a field left out takes the practice default; a field of the wrong type or
    out of range is a CenterError("invalid_response") naming it."""
    where = "ProtectionPolicy"
    if not isinstance(data, dict):
        raise _bad(where, "expected an object")
    base = ProtectionPolicy()
    values: dict[str, Any] = {}
    for name, tp in (("protective_break_min_s", int), ("warnings_before_end", int),
                     ("evidence_hold", bool)):
        values[name] = _value(tp, data[name], f"{where}.{name}") if name in data \
            else getattr(base, name)
    for name in ("protective_break_min_s", "warnings_before_end"):
        if not 0 <= values[name] <= 86_400:
            raise _bad(f"{where}.{name}", "out of range")
    clip = data.get("clip")
    values["clip"] = None if clip is None else parse(ClipPolicy, clip, f"{where}.clip")
    texts = data.get("support_resources", {})
    if texts is None:
        texts = {}
    if not isinstance(texts, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                              for k, v in texts.items()):
        raise _bad(f"{where}.support_resources", "expected texts by language")
    return ProtectionPolicy(support_resources=dict(texts), **values)


# ---------------------------------------------------------------- parsing

_HINTS: dict[type, dict[str, Any]] = {}


def _bad(where: str, what: str) -> CenterError:
    return CenterError("invalid_response", detail=f"{where}: {what}")


def _value(tp: Any, v: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = typing.get_args(tp)
        if v is None:
            if type(None) in args:
                return None
            raise _bad(where, "must not be null")
        inner = [a for a in args if a is not type(None)]
        return _value(inner[0], v, where)
    if origin is tuple:
        if not isinstance(v, list):
            raise _bad(where, "expected a list")
        item = typing.get_args(tp)[0]
        return tuple(_value(item, x, f"{where}[{i}]") for i, x in enumerate(v))
    if dataclasses.is_dataclass(tp):
        return parse(tp, v, where)
    if tp is str:
        if not isinstance(v, str):
            raise _bad(where, "expected text")
        return v
    if tp is bool:
        if not isinstance(v, bool):
            raise _bad(where, "expected true/false")
        return v
    if tp is int:
        if isinstance(v, bool) or not isinstance(v, int):
            raise _bad(where, "expected an integer")
        return v
    if tp is float:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise _bad(where, "expected a number")
        return float(v)
    if tp is datetime:
        if not isinstance(v, str):
            raise _bad(where, "expected an ISO 8601 time")
        try:
            dt = datetime.fromisoformat(v.replace("Z", "+00:00"))
        except ValueError:
            raise _bad(where, "expected an ISO 8601 time") from None
        return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)
    raise TypeError(f"unsupported field type {tp!r}")  # a bug in this module, not the center


def parse(cls: type[T], data: Any, where: str = "") -> T:
    """Validate ``data`` (decoded JSON) into the dataclass ``cls``."""
    where = where or cls.__name__
    if not isinstance(data, dict):
        raise _bad(where, "expected an object")
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            raise _bad(f"{where}.{f.name}", "missing")
        val = _value(hints[f.name], data[f.name], f"{where}.{f.name}")
        choices = f.metadata.get("choices")
        if choices and val not in choices:
            raise _bad(f"{where}.{f.name}", "unexpected value")
        kwargs[f.name] = val
    return cls(**kwargs)


def parse_list(cls: type[T], data: Any, where: str = "") -> list[T]:
    """Validate a JSON list of ``cls`` objects."""
    where = where or cls.__name__
    if not isinstance(data, list):
        raise _bad(where, "expected a list")
    return [parse(cls, x, f"{where}[{i}]") for i, x in enumerate(data)]
