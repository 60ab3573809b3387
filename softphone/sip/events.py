"""Plain data that crosses the SIP thread boundary: settings going in, events coming out.

Nothing here imports pjsua2 or Qt. Every event is a frozen dataclass so it can be handed
from the SIP thread to the GUI thread in a queued signal without anyone mutating it.
Call ids are the engine's own integers (never pjsua2 ids), unique for the engine's life.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Transport(str, enum.Enum):
    UDP = "udp"
    TCP = "tcp"
    TLS = "tls"


class SrtpPolicy(str, enum.Enum):
    OFF = "off"
    OPTIONAL = "optional"
    MANDATORY = "mandatory"


class DtmfMethod(str, enum.Enum):
    RFC2833 = "rfc2833"
    SIP_INFO = "info"


class CallState(str, enum.Enum):
    CALLING = "calling"          # outgoing INVITE sent
    INCOMING = "incoming"        # offered to us, not answered
    EARLY = "early"              # 1xx with/without media
    CONNECTING = "connecting"    # 200 sent/received, waiting for ACK
    CONFIRMED = "confirmed"      # talking
    DISCONNECTED = "disconnected"


class CallDirection(str, enum.Enum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"


# --------------------------------------------------------------------------- settings in


@dataclass(frozen=True)
class SipAccountSettings:
    """What the engine needs to register one line. The password is passed in memory only."""

    registrar: str                      # host[:port], e.g. "127.0.0.1:5060" or "sip.center.example"
    domain: str                         # SIP domain of the AOR, e.g. "center.local"
    username: str
    password: str = field(repr=False, default="")
    auth_username: str = ""             # defaults to username
    display_name: str = ""
    transport: Transport = Transport.UDP
    outbound_proxy: str = ""            # host[:port]; empty = none
    register_expiry_s: int = 120
    keepalive_s: int = 15
    retry_interval_s: int = 15
    first_retry_interval_s: int = 1
    srtp: SrtpPolicy = SrtpPolicy.OFF
    dtmf: DtmfMethod = DtmfMethod.RFC2833


@dataclass(frozen=True)
class EngineSettings:
    """Endpoint-wide settings, fixed for one engine start."""

    bind_address: str = "127.0.0.1"     # address for SIP and RTP sockets ("" = all)
    public_address: str = ""            # advertised address; empty = bind_address
    sip_port: int = 0                   # 0 = any free port
    rtp_port: int = 0                   # 0 = any free range
    transports: tuple[Transport, ...] = (Transport.UDP, Transport.TCP)
    tls_ca_file: str = ""               # CA bundle for verifying the server; empty = system store
    tls_cert_file: str = ""             # our own certificate (optional, for a TLS listener)
    tls_key_file: str = ""
    tls_verify_server: bool = True
    user_agent: str = "AgentSoftphone"
    max_calls: int = 4
    log_level: int = 1
    # pjsip's own log lines (up to log_level; never SIP messages) go to this file, created
    # 0600 and emptied at start beyond STACK_LOG_MAX_BYTES; "" leaves them on stdout
    stack_log_file: str = ""
    stats_interval_s: float = 3.0
    # REFER / INVITE-with-Replaces from the network: "off" refuses them all (603); "registrar"
    # follows those from the line's registrar or outbound proxy host (anything else = off)
    allow_transfer_requests: str = "off"
    # out-of-dialog requests only from the line's registrar/outbound proxy address and port
    # (source_filter.py); no effect while the line has neither
    only_from_proxy: bool = True
    # the line check (health.py): "options" (an OPTIONS to our own AOR through the registrar
    # every line_check_interval_s), "register" (a re-REGISTER instead), "off"
    line_check: str = "options"
    line_check_interval_s: float = 5.0


# --------------------------------------------------------------------------- events out


@dataclass(frozen=True)
class EngineStarted:
    transports: tuple[tuple[str, str], ...]   # ((transport, "host:port"), ...)
    lib_version: str = ""                     # pjsua2's libVersion().full, e.g. "2.17"
    ssl_version: str = ""                     # the OpenSSL pjsua2 links, e.g. "3.0.19"; "" none


@dataclass(frozen=True)
class EngineStopped:
    pass


@dataclass(frozen=True)
class EngineError:
    """Something failed that the user should hear about; ``message`` is human-readable
    English (for the log), ``reason_code`` one of REASON_CODES when a MakeCall failed, or
    ``REINVITE_REFUSED`` when the other side refused a hold, resume or new address."""

    message: str
    detail: str = ""
    call_id: int | None = None
    reason_code: str = ""


@dataclass(frozen=True)
class RegistrationChanged:
    registered: bool
    code: int                     # last SIP status code (200, 401, 403, 408, 503, ...)
    reason: str                   # human-readable, e.g. "Wrong username or password"
    transport: str = ""           # "udp" | "tcp" | "tls"
    secure: bool = False          # TLS to the registrar
    expires: int = 0
    tls_version: str = ""         # e.g. "TLS 1.3" when the line runs over TLS
    tls_cipher: str = ""          # e.g. "TLS_AES_256_GCM_SHA384"
    tls_verify_off: bool = False  # TLS without server verification (IT's locked setting)
    problem: str = ""             # a message id (softphone.domain.messages) when the code alone
                                  # does not say why, e.g. "line.tls_certificate"


@dataclass(frozen=True)
class IncomingCall:
    call_id: int
    remote_uri: str
    number: str                   # user part of P-Asserted-Identity or From
    display_name: str             # as sent by the caller: untrusted text
    headers: tuple[tuple[str, str], ...] = ()   # every X- header of the INVITE, in order
    interaction_id: str = ""      # X-Interaction-Id, if any
    queue: str = ""               # X-Queue, if any
    waiting: bool = False         # another call is active (call waiting)


@dataclass(frozen=True)
class OutgoingCall:
    call_id: int
    remote_uri: str


@dataclass(frozen=True)
class CallStateChanged:
    call_id: int
    state: CallState
    direction: CallDirection
    code: int = 0
    reason: str = ""


@dataclass(frozen=True)
class CallMediaChanged:
    call_id: int
    active: bool                  # audio flowing (not on hold either side)
    local_hold: bool = False
    remote_hold: bool = False
    muted: bool = False
    secure: bool = False          # SRTP in use


# Why a call ended, stable for the desk to translate (the English ``reason`` is for the log;
# call.reason_code decides): "" a normal end (the call had connected) | "busy" 486/600 |
# "no_answer" 408/480/487 received, or an offer the caller gave up on | "declined" 603 |
# "unreachable" 404/410/484/604, 502/503 received, a name that does not resolve (pjsip's own
# 502), a bad address, a 3xx not followed, any other 4xx/6xx | "network" pjsip's own 408 (no
# answer at all) or 503 (transport error, refused connection), 401/407, any other 5xx, no
# line | "cancelled" the desk hung up or rejected it before it connected.
REINVITE_REFUSED = "reinvite_refused"
REASON_CODES = ("", "busy", "no_answer", "declined", "unreachable", "network", "cancelled")


@dataclass(frozen=True)
class CallEnded:
    call_id: int
    code: int
    reason: str                   # human-readable English, for the log
    duration_s: float = 0.0
    reason_code: str = ""         # one of REASON_CODES


@dataclass(frozen=True)
class ConferenceChanged:
    """The calls joined with the counselor (each hears the others); () when none is."""

    call_ids: tuple[int, ...]


@dataclass(frozen=True)
class CallStats:
    call_id: int
    codec: str
    jitter_ms: float
    loss_pct: float
    rtt_ms: float                 # 0.0 until measured (and on loopback it can measure 0)
    mos: float                    # E-model estimate, 1.0 .. 4.5
    rtt_measured: bool = False    # an RTCP report with a round-trip sample has arrived


@dataclass(frozen=True)
class TransferResult:
    call_id: int
    consult: bool
    ok: bool
    code: int
    reason: str


@dataclass(frozen=True)
class RequestRefused:
    """The engine refused a request that would have acted without the desk: a transfer
    request (REFER) or a call replacement (INVITE with Replaces) for one of our calls."""

    method: str                   # "REFER" | "INVITE/Replaces"
    code: int                     # what we answered, e.g. 603
    source: str = ""              # "host:port" it came from
    call_id: int | None = None    # the call it named
    target: str = ""              # the REFER's Refer-To (untrusted text)


@dataclass(frozen=True)
class DtmfReceived:
    call_id: int
    digit: str


@dataclass(frozen=True)
class AudioStatus:
    """The sound side as the counselor needs to know it."""

    input_device: str             # name in use, "" when none
    output_device: str
    ring_device: str
    input_ok: bool
    output_ok: bool
    notice: str = ""              # English, e.g. "Headset 'X' is not available: using ..."
    # the same notice as (template, args) pairs, for the UI to translate (context "Audio");
    # args that are themselves texts (device roles) are translated too, device names are not
    notice_parts: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @staticmethod
    def text(parts: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
        """The notice in English, one sentence per part."""
        return " ".join(template.format(*args) for template, args in parts)


@dataclass(frozen=True)
class MediaActivity:
    """How long each direction of the active call has been silent (sent with CallStats)."""

    call_id: int
    heard_silent_s: float         # the caller's audio reaching us has been silent this long
    mic_silent_s: float           # our microphone has been silent this long (0 while muted)


@dataclass(frozen=True)
class AnnouncementState:
    """A warning announcement (PlayAnnouncement) started (``playing``, reason "") or ended:
    reason "finished" | "stopped" (StopAnnouncement, a newer announcement, or the call left
    the headset: hold, another call) | "call_ended" | "failed: <English detail>" (then
    started_at == ended_at). Times are time.time() values; ended_at is 0.0 while playing."""

    call_id: int
    playing: bool
    reason: str
    started_at: float
    ended_at: float


@dataclass(frozen=True)
class EvidenceClip:
    """The last seconds of a call's audio (TakeEvidenceClip), in memory only: interleaved
    int16 LE, left = the caller, right = the counselor (or the announcement). On failure
    ``pcm`` is empty and ``error`` says why (English)."""

    call_id: int
    rate: int
    channels: int
    seconds: float
    pcm: bytes = field(repr=False, default=b"")
    error: str = ""


@dataclass(frozen=True)
class AudioLevel:
    dbfs: float                   # microphone level, for the meter


SipEvent = (
    EngineStarted | EngineStopped | EngineError | RegistrationChanged | IncomingCall
    | OutgoingCall | CallStateChanged | CallMediaChanged | CallEnded | CallStats
    | TransferResult | DtmfReceived | AudioStatus | AudioLevel | MediaActivity | RequestRefused
    | AnnouncementState | EvidenceClip | ConferenceChanged
)
