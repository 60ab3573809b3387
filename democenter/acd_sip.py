"""The queue process's SIP side (pjsua2): one endpoint, one account, one outgoing call per offer.

Everything here runs on the one thread that created the endpoint (``threadCnt=0``,
``mainThreadOnly``, the ACD loop polls :meth:`SipEndpoint.poll`). Callbacks only append
plain tuples to ``events``; the loop acts on them on the next turn (never inside a
callback). Every pjsua2 object with callbacks or media is kept referenced until released.
"""

from __future__ import annotations

import gc
import logging
from collections import deque
from dataclasses import dataclass, field

import pjsua2 as pj

log = logging.getLogger("democenter.acd")

SESSION_EXPIRES_S = 120
STATE_CONFIRMED = pj.PJSIP_INV_STATE_CONFIRMED
STATE_DISCONNECTED = pj.PJSIP_INV_STATE_DISCONNECTED


@dataclass(eq=False)
class Offer:
    """One INVITE from the ACD to one agent for one caller, and what became of it."""
    caller: object                 # acd_callers.Caller
    agent_id: str
    ring_deadline: float           # monotonic
    ready_since: float = 0.0       # the agent's state_since before ringing (wall clock)
    call: object | None = None     # _OfferCall
    outcome: str = ""              # '' ringing | connected | missed | abandoned | ended | ...
    connected_at: float = 0.0      # monotonic
    disconnected: bool = False
    media: list = field(default_factory=list)   # player / recorder kept alive
    voice: str = ""                # the caller's WAV, played into a transferred call too


def _quote(text: str) -> str:
    """A SIP quoted-string display name (control characters dropped: no header injection)."""
    text = "".join(ch for ch in text if ch >= " " and ch != "\x7f")[:80]
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _user_part(number: str) -> str:
    """The caller number as a SIP user part: ASCII digits, '+' and '*' only."""
    return "".join(ch for ch in number if ch in "0123456789+*") or "anonymous"


class _Account(pj.Account):
    def __init__(self, events: deque) -> None:
        super().__init__()
        self._events = events
        self.transfers: deque = deque()      # events of transferred calls (SipEndpoint's)

    def onIncomingCall(self, prm) -> None:
        # pjsua2 answers 500 to a call that gets no Call object here; the refusal itself
        # happens on the next loop turn (see the crash pattern in PJSUA2_NOTES.md).
        try:
            self._events.append(("incoming", _OfferCall(self, self._events, None,
                                                        prm.callId)))
        except Exception:  # noqa: BLE001 - nothing may escape a pjsua2 callback
            pass

    def onIncomingSubscribe(self, prm) -> None:
        try:
            prm.code = 403     # presence SUBSCRIBE: known use-after-free in 2.15.1
            prm.reason = "Forbidden"
        except Exception:  # noqa: BLE001
            pass


class _OfferCall(pj.Call):
    """A call to an agent (``offer``), a refused incoming call (no offer), or the caller's
    new call after the agent transferred it (``transfers``: the endpoint's own queue)."""

    def __init__(self, acc, events: deque, offer: Offer | None, call_id: int | None = None,
                 transfers: deque | None = None):
        if call_id is None:
            super().__init__(acc)
        else:
            super().__init__(acc, call_id)
        self._acc, self._events, self._offer = acc, events, offer
        self._transfers = transfers          # set: a transferred call, tended by SipEndpoint
        self.media: list = []
        self.voice = ""

    def onCallState(self, prm) -> None:
        try:
            ci = self.getInfo()
            if self._transfers is not None:
                self._transfers.append(("state", self, ci.state))
            else:
                self._events.append(("state", self._offer, self, ci.state,
                                     ci.lastStatusCode))
        except Exception:  # noqa: BLE001
            pass

    def onCallMediaState(self, prm) -> None:
        try:
            if self._transfers is not None:
                self._transfers.append(("media", self, 0))
            else:
                self._events.append(("media", self._offer, self))
        except Exception:  # noqa: BLE001
            pass

    def onCallTransferRequest(self, prm) -> None:
        """The agent transfers the caller (REFER, blind or with Replaces): the caller follows
        in a new call of its own that plays the same voice; the agent's leg ends as usual."""
        try:
            if self._offer is None or self._offer.outcome != "connected":
                prm.statusCode = 603             # only a caller talking to an agent moves
                return
            new = _OfferCall(self._acc, self._events, None, transfers=self._acc.transfers)
            new.voice = self._offer.voice
            prm.newCall = new
            self._acc.transfers.append(("new", new, 0))
        except Exception:  # noqa: BLE001
            prm.statusCode = 603


