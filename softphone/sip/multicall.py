"""More than one call at once: the call-waiting beep and the three-way conference (a mixin of the SIP worker; SIP thread only).

**Alerting.** A call the desk rings (Ring) sounds the ring device only while no other call is
connected; during a call it beeps softly in the headset every ``WAITING_BEEP_MS`` instead
(the whisper beep; ``CallWaitingTone(False)`` keeps it silent). ``update_alert()`` decides
again whenever a call rings, stops ringing, connects or ends: when the connected call ends
while the second still rings, the ring device takes over.

**Media follows the active call.** The sink (``media.py``) carries one call: the one that is
connected and not held. Answer, MakeCall and Resume hold every other call first (``calls.py``
``_hold_others``), so the desk's order for a second call is Hold(A) then Answer(B) (Answer
alone holds A too), and Resume(A) swaps back (B is held).

**Conference.** ``Conference(ids)`` joins the listed connected calls and the counselor: calls
not listed are held, held members are resumed (the desk need not send Resume first), and
once each member's audio flows its conference slot is connected to every other member's
(pjsua's conference bridge mixes) and to the sink: the first member is the sink's attached
call (activity, announcement, clip follow it), the rest are ``join``ed. Whenever a member's
media changes, leaves (Hold, DropFromConference, its hang-up, a MakeCall/Answer/Resume of a
call outside) or the membership changes, ``rewire()`` undoes every link and makes them
again; with one member left the conference is over (ConferenceChanged(())) and that call
stays with the counselor. ``ConsultTransfer`` between members (the counselor leaves them
talking) un-joins first: the transfer's target stays in the headset, the other is silent.
"""

from __future__ import annotations

import logging

import pjsua2 as pj
from PySide6.QtCore import QTimer

from softphone.sip.commands import CallWaitingTone, Conference, DropFromConference, handles
from softphone.sip.events import REINVITE_REFUSED, ConferenceChanged, EngineError

log = logging.getLogger(__name__)

WAITING_BEEP_MS = 3000


