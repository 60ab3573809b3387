"""The colleagues process's SIP side (pjsua2): one endpoint, one registered account per colleague and one for the gateway.

Everything runs on the thread that created the endpoint (``threadCnt=0``,
``mainThreadOnly``; democenter/colleagues.py polls :meth:`Phones.poll`). Callbacks only
append plain tuples to ``events``; the loop acts on them on its next turn (never inside a
callback, see PJSUA2_NOTES.md). Every Call, player and Account stays referenced until it is
released. Nothing is recorded.

Events: ``("reg", user, code, active)``, ``("incoming", user, call, whole_msg)``,
``("state", call, state, code)``, ``("media", call)``, ``("replaced", old, new)``.
"""

from __future__ import annotations

import gc
import logging
from collections import deque

import pjsua2 as pj

log = logging.getLogger("democenter.colleagues")

STATE_CONFIRMED = pj.PJSIP_INV_STATE_CONFIRMED
STATE_DISCONNECTED = pj.PJSIP_INV_STATE_DISCONNECTED


class _Account(pj.Account):
    def __init__(self, user: str, events: deque) -> None:
        super().__init__()
        self.user, self._events = user, events

    def onRegState(self, prm) -> None:
        try:
            self._events.append(("reg", self.user, int(prm.code),
                                 bool(self.getInfo().regIsActive)))
        except Exception:  # noqa: BLE001 - nothing may escape a pjsua2 callback
            pass

    def onIncomingCall(self, prm) -> None:
        # the Call object must exist before returning (else pjsua answers 500); the answer
        # itself waits for the loop's next turn
        try:
            call = Call(self, self._events, prm.callId)
            self._events.append(("incoming", self.user, call, str(prm.rdata.wholeMsg)))
        except Exception:  # noqa: BLE001
            pass

    def onIncomingSubscribe(self, prm) -> None:
        try:
            prm.code = 403     # presence SUBSCRIBE: known use-after-free in 2.15.1
        except Exception:  # noqa: BLE001
            pass


class Call(pj.Call):
    """One call of a colleague or of the gateway; ``media`` keeps its player alive."""

    def __init__(self, acc: _Account, events: deque, call_id: int | None = None) -> None:
        if call_id is None:
            super().__init__(acc)
        else:
            super().__init__(acc, call_id)
        self.acc, self.user, self._events = acc, acc.user, events
        self.media: list = []
        self.child: Call | None = None      # the call that replaces this one (INVITE/Replaces)
        self.confirmed = False
        self.ended = False
        self.voice = ""                     # the WAV played into the call once media is up

    def onCallState(self, prm) -> None:
        try:
            ci = self.getInfo()
            self._events.append(("state", self, int(ci.state), int(ci.lastStatusCode)))
        except Exception:  # noqa: BLE001
            pass

    def onCallMediaState(self, prm) -> None:
        try:
            self._events.append(("media", self))
        except Exception:  # noqa: BLE001
            pass

    def onCallTransferRequest(self, prm) -> None:
        prm.statusCode = 603        # colleagues stay in the call; they transfer nobody

    def onCallReplaceRequest(self, prm) -> None:
        # an INVITE with Replaces for this call (an attended transfer to this colleague):
        # accepted (pjsua answers it itself); the new call gets an object of ours now
        try:
            self.child = Call(self.acc, self._events)
            prm.newCall = self.child
        except Exception:  # noqa: BLE001
            pass

    def onCallReplaced(self, prm) -> None:
        try:
            new = self.child or Call(self.acc, self._events, int(prm.newCallId))
            prm.newCall = new
            self._events.append(("replaced", self, new))
        except Exception:  # noqa: BLE001
            pass


