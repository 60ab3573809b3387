"""One call: the pjsua2 Call subclass that forwards callbacks, and readers for media and stats."""

from __future__ import annotations

import logging
import time

import pjsua2 as pj

from softphone.sip.emodel import estimate_mos
from softphone.sip.events import CallDirection, CallState, CallStats

log = logging.getLogger(__name__)

STATES = {
    pj.PJSIP_INV_STATE_NULL: CallState.CALLING,
    pj.PJSIP_INV_STATE_CALLING: CallState.CALLING,
    pj.PJSIP_INV_STATE_INCOMING: CallState.INCOMING,
    pj.PJSIP_INV_STATE_EARLY: CallState.EARLY,
    pj.PJSIP_INV_STATE_CONNECTING: CallState.CONNECTING,
    pj.PJSIP_INV_STATE_CONFIRMED: CallState.CONFIRMED,
    pj.PJSIP_INV_STATE_DISCONNECTED: CallState.DISCONNECTED,
}

END_REASONS = {
    200: "Call ended",
    408: "No answer (timeout)",
    480: "Not available",
    486: "Busy",
    487: "Call cancelled",
    488: "The other side refused the media (e.g. encryption required or not supported)",
    603: "Declined",
}


def end_reason(code: int, sip_reason: str, srtp_mandatory: bool) -> str:
    if code == 488 and srtp_mandatory:
        return ("Encrypted audio (SRTP) is required but the other side does not support it")
    if code in END_REASONS:
        return END_REASONS[code]
    if code >= 500:
        return f"Call failed on the network or server ({code} {sip_reason})"
    return f"{sip_reason} ({code})" if sip_reason else f"Call ended ({code})"


_BUSY, _NO_ANSWER, _DECLINED = {486, 600}, {408, 480, 487}, {603}
_UNREACHABLE = {404, 410, 484, 502, 503, 604}
_BAD_ADDRESS = ("EINVALIDURI", "EINVALIDREQURI", "EINVALIDSCHEME", "ERESOLVE", "NXDOMAIN")


def reason_code(code: int, *, connected: bool, incoming: bool, by_us: bool,
                local: bool, answered: bool = False) -> str:
    """The stable code of events.REASON_CODES for how a call ended. ``local``: pjsip made the
    final status itself (a timer or a transport error), nothing came from the network;
    ``by_us``: the desk hung up or rejected it before it was connected."""
    if connected:
        return ""
    if by_us:
        return "cancelled"
    if incoming:       # an offer: the caller gave up (or an answer whose ACK never came)
        return "network" if answered else "no_answer"
    if local:          # 502 is pjsip's "the name did not resolve"; 408 no answer at all
        return "unreachable" if code == 502 else "network"
    for codes, name in ((_BUSY, "busy"), (_NO_ANSWER, "no_answer"), (_DECLINED, "declined"),
                        (_UNREACHABLE, "unreachable")):
        if code in codes:
            return name
    if code in (401, 407) or 500 <= code < 600 or code < 300:
        return "network"
    return "unreachable"           # a 3xx not followed, another 4xx or 6xx: not callable


def make_call_failure(error: BaseException) -> str:
    """The reason code for a MakeCall that pjsua refused at once (no call was placed)."""
    text = f"{getattr(error, 'reason', '')} {getattr(error, 'title', '')}".upper()
    return "unreachable" if any(k in text for k in _BAD_ADDRESS) else "network"


