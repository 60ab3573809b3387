"""Protecting the counselor from abusive callers: warn the caller, end the call with the protocol, keep the evidence, and a protective break that holds.

The protocol (Korea's Occupational Safety and Health Act, customer-service worker provisions):
- **Warn**: ``warn`` plays the center's warning announcement into the call (the caller's
  language when known), the counselor's microphone muted toward the caller while it plays
  (the engine does both: ``PlayAnnouncement``). ``AnnouncementState`` events count warnings.
- **End**: once the policy's warnings were played (``warnings_before_end``, or IT's setting),
  ``end_abusive_call(category, note)`` files the incident with the call's timeline (answered,
  warnings, ended), asks the center to hold the recording, takes the optional in-memory clip,
  preselects the "abusive" disposition, hangs up, and makes the next state a protective break.
- **Evidence clip** (IT setting ``[protection] evidence_clip_s``, off by default): the engine
  keeps the last seconds of both directions in memory; at "End abusive call" they are sealed
  to the center's public key and sent straight to the center (never to the outbox's file, so
  nothing of them reaches the disk); otherwise they are discarded with the call.
- **Protective break**: the break after wrap-up lasts at least the policy's minimum; going
  Ready before that needs ``return_early()`` (the screen asks for a confirmation), which the
  center records. Start, early return and the end of the minimum are written through the outbox.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from softphone.center import client as api
from softphone.desk.announcements import AnnouncementError, Sound, decode_wav, local_file, pick
from softphone.desk.availability import AgentStatus
from softphone.desk.calls import Calls
from softphone.desk.common import Notices, SessionFacts, desk_tr, user_message
from softphone.desk.protective_break import BreakView, ProtectiveBreak  # noqa: F401
from softphone.desk.supervisor import clean_message
from softphone.desk.views import CallPhase
from softphone.desk.writes import Writes
from softphone.domain.agent import Event

log = logging.getLogger(__name__)

RECOVERY = "recovery"       # the break reason code the center lists for the protective break
ABUSIVE = "abusive"         # the disposition preselected after an abusive call
CATEGORIES = ("verbal_abuse", "sexual_harassment", "threat", "other")
NOTE_MAX = 4000
CLIP_SEND_TRIES = 3
DEFAULT_BREAK_S = 600


@dataclass(frozen=True)
class Options:
    """IT's settings ([protection]); -1 / '' mean "the center decides"."""
    warnings_before_end: int = -1
    evidence_clip_s: int = 0
    announcements_dir: str = ""
    announcement_level: float = 0.25


def protection_options(settings: Any) -> Options:
    """IT's ``[protection]`` settings -> the desk's options."""
    return Options(int(settings.warnings_before_end), int(settings.evidence_clip_s),
                   str(settings.announcements_dir), float(settings.announcement_level))


@dataclass(frozen=True)
class ProtectionView:
    in_call: bool = False           # a connected call: the warn/end buttons apply
    playing: bool = False           # a warning is playing into the call
    warnings: int = 0               # warnings played in this call
    needed: int = 0                 # warnings before "End abusive call" is enabled
    problem: str = ""               # why the last warning did not play (translated)

    @property
    def can_warn(self) -> bool:
        return self.in_call and not self.playing

    @property
    def can_end(self) -> bool:
        return self.in_call and self.warnings >= self.needed


@dataclass
class _Call:
    call_id: int
    interaction_id: str = ""
    answered_at: float = 0.0
    warnings_at: list[float] = field(default_factory=list)
    language: str = ""


