"""Composition root: reads the settings, builds engine, center client, outbox, desk and window.

``softphone`` / ``python -m softphone`` start the app. ``--demo`` runs the practice center as
a child process and signs in with the practice account; ``--scripted-shift --shots DIR``
plays a practice shift without anyone at the keyboard (for machines without a display,
under Xvfb) and prints a one-screen summary.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer

from softphone import APP_ID, APP_NAME, __version__
from softphone.desk.common import problem_text
from softphone.platform.settings import Settings, local_security

log = logging.getLogger("softphone")
PRACTICE_CENTER = "practice://this-computer"     # the practice center's name in the outbox
# the desk translates the sound side's notices in the "Audio" context when it shows them
NO_SOUND_SYSTEM = QT_TRANSLATE_NOOP(
    "Audio", "The sound system could not be started: calls connect without sound. Call IT.")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="softphone", description=f"{APP_NAME} {__version__}")
    p.add_argument("--demo", action="store_true",
                   help="start the practice center and sign in with the practice account")
    p.add_argument("--scenario", default="", metavar="NAME",
                   help="play a named practice scenario (with --demo or --center), print a JSON "
                        "summary as the last line and exit; 'shift' is a whole shift")
    p.add_argument("--scripted-shift", action="store_const", const="shift", dest="scenario",
                   help="the same as --scenario shift")
    p.add_argument("--shots", type=Path, default=Path("demo-shots"),
                   help="where a scenario saves its screenshots (default %(default)s)")
    p.add_argument("--center", default="", help="center API URL (overrides the settings)")
    p.add_argument("--sip-proxy", default="",
                   help="with --demo: the SIP registrar/proxy HOST:PORT the practice center hands out")
    p.add_argument("--lang", choices=("en", "ko", "ru"), default="", help="interface language")
    p.add_argument("--no-audio", action="store_true", help="no sound devices (calls still connect)")
    p.add_argument("--bind", default="", help="local address for SIP and audio (default: settings)")
    p.add_argument("--check-settings", action="store_true",
                   help="check the effective settings (IT's file, the user's file, these "
                        "options), print each problem with file, line and key, and exit "
                        "(1 when there is one) without starting the desk")
    p.add_argument("--diagnostics", type=Path, default=None, metavar="PATH",
                   help="write the diagnostics zip for IT to PATH and exit")
    p.add_argument("-v", "--verbose", action="store_true")
    return p.parse_args(argv)


def media_factory(settings: Settings, no_audio: bool):
    """What the engine uses for sound: the sounddevice bridge, or silence when asked for.

    The factory runs on the SIP thread when the engine boots, so PortAudio and numpy load
    there, not before the login window. The bridge copes with no devices at all (it says
    "No microphone found" and calls connect with silence), so it is used whenever PortAudio
    itself can be loaded.
    """
    def make(emit):
        from softphone.sip.media import SilentMedia
        if no_audio:
            return SilentMedia(emit)
        try:
            from softphone.sip.audio import devices
            usable = devices.available()
        except Exception:
            usable = False
        if not usable:
            log.warning("PortAudio could not be loaded: calls will connect without sound")
            return SilentMedia(emit, notice=NO_SOUND_SYSTEM)
        from softphone.sip.audio import AudioBridge
        a = settings.audio
        return AudioBridge(emit, a.input_device, a.output_device, a.ring_device)
    return make


def engine_settings(settings: Settings, bind: str) -> Any:
    """The SIP engine's settings. TLS is always started: the center may ask for it at login and
    IT's floor may force it (softphone.domain.security); verification is off only by IT's lock."""
    from softphone.domain.security import tls_verification
    from softphone.sip.events import EngineSettings, Transport

    verification = tls_verification(local_security(settings))
    if verification.ignored:
        log.warning("settings: sip.tls_verify_server = false in the %s settings is ignored: only "
                    "IT can turn verification off (provisioning file, key locked)",
                    verification.ignored)
    if verification.warning:
        log.warning("TLS server verification is OFF (IT's locked sip.tls_verify_server)")
    transfers = settings.sip.allow_transfer_requests.strip().lower()
    if transfers != "off" and settings.sources.get("sip.allow_transfer_requests") != "provisioning":
        log.warning("settings: sip.allow_transfer_requests is read only from the provisioning "
                    "file; transfer requests stay refused")
        transfers = "off"
    only_from_proxy = settings.sip.accept_requests_only_from_proxy or \
        settings.sources.get("sip.accept_requests_only_from_proxy") != "provisioning"
    if not settings.sip.accept_requests_only_from_proxy and only_from_proxy:
        log.warning("settings: sip.accept_requests_only_from_proxy = false counts only in the "
                    "provisioning file; requests stay limited to the registrar/proxy")
    from softphone.platform.logfiles import STACK_FILE, log_dir
    return EngineSettings(
        bind_address=bind, sip_port=settings.sip.sip_port, rtp_port=settings.sip.rtp_port,
        transports=(Transport.UDP, Transport.TCP, Transport.TLS),
        stack_log_file=str(log_dir() / STACK_FILE),     # pjsip's own lines, beside ours
        tls_ca_file=settings.center.ca_bundle, tls_verify_server=verification.verify_server,
        stats_interval_s=settings.sip.stats_interval_s,
        allow_transfer_requests="registrar" if transfers == "registrar" else "off",
        only_from_proxy=only_from_proxy)


def watch_network(engine: Any, parent: Any = None) -> Any:
    """Tell the engine when links, addresses or routes change (platform/netwatch.py); it
    checks the path to the registrar and rebinds the line only when that moved."""
    from softphone.platform.netwatch import NetWatcher
    watcher = NetWatcher(parent)
    watcher.changed.connect(engine.handle_network_change)
    watcher.start()
    return watcher


class Composition:
    """Everything the app is made of, built in dependency order and torn down in reverse."""

    def __init__(self, app: Any, settings: Settings, args: argparse.Namespace,
                 desktop: Any = None) -> None:
        from softphone.center.client import CenterApi
        from softphone.platform.credentials import Credentials
        from softphone.desk.desk import Desk
        from softphone.sip.engine import SipEngine
        from softphone.platform.tasks import TaskRunner
        from softphone.ui.main_window import MainWindow

        self.app, self.settings, self.args = app, settings, args
        self.practice = None
        base_url = args.center or settings.center.base_url
        if args.demo and not args.center and not sys.platform.startswith("linux"):
            raise SystemExit("Practice mode starts its own practice center only on Linux. Here, "
                             "use the practice center your center hosts: --demo --center URL.")
        if args.demo and not args.center:
            from softphone.practice.processes import PracticeCenter
            # a scripted shift should not wait minutes for its first caller
            rate = 20.0 if args.scenario else 2.0
            self.practice = PracticeCenter(sip_proxy=args.sip_proxy, call_rate=rate).start()
            base_url = self.practice.url
        self.first_run = not base_url    # no center yet: the login screen asks for its address
        if self.first_run:
            log.info("no center is configured: the login screen asks for its address")
        self.base_url = base_url
        # whose center the outbox's items and drafts belong to: the practice center listens on
        # a new port each run but keeps its data, so it gets one name of its own
        self.center_key = PRACTICE_CENTER if self.practice is not None else base_url
        self.tasks = TaskRunner()
        self.credentials = Credentials()
        self.center = CenterApi(base_url, settings.center.ca_bundle or None,
                                (settings.center.connect_timeout_s, settings.center.read_timeout_s))
        bind = args.bind or ("127.0.0.1" if args.demo else settings.sip.bind_address)
        self.engine = SipEngine(media_factory(settings, args.no_audio))
        self._engine_settings = engine_settings(settings, bind)
        self.netwatch = watch_network(self.engine)
        self.outbox = None
        self.desk = Desk(self.engine, self.center, self.tasks, None,
                         local_security=local_security(settings))      # the line's floor
        self.desk.connection.auto_ready, self.desk.worklist.mask_numbers = \
            settings.center.ready_after_outage, settings.ui.mask_numbers
        self.desk.readiness.configure(settings.network, settings.center.ca_bundle)
        self.desk.configure(settings)        # [protection], [calls]
        self.window = MainWindow(self.desk, base_url)
        self._closing = self._started = False
        # SIP stack, outbox, reachability check: once it is painted (their threads take the GIL)
        self.window.login.first_painted.connect(self._after_first_paint)
        QTimer.singleShot(1000, self._after_first_paint)     # 1 s at the latest
        self.desktop = desktop
        if desktop is not None:
            desktop.attach(self.window, self.desk, self.engine, self.tasks)
        self.window.login.user.setText(settings.center.username)
        self.window.login.set_remember_allowed(settings.ui.remember_password)
        self.window.login.set_first_run(self.first_run, settings.center.allow_http)
        self.window.login.center_entered.connect(self._use_center)
        self.window.login.login_requested.connect(self._remember_login)
        self.window.set_idle_lock(settings.ui.idle_lock_min * 60.0, self._check_unlock, self.tasks)
        self.desk.shift.session_started.connect(self._on_session)
        self.desk.shift.logged_out.connect(lambda: self.desk.set_owner(None))
        self.desk.shift.logged_out.connect(self._show_waiting)
        self._outbox_retry_s, self._outbox_problem = 5.0, ""
        self._pending_login: tuple[str, str] | None = None
        self._pending_center = ""

    # ---------------------------------------------------------------- first run
    def _use_center(self, url: str) -> None:
        """First run: the address the counselor typed (LoginView checked it) is used for this
        sign-in and remembered in their settings once it succeeds."""
        from softphone.center.client import CenterApi
        self.center.base_url = CenterApi(url).base_url
        self.base_url = self.center_key = url
        self._pending_center = url

    # ---------------------------------------------------------------- idle lock: unlock
    def _check_unlock(self, password: str) -> bool:
        """On a worker: is this the signed-in counselor's password? Yes when it matches the
        keychain's copy; otherwise the center decides (a new sign-in of the same agent): the
        copy may be older than a password changed at the center, and wrong guesses meet the
        center's sign-in throttle."""
        from softphone.center.session import sign_in_again
        user = self.center.session.username
        if not password or not user:
            return False
        if self.settings.ui.remember_password and not self.args.demo:
            try:
                kept = self.credentials.load_password(self.base_url, user)
            except Exception:   # noqa: BLE001 - no keychain: ask the center
                kept = None
            if kept:
                import hmac
                if hmac.compare_digest(kept.encode(), password.encode()):
                    return True
        from softphone.center.models import CenterError
        try:
            sign_in_again(self.center, password)
        except CenterError as exc:
            if exc.kind == "auth":
                return False
            raise
        return True

    def _after_first_paint(self) -> None:
        if self._started or self._closing:
            return
        self._started = True
        self.engine.start(self._engine_settings)
        self._start_outbox()
        if not self.first_run:
            from softphone.center.reachability import check_center    # HTTP, the client's proxies
            self.tasks.run(check_center, self.center, self.settings.center.connect_timeout_s,
                           on_done=lambda r: self.window.login.set_reachability(r.ok, r.message_id),
                           on_error=lambda e: None)

    # ---------------------------------------------------------------- outbox (keyring: worker)
    def _start_outbox(self) -> None:
        """Open the outbox on a thread of its own (not the task pool: logout's ``forget()``
        must not drop it); until it opens, the desk keeps writes in memory (desk/writes.py)."""
        import threading
        from softphone.platform.tasks import run_in_gui_thread

        def work() -> None:
            try:
                box = self._open_outbox()
            except BaseException as exc:    # noqa: BLE001 - reported on the GUI thread
                run_in_gui_thread(self._outbox_failed, exc)
            else:
                run_in_gui_thread(self._outbox_ready, box)
        threading.Thread(target=work, name="outbox-open", daemon=True).start()

    def _open_outbox(self):
        from softphone.center.outbox import Outbox
        data = Path(platformdirs.user_data_dir(APP_ID, appauthor=False))
        return Outbox(data / "outbox.sqlite", self.center.deliver, self.credentials,
                      on_event=self.desk.writes.on_outbox_event)

    def _outbox_ready(self, outbox) -> None:
        if self._closing:
            outbox.close()
            return
        self.outbox = outbox
        self.desk.set_outbox(outbox)        # takes the writes kept in memory, and the owner
        outbox.start()
        self._show_waiting()
        self._outbox_problem, self._outbox_retry_s = "", 5.0

    def _show_waiting(self) -> None:
        """The login screen says whose writes wait on this computer (they go when they sign in)."""
        self.window.login.set_waiting(self.desk.writes.waiting_notice(self.center_key))

    def _outbox_failed(self, exc: BaseException) -> None:
        """No keyring, a locked one, or a lost key: say so once and try again later; meanwhile
        the desk keeps the writes in memory (``desk.writes.unsent_in_memory()``)."""
        log.error("the outbox could not be opened: %s", exc.__class__.__name__)
        if (message := problem_text(exc, "outbox.unavailable")) != self._outbox_problem:
            self._outbox_problem = message
            self.desk.notices.error(message)
        if not self._closing:
            QTimer.singleShot(int(self._outbox_retry_s * 1000),
                              lambda: self._closing or self._start_outbox())
            self._outbox_retry_s = min(300.0, self._outbox_retry_s * 2)

    # ---------------------------------------------------------------- remember the password
    def _remember_login(self, user: str, password: str) -> None:
        keep = self.settings.ui.remember_password and self.window.login.remember.isChecked()
        self._pending_login = (user, password) if keep else None

    def _on_session(self, view) -> None:
        agent = getattr(getattr(self.desk.shift.result, "agent", None), "id", "") or view.agent_id
        self.desk.set_owner(agent, self.center_key)   # only their writes go, drafts come back
        pending, self._pending_login = self._pending_login, None
        if self._pending_center:
            center, self._pending_center = self._pending_center, ""
            try:
                from softphone.platform.settings import save_user_setting
                self.settings = save_user_setting(self.settings, "center.base_url", center)
                if self.desktop is not None:
                    self.desktop.settings = self.settings
                self.window.login.set_first_run(False)
                self.window.login.center.set_safe_text(center)
            except (OSError, ValueError) as exc:
                log.warning("the center address could not be remembered: %s", exc)
        if pending and not self.args.demo:
            user, password = pending
            self.tasks.run(self.credentials.save_password, self.base_url, user, password,
                           on_error=lambda e: self.desk.notices.warning(str(e)))

    def prefill_password(self) -> None:
        user = self.settings.center.username
        if user and not self.args.demo and self.settings.ui.remember_password \
                and not self.first_run:
            self.tasks.run(self.credentials.load_password, self.base_url, user,
                           on_done=lambda pw: pw and self.window.login.password.setText(pw),
                           on_error=lambda e: None)

    # ---------------------------------------------------------------- teardown
    def close(self) -> None:
        self._closing = True
        try:
            if not self.desk.close_shift():     # forced (SIGTERM) with no disk for the draft
                log.error("the app closed during wrap-up and the draft could not be saved")
                self.desk.shift.logout(closing=True)
        except Exception:
            log.exception("logout at exit failed")
        if self.outbox is not None:
            self.outbox.stop(timeout=5)
        self.netwatch.stop()
        self.engine.stop(timeout_s=8)
        self.tasks.shutdown(wait=False)
        self.center.close()
        if self.practice is not None:
            self.practice.stop()
        if self.desktop is not None:
            self.desktop.close()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    from softphone.platform import logfiles, redact
    logfiles.install(crash_trace=True)  # rotating files (and crash.log) for IT, masked next
    redact.install()       # one masking filter for every log line (softphone/platform/redact.py)
    from softphone.platform.provisioning import check_settings, startup_settings
    settings, stopping = startup_settings(args)
    if args.check_settings:
        return check_settings(settings, stopping)
    if args.diagnostics is not None:
        from softphone.platform.diagnostics import export
        print(export(args.diagnostics, settings))
        return 0
    from softphone.ui.desktop import Desktop, make_application
    app = make_application(APP_NAME, __version__)
    from softphone.platform.signals import quit_on_signals
    quit_on_signals(app)      # SIGTERM/SIGINT quit the event loop: the close path below runs
    if stopping:              # IT's file is wrong, or an option tries to change a locked key
        print(f"{APP_NAME}: the settings stop start-up:\n"
              + "\n".join(f"  {p}" for p in stopping), file=sys.stderr)
        from softphone.ui.startup_error import show_settings_problems
        Desktop(app, settings, "")         # the dialog in the system's language and theme
        show_settings_problems([str(p) for p in stopping])
        return 2
    desktop = Desktop(app, settings, args.lang)      # language and theme before any widget
    try:
        comp = Composition(app, settings, args, desktop)
    except RuntimeError as exc:   # e.g. the practice center did not start
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        return 2
    try:
        comp.window.show()
        if args.scenario:
            from softphone.practice import scenarios
            if args.scenario not in scenarios.SCENARIOS:
                print(f"{APP_NAME}: no scenario {args.scenario!r}; known: "
                      f"{', '.join(scenarios.SCENARIOS)}", file=sys.stderr)
                return 2
            summary = scenarios.run(args.scenario, comp.window, comp.desk, args.shots,
                                    practice=comp.practice)
            import atexit     # the summary is the last line: printed after every thread
            atexit.register(scenarios.print_summary, summary)
            return 0 if summary.completed else 1
        if args.demo:
            from softphone.practice.scenarios import PRACTICE_PASSWORD, PRACTICE_USER
            comp.window.login.user.setText(PRACTICE_USER)
            comp.desk.shift.login(PRACTICE_USER, PRACTICE_PASSWORD)
        else:
            comp.prefill_password()
        return app.exec()
    finally:
        comp.close()
