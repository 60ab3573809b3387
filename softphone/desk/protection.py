"""Protecting the counselor from abusive callers: report an incident, end the call, take a recovery break."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from softphone.center.client import incident_item
from softphone.desk.availability import AgentStatus
from softphone.desk.calls import Calls
from softphone.desk.common import Notices, SessionFacts, desk_tr
from softphone.desk.writes import Writes
from softphone.domain.agent import Event

RECOVERY = "recovery"       # the break reason code the center lists for recovery


class Protection(QObject):
    def __init__(self, calls: Calls, writes: Writes, agent: AgentStatus, session: SessionFacts,
                 notices: Notices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._calls, self._writes, self._agent = calls, writes, agent
        self._session, self._notices = session, notices

    @Slot(str)
    def end_abusive_call(self, description: str = "") -> None:
        """Record an incident, end the call, and take a recovery break after wrap-up."""
        call = self._calls.talking()
        if call is None:
            return
        text = description.strip()[:2000] or "Abusive caller: call ended by the counselor."
        self._writes.enqueue(*incident_item("high", text, call.interaction_id or None))
        recovery = self._session.reason_codes.get(RECOVERY)
        if recovery is not None and recovery.extra.get("kind") == "break":
            self._agent.handle(Event.GO_BREAK, RECOVERY)
        self._calls.hangup()
        self._notices.info(desk_tr("The incident was reported to your supervisor. "
                              "Take a moment before the next call."))
