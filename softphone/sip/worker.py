"""The SIP thread's worker: owns the pjsua2 Endpoint, runs its event polling and every command.

Everything in this module runs on the SIP thread (the worker is moved there by engine.py).
Commands (``commands.py`` instances) arrive as queued calls of ``dispatch(cmd)`` and go to
the one handler their class has in ``HANDLERS``; events leave as ``event``.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from typing import Callable

import pjsua2 as pj
from PySide6.QtCore import QObject, Signal, Slot

from softphone.sip import calls as callops
from softphone.sip import guard
from softphone.sip.account import (
    Line, build_config, reg_reason, system_ca_file, tls_config, tls_version,
)
from softphone.sip.callstate import StateReader
from softphone.sip.commands import (
    CallCommand, HandleNetworkChange, PlayWhisper, SetAccount, SetAudioDevices, Shutdown,
    Unregister, handler_table, handles,
)
from softphone.sip.endpoint import Endpoint, log_level_before_init, open_stack_log
from softphone.sip.events import (
    EngineError, EngineSettings, EngineStarted, MediaActivity, RegistrationChanged,
    SipAccountSettings, Transport,
)
from softphone.sip.health import LineHealth
from softphone.sip.media import CLOCK_RATE, MEDIA_QUALITY, MediaSink, SilentMedia
from softphone.sip.multicall import MultiCallCommands
from softphone.sip.protection import ProtectionCommands
from softphone.sip.teardown import teardown
from softphone.sip.wait import SipWait

log = logging.getLogger(__name__)

_TRANSPORT_TYPES = {Transport.UDP: pj.PJSIP_TRANSPORT_UDP, Transport.TCP: pj.PJSIP_TRANSPORT_TCP,
                    Transport.TLS: pj.PJSIP_TRANSPORT_TLS}
_WANTED_CODECS = ("PCMA/", "PCMU/", "G722/")


class SipWorker(QObject, callops.CallCommands, MultiCallCommands, ProtectionCommands):
    """Lives on the SIP thread; the only object that touches pjsua2."""

    event = Signal(object)

    def __init__(self, settings: EngineSettings, media_factory: Callable[..., MediaSink] | None,
                 alloc_id: Callable[[], int]) -> None:
        QObject.__init__(self)
        callops.CallCommands.__init__(self)
        MultiCallCommands.__init__(self)
        ProtectionCommands.__init__(self)
        self.settings = settings
        self.media_factory = media_factory or SilentMedia
        self.alloc_id = alloc_id
        self.ep: Endpoint | None = None
        self.media: MediaSink | None = None
        self.line: Line | None = None
        self.line_settings: SipAccountSettings | None = None
        self.transports: dict[Transport, int] = {}
        self.random_retry_s = 2
        self._tls_error = ""
        self._tls: dict[str, tuple[str, str]] = {}     # remote host:port -> (version, cipher)
        self._jobs: deque[Callable[[], None]] = deque()
        self.inbox: deque[object] = deque()    # commands from SipEngine.send (GUI thread)
        self._booted = self._draining = False
        self._outbox: deque[object] = deque()
        self._had_line = False
        self.wait: SipWait | None = None     # wait.wake(): any thread, after queuing a command
        self.health: LineHealth | None = None   # the line check (health.py)
        self._calls_present = False
        self.ring_inside = False    # 180 from inside onIncomingCall (2.17; calls.py)
        self.call_state = StateReader()      # on_call_state's read, in C where it can be
        self.running = False

    # ------------------------------------------------------------------ helpers
    def emit(self, ev: object) -> None:
        """Queue an event (SIP thread only); it leaves when this pass of work is done, so
        waking the GUI thread never delays a SIP response we are about to send. (An offer
        leaves just before its 180, calls.py: the desk's answer is what the caller waits for.)"""
        self._outbox.append(ev)

    def _flush(self) -> None:
        while self._outbox:
            self.event.emit(self._outbox.popleft())

    def defer(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` once the current pjsua2 callback has unwound: right after this
        libHandleEvents() pass (or command) returns, before anything else runs."""
        self._jobs.append(fn)

    def _run_jobs(self) -> None:
        while self._jobs:
            fn = self._jobs.popleft()
            try:
                if self.running:
                    fn()
            except pj.Error as e:
                log.warning("deferred SIP operation failed: %s", e.info())
                self.emit(EngineError("A phone operation failed", detail=e.info()))
            except Exception as e:  # noqa: BLE001
                log.exception("deferred SIP operation failed")
                self.emit(EngineError("A phone operation failed", detail=repr(e)))

    # ------------------------------------------------------------------ lifecycle
    @Slot()
    def boot(self) -> None:
        try:
            self._boot()
        except Exception as e:  # noqa: BLE001 - report, clean up, end the thread
            detail = e.info() if isinstance(e, pj.Error) else repr(e)
            self.emit(EngineError("The phone engine could not start: check the network "
                                  "settings (address/port in use?)", detail=detail))
            self._teardown()
        self._booted = True             # commands sent before or during boot run now
        self._settle()

    def _boot(self) -> None:
        s = self.settings
        self.ep = Endpoint(self)
        if s.stack_log_file:
            log_level_before_init(s.log_level)
        self.ep.libCreate()
        cfg = pj.EpConfig()
        cfg.uaConfig.threadCnt = 0
        cfg.uaConfig.mainThreadOnly = True
        cfg.uaConfig.userAgent = s.user_agent
        cfg.uaConfig.maxCalls = max(1, int(s.max_calls))
        cfg.logConfig.level = int(s.log_level)
        cfg.logConfig.consoleLevel = int(s.log_level)
        if s.stack_log_file and open_stack_log(s.stack_log_file):
            cfg.logConfig.filename = s.stack_log_file
            cfg.logConfig.fileFlags = pj.PJ_O_APPEND
            cfg.logConfig.consoleLevel = 0
            cfg.logConfig.msgLogging = 0        # SIP messages carry callers' numbers
        cfg.medConfig.hasIoqueue = True
        cfg.medConfig.noVad = True
        cfg.medConfig.clockRate = CLOCK_RATE
        cfg.medConfig.quality = MEDIA_QUALITY
        self.ep.libInit(cfg)
        started = []
        for i, t in enumerate(dict.fromkeys(Transport(x) for x in s.transports)):
            tc = pj.TransportConfig()
            tc.port = (s.sip_port + (1 if t == Transport.TLS else 0)) if s.sip_port else 0
            if s.bind_address:
                tc.boundAddress = s.bind_address
            if s.public_address or s.bind_address:
                tc.publicAddress = s.public_address or s.bind_address
            if t == Transport.TLS:
                tls_config(tc.tlsConfig, s.tls_ca_file or system_ca_file(), s.tls_verify_server,
                           s.tls_cert_file, s.tls_key_file)
            try:
                tid = self.ep.transportCreate(_TRANSPORT_TYPES[t], tc)
            except pj.Error as e:
                if t != Transport.TLS:
                    raise
                # the phone still works on udp/tcp; a line that needs TLS is refused later
                log.error("the TLS transport could not start: %s", e.info())
                self.emit(EngineError("Encrypted signalling (TLS) could not start: a line that "
                                      "needs it will not register. Call IT.", detail=e.info()))
                continue
            self.transports[t] = tid
            started.append((t.value, str(self.ep.transportGetInfo(tid).localName)))
        self.ep.libStart()
        guard.install()     # refuse requests no call or line asked for, from the first packet
        self.call_state.start()
        self.ep.audDevManager().setNullDev()
        for c in self.ep.codecEnum2():
            keep = c.codecId.upper().startswith(_WANTED_CODECS)
            self.ep.codecSetPriority(c.codecId, c.priority if keep else 0)
        self.health = LineHealth(self, self._settle, s.line_check, s.line_check_interval_s)
        self.health.start()
        self.media = self.media_factory(self.event.emit)     # thread-safe: a Qt signal
        self.media.start()
        self.running = True
        # sleeps until I/O, a pjsip timer or a command; the stats tick only while there are calls
        self.wait = SipWait(lambda ms: self.ep.libHandleEvents(ms) if self.ep else 0,
                            self._after_pass, self._on_stats_tick,
                            max(200, int(s.stats_interval_s * 1000)), self)
        self.wait.start()
        from softphone.sip.audio.conference import openssl_version   # which stack this is
        ver = self.ep.libVersion()
        lib, ssl = str(ver.full), openssl_version()
        self.ring_inside = (int(ver.major), int(ver.minor)) >= (2, 17)
        log.info("SIP stack: pjsua2 %s, OpenSSL %s", lib, ssl or "none")
        self.emit(EngineStarted(transports=tuple(started), lib_version=lib, ssl_version=ssl))

    def _after_pass(self) -> tuple[bool, bool]:
        """After any pass of work: deferred jobs, events out; returns (a call exists, the stats
        tick has work). The media sink hears when calls come and go (it may close devices)."""
        self._run_jobs()
        self._drain_inbox()
        if self._calls_present != bool(self.calls) and self.media is not None and self.running:
            self._calls_present = bool(self.calls)
            try:
                self.media.calls_present(self._calls_present)
            except Exception:  # noqa: BLE001
                log.exception("media calls_present failed")
        self._flush()
        return bool(self.calls), bool(self.calls or self.graveyard)

    def _settle(self) -> None:
        if self.wait is not None:
            self.wait.settle()
        else:
            self._after_pass()          # a worker that never started (tests)

    def _on_stats_tick(self) -> None:
        try:
            self.emit_stats()
            self.reap()
        except Exception:  # noqa: BLE001
            log.exception("stats tick failed")
        try:
            self._emit_activity()
        except Exception:  # noqa: BLE001
            log.exception("media activity failed")

    def _emit_activity(self) -> None:
        """MediaActivity for the call whose audio the media sink carries (at most one)."""
        cid = self.media.attached_call if self.media is not None else None
        if cid is not None:
            heard, mic = self.media.activity()
            self.emit(MediaActivity(cid, float(heard), float(mic)))

    @Slot(object)
    def dispatch(self, cmd: object) -> None:
        """Run one command now (tests), then the pass's jobs and events."""
        self._run_command(cmd)
        self._settle()

    @Slot()
    def drain(self) -> None:
        """The engine's kick: commands waiting in ``inbox`` (any left by the last pass)."""
        self._settle()

    def _drain_inbox(self) -> None:
        """Every command the GUI thread queued (``SipEngine.send``), in order; called between
        passes only, never inside a pjsua2 callback. A command that arrives while the SIP
        thread is busy with pjsip's events runs as that pass ends, not one loop turn later."""
        if self._draining:
            return                      # a handler that settles: the outer loop goes on
        self._draining = True
        try:
            while self.inbox and self._booted:
                cmd = self.inbox.popleft()
                self._run_command(cmd)
                if isinstance(cmd, Shutdown):
                    self.inbox.clear()  # the thread ends: as its queued events, never run
                    return
                self._run_jobs()
        finally:
            self._draining = False

    def _run_command(self, cmd: object) -> None:
        """A command's class's one handler; its failure becomes an EngineError event."""
        handler = HANDLERS.get(type(cmd))
        name = type(cmd).__name__
        if handler is None:
            self.emit(EngineError("The phone engine got a command it does not know",
                                  detail=repr(cmd)[:200]))
        elif not self.running and not isinstance(cmd, Shutdown):
            self.emit(EngineError("The phone engine is not running", detail=name))
        else:
            call_id = cmd.call_id if isinstance(cmd, CallCommand) else None
            try:
                handler(self, cmd)
            except pj.Error as e:
                log.warning("SIP command %s failed: %s", name, e.info())
                self.emit(EngineError(f"Phone command '{name}' failed", detail=e.info(),
                                      call_id=call_id))
            except Exception as e:  # noqa: BLE001
                log.exception("SIP command %s failed", name)
                self.emit(EngineError(f"Phone command '{name}' failed", detail=repr(e),
                                      call_id=call_id))

    @handles(Shutdown)
    def cmd_shutdown(self, c: Shutdown) -> None:
        self._teardown()

    def _teardown(self) -> None:
        teardown(self)                 # teardown.py: the order pjsua2 needs

    # ------------------------------------------------------------------ line
    @handles(SetAccount)
    def cmd_set_account(self, c: SetAccount) -> None:
        s, random_retry_s = c.settings, c.random_retry_s
        self._drop_line()
        tid = self.transports.get(Transport(s.transport))
        if tid is None:
            msg = (f"The {Transport(s.transport).value.upper()} transport is not enabled in "
                   "this phone: ask IT to enable it or pick another transport")
            self.emit(EngineError(msg))
            self.emit(RegistrationChanged(False, 0, msg, transport=Transport(s.transport).value))
            return
        self.line_settings = s
        self.random_retry_s = random_retry_s
        self._tls_error = ""
        cfg = build_config(s, tid, self.settings.bind_address, self.settings.public_address,
                           self.settings.rtp_port, random_retry_s)
        line = Line(self, s)
        line.create(cfg, True)
        self.line = line
        self._had_line = True
        if self.health is not None:
            self.health.line_set(s)

    def _drop_line(self) -> None:
        if self.line is None:
            return
        old, self.line = self.line, None
        if self.health is not None:
            self.health.line_dropped()
        try:
            old.shutdown()
        except pj.Error:
            pass
        self.graveyard.append((time.monotonic(), old))

    @handles(SetAudioDevices)
    def cmd_set_audio_devices(self, c: SetAudioDevices) -> None:
        self.media.set_devices(c.input, c.output, c.ring)

    @handles(PlayWhisper)
    def cmd_play_whisper(self, c: PlayWhisper) -> None:
        self.media.play_whisper()

    @handles(Unregister)
    def cmd_unregister(self, c: Unregister) -> None:
        if self.health is not None:
            self.health.line_dropped()      # no checks, no rebinds: logged out stays out
        if self.line is not None:
            self.line.setRegistration(False)

    @handles(HandleNetworkChange)
    def cmd_handle_network_change(self, c: HandleNetworkChange) -> None:
        """Routes or addresses changed: the line check looks at the path to the registrar
        and rebinds (re-register, re-INVITE calls) when it moved (health.py)."""
        if self.health is not None:
            self.health.network_changed()

    def on_tls_verify_failed(self, msgs: list[str], status: int) -> None:
        detail = "; ".join(m for m in msgs if m) or f"verify status {status}"
        if not self.settings.tls_verify_server:
            log.warning("TLS server NOT verified (IT turned verification off): %s", detail)
            return
        self._tls_error = ("The server's TLS certificate could not be verified "
                           f"({detail}). Ask IT for the right CA file or server name.")
        self.emit(EngineError(self._tls_error, detail=detail))

    def on_tls_connected(self, remote: str, protocols: int, cipher: str) -> None:
        version = tls_version(protocols, cipher)
        self._tls.pop(remote, None)
        self._tls[remote] = (version, cipher)              # the newest last
        log.info("TLS connection to %s: %s, %s, server certificate %s", remote, version, cipher,
                 "verified" if self.settings.tls_verify_server else "NOT verified (IT setting)")

    def _tls_of(self, s: SipAccountSettings) -> tuple[str, str]:
        """The TLS session to the registrar (or proxy), else the newest one."""
        for hostport in (s.outbound_proxy, s.registrar):
            if hostport in self._tls:
                return self._tls[hostport]
        return next(reversed(self._tls.values()), ("", ""))

    def on_reg_state(self, line: Line, code: int, reason: str, expiration: int) -> None:
        if line is not self.line:
            return
        s = line.settings
        info = line.getInfo()
        registered = bool(info.regIsActive) and 200 <= code < 300 and expiration > 0
        if registered:
            self._tls_error = ""
            text = reg_reason(code, reason)
        elif 200 <= code < 300:
            text = "Unregistered"
        elif self._tls_error and Transport(s.transport) == Transport.TLS:
            text = self._tls_error
        else:
            text = reg_reason(code, reason)
        tr = Transport(s.transport)
        cert_failed = not registered and bool(self._tls_error) and tr == Transport.TLS
        version, cipher = self._tls_of(s) if registered and tr == Transport.TLS else ("", "")
        self.emit(RegistrationChanged(registered=registered, code=code, reason=text,
                                      transport=tr.value, secure=registered and tr == Transport.TLS,
                                      expires=expiration if registered else 0,
                                      tls_version=version, tls_cipher=cipher,
                                      tls_verify_off=tr == Transport.TLS
                                      and not self.settings.tls_verify_server,
                                      problem="line.tls_certificate" if cert_failed else ""))
        if self.health is not None:
            self.health.registration(registered, code)


HANDLERS = handler_table(SipWorker)    # TypeError at import if a command has no handler (or two)
