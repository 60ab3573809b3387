"""The desk's side of drafts: the wrap-up in progress and the unconfirmed self-check survive a closed window or a crash.

Drafts live sealed in the outbox's file (softphone.center.drafts), per counselor and center.
Until the outbox is open (the keyring may be slow, locked or missing) they are kept in
memory, so a logout and a new login in the same run still find them; ``durable`` says which.
``ready`` fires when both the outbox and the counselor are known: the desk then offers a
wrap-up left from before and the self-check says whether earlier answers were recorded.
A failed save (disk full) is said once and changes nothing else: the draft stays in memory.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from softphone.desk.common import Notices, desk_tr

log = logging.getLogger(__name__)

WRAPUP, SELFCHECK = "wrapup", "selfcheck"


class DraftKeeper(QObject):
    """Saves, finds and drops the current counselor's drafts (outbox file, else memory)."""

    ready = Signal()        # the outbox and the counselor are both known

    def __init__(self, notices: Notices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notices = notices
        self._outbox: Any = None
        self._owner: tuple[str, str] | None = None
        self._memory: dict[tuple[str, str, str], dict] = {}
        self._told_failure = False

    # ------------------------------------------------------------ where, whose
    def set_outbox(self, outbox: Any) -> None:
        self._outbox = outbox if hasattr(outbox, "drafts") else None
        if self._outbox is not None:        # what waited in memory goes to the file now
            for (agent, center, kind), doc in list(self._memory.items()):
                if self._store(agent, center, kind, doc):
                    del self._memory[(agent, center, kind)]
        self._maybe_ready()

    def set_owner(self, agent_id: str | None, center: str = "") -> None:
        self._owner = (agent_id, self._center_id(center)) if agent_id else None
        self._maybe_ready()

    @property
    def durable(self) -> bool:
        """Whether a draft saved now survives the app (the outbox's file is open)."""
        return self._outbox is not None

    def _maybe_ready(self) -> None:
        if self._owner is not None and self._outbox is not None:
            self.ready.emit()

    @staticmethod
    def _center_id(center: str) -> str:
        from softphone.center.outbox import center_id
        return center_id(center) if center else ""

    # ------------------------------------------------------------ drafts
    def save(self, kind: str, doc: dict) -> bool:
        """Keep ``doc`` as the owner's draft of ``kind``; True when it is on disk."""
        if self._owner is None:
            return False
        agent, center = self._owner
        if self._outbox is not None and self._store(agent, center, kind, doc):
            self._memory.pop((agent, center, kind), None)
            return True
        self._memory[(agent, center, kind)] = dict(doc)
        return False

    def load(self, kind: str) -> dict | None:
        if self._owner is None:
            return None
        agent, center = self._owner
        if (agent, center, kind) in self._memory:
            return dict(self._memory[(agent, center, kind)])
        if self._outbox is None:
            return None
        try:
            return self._outbox.drafts().load(agent, center, kind)
        except Exception as exc:        # noqa: BLE001 - a broken file must not stop the desk
            log.error("reading a %s draft failed: %s", kind, type(exc).__name__)
            return None

    def drop(self, kind: str) -> None:
        if self._owner is None:
            return
        agent, center = self._owner
        self._memory.pop((agent, center, kind), None)
        if self._outbox is not None:
            try:
                self._outbox.drafts().drop(agent, center, kind)
            except Exception as exc:    # noqa: BLE001
                log.error("dropping a %s draft failed: %s", kind, type(exc).__name__)

    def _store(self, agent: str, center: str, kind: str, doc: dict) -> bool:
        try:
            self._outbox.drafts().save(agent, center, kind, doc)
        except Exception as exc:        # noqa: BLE001 - disk full, locked file...
            log.error("saving a %s draft failed: %s", kind, type(exc).__name__)
            if not self._told_failure:
                self._told_failure = True
                self._notices.warning(desk_tr(
                    "Your wrap-up draft could not be saved on this computer. Finish it before "
                    "closing the app."))
            return False
        self._told_failure = False
        return True
