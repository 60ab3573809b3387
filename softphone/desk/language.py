"""A language switch mid-shift, on the desk's side: what the center words per language is
asked for again, and what the desk worded itself is worded again from its model.

``relabel(desk, lang)`` (the interface's ``Language.changed``, wired in
softphone/ui/relabel.py):

* the center client says the new language on every request from now on
  (``Accept-Language``, ``CenterApi.set_language``);
* asked again: the reason codes (the Not Ready / Break menus, the state badge, the
  "after this call" line), the open wrap-up's dispositions (the screen keeps the chosen code
  and the typed notes), the dispositions behind this session's history (it keeps codes), the
  queues, the callbacks, the directory and the current caller's context;
* worded again here: the line (and the checklist's line, sound and SIP rows), the network
  check's lines, the agent's view (blocker texts) and the last notice given by message id.

Everything runs on the GUI thread; the center calls on the task runner. Answers for a caller
who is gone by then are dropped.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from softphone.desk.views import clean_text, context_view

log = logging.getLogger(__name__)


def set_center_language(desk: Any, lang: str) -> None:
    """Requests from now on ask the center for ``lang`` (a center without it: nothing)."""
    setter = getattr(desk._center, "set_language", None)
    if callable(setter):
        setter(lang)


def relabel(desk: Any, lang: str, on_labels: Callable[[], None] | None = None) -> None:
    """Re-word the desk in ``lang``; ``on_labels()`` runs each time labels the history shows
    arrive (the screen renders its rows again)."""
    set_center_language(desk, lang)
    desk.notices.rerender()
    desk.readiness.relabel()
    if not desk.session.active:
        return
    center, tasks = desk._center, desk._tasks
    desk.shift.relabel()
    desk.connection.relabel()
    tasks.run(center.reason_codes, on_done=desk.agent.set_reason_codes,
              on_error=_later("reason codes"))
    desk.agent.emit_view()
    desk.wrapup.relabel()
    _history_labels(desk, center, tasks, on_labels)
    desk.queues.relabel()
    desk.worklist.refresh_callbacks()
    if getattr(desk.directory, "_active", False):
        desk.directory.start()          # names, teams and presence again (a fresh session)
    _caller_context(desk, center, tasks)


def _later(what: str) -> Callable[[BaseException], None]:
    """Not asked again now: the old words stay until the next refresh (no notice)."""
    def failed(exc: BaseException) -> None:
        log.warning("%s not relabelled: %s", what, getattr(exc, "detail", exc.__class__.__name__))
    return failed


def _history_labels(desk: Any, center: Any, tasks: Any,
                    on_labels: Callable[[], None] | None) -> None:
    """The labels of the dispositions this session's history shows, per queue."""
    if not any(e.disposition for e in desk.worklist.history):
        return
    session = desk.session

    def arrived(items: Any) -> None:
        if not session.active:
            return
        for d in items or ():
            code = d.get("code") if isinstance(d, dict) else getattr(d, "code", "")
            label = d.get("label") if isinstance(d, dict) else getattr(d, "label", "")
            if code and label:
                session.dispositions[str(code)] = clean_text(label, 80)
        if on_labels is not None:
            on_labels()
    for queue in (None, *session.queue_names):
        tasks.run(center.dispositions, queue, on_done=arrived, on_error=_later("dispositions"))


def _caller_context(desk: Any, center: Any, tasks: Any) -> None:
    """The caller's context (on an offer, in a call, in wrap-up) asked for again."""
    calls = desk.calls
    shown = calls.context
    if shown is None or not shown.interaction_id:
        return

    def arrived(ctx: Any) -> None:
        if calls.context is not shown:      # another caller by now, or wrap-up done
            return
        view = context_view(ctx)
        calls.context = view
        calls.context_ready.emit(view)
    tasks.run(center.interaction, shown.interaction_id, on_done=arrived,
              on_error=_later("caller context"))