class Protection(QObject):
    protection_changed = Signal(object)     # ProtectionView

    def __init__(self, calls: Calls, writes: Writes, agent: AgentStatus, session: SessionFacts,
                 notices: Notices, parent: QObject | None = None, *, engine: Any = None,
                 center: Any = None, tasks: Any = None,
                 counseling: Callable[[str, str], None] | None = None,
                 suggest_disposition: Callable[[int, str], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._calls, self._writes, self._agent = calls, writes, agent
        self._session, self._notices = session, notices
        self._engine, self._center, self._tasks = engine, center, tasks
        self._suggest = suggest_disposition or (lambda _call_id, _code: None)
        self._clock = clock
        self.options = Options()
        self.policy: Any = None
        self._announcements: tuple[Any, ...] = ()
        self._sounds: dict[str, Sound] = {}         # announcement id / file -> sound (memory)
        self._call: _Call | None = None
        self._view = ProtectionView()
        self._clips: dict[int, str] = {}            # call id -> interaction id, clip asked
        self.rest = ProtectiveBreak(writes, agent, notices, counseling or (lambda _t, _i: None),
                                    clock, self)
        calls.call_changed.connect(self._on_call)
        calls.call_cleared.connect(self._on_call_cleared)

    # ------------------------------------------------------------------ set-up
    def configure(self, settings: Any) -> None:
        """IT's ``[protection]`` settings (or ``Options``)."""
        self.options = options = (settings if isinstance(settings, Options)
                                  else protection_options(settings))
        if self._engine is not None and hasattr(self._engine, "set_evidence_clip"):
            self._engine.set_evidence_clip(max(0, min(120, options.evidence_clip_s)))

    def start(self) -> None:
        """A session opened: the center's policy and its announcements (memory only)."""
        self.reset()
        if self._center is None or self._tasks is None:
            return
        self._tasks.run(self._center.protection_policy, on_done=self._set_policy,
                        on_error=lambda exc: log.warning("protection policy unavailable (%s): "
                                                         "defaults apply", _detail(exc)))
        self._tasks.run(self._center.announcements, on_done=self._set_announcements,
                        on_error=lambda exc: log.warning("announcements unavailable (%s)",
                                                         _detail(exc)))

    def reset(self) -> None:
        self.policy, self._announcements, self._sounds = None, (), {}
        self._call, self._clips = None, {}
        self.rest.reset()
        self._publish()

    def _set_policy(self, policy: Any) -> None:
        self.policy = policy
        self._publish()

    def _set_announcements(self, items: Any) -> None:
        self._announcements = tuple(items or ())

    # ------------------------------------------------------------------ the call
    @property
    def view(self) -> ProtectionView:
        return self._view

    def _needed(self) -> int:
        if self.options.warnings_before_end >= 0:
            return self.options.warnings_before_end
        return max(0, int(_get(self.policy, "warnings_before_end", 1)))

    def _publish(self, **changes: Any) -> None:
        c = self._call
        self._view = replace(self._view, in_call=c is not None, needed=self._needed(),
                             warnings=len(c.warnings_at) if c else 0, **changes)
        self.protection_changed.emit(self._view)

    def _on_call(self, call: Any) -> None:
        if call.phase is not CallPhase.TALKING:
            return
        if self._call is None or self._call.call_id != call.call_id:
            answered = time.time() - max(0.0, self._clock() - (call.started_monotonic or
                                                               self._clock()))
            ctx = self._calls.context
            self._call = _Call(call.call_id, call.interaction_id, answered,
                               language=str(getattr(ctx, "language", "") or ""))
            self._view = ProtectionView()
            self._publish()
        elif call.interaction_id and not self._call.interaction_id:
            self._call.interaction_id = call.interaction_id

    def _on_call_cleared(self) -> None:
        self._call = None       # a clip asked for stays in _clips until its event arrives
        self._view = ProtectionView()
        self._publish()

    @Slot()
    def warn(self) -> None:
        """Play the warning announcement into the connected call."""
        c = self._call
        if c is None or self._view.playing or self._engine is None:
            return
        if c.language == "" and self._calls.context is not None:
            c.language = str(getattr(self._calls.context, "language", "") or "")
        langs = (c.language, self._session.language)
        folder = self.options.announcements_dir
        if folder:                  # IT's own files: looked up and read on a worker
            key = f"dir:{folder}:{','.join(langs)}"
            load = lambda: decode_wav(_read_local(folder, langs))  # noqa: E731
        else:
            chosen = pick(self._announcements, *langs)
            if chosen is None:
                self._publish(problem=desk_tr("The center has no warning announcement to play."))
                return
            key = f"id:{_get(chosen, 'id', '')}"
            load = lambda a=chosen: decode_wav(self._center.announcement_audio(a))  # noqa: E731
        self._publish(playing=True, problem="")         # until the engine says otherwise
        if key in self._sounds:
            self._play(c.call_id, self._sounds[key])
            return
        self._tasks.run(load, lane="announcements",
                        on_done=lambda s, k=key, cid=c.call_id: self._loaded(k, cid, s),
                        on_error=self._load_failed)

    def _loaded(self, key: str, call_id: int, sound: Sound) -> None:
        self._sounds[key] = sound
        if self._call is not None and self._call.call_id == call_id:
            self._play(call_id, sound)
        else:
            self._publish(playing=False)

    def _load_failed(self, exc: BaseException) -> None:
        log.warning("warning announcement unavailable: %s", _detail(exc))
        text = desk_tr("The warning announcement could not be loaded: {0}").format(
            user_message(exc) if not isinstance(exc, (AnnouncementError, OSError))
            else desk_tr("the sound file is not usable"))
        self._publish(playing=False, problem=text)

    def _play(self, call_id: int, sound: Sound) -> None:
        level = max(0.0, min(1.0, self.options.announcement_level))
        self._engine.play_announcement(call_id, sound.pcm, sound.rate, level)

    def on_announcement(self, ev: Any) -> None:
        """The engine's ``AnnouncementState``: a warning started or ended."""
        c = self._call
        if c is None or ev.call_id != c.call_id:
            return
        if ev.playing:
            c.warnings_at.append(float(ev.started_at or time.time()))
            self._publish(playing=True, problem="")
            return
        problem = ""
        if str(ev.reason).startswith("failed"):
            log.warning("warning announcement failed: %s", ev.reason)
            problem = desk_tr("The warning could not be played into the call.")
        self._publish(playing=False, problem=problem)

    # ------------------------------------------------------------------ end the call
    @Slot(str, str)
    def end_abusive_call(self, category: str = "verbal_abuse", note: str = "") -> bool:
        """File the incident, hold the evidence, end the call, protective break next.
        False (nothing done) when no call is connected or the warnings come first."""
        c, call = self._call, self._calls.talking()
        if c is None or call is None or call.call_id != c.call_id or not self._view.can_end:
            return False
        category = category if category in CATEGORIES else "other"
        note = clean_message(note, NOTE_MAX)
        iid = call.interaction_id or c.interaction_id
        if self._view.playing and self._engine is not None:
            self._engine.stop_announcement(c.call_id)
        timeline = {"answered_at": round(c.answered_at, 3),
                    "warnings_at": [round(t, 3) for t in c.warnings_at],
                    "ended_at": round(time.time(), 3)}
        if self._clip_wanted() and iid:
            self._clips[c.call_id] = iid
            self._engine.take_evidence_clip(c.call_id)
        description = desk_tr("Abusive call ended by the counselor: {0}.").format(
            category_label(category))
        self._writes.enqueue(*api.incident_item(
            "high", description, iid or None, category=category, note=note,
            language=self._session.language, timeline=timeline))
        if iid and _get(self.policy, "evidence_hold", True):
            self._writes.enqueue(*api.evidence_hold_item(iid))
        self._suggest(c.call_id, ABUSIVE)
        self.rest.expect(iid, self._minimum_s(), self._support())
        self._agent.handle(Event.GO_BREAK, self._break_reason())
        self._calls.hangup()
        self._notices.info(desk_tr("The incident was reported to your supervisor. Your "
                                   "protective break starts after the wrap-up."))
        return True

    def _clip_wanted(self) -> bool:
        clip = _get(self.policy, "clip", None)
        return (self.options.evidence_clip_s > 0 and self._engine is not None
                and bool(_get(clip, "public_key", "")))

    def on_clip(self, ev: Any) -> None:
        """The engine's ``EvidenceClip``: sealed to the center's key and sent; then forgotten."""
        iid = self._clips.pop(ev.call_id, None)
        if iid is None:
            return
        if ev.error or not ev.pcm:
            log.warning("no evidence clip: %s", ev.error or "empty")
            self._notices.warning(desk_tr("The call's audio clip could not be kept; the "
                                          "center was asked to hold its recording."))
            return
        from softphone.center.evidence import seal_clip
        key = str(_get(_get(self.policy, "clip", None), "public_key", ""))
        pcm, rate, channels, seconds = bytes(ev.pcm), ev.rate, ev.channels, ev.seconds
        self._tasks.run(seal_clip, pcm, key, interaction_id=iid, rate=rate, channels=channels,
                        seconds=seconds, lane="evidence",
                        on_done=lambda body: self._send_clip(body, CLIP_SEND_TRIES),
                        on_error=self._clip_failed)

    def _send_clip(self, body: dict, tries: int) -> None:
        def again(exc: BaseException) -> None:
            if tries > 1:
                QTimer.singleShot(2000, self, lambda: self._send_clip(body, tries - 1))
            else:
                self._clip_failed(exc)
        self._tasks.run(self._center.send_evidence_clip, body, lane="evidence",
                        on_done=lambda _r: log.info("evidence clip delivered"), on_error=again)

    def _clip_failed(self, exc: BaseException) -> None:
        log.warning("evidence clip not delivered: %s", _detail(exc))
        self._notices.warning(desk_tr("The call's audio clip could not be sent; the center "
                                      "was asked to hold its recording."))

    # ------------------------------------------------------------------ the protective break
    def _minimum_s(self) -> int:
        return max(0, int(_get(self.policy, "protective_break_min_s", DEFAULT_BREAK_S)))

    def _break_reason(self) -> str:
        codes = self._session.reason_codes
        if RECOVERY in codes or not codes:
            return RECOVERY
        breaks = [c for c, o in codes.items() if o.extra.get("kind") == "break"]
        return breaks[0] if breaks else RECOVERY

    def _support(self) -> str:
        res = _get(self.policy, "support_resources", None) or {}
        text = _get(res, self._session.language, "") or _get(res, "en", "")
        return clean_message(text, 2000)


def _read_local(folder: str, langs: tuple[str, ...]) -> bytes:
    path = local_file(folder, *langs)
    if path is None:
        raise AnnouncementError(f"no warning_<lang>.wav in {folder}")
    return Path(path).read_bytes()


def category_label(code: str) -> str:
    return {"verbal_abuse": desk_tr("verbal abuse"),
            "sexual_harassment": desk_tr("sexual harassment"),
            "threat": desk_tr("threat"), "other": desk_tr("other")}.get(code, code)


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if obj is None:
        return default
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _detail(exc: BaseException) -> str:
    return str(getattr(exc, "detail", "") or type(exc).__name__)
