"""What every desk controller shares: the engine's shape, the notice channel, the checklist, the session's facts."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field as dc_field
from typing import Any, Callable, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Signal

from softphone.desk.views import CheckItem, Option
from softphone.domain.messages import Message, lookup

log = logging.getLogger("softphone.desk")

TRANSIENT = ("unreachable", "timeout", "server")   # CenterError kinds worth retrying


def desk_tr(text: str) -> str:
    """Translate in the "Desk" context. Not named ``tr``: lupdate would file the texts under each
    controller's class; scripts/i18n_update.py collects them for the "Desk" context instead."""
    return QCoreApplication.translate("Desk", text)


def outcome_label(code: str) -> str:
    """A callback attempt's outcome code in the counselor's words (the code itself if unknown)."""
    return {"no_answer": desk_tr("No answer"), "busy": desk_tr("Busy"),
            "wrong_number": desk_tr("Wrong number"), "done": desk_tr("Done: reached"),
            "unreachable": desk_tr("Unreachable")}.get(code, code)


def render(message: Message | str, params: tuple = ()) -> str:
    """A message id (softphone.domain.messages) and its parameters in the counselor's
    language, now: call it at display time (again after a language switch)."""
    if isinstance(message, Message):
        message, params = message.id, message.params
    found = lookup(message)
    if found is None:
        return message      # not an id: a text already (the center's own words)
    text = QCoreApplication.translate(*found)
    return text.format(*(render(p) if isinstance(p, Message) else p for p in params))


def problem_text(exc: BaseException, fallback_id: str) -> str:
    """A lower layer's failure (its ``message_id`` and ``params``) in the counselor's words;
    ``fallback_id`` when it carries none and says nothing."""
    mid = getattr(exc, "message_id", "")
    return render(mid, tuple(getattr(exc, "params", ()))) if mid else str(exc) or render(fallback_id)


def user_message(exc: BaseException) -> str:
    """What a counselor reads for a failed center call or a keyring failure, in the
    counselor's language (the exception's ``message_id`` and ``params``; a text the center
    itself sent is shown as it came)."""
    mid = getattr(exc, "message_id", "")
    if mid:
        return render(mid, tuple(getattr(exc, "params", ())))
    msg = getattr(exc, "user_message", "")
    return (QCoreApplication.translate("Center", msg) if msg
            else desk_tr("Something went wrong talking to the center. Try again."))


class Engine(Protocol):
    """The SIP engine as the desk uses it (softphone.sip.engine.SipEngine; a fake in tests)."""

    event: Any

    def set_account(self, settings: Any) -> None: ...
    def make_call(self, uri: str) -> int: ...
    def answer(self, call_id: int) -> None: ...
    def ring(self, call_id: int) -> None: ...
    def reject(self, call_id: int, code: int) -> None: ...
    def hangup(self, call_id: int) -> None: ...
    def hold(self, call_id: int) -> None: ...
    def resume(self, call_id: int) -> None: ...
    def set_mute(self, call_id: int, muted: bool) -> None: ...
    def send_dtmf(self, call_id: int, digits: str) -> None: ...
    def blind_transfer(self, call_id: int, uri: str) -> None: ...
    def consult_transfer(self, call_id: int, other_call_id: int) -> None: ...
    def play_whisper(self) -> None: ...
    def play_announcement(self, call_id: int, pcm: bytes, rate: int,
                          local_level: float = 0.25) -> None: ...
    def stop_announcement(self, call_id: int) -> None: ...
    def set_evidence_clip(self, seconds: int) -> None: ...
    def take_evidence_clip(self, call_id: int) -> None: ...
    def unregister(self) -> None: ...


class Notices(QObject):
    """The one channel for messages to the counselor: level (info|warning|error), text.

    A notice given as a message id (``show``) is kept with its parameters: after a language
    switch ``rerender`` words the last one again (``relabelled``: the shown notice's new text,
    its timer untouched)."""

    notice = Signal(str, str)
    relabelled = Signal(str, str)

    last: tuple[str, Message] | None = None

    def info(self, text: str) -> None:
        self._emit("info", text)

    def warning(self, text: str) -> None:
        self._emit("warning", text)

    def error(self, text: str) -> None:
        self._emit("error", text)

    def show(self, level: str, message: Message | str, params: tuple = ()) -> None:
        """A notice by message id (softphone.domain.messages) and parameters."""
        m = message if isinstance(message, Message) else Message(message, tuple(params))
        self.last = (level, m)
        self.notice.emit(level, render(m))

    def _emit(self, level: str, text: str) -> None:
        self.last = None
        self.notice.emit(level, text)

    def rerender(self) -> None:
        if self.last is not None:
            self.relabelled.emit(self.last[0], render(self.last[1]))

    def failed(self, what: str) -> Callable[[BaseException], None]:
        """An on_error handler for a center call: log what failed, tell the counselor."""
        def handler(exc: BaseException) -> None:
            log.warning("%s failed: %s", what, getattr(exc, "detail", exc.__class__.__name__))
            mid = getattr(exc, "message_id", "")
            if mid and lookup(mid) is not None:
                self.show("error", mid, tuple(getattr(exc, "params", ())))
            else:
                self.error(user_message(exc))
        return handler


class Checklist(QObject):
    """The shift-start checklist rows (center, line, sip, audio, network, health), each set by
    its owner. The "sip" row (which SIP stack runs) is advisory: ok=False there is a warning,
    never a blocker; the "network" row (desk/readiness.py) carries a green/amber/red verdict."""

    checks_changed = Signal(object)     # tuple[CheckItem]
    KEYS = ("center", "line", "sip", "audio", "network", "health")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reset()

    def reset(self) -> None:
        self.items: dict[str, CheckItem] = {k: CheckItem(k, None) for k in self.KEYS}

    def set(self, key: str, ok: bool | None, detail: str = "", verdict: str = "") -> None:
        self.items[key] = CheckItem(key, ok, detail, verdict)
        self.checks_changed.emit(tuple(self.items.values()))


@dataclass
class SessionFacts:
    """What the center told us at login (and the reason codes it lists); cleared at logout."""

    active: bool = False
    language: str = "en"
    sip_domain: str = ""
    ring_timeout_s: int = 20
    acw_limit_s: int = 60
    queue_acw: dict[str, int] = dc_field(default_factory=dict)
    queue_names: dict[str, str] = dc_field(default_factory=dict)
    queue_call_waiting: dict[str, bool] = dc_field(default_factory=dict)   # offers while busy
    reason_codes: dict[str, Option] = dc_field(default_factory=dict)
    dispositions: dict[str, str] = dc_field(default_factory=dict)   # code -> the center's label

    def reset(self) -> None:
        self.__init__()     # type: ignore[misc]

    def disposition_label(self, code: str) -> str:
        """A wrap-up's disposition code in the counselor's words, now (the history keeps the
        code: a language switch re-labels it)."""
        if not code or code in self.dispositions:
            return self.dispositions.get(code, "")
        return {"resolved": desk_tr("Resolved"),
                "follow_up": desk_tr("Needs follow-up")}.get(code) or outcome_label(code)

    def label(self, code: str) -> str:
        """A reason code in the counselor's words ('' for none)."""
        if not code:
            return ""
        opt = self.reason_codes.get(code)
        return opt.label if opt else {"missed": desk_tr("Missed call"),
                                      "technical": render("reason.technical")}.get(code, code)

    def target_uri(self, uri: str) -> str:
        """A short extension or name -> a SIP URI in the center's domain."""
        if "@" not in uri and not uri.startswith("sip:"):
            uri = f"sip:{uri}@{self.sip_domain}"
        return uri
