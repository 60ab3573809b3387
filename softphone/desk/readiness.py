"""The network readiness check: at shift start (the checklist's "network" row) and on demand; measures on a worker, judges, saves the result for IT.

What is measured (``measure``, on the task runner's "network-check" lane, never the GUI
thread): the center API's round trip (``GET /network-test``, through the center client and
its proxies; it also says where the echo service and the registrar are), the name lookup of
the center and registrar (softphone.platform.netprobe.dns_time), the clock offset from the
center's ``Date`` header, a SIP OPTIONS round trip over the line's transport and a large one
(softphone.platform.sipprobe; over UDP, when only the small one is answered, TCP is tried
too and suggested), the echo test (loss, RFC 3550 jitter, round trip, each way when the
echo service stamps), and the sound devices (the engine's last AudioStatus). The verdicts
and sentences come from softphone.desk.netverdict with the thresholds of ``[network]``.
Each result is saved as JSON (softphone.platform.netresults: 0600, no caller data: only
addresses of the center, figures, thresholds and verdicts) and can be opened later.
"""

from __future__ import annotations

import dataclasses
import logging
import statistics
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Signal, Slot

from softphone import __version__
from softphone.desk.common import Checklist, desk_tr
from softphone.desk.netverdict import ReadinessView, evaluate
from softphone.domain.security import TRANSPORT_ORDER
from softphone.platform import netresults
from softphone.platform.settings import NetworkSettings
from softphone.platform.tasks import run_in_gui_thread

log = logging.getLogger(__name__)
LANE = "network-check"              # the measuring (one at a time)
FILES = "network-results"           # saving, listing, opening: never behind a running check
STEPS = ("center", "dns", "clock", "sip", "echo")


def measure(center: Any, s: NetworkSettings, *, ca_bundle: str = "", line_transport: str = "",
            audio: dict | None = None, stop: threading.Event | None = None,
            progress: Callable[[str], None] = lambda _step: None) -> dict:
    """Every measurement, as JSON-ready data (blocking, about ``echo_seconds`` + a few s)."""
    from softphone.platform import netprobe     # on the worker: its ssl/urllib imports never
    stop = stop or threading.Event()             # delay the first window
    base = getattr(center, "base_url", "")
    host = urlsplit(base).hostname or ""
    m: dict[str, Any] = {"center_host": host, "audio": audio or {"checked": False}}
    progress("center")
    info, times, error = None, [], ""
    for _ in range(3):
        started = time.monotonic()
        try:
            info = center.network_test()
        except Exception as exc:            # noqa: BLE001 - CenterError and friends
            error = getattr(exc, "kind", "internal")      # a code; the class name: the log
            if error == "internal":
                log.warning("network check: the center's test failed: %s", exc.__class__.__name__)
            m["signed_out"] = error == "auth"
            if 400 <= (getattr(exc, "status", None) or 0) < 500 and not m["signed_out"]:
                times.append((time.monotonic() - started) * 1000)   # it answered: no test
                m["sip"], m["echo"] = {}, None
            break
        times.append((time.monotonic() - started) * 1000)
    m["center"] = {"ok": bool(times), "ms": round(statistics.median(times), 2) if times else 0,
                   "error": error}
    progress("dns")
    others = [*(info.sip if info else ()), *([info.echo] if info and info.echo else [])]
    names = [host] + [a.host for a in others if a.host]
    m["dns"] = [dataclasses.asdict(netprobe.dns_time(n)) for n in dict.fromkeys(names) if n]
    progress("clock")
    m["clock"] = dataclasses.asdict(netprobe.clock_offset(base, ca_bundle)) if base else {}
    if m.get("signed_out") and m["clock"].get("ok"):      # not signed in: it answered that
        m["center"] = {"ok": True, "ms": m["clock"]["http_ms"], "error": ""}
    if stop.is_set() or info is None:
        return m
    progress("sip")
    m["sip"] = _sip(info, host, s, line_transport)
    if stop.is_set():
        return m
    progress("echo")
    if info.echo is not None:
        m["echo"] = dataclasses.asdict(netprobe.echo_test(
            info.echo.host or host, info.echo.port, s.echo_seconds, stop=stop))
    else:
        m["echo"] = None
    return m


def _sip(info: Any, host: str, s: NetworkSettings, line_transport: str) -> dict:
    """The line's transport: the stricter of the center's and the line's (or IT's floor)."""
    by = {a.transport: a for a in info.sip}
    transport = info.sip[0].transport if info.sip else ""
    if line_transport in by and line_transport in TRANSPORT_ORDER and (
            transport not in TRANSPORT_ORDER
            or TRANSPORT_ORDER.index(line_transport) > TRANSPORT_ORDER.index(transport)):
        transport = line_transport
    out: dict[str, Any] = {"transport": transport, "small": None, "large": None}
    if not transport:
        return out

    def probe(t: str, size: int = 0) -> dict:
        from softphone.platform import sipprobe
        a = by[t]
        return dataclasses.asdict(sipprobe.sip_options(a.host or host, a.port, t,
                                                       info.sip_domain, size))
    out["small"] = probe(transport)
    if out["small"]["answered"]:
        out["large"] = probe(transport, s.large_sip_bytes)
        if transport == "udp" and not out["large"]["answered"] and "tcp" in by:
            out["tcp_small"] = probe("tcp")
            out["tcp_large"] = probe("tcp", s.large_sip_bytes)
    return out