class CallHandle(pj.Call):
    """pjsua2 Call: engine id, direction and timing; callbacks go to ``owner``.

    ``owned``: the desk commanded this call (MakeCall, or Answer of an offer it was shown);
    only an owned call may carry the counselor's audio (``calls.py``)."""

    def __init__(self, owner, account, engine_id: int, direction: CallDirection,
                 pj_call_id: int = pj.PJSUA_INVALID_ID) -> None:
        pj.Call.__init__(self, account, pj_call_id)
        self.owner = owner
        self.line = account
        self.owned = False
        self.offered = False           # IncomingCall went to the desk for it
        self.refer_source = ""         # "host:port" the REFER being handled came from
        self.media_refused = False     # it had audio while not owned (being hung up)
        self.refusals = 0              # REFER / Replaces refused for it so far
        self.engine_id = engine_id
        self.direction = direction
        self.confirmed_at = 0.0
        self.reinvite_pending = False  # a re-INVITE of ours has no final answer yet
        self.local_hold = False
        self.remote_hold = False
        self.muted = False
        self.media_active = False
        self.secure = False
        self.ended = False
        self.answered = False          # we sent 200 (incoming)
        self.ringing = False           # the desk asked the ring tone to sound for this call
        self.by_us = False             # the desk hung up or rejected it before it connected
        self.end_local = False         # the final status was pjsip's own, not received
        self.reason_code = ""          # set when it ends (call.reason_code)
        self.created = time.monotonic()

    def onCallState(self, prm) -> None:
        try:
            self.owner.on_call_state(self, prm)
        except BaseException:  # noqa: BLE001 - nothing may escape a director callback
            log.exception("onCallState handler failed")

    @staticmethod
    def ended_locally(prm) -> bool:
        """Whether the state change in ``prm`` (an OnCallStateParam, valid inside onCallState
        only) was pjsip's own (a timer, the transport) rather than a message received. Read
        for the last change only, not for the three between an INVITE and its 200."""
        e = prm.e
        return not (e.type == pj.PJSIP_EVENT_TSX_STATE
                    and e.body.tsxState.type == pj.PJSIP_EVENT_RX_MSG)

    def onCallMediaState(self, prm) -> None:
        try:
            self.owner.on_call_media_state(self)
        except BaseException:  # noqa: BLE001
            log.exception("onCallMediaState handler failed")

    def onCallTransferStatus(self, prm) -> None:
        try:
            self.owner.on_transfer_status(self, int(prm.statusCode), str(prm.reason),
                                          bool(prm.finalNotify))
            prm.cont = not prm.finalNotify
        except BaseException:  # noqa: BLE001
            log.exception("onCallTransferStatus handler failed")

    def onCallTsxState(self, prm) -> None:
        """pjsua calls this before it acts on a REFER: remember where the REFER came from.
        Also: whether a re-INVITE of ours is under way (sent, no final answer yet), and when
        the other side refused one."""
        try:
            tsx = prm.e.body.tsxState.tsx
            if tsx.role == pj.PJSIP_ROLE_UAS and tsx.state == pj.PJSIP_TSX_STATE_TRYING \
                    and str(tsx.method).upper() == "REFER":
                self.refer_source = str(prm.e.body.tsxState.src.rdata.srcAddress)
            elif tsx.role == pj.PJSIP_ROLE_UAC and self.confirmed_at \
                    and str(tsx.method).upper() == "INVITE":
                self.reinvite_pending = tsx.state < pj.PJSIP_TSX_STATE_COMPLETED
                if tsx.state == pj.PJSIP_TSX_STATE_COMPLETED and tsx.statusCode >= 300 \
                        and tsx.statusCode not in (401, 407, 422):   # pjsua asks again
                    self.owner.on_reinvite_refused(self, int(tsx.statusCode))
        except BaseException:  # noqa: BLE001
            log.exception("onCallTsxState handler failed")

    def onCallReplaceRequest(self, prm) -> None:
        """An INVITE with Replaces for this call: refused (603) unless ``owner`` allows it.
        ``prm.reason`` stays as pjsua2 filled it ("OK", 2 characters): pjsua then uses the
        code's standard text, whereas a reason of ours would reach pjsua as a pointer into
        pjsua2's copy of ``prm``, gone by the time the answer is built."""
        prm.statusCode = 603                     # fail closed: an error below refuses too
        try:
            prm.statusCode = self.owner.on_replace_request(self, str(prm.rdata.srcAddress))
        except BaseException:  # noqa: BLE001
            log.exception("onCallReplaceRequest handler failed")

    def onCallReplaced(self, prm) -> None:
        try:
            new = self.owner.on_call_replaced(self, int(prm.newCallId))
            if new is not None:
                prm.newCall = new
        except BaseException:  # noqa: BLE001
            log.exception("onCallReplaced handler failed")

    def onCallTransferRequest(self, prm) -> None:
        """A REFER in this call's dialog: pjsua answers ``prm.statusCode`` (603 unless
        ``owner`` allows the transfer) and dials nobody when it is 300 or more."""
        prm.statusCode = 603                     # fail closed: an error below refuses too
        try:
            code, new = self.owner.on_transfer_request(self, str(prm.dstUri))
            prm.statusCode = code
            if new is not None and code < 300:
                prm.newCall = new
        except BaseException:  # noqa: BLE001
            log.exception("onCallTransferRequest handler failed")

    def onDtmfDigit(self, prm) -> None:
        try:
            self.owner.on_dtmf(self, str(prm.digit))
        except BaseException:  # noqa: BLE001
            log.exception("onDtmfDigit handler failed")


