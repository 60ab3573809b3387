"""Writes to the center that must not be lost (wrap-ups, incidents, callback outcomes): the durable outbox's desk side.

The outbox opens on a worker (the keyring may be missing, locked, or wait for an unlock
prompt). Until it is open, or when it refuses a write, the desk keeps the writes in memory,
in order, each with its counselor and Idempotency-Key, and hands them to the outbox as soon
as it opens (``set_outbox``). ``unsent_in_memory()`` counts them and ``unsent_notice()`` says
why logout or quit must wait: the logout and quit paths are to refuse while it is not zero.
The outbox learns who is signed in through ``set_owner`` (the app calls it at session start
and with None at logout); ``waiting_notice(center)`` is the login screen's line about other
counselors' writes that wait for them, and the outbox's events become notices here: refused
or unconfirmed writes stay in the outbox's "Not sent" list (``Outbox.refused()``), which
a person decides on (the desk has no screen for that list yet).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from softphone.desk.common import Notices, desk_tr
from softphone.desk.views import field as g
from softphone.platform.tasks import run_in_gui_thread

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HeldWrite:
    """A write the outbox has not taken yet (kept in memory, in order)."""
    kind: str
    path: str
    payload: dict
    method: str
    key: str
    owner: tuple[str, str] | None


class Writes(QObject):
    """Queues writes in the outbox (or in memory until it opens) and says what waits or was refused."""

    outbox_changed = Signal(int)        # writes not yet confirmed by the center

    def __init__(self, notices: Notices, outbox: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notices = notices
        self.outbox = outbox
        self._owner: tuple[str, str] | None = None
        self._memory: list[HeldWrite] = []
        self._told_memory = False

    # ------------------------------------------------------------ who, and where to
    def set_outbox(self, outbox: Any) -> None:
        """The durable outbox opens on a worker (keyring); it arrives here when ready and
        takes what waited in memory, in order."""
        self.outbox = outbox
        if self._owner is not None and hasattr(outbox, "set_owner"):
            outbox.set_owner(*self._owner)
        held = bool(self._memory)
        self._flush()
        if held and not self._memory:
            self._notices.info(desk_tr("The writes kept in memory are saved on this computer "
                                       "now; they are sent as usual."))
        self._changed()

    def set_owner(self, agent_id: str | None, center: str | None = None) -> None:
        """Who is signed in (None at logout): only their writes are sent."""
        self._owner = (agent_id, center or "") if agent_id else None
        if self.outbox is not None and hasattr(self.outbox, "set_owner"):
            self.outbox.set_owner(agent_id, center)
        self._changed()

    # ------------------------------------------------------------ writes
    def enqueue(self, kind: str, path: str, payload: dict, method: str = "POST") -> None:
        self._memory.append(HeldWrite(kind, path, payload, method, str(uuid.uuid4()), self._owner))
        self._flush()
        if self._memory and not self._told_memory:
            self._told_memory = True
            self._notices.warning(self.unsent_notice())
        self._changed()

    def _flush(self) -> None:
        while self._memory and self.outbox is not None:
            w = self._memory[0]
            try:
                if w.owner is not None:
                    self.outbox.enqueue(w.kind, w.path, w.payload, w.method, w.key, owner=w.owner)
                else:       # fakes in the desk tests; the real outbox raises NoOwner
                    self.outbox.enqueue(w.kind, w.path, w.payload, w.method, w.key)
            except Exception as exc:    # disk full, no owner...: kept in memory, in order
                log.error("the outbox did not take a %s: %s", w.kind, type(exc).__name__)
                if not self._told_memory:
                    self._told_memory = True
                    self._notices.error(self.unsent_notice())
                return
            self._memory.pop(0)
        if not self._memory:
            self._told_memory = False

    def unsent_in_memory(self) -> int:
        """Writes held only in memory: logout and quit must wait while this is not zero."""
        return len(self._memory)

    def unsent_notice(self) -> str:
        """Why logout or quit must wait (empty when nothing waits in memory)."""
        n = len(self._memory)
        if not n:
            return ""
        return desk_tr("{0} write(s) (wrap-ups, incidents, callback outcomes) are not saved on "
                       "this computer yet: the secure storage (keyring) is not open. Keep the "
                       "app open and do not log out; call IT if this does not clear.").format(n)

    def waiting_notice(self, center: str) -> list[str]:
        """The login screen's lines: other counselors' writes that go when they sign in."""
        waiting = getattr(self.outbox, "waiting_for_others", None)
        counts = waiting(center) if waiting else {}
        return [desk_tr("{0} write(s) of {1} are waiting to be sent: they go when {1} signs "
                        "in.").format(n, agent) for agent, n in sorted(counts.items())]

    def _changed(self) -> None:
        held = self.outbox.pending_count() if self.outbox is not None else 0
        self.outbox_changed.emit(held + len(self._memory))

    # ------------------------------------------------------------ what the outbox reports
    def on_outbox_event(self, ev: Any) -> None:
        """The outbox's hook: called on its sender thread, handled on the GUI thread."""
        run_in_gui_thread(self._on_event, ev)

    def _on_event(self, ev: Any) -> None:
        self._changed()
        outcome, kind = g(ev, "outcome"), g(ev, "kind", "")
        if outcome == "refused":
            self._notices.error(desk_tr("The center did not accept a saved {0}: {1}. It is kept "
                                        "on this computer and not sent again on its own: tell "
                                        "your supervisor.").format(
                kind, g(ev, "reason", "") or desk_tr("no reason given")))
        elif outcome == "unconfirmed":
            self._notices.error(desk_tr("The center never confirmed a saved {0}. It is kept on "
                                        "this computer and not sent again on its own: tell your "
                                        "supervisor.").format(kind))
        elif outcome == "undecryptable":
            self._notices.error(desk_tr("A saved {0} cannot be read on this computer (its key "
                                        "is missing). It is kept, not deleted: call IT.").format(kind))
