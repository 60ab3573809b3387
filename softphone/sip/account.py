"""The SIP line: builds the pjsua2 account config from settings and forwards its callbacks."""

from __future__ import annotations

import logging
import os
import ssl

import pjsua2 as pj

from softphone.domain.security import secure_signaling
from softphone.sip import guard
from softphone.sip.events import SipAccountSettings, SrtpPolicy, Transport

log = logging.getLogger(__name__)

# TLS 1.2 at least; 1.3 where the TLS library has it (OpenSSL 1.0.2 in the 2.15.1 wheel does not)
TLS_PROTOCOLS = pj.PJ_SSL_SOCK_PROTO_TLS1_2 | pj.PJ_SSL_SOCK_PROTO_TLS1_3
_TLS_NAMES = ((pj.PJ_SSL_SOCK_PROTO_TLS1_3, "TLS 1.3"), (pj.PJ_SSL_SOCK_PROTO_TLS1_2, "TLS 1.2"),
              (pj.PJ_SSL_SOCK_PROTO_TLS1_1, "TLS 1.1"), (pj.PJ_SSL_SOCK_PROTO_TLS1, "TLS 1.0"))
_SRTP = {SrtpPolicy.OFF: pj.PJMEDIA_SRTP_DISABLED,
         SrtpPolicy.OPTIONAL: pj.PJMEDIA_SRTP_OPTIONAL,
         SrtpPolicy.MANDATORY: pj.PJMEDIA_SRTP_MANDATORY}

REASONS = {
    401: "Wrong username or password",
    403: "Wrong username or password",
    404: "Unknown user on this server: check the username and domain",
    407: "Wrong username or password",
    408: "The server did not answer: check the network or VPN",
    423: "The server wants a longer registration interval",
    480: "The server is temporarily unavailable",
    500: "The server reported an internal error",
    502: "The server could not be reached (bad gateway)",
    503: "The server could not be reached: check the network or VPN",
    504: "The server timed out",
}


def reg_reason(code: int, sip_reason: str) -> str:
    """Human-readable text for a registration result."""
    if 200 <= code < 300:
        return "Registered"
    return REASONS.get(code, f"Registration failed ({code} {sip_reason})".strip())


def tls_config(tls: pj.TlsConfig, ca_file: str, verify: bool, cert_file: str = "",
               key_file: str = "") -> None:
    """Client TLS: the CA list, verification of the server's chain and of its host name
    (pjsip checks the certificate against the registrar/proxy host it connects to), TLS 1.2+."""
    tls.CaListFile = ca_file
    tls.verifyServer = bool(verify)
    tls.method = pj.PJSIP_TLSV1_2_METHOD
    tls.proto = TLS_PROTOCOLS            # overrides ``method``: 1.2 and 1.3, nothing older
    if cert_file and key_file:
        tls.certFile, tls.privKeyFile = cert_file, key_file


def system_ca_file() -> str:
    """The OS CA bundle for verifying servers when IT provisions no CA file."""
    paths = ssl.get_default_verify_paths()
    for p in (paths.cafile, paths.openssl_cafile, "/etc/ssl/certs/ca-certificates.crt",
              "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"):
        if p and os.path.exists(p):
            return p
    return ""


def tls_version(protocols: int, cipher: str) -> str:
    """The negotiated version, from pjsip's TlsInfo: ``protocol`` is the set the socket allowed,
    so a TLS 1.3 cipher suite (TLS_AES_*, TLS_CHACHA20_*) tells 1.3 from the rest."""
    allowed = [name for bit, name in _TLS_NAMES if protocols & bit]
    if cipher.upper().startswith(("TLS_AES_", "TLS_CHACHA20_")) and "TLS 1.3" in allowed:
        return "TLS 1.3"
    older = [name for name in allowed if name != "TLS 1.3"]
    return older[0] if older else (allowed[0] if allowed else "TLS")


def _uri_params(transport: Transport) -> str:
    return "" if transport == Transport.UDP else f";transport={transport.value}"


