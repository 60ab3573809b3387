"""A language switch mid-shift re-renders every view from its model.

``bind_language(language, window, desk)`` (the app: softphone/ui/desktop.py): the center
client asks for the interface language from the start, and on ``Language.changed``

* the views render again from what they hold: the history rows (codes and times, their
  labels through the desk's session facts), the caller's context (its wait text, dates), the
  directory's presence words, the state bar (its line tooltip, the "after this call" line);
* the desk re-fetches what the center words per language and re-words its own texts
  (softphone/desk/language.py); the views follow its signals as usual, and the notice
  shown by message id is worded again in place.

Plain catalog texts on screen are re-translated by ``Language.apply`` itself
(softphone/ui/i18n.py ``retranslate_widgets``); this covers the texts built from data.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Slot


class _Relay(QObject):
    """Joins the language to one desk and its window; goes with the desk (a child of it)."""

    def __init__(self, window: Any, desk: Any) -> None:
        super().__init__(desk)
        self.window, self.desk = window, desk

    def _alive(self) -> bool:
        return shiboken6.isValid(self.window) and shiboken6.isValid(self.desk)

    @Slot(str)
    def changed(self, lang: str) -> None:
        if self._alive():
            from softphone.desk.language import relabel
            rerender_views(self.window)
            relabel(self.desk, lang, on_labels=self.history_rows)

    def history_rows(self) -> None:
        v = self.window._deskview if self._alive() else None
        if v is not None:
            v.history.model.rerender()

    @Slot(str, str)
    def notice_again(self, level: str, text: str) -> None:
        v = self.window._deskview if self._alive() else None
        if v is not None:
            v.show_notice(level, QCoreApplication.translate("Center", text), again=True)


def bind_language(language: Any, window: Any, desk: Any) -> None:
    from softphone.desk.language import set_center_language
    set_center_language(desk, language.lang)
    relay = _Relay(window, desk)
    language.changed.connect(relay.changed)
    desk.notices.relabelled.connect(relay.notice_again)


def rerender_views(window: Any) -> None:
    """The desk's views, again from the models they hold (nothing asked of the center)."""
    v = window._deskview
    if v is None:
        return
    v.history.model.rerender()
    if v.context.view is not None:
        v.context.set_context(v.context.view)
    if getattr(v.directory, "_view", None) is not None:
        v.directory.set_directory(v.directory._view)
    bar = v.bar
    bar._render_line()
    bar.set_outbox(getattr(bar, "outbox_pending", 0))
    if getattr(bar, "agent_view", None) is not None:
        bar.set_agent(bar.agent_view)
    v.idle.set_state(v.idle.state)
    if window.network_dialog is not None and window.network_dialog.view is not None:
        window.network_dialog.set_view(window.network_dialog.view)
