"""After-call work: the disposition list, the countdown, and the wrap-up written to the center through the outbox.

The wrap-up in progress is a draft (softphone.desk.drafts): saved when it starts, when the
counselor edits it (``update_draft``, debounced) and when the app closes (``park``), dropped
once its write is queued. The write carries the draft's Idempotency-Key, so a draft found
again after a crash can never be recorded twice. ``resume`` brings a draft back after a
restart: the counselor finishes it before taking calls (a Ready blocker).
"""

from __future__ import annotations

import dataclasses
import logging
import time
import uuid
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from softphone.center.callback_api import OUTCOMES
from softphone.center.client import callback_complete_item, wrapup_item
from softphone.center.items import callback_attempt_item
from softphone.desk.availability import AgentStatus
from softphone.desk.common import SessionFacts, desk_tr, outcome_label
from softphone.desk.drafts import WRAPUP, DraftKeeper
from softphone.desk.views import NOTES_MAX, CallView, EndedCall, WrapupView, clean_text, field as g
from softphone.desk.writes import Writes
from softphone.domain.agent import Event

log = logging.getLogger(__name__)

RESUMED = "wrapup_draft"        # the Ready blocker while a wrap-up from before waits
SAVE_DELAY_MS = 1000            # edits are saved at most once a second


class WrapUp(QObject):
    wrapup_started = Signal(object)        # WrapupView (again when the dispositions arrive)
    wrapup_tick = Signal(int)              # seconds of ACW left (negative: over the limit)
    wrapup_finished = Signal()
    recorded = Signal(object, int, str, str)   # CallView, duration, disposition code, outcome
    draft_restored = Signal(str, str)          # disposition code, notes (a resumed draft)

    def __init__(self, center: Any, tasks: Any, writes: Writes, session: SessionFacts,
                 agent: AgentStatus, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None, drafts: DraftKeeper | None = None) -> None:
        super().__init__(parent)
        self._center, self._tasks, self._writes = center, tasks, writes
        self._session, self._agent, self._clock = session, agent, clock
        self._drafts = drafts
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self._save_draft)
        self._suggested: dict[int, str] = {}     # call id -> disposition to preselect
        self._deferred: list[EndedCall] = []     # calls that ended while another went on
        self.reset()

    def defer(self, ended: EndedCall) -> None:
        """A call ended while another goes on: its wrap-up follows the last call's."""
        self._deferred.append(ended)

    def drop_deferred(self) -> None:
        self._deferred.clear()

    def suggest(self, call_id: int, code: str) -> None:
        """Preselect ``code`` in this call's wrap-up (if the center lists it)."""
        self._suggested = {call_id: code}

    def reset(self) -> None:
        self._timer.stop()
        self._save_timer.stop()
        self.view: WrapupView | None = None
        self._call: CallView | None = None
        self._duration = 0
        self._deadline = 0.0
        self._draft: dict | None = None

    @property
    def interaction_id(self) -> str:
        return self.view.interaction_id if self.view is not None else ""

    def start(self, ended: EndedCall) -> None:
        call = ended.call
        limit = self._session.queue_acw.get(call.queue, self._session.acw_limit_s)
        suggested = self._suggested.pop(call.call_id, "")
        self.view = WrapupView(call.call_id, call.interaction_id, call.callback_id, (), limit, True,
                               suggested)
        self._call, self._duration = call, ended.duration_s
        self._draft = {"key": str(uuid.uuid4()), "interaction_id": call.interaction_id,
                       "callback_id": call.callback_id, "queue": call.queue, "limit": limit,
                       "dispositions": [], "disposition": suggested, "notes": "",
                       "ended_at": time.time()}
        self._save_draft()
        self._begin(limit, call.callback_id, call.queue)

    def _begin(self, limit: int, callback_id: str, queue: str) -> None:
        assert self.view is not None
        self._deadline = self._clock() + limit
        self.wrapup_started.emit(self.view)
        self._timer.start()
        self.wrapup_tick.emit(limit)
        if callback_id:
            self._set_dispositions(None)
        else:
            self._tasks.run(self._center.dispositions, queue or None,
                            on_done=self._set_dispositions,
                            on_error=lambda e: self._set_dispositions(None))

    # ------------------------------------------------------------ the draft
    def resume(self, draft: dict) -> bool:
        """Bring back a wrap-up left by a closed or crashed app; False when it cannot be."""
        if self.view is not None or not isinstance(draft, dict) or not draft.get("key"):
            return False
        iid, cbid = str(draft.get("interaction_id") or ""), str(draft.get("callback_id") or "")
        if not (iid or cbid):
            return False
        try:
            limit = int(draft.get("limit") or self._session.acw_limit_s)
        except (TypeError, ValueError):
            limit = self._session.acw_limit_s
        self.view = WrapupView(-1, iid, cbid, (), limit, True)
        self._draft, self._call, self._duration = dict(draft), None, 0
        self._agent.block(RESUMED, desk_tr("Finish the wrap-up of your previous call first."))
        self._begin(limit, cbid, str(draft.get("queue") or ""))
        self.draft_restored.emit(str(draft.get("disposition") or ""),
                                 str(draft.get("notes") or "")[:NOTES_MAX])
        return True

    @Slot(str, str)
    def update_draft(self, disposition: str, notes: str) -> None:
        """The counselor edited the wrap-up: saved within a second (``park`` saves at once)."""
        if self._draft is None:
            return
        self._draft["disposition"], self._draft["notes"] = disposition, notes[:NOTES_MAX]
        self._save_timer.start()

    def park(self) -> bool:
        """The app closes during wrap-up: save the draft now; True when it is on disk
        (or there is no wrap-up), False when it would be lost with the app."""
        if self._draft is None:
            return True
        self._save_timer.stop()
        return self._save_draft()

    def _save_draft(self) -> bool:
        if self._draft is None or self._drafts is None:
            return False
        return self._drafts.save(WRAPUP, self._draft)

    def _set_dispositions(self, items: Any) -> None:
        if self.view is None:
            return
        saved = (self._draft or {}).get("dispositions") or []
        if items is None and saved and not self.view.callback_id:   # a resumed draft's list
            items = [{"code": c[0], "label": c[1]} for c in saved
                     if isinstance(c, (list, tuple)) and len(c) == 2]
        if items is None:       # callback outcomes, or the center could not list dispositions
            opts = tuple((code, outcome_label(code)) for code in OUTCOMES[::-1])
            if not self.view.callback_id:
                opts = (("resolved", desk_tr("Resolved")), ("follow_up", desk_tr("Needs follow-up")))
        else:
            opts = tuple((g(d, "code"), clean_text(g(d, "label"), 80)) for d in items)
            self._session.dispositions.update(opts)     # the history's labels (re-labelled)
        self.view = dataclasses.replace(self.view, dispositions=opts, loading=False)
        if self._draft is not None:
            self._draft["dispositions"] = [list(o) for o in opts]
            self._save_timer.start()
        self.wrapup_started.emit(self.view)

    def relabel(self) -> None:
        """The language changed: the open wrap-up's dispositions again, in the new language
        (the screen keeps the chosen code and the typed notes)."""
        w = self.view
        if w is None:
            return
        if w.callback_id:
            self._set_dispositions(None)        # the outcomes: worded here
            return
        queue = str((self._draft or {}).get("queue") or (self._call.queue if self._call else ""))
        self._tasks.run(self._center.dispositions, queue or None, on_done=self._set_dispositions,
                        on_error=lambda e: log.warning("dispositions not relabelled: %s",
                                                       getattr(e, "detail", e)))

    def _tick(self) -> None:
        if self.view is None:
            self._timer.stop()
            return
        self.wrapup_tick.emit(int(round(self._deadline - self._clock())))

    @Slot(str, str)
    def submit_wrapup(self, disposition: str, notes: str) -> None:
        w, call, draft = self.view, self._call, self._draft
        if w is None or not disposition or (call is None and draft is None):
            return
        notes = notes.strip()[:NOTES_MAX]     # the screen never lets more through
        key = draft["key"] if draft is not None else None
        if w.callback_id and disposition in OUTCOMES:  # a try: the center's retry rules apply
            self._writes.enqueue(*callback_attempt_item(w.callback_id, disposition, notes), key=key)
        elif w.callback_id:         # a draft of an older version ("reached"): closes it
            self._writes.enqueue(*callback_complete_item(w.callback_id, disposition, notes), key=key)
        elif w.interaction_id:
            self._writes.enqueue(*wrapup_item(w.interaction_id, disposition, notes), key=key)
        else:
            log.info("wrap-up without an interaction id: kept in the session history only")
        if self._drafts is not None:
            self._drafts.drop(WRAPUP)
        duration = self._duration
        self.reset()
        if call is not None:
            outcome = "answered" if call.direction == "incoming" else "outgoing"
            self.recorded.emit(call, duration, disposition, outcome)
        self.wrapup_finished.emit()
        if call is None:                    # a resumed draft: the counselor stays Not Ready
            self._agent.block(RESUMED, None)
        elif self._deferred:                # the other call of this stretch: its wrap-up next
            self.start(self._deferred.pop(0))
        else:
            self._agent.handle(Event.WRAPUP_DONE)