def build_config(s: SipAccountSettings, transport_id: int, bind: str, public: str,
                 rtp_port: int, random_retry_s: int = 2) -> pj.AccountConfig:
    """Translate our settings into a pjsua2 AccountConfig (nothing else is read)."""
    ac = pj.AccountConfig()
    name = s.display_name.replace('"', "").replace("\\", "")
    aor = f"sip:{s.username}@{s.domain}"
    ac.idUri = f'"{name}" <{aor}>' if name else aor
    params = _uri_params(s.transport)
    ac.regConfig.registrarUri = f"sip:{s.registrar}{params}"
    ac.regConfig.timeoutSec = max(10, int(s.register_expiry_s))
    ac.regConfig.retryIntervalSec = max(1, int(s.retry_interval_s))
    ac.regConfig.firstRetryIntervalSec = max(1, int(s.first_retry_interval_s))
    ac.regConfig.randomRetryIntervalSec = max(0, int(random_retry_s))
    ac.regConfig.dropCallsOnFail = False
    ac.regConfig.unregWaitMsec = 1000
    if s.outbound_proxy:
        ac.sipConfig.proxies.append(f"sip:{s.outbound_proxy};lr{params}")
    ac.sipConfig.authCreds.append(
        pj.AuthCredInfo("digest", "*", s.auth_username or s.username, 0, s.password))
    ac.sipConfig.transportId = transport_id
    ac.natConfig.udpKaIntervalSec = max(0, int(s.keepalive_s))
    ac.natConfig.sipOutboundUse = 0
    ac.natConfig.iceEnabled = False
    # Bound to every interface with nothing to advertise (a counselor's laptop on a VPN): the
    # address the registrar saw (Via received: the tunnel's) goes into the Contact and the
    # SDP, not the default route's. 2: even when that one looks public and the registrar's
    # address private (pjsip's guard against broken NATs would keep the wrong one).
    wildcard = not (public or bind)
    ac.natConfig.contactRewriteUse = 2 if wildcard else 1
    ac.natConfig.sdpNatRewriteUse = 1 if wildcard else 0
    ac.mediaConfig.srtpUse = _SRTP[SrtpPolicy(s.srtp)]
    # SRTP keys only over TLS when the line is on TLS (line_policy makes mandatory mean TLS)
    ac.mediaConfig.srtpSecureSignaling = secure_signaling(Transport(s.transport).value,
                                                          SrtpPolicy(s.srtp).value)
    ac.mediaConfig.transportConfig.port = int(rtp_port)
    if bind:
        ac.mediaConfig.transportConfig.boundAddress = bind
    if public or bind:
        ac.mediaConfig.transportConfig.publicAddress = public or bind
    # after Endpoint.handleIpChange (health.py): re-register with the new Contact, then
    # re-INVITE confirmed calls with new media transports, Contact and Via; never hang up
    ac.ipChangeConfig.shutdownTp = True
    ac.ipChangeConfig.hangupCalls = False
    ac.ipChangeConfig.reinviteFlags = (pj.PJSUA_CALL_REINIT_MEDIA | pj.PJSUA_CALL_UPDATE_CONTACT
                                       | pj.PJSUA_CALL_UPDATE_VIA)
    ac.videoConfig.autoTransmitOutgoing = False
    ac.videoConfig.autoShowIncoming = False
    return ac


class Line(pj.Account):
    """pjsua2 Account whose callbacks only translate and hand over to ``owner``."""

    def __init__(self, owner, settings: SipAccountSettings) -> None:
        pj.Account.__init__(self)
        self.owner = owner
        self.settings = settings
        guard.install()        # once per endpoint: refuse requests no call or line asked for

    def onRegState(self, prm) -> None:
        try:
            self.owner.on_reg_state(self, int(prm.code), str(prm.reason), int(prm.expiration))
        except BaseException:  # noqa: BLE001 - nothing may escape a director callback
            log.exception("onRegState handler failed")

    def onIncomingCall(self, prm) -> None:
        try:
            self.owner.on_incoming_call(self, int(prm.callId), str(prm.rdata.wholeMsg))
        except BaseException:  # noqa: BLE001
            log.exception("onIncomingCall handler failed")

    def onIncomingSubscribe(self, prm) -> None:
        try:
            # presence is not offered (and 2.15.1 has a known use-after-free there)
            prm.code = 403
            prm.reason = "Presence not supported"
        except BaseException:  # noqa: BLE001
            log.exception("onIncomingSubscribe handler failed")
