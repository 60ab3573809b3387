"""Dial and transfer anywhere the center allows: the directory (colleagues, teams, outside services) with live presence, search as you type, and the dial field's rules.

The directory is read at session start (``CenterApi.directory``) with the center's dial
policy; presence follows through a long-poll on its own lane (``poll:presence``), so a change
shows within about a second without holding up other requests. What the counselor types is
checked by ``softphone.domain.dialing`` (extension or phone number, the center's policy);
``resolve`` turns a directory entry or typed text into what to dial, or a translated reason
why not. Calls and transfers themselves go through ``desk.calls`` / ``desk.consult``.
Everything lives in memory and is dropped at logout.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from softphone.desk.common import Notices, desk_tr
from softphone.desk.views import clean_text
from softphone.domain.dialing import DialPolicy, Dialable, normalize

log = logging.getLogger(__name__)

LANE = "presence"
WAIT_S = 15
BACKOFF_MAX_S = 30.0
PRESENCES = ("available", "on_call", "break", "offline")


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    kind: str                   # colleague | team | external
    team: str
    address: str                # what to dial: an extension or a number
    presence: str = ""          # available | on_call | break | offline | '' (not a person)
    transfer: bool = True


@dataclass(frozen=True)
class DirectoryView:
    entries: tuple[Entry, ...] = ()     # filtered by the search text
    query: str = ""
    total: int = 0
    connected: bool = False             # presence is live
    problem: str = ""                   # why the directory is not there (translated)


def _g(obj: Any, name: str, default: Any = "") -> Any:
    return obj.get(name, default) if isinstance(obj, dict) else getattr(obj, name, default)


def entry(raw: Any) -> Entry | None:
    """An untrusted directory item -> an Entry (None when it has no id or address)."""
    eid, address = clean_text(_g(raw, "id"), 80), clean_text(_g(raw, "address"), 64)
    if not eid or not address:
        return None
    presence = str(_g(raw, "presence") or "")
    return Entry(eid, clean_text(_g(raw, "name"), 120) or address,
                 str(_g(raw, "kind") or "colleague")[:20], clean_text(_g(raw, "team"), 80),
                 address, presence if presence in PRESENCES else "", bool(_g(raw, "transfer", True)))


def matches(e: Entry, query: str) -> bool:
    q = query.casefold().strip()
    if not q:
        return True
    digits = "".join(c for c in q if c.isdigit())
    hay = f"{e.name} {e.team} {e.address}".casefold()
    return all(word in hay for word in q.split()) or bool(
        digits and digits in "".join(c for c in e.address if c.isdigit()))


class Directory(QObject):
    directory_changed = Signal(object)      # DirectoryView

    def __init__(self, center: Any, tasks: Any, notices: Notices, calls: Any = None,
                 parent: QObject | None = None, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._center, self._tasks, self._notices, self._clock = center, tasks, notices, clock
        self._calls = calls
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._poll)
        self.reset()

    def reset(self) -> None:
        self._retry.stop()
        self._active, self._session = False, 0
        self._entries: dict[str, Entry] = {}
        self._version, self._backoff = 0, 1.0
        self.policy = DialPolicy()
        self.view = DirectoryView()
        self.directory_changed.emit(self.view)

    def start(self) -> None:
        self.reset()
        self._active = True
        self._session += 1
        session = self._session
        if not hasattr(self._center, "directory"):
            return                  # a center without a directory: the dial field still works
        self._tasks.run(self._center.directory, on_done=lambda items: self._loaded(session, items),
                        on_error=lambda exc: self._failed(session, exc))
        if hasattr(self._center, "dial_policy"):
            self._tasks.run(self._center.dial_policy, on_done=self._set_policy,
                            on_error=lambda exc: log.warning("dial policy unavailable: %s", exc))

    def _set_policy(self, p: Any) -> None:
        blocked = tuple(str(b) for b in (_g(p, "blocked_prefixes", ()) or ()))[:50]
        self.policy = DialPolicy(str(_g(p, "default_region", "KR") or "KR")[:2],
                                 str(_g(p, "internal", DialPolicy.internal) or "^$")[:200],
                                 bool(_g(p, "allow_international", False)), blocked)

    def _loaded(self, session: int, items: Any) -> None:
        if session != self._session or not self._active:
            return
        for raw in list(items or ())[:2000]:
            e = entry(raw)
            if e is not None:
                self._entries[e.id] = e
        self._publish(problem="")
        self._poll()

    def _failed(self, session: int, exc: BaseException) -> None:
        if session == self._session:
            self._publish(problem=desk_tr("The directory is not available now."))
            log.warning("directory unavailable: %s", getattr(exc, "detail", exc))

    # ------------------------------------------------------------------ presence
    def _poll(self) -> None:
        if not self._active or not hasattr(self._center, "presence"):
            return
        session = self._session
        started = self._tasks.poll(LANE, self._center.presence, self._version, WAIT_S,
                                   on_done=lambda page: self._on_presence(session, page),
                                   on_error=lambda exc: self._on_presence_failed(session, exc))
        if started is None:
            self._retry.start(1000)

    def _on_presence(self, session: int, page: Any) -> None:
        if session != self._session or not self._active:
            return
        self._backoff = 1.0
        self._version = int(_g(page, "version", self._version) or self._version)
        changed = False
        for ch in _g(page, "changes", ()) or ():
            eid, presence = str(_g(ch, "id")), str(_g(ch, "presence") or "")
            if eid in self._entries and presence in PRESENCES:
                self._entries[eid] = replace(self._entries[eid], presence=presence)
                changed = True
        if changed or not self.view.connected:
            self._publish(connected=True)
        self._poll()

    def _on_presence_failed(self, session: int, exc: BaseException) -> None:
        if session != self._session or not self._active:
            return
        if self.view.connected:
            self._publish(connected=False)
        self._retry.start(int(self._backoff * 1000))
        self._backoff = min(BACKOFF_MAX_S, self._backoff * 2)

    # ------------------------------------------------------------------ search, dial
    @Slot(str)
    def search(self, query: str) -> None:
        self._publish(query=clean_text(query, 80))

    def _publish(self, **changes: Any) -> None:
        view = replace(self.view, **changes)
        order = {p: i for i, p in enumerate(PRESENCES)}
        shown = tuple(e for e in sorted(self._entries.values(), key=lambda e: (
            e.kind != "colleague", order.get(e.presence, 0), e.name.casefold()))
                      if matches(e, view.query))
        self.view = replace(view, entries=shown, total=len(self._entries))
        self.directory_changed.emit(self.view)

    def get(self, entry_id: str) -> Entry | None:
        return self._entries.get(entry_id)

    def check(self, text: str) -> Dialable:
        """What the dial field holds, checked against the center's policy (live, as typed)."""
        return normalize(text, self.policy)

    def resolve(self, text: str = "", entry_id: str = "") -> tuple[str, str, str]:
        """(what to dial, the name to show, '') or ('', '', why not, translated)."""
        if entry_id:
            e = self._entries.get(entry_id)
            if e is None:
                return "", "", desk_tr("That directory entry is gone.")
            return e.address, e.name, ""
        d = self.check(text)
        if d.ok:
            return d.target, d.display, ""
        return "", "", problem_text(d.problem)


    # ------------------------------------------------------------------ intents
    @Slot(str, str)
    def call(self, text: str, entry_id: str = "") -> bool:
        """Call a typed number or a directory entry (outside a call)."""
        target, name, why = self.resolve(text, entry_id)
        if why:
            self._notices.warning(why)
            return False
        if self._calls is None or not self._calls.dial(target, name, "", ""):
            self._notices.warning(desk_tr("Finish the current call first."))
            return False
        return True

    @Slot(str, str, bool)
    def transfer(self, text: str, entry_id: str = "", consult: bool = False) -> bool:
        """Hand the connected caller to a typed number or a directory entry: at once (blind)
        or after talking to them first (consult)."""
        target, name, why = self.resolve(text, entry_id)
        if not why and entry_id and not self._entries[entry_id].transfer:
            why = desk_tr("Calls cannot be transferred to {0}.").format(name)
        if why:
            self._notices.warning(why)
            return False
        if self._calls is None or self._calls.talking() is None:
            return False
        if consult:
            self._calls.consult.start_consult(target, name)
        else:
            self._calls.transfer(target)
        return True


def problem_text(code: str) -> str:
    return {"empty": desk_tr("Type a number or an extension."),
            "not_a_number": desk_tr("That is not a phone number or extension."),
            "international": desk_tr("International numbers cannot be dialled from here."),
            "blocked": desk_tr("The center does not allow calls to this number.")}.get(
        code, desk_tr("That number cannot be dialled."))