class MultiCallCommands:
    """Expects the worker's emit/calls/media/_call (calls.py) and is a QObject (the beep's
    timer parent)."""

    def __init__(self) -> None:
        self.conf_members: tuple[int, ...] = ()
        self._links: list[tuple[int, int, object, object]] = []    # (src id, dst id, media)
        self._first_slot: tuple[int, int] | None = None   # (call id, its conference slot)
        self.waiting_tone = True
        self._ring_on = False
        self._beep: QTimer | None = None

    # ------------------------------------------------------------------ alerting
    def update_alert(self) -> None:
        """Ring device for a ringing call when no call is connected, else the headset beep."""
        calls = [c for c in self.calls.values() if not c.ended]
        ringing = any(c.ringing for c in calls)
        talking = any(c.confirmed_at and not c.ringing for c in calls)
        ring = ringing and not talking
        if ring != self._ring_on:
            self._ring_on = ring
            if ring:
                self.media.start_ring()
            else:
                self.media.stop_ring()
        self._set_beep(ringing and talking and self.waiting_tone)

    def _set_beep(self, on: bool) -> None:
        if not on:
            if self._beep is not None:
                self._beep.stop()
            return
        if self._beep is None:
            self._beep = QTimer(self)
            self._beep.setInterval(WAITING_BEEP_MS)
            self._beep.timeout.connect(self._waiting_beep)
        if not self._beep.isActive():
            self._beep.start()
            self._waiting_beep()

    def _waiting_beep(self) -> None:
        try:
            if self.media is not None and self.running:
                self.media.play_whisper()
        except Exception:  # noqa: BLE001 - a timer callback: nothing may escape
            log.exception("call-waiting beep failed")

    @handles(CallWaitingTone)
    def cmd_call_waiting_tone(self, c: CallWaitingTone) -> None:
        self.waiting_tone = bool(c.on)
        self.update_alert()

    # ------------------------------------------------------------------ conference
    @handles(Conference)
    def cmd_conference(self, c: Conference) -> None:
        ids = tuple(dict.fromkeys(int(i) for i in c.call_ids))
        calls = [self._call(cid) for cid in ids]          # EngineError for a call gone
        if any(x is None for x in calls):
            return
        unfit = [x.engine_id for x in calls if not x.confirmed_at or not x.owned]
        if len(calls) < 2 or unfit:
            self.emit(EngineError("A conference needs two or more connected calls",
                                  detail=f"calls {ids}, not connected: {unfit}"))
            return
        for other in list(self.calls.values()):
            if other.engine_id not in ids and other.confirmed_at and not other.ended \
                    and not other.local_hold:
                self.hold_call(other)
        self.conf_members = ids
        for x in calls:
            if x.local_hold:                 # resumed here; joined when its audio flows
                x.local_hold = False
                prm = pj.CallOpParam(True)
                prm.opt.flag = pj.PJSUA_CALL_UNHOLD
                x.reinvite(prm)
        self.rewire()
        self.emit(ConferenceChanged(ids))

    @handles(DropFromConference)
    def cmd_drop_from_conference(self, c: DropFromConference) -> None:
        call = self._call(c.call_id)
        if call is None:
            return
        self.leave_conference(c.call_id)
        call.hangup(pj.CallOpParam(True))

    def hold_call(self, call) -> None:
        """Put one call on hold: out of the conference and the headset, then the re-INVITE."""
        self.leave_conference(call.engine_id)
        call.local_hold = True
        self.media.detach(call.engine_id)
        call.setHold(pj.CallOpParam(True))

    def on_reinvite_refused(self, call, code: int) -> None:
        """The other side refused our re-INVITE (hold, resume, a new address; 491 when theirs
        crossed ours): the call's media stay as they were. The desk is told the real state
        (read again once the callback has unwound) and why, instead of waiting for a change
        that never comes."""
        log.warning("call %d: the other side refused our re-INVITE (SIP %d)", call.engine_id,
                    code)
        self.on_call_media_state(call)
        self.emit(EngineError("The other side refused the change to the call (hold or "
                              "resume): try again", detail=f"SIP {code}",
                              call_id=call.engine_id, reason_code=REINVITE_REFUSED))

    def leave_conference(self, cid: int) -> None:
        """``cid`` is no longer joined (held, dropped, ended): the rest are re-linked; with
        one left the conference ends and that call stays with the counselor."""
        if cid not in self.conf_members:
            return
        self.media.detach(cid)
        rest = tuple(i for i in self.conf_members if i != cid)
        self.conf_members = rest if len(rest) >= 2 else ()
        self.rewire()
        if not self.conf_members:
            for i in rest:
                self._attach_alone(i)
        self.emit(ConferenceChanged(self.conf_members))

    def unjoin_for_transfer(self, keep: int) -> None:
        """ConsultTransfer from a conference: the members stop hearing each other and us;
        ``keep`` (the transfer's target) stays in the headset until it leaves."""
        if not self.conf_members:
            return
        members, self.conf_members = self.conf_members, ()
        self.rewire()
        for cid in members:
            if cid != keep:
                self.media.detach(cid)
        self._attach_alone(keep)
        self.emit(ConferenceChanged(()))

    def _attach_alone(self, cid: int) -> None:
        call = self.calls.get(cid)
        if call is not None and not call.ended and call.media_active and not call.local_hold:
            self.media.attach(cid, call.getAudioMedia(-1))
            self.media.set_muted(call.muted)

    def rewire(self) -> None:
        """Undo every member-to-member link and sink join, then link the members whose audio
        flows: each to each, the first attached to the sink, the others joined to it."""
        for src, dst, a, b in self._links:
            if self._live(src) and self._live(dst):    # an ended call's slot is gone already
                try:
                    a.stopTransmit(b)
                except pj.Error:
                    pass
        self._links = []
        live = [self.calls[i] for i in self.conf_members if self._live(i)
                and self.calls[i].media_active and not self.calls[i].local_hold]
        for i in self.conf_members:
            if self.calls.get(i) not in live:
                self.media.detach(i)
        if not live:
            return
        medias = {c.engine_id: c.getAudioMedia(-1) for c in live}
        first = live[0]
        slot = (first.engine_id, medias[first.engine_id].getPortId())
        if self.media.attached_call != first.engine_id or self._first_slot != slot:
            self.media.attach(first.engine_id, medias[first.engine_id])   # (a re-INVITE
            self._first_slot = slot                        # may give the call a new slot)
        self.media.set_muted(first.muted)
        for c in live[1:]:
            self.media.join(c.engine_id, medias[c.engine_id])
        for a in live:
            for b in live:
                if a is not b:
                    medias[a.engine_id].startTransmit(medias[b.engine_id])
                    self._links.append((a.engine_id, b.engine_id, medias[a.engine_id],
                                        medias[b.engine_id]))

    def drop_links(self) -> None:
        """Teardown: forget the conference (the calls are gone) and stop the beep."""
        self._links = []
        self.conf_members = ()
        self._set_beep(False)

    def _live(self, cid: int) -> bool:
        call = self.calls.get(cid)
        return call is not None and not call.ended
