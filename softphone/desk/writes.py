"""Writes to the center that must not be lost (wrap-ups, incidents, callback outcomes): the durable outbox's desk side."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from softphone.desk.common import Notices, desk_tr
from softphone.desk.views import field as g
from softphone.platform.tasks import run_in_gui_thread

log = logging.getLogger(__name__)


class Writes(QObject):
    """Queues writes in the outbox and tells the counselor what it still holds or refused."""

    outbox_changed = Signal(int)        # writes not yet confirmed by the center

    def __init__(self, notices: Notices, outbox: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notices = notices
        self.outbox = outbox

    def set_outbox(self, outbox: Any) -> None:
        """The durable outbox opens on a worker (keyring); it arrives here when ready."""
        self.outbox = outbox
        self.outbox_changed.emit(outbox.pending_count())

    def enqueue(self, kind: str, path: str, payload: dict) -> None:
        if self.outbox is None:        # only in tests that do not look at writes
            log.warning("no outbox: %s not delivered", kind)
            return
        self.outbox.enqueue(kind, path, payload)
        self.outbox_changed.emit(self.outbox.pending_count())

    def on_outbox_event(self, ev: Any) -> None:
        """The outbox's hook: called on its sender thread, handled on the GUI thread."""
        run_in_gui_thread(self._on_event, ev)

    def _on_event(self, ev: Any) -> None:
        if self.outbox is not None:
            self.outbox_changed.emit(self.outbox.pending_count())
        if g(ev, "outcome") == "failed":
            self._notices.error(desk_tr("The center refused a saved {0}: {1}").format(
                g(ev, "kind", ""), g(ev, "user_message", "") or desk_tr("contact your supervisor")))