class Phones:
    """The endpoint and its accounts. Create, ``start()``, ``poll()`` in a loop, ``shutdown()``."""

    def __init__(self, users: list[str], *, proxy: str, domain: str, password: str = "",
                 port: int = 0, log_level: int = 1) -> None:
        self.users, self.proxy, self.domain = list(users), proxy, domain
        self.password, self.port, self.log_level = password, port, log_level
        self.events: deque = deque()
        self.registered: dict[str, bool] = {u: False for u in self.users}
        self.accounts: dict[str, _Account] = {}
        self.ep = None

    def start(self) -> int:
        """Endpoint, UDP transport on 127.0.0.1, one registering account per user; the port."""
        ep = pj.Endpoint()
        ep.libCreate()
        self.ep = ep
        cfg = pj.EpConfig()
        cfg.uaConfig.threadCnt = 0
        cfg.uaConfig.mainThreadOnly = True
        cfg.uaConfig.maxCalls = 32
        cfg.uaConfig.userAgent = "practice-center-colleagues"
        cfg.logConfig.level = cfg.logConfig.consoleLevel = min(3, self.log_level)
        cfg.medConfig.noVad = True
        cfg.medConfig.ecTailLen = 0
        ep.libInit(cfg)
        tcfg = pj.TransportConfig()
        tcfg.port = self.port
        tcfg.boundAddress = tcfg.publicAddress = "127.0.0.1"
        tid = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tcfg)
        ep.libStart()
        ep.audDevManager().setNullDev()     # the conference bridge's clock: no sound card
        self.port = int(ep.transportGetInfo(tid).localName.rsplit(":", 1)[1])
        for user in self.users:
            acfg = pj.AccountConfig()
            acfg.idUri = f"sip:{user}@{self.domain}"
            acfg.regConfig.registrarUri = f"sip:{self.proxy}"
            acfg.regConfig.timeoutSec = 120
            acfg.regConfig.firstRetryIntervalSec = 1
            acfg.regConfig.retryIntervalSec = 5
            acfg.sipConfig.transportId = tid
            acfg.sipConfig.proxies.append(f"sip:{self.proxy};lr")
            if self.password:
                acfg.sipConfig.authCreds.append(
                    pj.AuthCredInfo("digest", "*", user, 0, self.password))
            acfg.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
            acfg.mediaConfig.transportConfig.publicAddress = "127.0.0.1"
            acc = _Account(user, self.events)
            acc.create(acfg, True)
            self.accounts[user] = acc
        return self.port

    def poll(self, ms: int) -> None:
        self.ep.libHandleEvents(ms)

    # ------------------------------------------------------------------ calls
    def respond(self, call: Call, code: int) -> None:
        """180 or 200 (answer) or a final refusal; harmless for a call already gone."""
        if call.ended:
            return
        prm = pj.CallOpParam(True)
        prm.statusCode = code
        try:
            if code < 300:
                call.answer(prm)
            else:
                call.hangup(prm)
        except pj.Error as exc:
            log.debug("answering %s with %d: %s", call.user, code, exc.info())

    def hangup(self, call: Call) -> None:
        if call.ended:
            return
        try:
            call.hangup(pj.CallOpParam())
        except pj.Error as exc:
            log.debug("hangup of %s: %s", call.user, exc.info())

    def attach_voice(self, call: Call) -> bool:
        """Play ``call.voice`` (looped) into the call once its audio is active. True if done."""
        if call.media or call.ended:
            return bool(call.media)
        ci = call.getInfo()
        index = next((m.index for m in ci.media if m.type == pj.PJMEDIA_TYPE_AUDIO
                      and m.status in (pj.PJSUA_CALL_MEDIA_ACTIVE,
                                       pj.PJSUA_CALL_MEDIA_REMOTE_HOLD)), None)
        if index is None:
            return False
        if call.voice:
            player = pj.AudioMediaPlayer()
            player.createPlayer(call.voice, 0)       # 0: loop
            player.startTransmit(call.getAudioMedia(index))
            call.media.append(player)
        else:
            call.media.append(None)                  # attached, silently
        return True

    def release(self, call: Call) -> None:
        call.ended = True
        call.media.clear()           # destroying the player disconnects it
        call.child = None

    def rtp_received(self, call: Call) -> int:
        try:
            return int(call.getStreamStat(0).rtcp.rxStat.pkt)
        except Exception:  # noqa: BLE001
            return 0

    def shutdown(self, calls: list[Call]) -> None:
        """Hang up, unregister and destroy in the safe order (PJSUA2_NOTES.md)."""
        if self.ep is None:
            return
        try:
            self.ep.hangupAllCalls()
            for _ in range(30):
                self.ep.libHandleEvents(10)
        except Exception as exc:  # noqa: BLE001
            log.warning("hanging up at shutdown failed: %s", exc)
        for call in calls:
            self.release(call)
        calls.clear()
        self.events.clear()
        try:
            self.ep.audDevManager().setNoDev()
        except Exception:  # noqa: BLE001
            pass
        for acc in self.accounts.values():
            try:
                acc.shutdown()
            except Exception:  # noqa: BLE001
                pass
        for _ in range(20):          # let the un-REGISTERs leave
            self.ep.libHandleEvents(10)
        self.accounts.clear()
        gc.collect()
        self.ep.libDestroy()
        self.ep = None
