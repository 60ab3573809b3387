"""The line's security policy: the stricter of the center's answer and IT's (or the counselor's) settings.

Pure rules, no Qt, no pjsua2. Orders: SRTP ``off < optional < mandatory``, transport
``udp < tcp < tls``. The local value (after the settings' layering, where IT's locked keys
already beat the user's file) is a floor: the center may raise it, never lower it. SRTP
mandatory needs SIP over TLS (the keys travel in the SDP), so it raises the transport to
TLS; when TLS cannot be used the line is refused rather than weakened. TLS server
verification can be turned off only by a locked IT setting, and then stays visible.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

SRTP_ORDER = ("off", "optional", "mandatory")
TRANSPORT_ORDER = ("udp", "tcp", "tls")
TLS_MIN_VERSION = "1.2"           # 1.3 too where the TLS library has it


class Refusal(str, enum.Enum):
    """Why the line may not register ("" = it may)."""

    NONE = ""
    SRTP_NEEDS_TLS = "srtp_needs_tls"     # SRTP mandatory, but TLS cannot be used here
    TLS_UNAVAILABLE = "tls_unavailable"   # TLS required, but TLS cannot be used here


@dataclass(frozen=True)
class LocalSecurity:
    """The [sip] security settings of this computer, as layered (defaults < IT < user)."""

    transport: str = ""                   # "" = no floor; udp | tcp | tls
    srtp: str = ""                        # "" = no floor; off | optional | mandatory
    verify_server: bool = True            # sip.tls_verify_server
    locked: frozenset[str] = frozenset()  # IT's locked [sip] keys, without "sip."
    verify_source: str = "default"        # the layer tls_verify_server came from
    tls_port: int = 0                     # registrar TLS port when the center gave udp/tcp
    tls_available: bool = True            # the phone has a TLS transport


@dataclass(frozen=True)
class LinePolicy:
    """What the line uses, and why."""

    transport: str
    srtp: str
    secure_signaling: int                 # pjsua srtpSecureSignaling: 1 = SRTP keys only over TLS
    raised: tuple[str, ...] = ()          # keys made stricter than the center's answer
    refusal: Refusal = Refusal.NONE


@dataclass(frozen=True)
class Verification:
    """Whether the engine verifies the TLS server (certificate chain and host name)."""

    verify_server: bool
    warning: bool                         # off by IT's lock: a permanent warning is shown
    ignored: str = ""                     # the layer whose 'off' was ignored ("" = none)


def _rank(order: tuple[str, ...], value: str, what: str) -> int:
    v = (value or "").strip().lower()
    if v not in order:
        raise ValueError(f"{what} '{value}' is not one of {', '.join(order)}")
    return order.index(v)


def stricter(order: tuple[str, ...], *values: str) -> str:
    """The strictest of ``values`` in ``order``; empty values count as no floor."""
    ranks = [_rank(order, v, "value") for v in values if (v or "").strip()]
    if not ranks:
        raise ValueError("no value")
    return order[max(ranks)]


def secure_signaling(transport: str, srtp: str) -> int:
    """pjsua's srtpSecureSignaling: keys over TLS only (1) whenever SRTP is used on TLS."""
    return 1 if transport == "tls" and srtp != "off" else 0


def line_policy(center_transport: str, center_srtp: str, local: LocalSecurity) -> LinePolicy:
    """The effective transport and SRTP of the line. Raises ValueError on unknown values."""
    _rank(TRANSPORT_ORDER, center_transport, "transport")
    _rank(SRTP_ORDER, center_srtp, "srtp")
    srtp = stricter(SRTP_ORDER, center_srtp, local.srtp)
    transport = stricter(TRANSPORT_ORDER, center_transport, local.transport,
                         "tls" if srtp == "mandatory" else "")
    raised = tuple(k for k, eff, asked in (("transport", transport, center_transport),
                                           ("srtp", srtp, center_srtp))
                   if eff != asked.strip().lower())
    refusal = Refusal.NONE
    if transport == "tls" and not local.tls_available:
        refusal = Refusal.SRTP_NEEDS_TLS if srtp == "mandatory" else Refusal.TLS_UNAVAILABLE
    return LinePolicy(transport, srtp, secure_signaling(transport, srtp), raised, refusal)


def tls_verification(local: LocalSecurity) -> Verification:
    """On, unless IT locked ``sip.tls_verify_server = false``; any other 'off' is ignored."""
    if local.verify_server:
        return Verification(True, False)
    if "tls_verify_server" in local.locked and local.verify_source == "provisioning":
        return Verification(False, True)
    return Verification(True, False, ignored=local.verify_source)


def server_address(hostport: str, center_transport: str, policy: LinePolicy, tls_port: int) -> str:
    """The registrar's (or proxy's) host[:port] for the effective transport: when the policy
    raised the transport to TLS, the center's port is for udp/tcp, so IT's ``tls_port`` is
    used (none: the standard port, 5061)."""
    if not hostport or policy.transport != "tls" or center_transport.strip().lower() == "tls":
        return hostport
    host = hostport
    if hostport.startswith("["):                       # [v6]:port
        host = hostport[: hostport.find("]") + 1] or hostport
    elif hostport.count(":") == 1:
        host = hostport.split(":", 1)[0]
    return f"{host}:{int(tls_port)}" if tls_port else host