class Readiness(QObject):
    """Runs the check (one at a time), shows it in the checklist, saves and lists results."""

    running_changed = Signal(bool)
    step_changed = Signal(str)              # one of STEPS while it runs
    result_ready = Signal(object)           # ReadinessView (a new run, or an opened file)
    history_changed = Signal(object)        # tuple[netresults.SavedResult], newest first
    failed = Signal(str)                    # an opened file could not be read

    def __init__(self, center: Any, tasks: Any, checks: Checklist,
                 line_transport: Callable[[], str] = lambda: "",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._center, self._tasks, self._checks = center, tasks, checks
        self._line_transport = line_transport
        self.settings = NetworkSettings()
        self.ca_bundle = ""
        self.store: Path | None = None      # where results go; None: not configured
        self.running = False
        self.view: ReadinessView | None = None
        self._audio: dict = {"checked": False}
        self._stop = threading.Event()
        self._run = 0

    def configure(self, settings: NetworkSettings, ca_bundle: str = "",
                  store: Path | None = None) -> None:
        """The app's settings (until then the check runs only when asked, and saves nothing)."""
        self.settings, self.ca_bundle = settings, ca_bundle
        self.store = store or netresults.results_dir()

    def set_audio(self, ev: Any) -> None:
        """The engine's AudioStatus: are a microphone and a headset there?"""
        self._audio = {"checked": True, "ok": bool(ev.input_ok and ev.output_ok)}

    # ------------------------------------------------------------------ running
    def on_session(self) -> None:
        if self.store is not None and self.settings.check_at_shift_start:
            self.run()
        else:
            self._checks.set("network", None, desk_tr("Not checked: open Network check in "
                                                      "the menu."))

    @Slot()
    def run(self) -> None:
        if self.running:
            return
        self.running = True
        self._run += 1
        run, self._stop = self._run, threading.Event()
        self.running_changed.emit(True)
        self._checks.set("network", None, desk_tr("Checking the network…"))

        def progress(step: str) -> None:
            run_in_gui_thread(self._progress, run, step)
        self._tasks.run(measure, self._center, self.settings, ca_bundle=self.ca_bundle,
                        line_transport=self._line_transport(), audio=dict(self._audio),
                        stop=self._stop, progress=progress, lane=LANE,
                        on_done=lambda m: self._measured(run, m),
                        on_error=lambda exc: self._crashed(run, exc))

    def _progress(self, run: int, step: str) -> None:
        if run == self._run and self.running:
            self.step_changed.emit(step)

    def _crashed(self, run: int, exc: BaseException) -> None:
        log.error("network check failed: %s", exc.__class__.__name__)
        self._measured(run, {"center": {"ok": False, "error": "internal"}})

    def _measured(self, run: int, m: dict) -> None:
        if run != self._run:
            return
        self.running = False
        self.running_changed.emit(False)
        when = datetime.now(timezone.utc).isoformat(timespec="seconds")
        thresholds = dataclasses.asdict(self.settings)
        self.view = view = evaluate(m, thresholds, when)
        self._judged = (m, thresholds, when)        # worded again after a language switch
        self._checks.set("network", view.verdict == "green", view.text, verdict=view.verdict)
        self.result_ready.emit(view)
        log.info("network check: %s (%s)", view.verdict,
                 ", ".join(f"{r.key}={r.verdict}" for r in view.rows))
        if self.store is None:
            return
        data = {"format": 1, "when": when, "app_version": __version__,
                "verdict": view.verdict, "thresholds": thresholds, "measurements": m,
                "checks": [dataclasses.asdict(r) for r in view.rows]}
        self._tasks.run(netresults.save, data, self.store, lane=FILES,
                        on_done=lambda path: self._saved(view, str(path)),
                        on_error=lambda exc: log.error("network check not saved: %s", exc))

    def _saved(self, view: ReadinessView, path: str) -> None:
        if self.view is view:
            self.view = dataclasses.replace(view, path=path)
            self.result_ready.emit(self.view)
        self.refresh_history()

    @Slot()
    def cancel(self) -> None:
        """Stop a running check (logout, closing): its result is dropped."""
        self._stop.set()
        if self.running:
            self._run += 1
            self.running = False
            self.running_changed.emit(False)

    def reset(self) -> None:
        self.cancel()

    def relabel(self) -> None:
        """The language changed: the last result's lines (and its checklist row) again."""
        judged, view = getattr(self, "_judged", None), self.view
        if judged is None or view is None or self.running:
            return
        self.view = dataclasses.replace(evaluate(*judged), path=view.path)
        self._checks.set("network", self.view.verdict == "green", self.view.text,
                         verdict=self.view.verdict)
        self.result_ready.emit(self.view)
        self.refresh_history()

    # ------------------------------------------------------------------ saved results
    @Slot()
    def refresh_history(self) -> None:
        if self.store is None:
            self.history_changed.emit(())
            return
        self._tasks.run(netresults.list_saved, self.store, lane=FILES,
                        on_done=lambda items: self.history_changed.emit(tuple(items)),
                        on_error=lambda exc: self.history_changed.emit(()))

    @Slot(str)
    def open_saved(self, path: str) -> None:
        """Show a saved result again (its measurements judged with its own thresholds)."""
        def opened(data: dict) -> None:
            thresholds = {**dataclasses.asdict(NetworkSettings()), **data.get("thresholds", {})}
            self.result_ready.emit(evaluate(data["measurements"], thresholds,
                                            str(data.get("when", "")), path))
        self._tasks.run(netresults.load, path, lane=FILES, on_done=opened,
                        on_error=lambda exc: self.failed.emit(desk_tr(
                            "This saved result cannot be opened.")))