class SipEndpoint:
    """The ACD's pjsua2 endpoint. Create, ``start()``, ``poll()`` in a loop, ``shutdown()``."""

    def __init__(self, *, port: int = 0, proxy: str = "", domain: str = "",
                 auth_user: str = "", auth_password: str = "", log_level: int = 1) -> None:
        self.port, self.proxy, self.domain = port, proxy, domain
        self.auth_user, self.auth_password = auth_user, auth_password
        self.log_level = log_level
        self.events: deque = deque()
        self.ep = None
        self.acc = None
        self._rejected: list = []       # incoming calls being refused, kept until gone
        self.transferred: list = []     # the callers' calls after a transfer, until gone

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> int:
        """Create the endpoint, a UDP transport on 127.0.0.1 and the account; the SIP port."""
        ep = pj.Endpoint()
        ep.libCreate()
        self.ep = ep
        cfg = pj.EpConfig()
        cfg.uaConfig.threadCnt = 0
        cfg.uaConfig.mainThreadOnly = True
        cfg.uaConfig.maxCalls = 64
        cfg.uaConfig.userAgent = "practice-center-acd"
        cfg.logConfig.level = self.log_level
        cfg.logConfig.consoleLevel = self.log_level
        cfg.medConfig.noVad = True
        cfg.medConfig.ecTailLen = 0
        ep.libInit(cfg)
        tcfg = pj.TransportConfig()
        tcfg.port = self.port
        tcfg.boundAddress = "127.0.0.1"
        tcfg.publicAddress = "127.0.0.1"
        tid = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tcfg)
        ep.libStart()
        ep.audDevManager().setNullDev()     # the conference bridge's clock: no sound card
        self.port = int(ep.transportGetInfo(tid).localName.rsplit(":", 1)[1])

        acfg = pj.AccountConfig()
        host = self.domain or f"127.0.0.1:{self.port}"
        acfg.idUri = f"sip:acd@{host}"
        acfg.regConfig.registerOnAdd = False
        acfg.sipConfig.transportId = tid
        if self.proxy:
            acfg.sipConfig.proxies.append(f"sip:{self.proxy};lr")
        if self.auth_user:
            acfg.sipConfig.authCreds.append(
                pj.AuthCredInfo("digest", "*", self.auth_user, 0, self.auth_password))
        acfg.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
        acfg.mediaConfig.transportConfig.publicAddress = "127.0.0.1"
        # session timers: a call to an agent whose app died (no BYE) ends within ~2 min
        # instead of leaving the agent on_call and the interaction connected for ever
        acfg.callConfig.timerUse = pj.PJSUA_SIP_TIMER_OPTIONAL
        acfg.callConfig.timerMinSESec = 90
        acfg.callConfig.timerSessExpiresSec = SESSION_EXPIRES_S
        self.acc = _Account(self.events)
        self.acc.create(acfg, True)
        return self.port

    def poll(self, ms: int) -> None:
        self.ep.libHandleEvents(ms)
        if self.acc is not None and self.acc.transfers:
            self._tend_transfers()

    def _tend_transfers(self) -> None:
        """A transferred caller's call: voice once its audio is up, released when it ends
        (no reference kept past DISCONNECTED: PJSUA2_NOTES.md)."""
        queue = self.acc.transfers
        while queue:
            kind, call, state = queue.popleft()
            try:
                if kind == "new":
                    self.transferred.append(call)
                    log.info("a caller follows a transfer")
                elif kind == "media" and call in self.transferred and not call.media:
                    self._play(call, call.voice)
                elif kind == "state" and state == STATE_DISCONNECTED and call in self.transferred:
                    call.media.clear()
                    self.transferred.remove(call)
            except Exception as exc:  # noqa: BLE001 - one call must not stop the queue
                log.warning("a transferred call: %s", exc)

    def _play(self, call, wav_path: str) -> None:
        ci = call.getInfo()
        index = next((m.index for m in ci.media if m.type == pj.PJMEDIA_TYPE_AUDIO
                      and m.status == pj.PJSUA_CALL_MEDIA_ACTIVE), None)
        if index is None or not wav_path:
            return
        player = pj.AudioMediaPlayer()
        player.createPlayer(wav_path, 0)
        player.startTransmit(call.getAudioMedia(index))
        call.media.append(player)

    def shutdown(self) -> None:
        """Release everything in the safe order; call after every offer was released."""
        if self.ep is None:
            return
        try:
            self.ep.hangupAllCalls()
            for _ in range(20):
                self.ep.libHandleEvents(10)
        except Exception as exc:  # noqa: BLE001
            log.warning("hanging up at shutdown failed: %s", exc)
        self._rejected.clear()
        for call in self.transferred:
            call.media.clear()
        self.transferred.clear()
        if self.acc is not None:
            self.acc.transfers.clear()
        self.events.clear()
        try:
            self.ep.audDevManager().setNoDev()
        except Exception:  # noqa: BLE001
            pass
        if self.acc is not None:
            self.acc.shutdown()
        self.acc = None
        gc.collect()
        self.ep.libDestroy()
        self.ep = None

    # ------------------------------------------------------------------ calls
    def offer(self, offer: Offer, target_uri: str, *, caller_number: str, caller_name: str,
              interaction_id: str, queue_id: str) -> None:
        """Send the INVITE for ``offer``; raises pj.Error when pjsua2 refuses to start it."""
        host = self.domain or "127.0.0.1"
        identity = f"{_quote(caller_name)} <sip:{_user_part(caller_number)}@{host}>"
        prm = pj.CallOpParam(True)
        prm.opt.audioCount = 1
        prm.opt.videoCount = 0
        prm.txOption.localUri = identity
        for name, value in (("P-Asserted-Identity", identity),
                            ("X-Interaction-Id", interaction_id), ("X-Queue", queue_id)):
            hdr = pj.SipHeader()
            hdr.hName, hdr.hValue = name, value
            prm.txOption.headers.append(hdr)
        call = _OfferCall(self.acc, self.events, offer)
        offer.call = call
        call.makeCall(target_uri, prm)

    def hangup(self, offer: Offer, code: int = 0) -> None:
        """CANCEL (ringing) or BYE (connected); harmless when the call is already gone."""
        if offer.call is None or offer.disconnected:
            return
        prm = pj.CallOpParam()
        if code:
            prm.statusCode = code
        try:
            offer.call.hangup(prm)
        except pj.Error as exc:
            log.debug("hangup of %s: %s", offer.caller.interaction_id, exc.info())

    def attach_media(self, offer: Offer, call, wav_path: str | None,
                     record_path: str | None) -> bool:
        """Play the caller's voice into the call (looped) and record the agent. True if done."""
        if offer.media or offer.disconnected:
            return bool(offer.media)
        ci = call.getInfo()
        index = next((m.index for m in ci.media if m.type == pj.PJMEDIA_TYPE_AUDIO
                      and m.status == pj.PJSUA_CALL_MEDIA_ACTIVE), None)
        if index is None:
            return False
        am = call.getAudioMedia(index)
        offer.voice = wav_path or ""
        if wav_path:
            player = pj.AudioMediaPlayer()
            player.createPlayer(wav_path, 0)       # 0: loop
            player.startTransmit(am)
            offer.media.append(player)
        if record_path:
            rec = pj.AudioMediaRecorder()
            rec.createRecorder(record_path)
            am.startTransmit(rec)
            offer.media.append(rec)
        if not offer.media:
            offer.media.append(None)               # attached, silently
        return True

    def release(self, offer: Offer) -> None:
        """Drop the offer's media (finishing the recording) and its call object."""
        offer.media.clear()        # destroying a player/recorder disconnects it; the
        offer.call = None          # recorder writes its WAV header as it goes

    def refuse_incoming(self, call) -> None:
        """Nobody calls the ACD: answer 403 (from the loop, not inside onIncomingCall)."""
        self._rejected.append(call)
        prm = pj.CallOpParam()
        prm.statusCode = 403
        try:
            call.hangup(prm)
        except pj.Error as exc:
            log.debug("refusing an incoming call: %s", exc.info())

    def forget_refused(self, call) -> None:
        if call in self._rejected:
            self._rejected.remove(call)

    def rtp_received(self, offer: Offer) -> int:
        """RTP packets received on the offer's audio stream so far (0 when unknown)."""
        try:
            return int(offer.call.getStreamStat(0).rtcp.rxStat.pkt)
        except Exception:  # noqa: BLE001
            return 0
