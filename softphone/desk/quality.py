"""In-call quality warnings that say what to do: the RTCP figures of the current call, judged by softphone.domain.callquality, said as a warning at most once a minute per problem."""

from __future__ import annotations

import time
from typing import Any, Callable

from PySide6.QtCore import QObject, Slot

from softphone.desk.common import Notices, desk_tr
from softphone.desk.views import field as g
from softphone.domain.callquality import Advisor


class QualityAdvice(QObject):
    """Listens to the call's quality views; a new call starts a new advisor."""

    def __init__(self, notices: Notices, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notices, self._clock = notices, clock
        self._advisor = Advisor()

    @Slot()
    def new_call(self, *_: Any) -> None:
        self._advisor = Advisor()

    @Slot(object)
    def on_quality(self, view: Any) -> None:
        advice = self._advisor.observe(float(g(view, "loss_pct", 0.0) or 0.0),
                                       float(g(view, "jitter_ms", 0.0) or 0.0),
                                       float(g(view, "rtt_ms", 0.0) or 0.0), self._clock())
        if advice is None:
            return
        value = f"{advice.value:g}"
        text = {
            "loss": desk_tr("Your network is losing {0} % of the caller's voice: close video and "
                            "download apps, or move closer to the router."),
            "jitter": desk_tr("Your connection is uneven ({0} ms jitter): the caller may sound "
                              "choppy. Close video and download apps; a cable is steadier than "
                              "Wi-Fi."),
            "delay": desk_tr("The line has a long delay ({0} ms there and back): pause a moment "
                             "before you answer so you do not talk over the caller."),
        }[advice.problem]
        self._notices.warning(text.format(value))
