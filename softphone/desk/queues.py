"""The live queue figures: polled from the center while a session is open."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot


class Queues(QObject):
    queues_changed = Signal(object)     # tuple of center QueueStats

    def __init__(self, center: Any, tasks: Any, poll_ms: int = 5000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._center, self._tasks = center, tasks
        self._active = False
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.refresh_queues)

    def start(self) -> None:
        self._active = True
        self.refresh_queues()
        self._timer.start()

    def stop(self) -> None:
        self._active = False
        self._timer.stop()

    @Slot()
    def refresh_queues(self) -> None:
        if self._active:
            self._tasks.run(self._center.queues, on_done=self._on_queues, on_error=lambda e: None)

    def _on_queues(self, queues: Any) -> None:
        if self._active:
            self.queues_changed.emit(tuple(queues))
