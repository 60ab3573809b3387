"""Call commands and call callbacks of the SIP worker (a mixin; runs on the SIP thread only)."""

from __future__ import annotations

import logging
import time
import weakref

import pjsua2 as pj

from softphone.sip.call import (
    STATES, CallHandle, end_reason, make_call_failure, media_state, read_stats, reason_code)
from softphone.sip.commands import (
    Answer, BlindTransfer, ConsultTransfer, Hangup, Hold, MakeCall, Reject, Resume, Ring,
    SendDtmf, SetMute, handles,
)
from softphone.sip.events import (
    CallDirection, CallEnded, CallMediaChanged, CallState, CallStateChanged, DtmfMethod,
    DtmfReceived, EngineError, IncomingCall, OutgoingCall, RequestRefused, SrtpPolicy, Transport,
    TransferResult,
)
from softphone.sip.guard import from_registrar
from softphone.sip.sipmsg import parse_caller

log = logging.getLogger(__name__)

GRAVE_S = 2.0     # keep replaced Account objects this long before dropping our reference


class CallCommands:
    """Owns the engine-id -> CallHandle map; expects the worker's emit/defer/ep/line/media
    and ``settings`` (EngineSettings: whether transfer requests may be followed)."""

    def __init__(self) -> None:
        self.calls: dict[int, CallHandle] = {}
        self.graveyard: list[tuple[float, object]] = []
        self.transfers: dict[int, bool] = {}     # engine id -> consult?

    # ------------------------------------------------------------------ helpers
    def _call(self, cid: int) -> CallHandle | None:
        call = self.calls.get(cid)
        if call is None or call.ended:
            self.emit(EngineError("That call is no longer there", call_id=cid))
        return None if call is None or call.ended else call

    def _target_uri(self, uri: str) -> str:
        uri = uri.strip()
        if uri.lower().startswith(("sip:", "sips:", "tel:")):
            return uri
        s = self.line_settings
        host = s.domain if s.outbound_proxy else s.registrar
        params = "" if Transport(s.transport) == Transport.UDP else f";transport={s.transport.value}"
        if "@" in uri:
            return f"sip:{uri}{params}"
        return f"sip:{uri}@{host}{params}"

    def _stop_ringing(self, call: CallHandle) -> None:
        """``call`` no longer rings (answered or ended): the tone (or the call-waiting beep)
        stops unless another call the desk rang still rings. A call never rung changes nothing."""
        if not call.ringing:
            return
        call.ringing = False
        self.update_alert()

    def _hold_others(self, keep: int) -> None:
        """Hold every other connected call; a conference's members stay when ``keep`` is one."""
        joined = self.conf_members if keep in self.conf_members else ()
        for other in list(self.calls.values()):
            if other.engine_id != keep and other.engine_id not in joined \
                    and other.confirmed_at and not other.ended and not other.local_hold:
                self.hold_call(other)

    def _not_placed(self, cid: int, message: str, detail: str, code: str) -> None:
        self.emit(EngineError(message, detail=detail, call_id=cid, reason_code=code))
        self.emit(CallEnded(cid, 0, message, reason_code=code))

    # ------------------------------------------------------------------ commands
    @handles(MakeCall)
    def cmd_make_call(self, c: MakeCall) -> None:
        cid, uri = c.call_id, c.uri
        if self.line is None:
            self._not_placed(cid, "No SIP line: log in first", "", "network")
            return
        target = self._target_uri(uri)
        call = CallHandle(self, self.line, cid, CallDirection.OUTGOING)
        call.owned = True                  # the desk dialled it
        self.calls[cid] = call
        self.emit(OutgoingCall(cid, target))
        self._hold_others(cid)
        try:
            call.makeCall(target, pj.CallOpParam(True))
        except Exception as e:  # noqa: BLE001 - pj.Error; the desk must hear why, always
            detail = e.info() if isinstance(e, pj.Error) else repr(e)
            self.calls.pop(cid, None)      # on_call_state may have taken it out already
            if call.ended:                 # ... and said CallEnded (a name that did not resolve)
                self.emit(EngineError("The call could not be placed", detail=detail,
                                      call_id=cid, reason_code=call.reason_code))
            else:
                call.ended = True
                self._not_placed(cid, f"The call could not be placed: {getattr(e, 'reason', e)}",
                                 detail, make_call_failure(e))
            return
        if not call.ended:
            self.emit(CallStateChanged(cid, CallState.CALLING, CallDirection.OUTGOING))

    @handles(Answer)
    def cmd_answer(self, c: Answer) -> None:
        cid = c.call_id
        call = self._call(cid)
        if call is None or call.confirmed_at or call.answered:
            return
        self._hold_others(cid)
        prm = pj.CallOpParam(True)
        prm.statusCode = 200
        call.owned = call.owned or (call.direction == CallDirection.INCOMING and call.offered)
        call.answer(prm)
        call.answered = True
        self._stop_ringing(call)

    @handles(Ring)
    def cmd_ring(self, c: Ring) -> None:
        """The desk wants this offered call to ring. Quietly ignored when the call was
        answered, ended or is not an incoming offer: the desk may ask as the caller gives up."""
        call = self.calls.get(c.call_id)
        if call is None or call.ended or call.answered or call.confirmed_at \
                or call.direction != CallDirection.INCOMING or call.ringing:
            return
        call.ringing = True
        self.update_alert()            # the ring device, or the beep while in a call

    @handles(Reject)
    def cmd_reject(self, c: Reject) -> None:
        call = self._call(c.call_id)
        if call is None:
            return
        prm = pj.CallOpParam(True)
        prm.statusCode = c.code if c.code in (486, 603, 480) else 486
        call.by_us = True
        call.hangup(prm)

    @handles(Hangup)
    def cmd_hangup(self, c: Hangup) -> None:
        call = self._call(c.call_id)
        if call is not None:
            call.by_us = call.by_us or not call.confirmed_at
            call.hangup(pj.CallOpParam(True))

    @handles(Hold)
    def cmd_hold(self, c: Hold) -> None:
        cid = c.call_id
        call = self._call(cid)
        if call is None or call.local_hold:
            return
        self.hold_call(call)           # multicall.py: out of a conference first

    @handles(Resume)
    def cmd_resume(self, c: Resume) -> None:
        cid = c.call_id
        call = self._call(cid)
        if call is None:
            return
        self._hold_others(cid)
        call.local_hold = False
        prm = pj.CallOpParam(True)
        prm.opt.flag = pj.PJSUA_CALL_UNHOLD
        call.reinvite(prm)

    @handles(SetMute)
    def cmd_set_mute(self, c: SetMute) -> None:
        call = self._call(c.call_id)
        if call is None:
            return
        call.muted = bool(c.muted)
        self.media.set_muted(call.muted)
        self._emit_media(call)

    @handles(SendDtmf)
    def cmd_send_dtmf(self, c: SendDtmf) -> None:
        call = self._call(c.call_id)
        if call is None:
            return
        digits = "".join(d for d in str(c.digits) if d in "0123456789*#ABCDabcd")
        if not digits:
            return
        prm = pj.CallSendDtmfParam()
        prm.digits = digits
        info = self.line_settings.dtmf if self.line_settings else DtmfMethod.RFC2833
        prm.method = (pj.PJSUA_DTMF_METHOD_SIP_INFO if DtmfMethod(info) == DtmfMethod.SIP_INFO
                      else pj.PJSUA_DTMF_METHOD_RFC2833)
        call.sendDtmf(prm)

    @handles(BlindTransfer)
    def cmd_blind_transfer(self, c: BlindTransfer) -> None:
        call = self._call(c.call_id)
        if call is None:
            return
        self.transfers[c.call_id] = False
        call.xfer(self._target_uri(c.target), pj.CallOpParam(True))

    @handles(ConsultTransfer)
    def cmd_consult_transfer(self, c: ConsultTransfer) -> None:
        call, dest = self._call(c.call_id), self._call(c.other_call_id)
        if call is None or dest is None:
            return
        if {c.call_id, c.other_call_id} & set(self.conf_members):
            self.unjoin_for_transfer(keep=c.other_call_id)
        self.transfers[c.call_id] = True
        call.xferReplaces(dest, pj.CallOpParam(True))

    # ------------------------------------------------------------------ callbacks
    def on_incoming_call(self, line, pj_id: int, message: str) -> None:
        cid = self.alloc_id()
        call = CallHandle(self, line, cid, CallDirection.INCOMING, pj_id)
        self.calls[cid] = call
        caller = parse_caller(message)
        waiting = any(c.confirmed_at and not c.ended for c in self.calls.values()
                      if c is not call)
        call.offered = True
        self.emit(IncomingCall(call_id=cid, remote_uri=caller.from_uri, number=caller.number,
                               display_name=caller.display_name, headers=caller.headers,
                               interaction_id=caller.interaction_id, queue=caller.queue,
                               waiting=waiting))
        if self.ring_inside:               # 2.17: the 180 leaves from inside the callback
            self._offer(cid)
        else:                              # 2.15.1 crash pattern: not inside onIncomingCall
            self.defer(lambda: self._offer(cid))

    def _offer(self, cid: int) -> None:
        """The offer leaves for the desk, then 180 Ringing (ringback without waiting for the
        desk: it decides meanwhile); the tone waits for Ring, only the desk answers/rejects."""
        self._flush()
        call = self.calls.get(cid)
        if call is None or call.ended or call.answered:
            return
        prm = pj.CallOpParam(True)
        prm.statusCode = 180
        call.answer(prm)

    def on_call_state(self, call: CallHandle, prm=None) -> None:     # prm: OnCallStateParam
        st, code, reason = self.call_state.read(call)      # callstate.py: in C where it can
        state = STATES.get(st, CallState.CALLING)
        cid = call.engine_id
        if cid not in self.calls and not call.ended:
            self.calls[cid] = call          # a call pjsua2 made for us (transfer request)
        if state == CallState.CONFIRMED and not call.confirmed_at:
            call.confirmed_at = time.monotonic()
            self.update_alert()            # a second call ringing now beeps instead
        if state != CallState.DISCONNECTED:
            self.emit(CallStateChanged(cid, state, call.direction, code, reason))
            return
        if call.ended:
            return
        call.ended = True
        call.end_local = prm is not None and call.ended_locally(prm)
        self.media.detach(cid)
        self.calls.pop(cid, None)
        self.transfers.pop(cid, None)
        call.ringing = False
        self.update_alert()                # a call still ringing may take the ring device
        mandatory = bool(self.line_settings and SrtpPolicy(self.line_settings.srtp)
                         == SrtpPolicy.MANDATORY)
        duration = time.monotonic() - call.confirmed_at if call.confirmed_at else 0.0
        call.reason_code = reason_code(code, connected=bool(call.confirmed_at),
                                       incoming=call.direction == CallDirection.INCOMING,
                                       by_us=call.by_us, local=call.end_local,
                                       answered=call.answered)
        self.emit(CallStateChanged(cid, state, call.direction, code, reason))
        self.emit(CallEnded(cid, code, end_reason(code, reason, mandatory), round(duration, 3),
                            call.reason_code))
        self.leave_conference(cid)         # the others stay joined (multicall.py)
        # Our last reference is gone: the Call is deleted as this callback returns (pjsua2's
        # pattern); kept longer, it hung up a call reusing its slot (BYE/603 under load).

    def on_call_media_state(self, call: CallHandle) -> None:
        """pjsua calls this inside an answer, before the 200 leaves: handled once the callback
        has unwound (nothing else runs here meanwhile; a weak reference: never keep a Call
        past its DISCONNECTED callback), so the 200 does not wait for us."""
        ref = weakref.ref(call)
        self.defer(lambda: self._media_state(ref()))

    def _media_state(self, call: CallHandle | None) -> None:
        if call is None or call.ended:
            return
        active, lh, rh, secure = media_state(call)
        call.media_active, call.remote_hold, call.secure = active, rh, secure
        call.local_hold = lh or (call.local_hold and not active)
        if active and not call.owned:
            self._refuse_media(call)
            return
        if call.engine_id in self.conf_members:
            self.rewire()                  # joined again once its audio flows
        elif active and not call.local_hold:
            self.media.attach(call.engine_id, call.getAudioMedia(-1))
            self.media.set_muted(call.muted)
        else:
            self.media.detach(call.engine_id)
        self._emit_media(call)

    def _refuse_media(self, call: CallHandle) -> None:
        """A call the desk never placed nor answered has audio: it never reaches the sink
        (the counselor's microphone); it is hung up on the next loop turn and the desk told."""
        self.media.detach(call.engine_id)
        if call.media_refused:
            return
        call.media_refused = True
        cid = call.engine_id
        log.warning("call %d has audio but the desk did not place or answer it: hanging up", cid)
        self.emit(EngineError("A call that you did not place or answer was connected by the "
                              "network: it was hung up and never heard your microphone",
                              detail=f"engine call {cid}"))
        self.defer(lambda: self._hangup_if_there(cid))

    def _emit_media(self, call: CallHandle) -> None:
        self.emit(CallMediaChanged(call.engine_id, active=call.media_active and not call.local_hold,
                                   local_hold=call.local_hold, remote_hold=call.remote_hold,
                                   muted=call.muted, secure=call.secure))

    def on_transfer_status(self, call: CallHandle, code: int, reason: str, final: bool) -> None:
        if not final and code < 200:
            return
        consult = self.transfers.pop(call.engine_id, False)
        ok = 200 <= code < 300
        self.emit(TransferResult(call.engine_id, consult, ok, code,
                                 "Transferred" if ok else f"Transfer failed: {reason} ({code})"))
        if ok:
            cid = call.engine_id
            self.defer(lambda: self._hangup_if_there(cid))

    def _hangup_if_there(self, cid: int) -> None:
        call = self.calls.get(cid)
        if call is not None and not call.ended:
            call.hangup(pj.CallOpParam(True))

    def _network_may_move(self, call: CallHandle, source: str) -> bool:
        """A transfer request (REFER) or a replacement (INVITE with Replaces) is followed only
        with ``allow_transfer_requests = registrar`` and only when it came from the line's
        registrar or outbound proxy host; never for a call that is over."""
        s = self.line_settings
        return (getattr(self.settings, "allow_transfer_requests", "off") == "registrar"
                and s is not None and self.line is not None and not call.ended
                and from_registrar(source, s.registrar, s.outbound_proxy,
                                   5061 if Transport(s.transport) == Transport.TLS else 5060))

    def on_transfer_request(self, call: CallHandle, dst: str) -> tuple[int, CallHandle | None]:
        """(code pjsua answers the REFER with, the Call it dials when the code is 2xx)."""
        source, call.refer_source = call.refer_source, ""
        if not self._network_may_move(call, source):
            self._refused(call, RequestRefused("REFER", 603, source, call.engine_id, dst))
            return 603, None
        new = CallHandle(self, call.line, self.alloc_id(), CallDirection.OUTGOING)
        new.owned = call.owned             # the counselor's call, moved by the phone system
        self.calls[new.engine_id] = new
        self.emit(OutgoingCall(new.engine_id, dst))
        self.emit(EngineError(f"The phone system transferred your call to {dst}",
                              detail=f"engine call {call.engine_id} -> {new.engine_id}"))
        return 202, new

    def on_replace_request(self, call: CallHandle, source: str) -> int:
        if not self._network_may_move(call, source):
            self._refused(call, RequestRefused("INVITE/Replaces", 603, source, call.engine_id))
            return 603
        return 200

    def _refused(self, call: CallHandle, ev: RequestRefused) -> None:
        call.refusals += 1
        if call.refusals <= 3:        # a peer repeating it must not flood the log or the desk
            log.warning("%s from %s for call %d refused", ev.method, ev.source or "?",
                        call.engine_id)
            self.emit(ev)

    def on_call_replaced(self, call: CallHandle, new_pj_id: int) -> CallHandle | None:
        """Only after on_replace_request allowed it: the new call takes the old one's place."""
        new = CallHandle(self, call.line, self.alloc_id(), call.direction, new_pj_id)
        new.owned = call.owned
        self.calls[new.engine_id] = new
        uri = str(new.getInfo().remoteUri)
        self.emit(OutgoingCall(new.engine_id, uri))
        self.emit(EngineError(f"The phone system replaced your call with one to {uri}",
                              detail=f"engine call {call.engine_id} -> {new.engine_id}"))
        return new

    def on_dtmf(self, call: CallHandle, digit: str) -> None:
        self.emit(DtmfReceived(call.engine_id, digit))

    # ------------------------------------------------------------------ periodic
    def emit_stats(self) -> None:
        for call in list(self.calls.values()):
            if call.ended or not call.confirmed_at or not call.media_active:
                continue
            try:
                st = read_stats(call)
            except pj.Error:
                continue
            if st is not None:
                self.emit(st)

    def reap(self) -> None:
        """Drop our references to replaced accounts a little after pjsua2 is done with them."""
        now = time.monotonic()
        self.graveyard = [(t, o) for t, o in self.graveyard if now - t < GRAVE_S]