def media_state(call: CallHandle) -> tuple[bool, bool, bool, bool]:
    """(active, local_hold, remote_hold, secure) for the call's first audio stream."""
    info = call.getInfo()
    for i, m in enumerate(info.media):
        if m.type != pj.PJMEDIA_TYPE_AUDIO:
            continue
        st = m.status
        local_hold = st == pj.PJSUA_CALL_MEDIA_LOCAL_HOLD
        remote_hold = st == pj.PJSUA_CALL_MEDIA_REMOTE_HOLD
        active = st == pj.PJSUA_CALL_MEDIA_ACTIVE
        secure = False
        if st != pj.PJSUA_CALL_MEDIA_NONE and st != pj.PJSUA_CALL_MEDIA_ERROR:
            secure = _srtp_active(call, i)
        return active, local_hold, remote_hold, secure
    return False, False, False, False


def _srtp_active(call: CallHandle, index: int) -> bool:
    """SRTP in use on this stream: RTP/SAVP negotiated, or SDES keys accepted on RTP/AVP
    (optional SRTP keeps the AVP profile; only the call dump shows the SRTP state)."""
    try:
        if call.getStreamInfo(index).proto in (
                pj.PJMEDIA_TP_PROTO_RTP_SAVP, pj.PJMEDIA_TP_PROTO_RTP_SAVPF,
                pj.PJMEDIA_TP_PROTO_DTLS_SRTP, pj.PJMEDIA_TP_PROTO_DTLS_SRTPF):
            return True
        return "SRTP status: Active" in call.dump(True, "")
    except pj.Error:
        return False


def read_stats(call: CallHandle) -> CallStats | None:
    """RTCP-based quality of the call's audio stream, or None when there is no stream yet."""
    info = call.getInfo()
    for i, m in enumerate(info.media):
        if m.type != pj.PJMEDIA_TYPE_AUDIO or m.status == pj.PJSUA_CALL_MEDIA_NONE:
            continue
        si = call.getStreamInfo(i)
        st = call.getStreamStat(i)
        rx = st.rtcp.rxStat
        jitter_ms = rx.jitterUsec.mean / 1000.0 if rx.jitterUsec.n else 0.0
        received = rx.pkt
        lost = rx.loss
        loss_pct = 100.0 * lost / (received + lost) if received + lost else 0.0
        rtt = st.rtcp.rttUsec
        rtt_ms = (rtt.mean if rtt.n else 0) / 1000.0
        codec = f"{si.codecName}/{si.codecClockRate}"
        return CallStats(call_id=call.engine_id, codec=codec, jitter_ms=round(jitter_ms, 2),
                         loss_pct=round(loss_pct, 2), rtt_ms=round(rtt_ms, 2),
                         mos=estimate_mos(si.codecName, rtt_ms, jitter_ms, loss_pct),
                         rtt_measured=rtt.n > 0)
    return None
