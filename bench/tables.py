"""Benchmark: GUI-thread stalls when the desk's tables refresh (queues, call history).

Real panels (``softphone.ui.panels``) on a shown window, Qt offscreen. Two measures:

- **stall**: wall time of one refresh call, ``QApplication.processEvents()`` right after it
  (the posted layout/update events) and a synchronous ``repaint()`` of the table's viewport
  (Qt paints at its next frame tick; repainting the whole visible table now is an upper
  bound on that paint); ``paints_per_refresh_min`` shows each refresh painted.
- **heartbeat**: the event loop runs with a 1 ms precise timer and a refresh every 100 ms;
  the longest gap between two heartbeat ticks is the longest the window stayed frozen.

Cases: (a) 5000 queue rows, ~10% of rows with changed figures per refresh, same ids;
(b) 2000 history rows, one new call at the top (the oldest drops off, as the desk does).
For comparison, the old ``QTableWidget`` + ``ResizeToContents`` refresh at 300 rows (and the
new panel at the same size). Goals: in (a) and (b), the worst of both measures <= 50 ms.

Prints one JSON object. Run from the repo root: ``.venv/bin/python bench/tables.py --quick``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import (QApplication, QHeaderView, QTableWidget,  # noqa: E402
                               QTableWidgetItem)

from softphone.center.models import QueueStats  # noqa: E402
from softphone.desk.views import HistoryEntry, clean_text  # noqa: E402
from softphone.ui.common import fmt_duration  # noqa: E402
from softphone.ui.panels import HistoryPanel  # noqa: E402
from softphone.ui.queues import QueuePanel  # noqa: E402

TARGET_MS = 50.0
QUEUE_ROWS, HISTORY_ROWS, OLD_ROWS = 5000, 2000, 300


class PaintCounter(QObject):
    def __init__(self, widget) -> None:
        super().__init__()
        self.count = 0
        self.widget = widget
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def queue_rows(n: int) -> list[QueueStats]:
    return [QueueStats(f"q{i}", f"Queue {i} — procurement line", i % 9, 15 * (i % 40), i % 5, i % 3)
            for i in range(n)]


def changed(rows: list[QueueStats], rng: random.Random, fraction: float = 0.1) -> list[QueueStats]:
    out = list(rows)
    for i in rng.sample(range(len(out)), int(len(out) * fraction)):
        q = out[i]
        out[i] = dataclasses.replace(q, waiting=q.waiting + rng.randint(1, 5),
                                     longest_wait_s=q.longest_wait_s + rng.randint(1, 60))
    return out


def entry(i: int) -> HistoryEntry:
    return HistoryEntry(1795000000 + 60 * i, "incoming" if i % 3 else "outgoing",
                        f"•••• {i % 10000:04d}", 30 + i % 500, "Order status" if i % 2 else "",
                        "answered" if i % 3 else "outgoing")


def summary(values_s: list[float]) -> dict:
    ms = [v * 1000 for v in values_s]
    return {"median": round(statistics.median(ms), 2), "worst": round(max(ms), 2),
            "n": len(ms)}


def timed(app: QApplication, fn, counter: PaintCounter) -> tuple[float, int]:
    """Refresh, deliver what it posted, paint the viewport now (Qt would paint it at the next
    frame tick, after processEvents returns): the whole visible table, an upper bound."""
    before = counter.count
    t0 = time.perf_counter()
    fn()
    app.processEvents()
    counter.widget.repaint()
    return time.perf_counter() - t0, counter.count - before


def heartbeat(app: QApplication, action, seconds: float) -> dict:
    """Longest gap between 1 ms ticks while ``action`` runs every 100 ms in the event loop."""
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now
    hb, act, loop = QTimer(), QTimer(), QEventLoop()
    hb.setTimerType(Qt.TimerType.PreciseTimer)
    hb.setInterval(1)
    hb.timeout.connect(tick)
    act.setInterval(100)
    act.timeout.connect(action)
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    hb.start()
    act.start()
    last[0] = time.perf_counter()
    loop.exec()
    hb.stop()
    act.stop()
    return {"worst_gap_ms": round(max(gaps) * 1000, 2) if gaps else None,
            "p99_gap_ms": round(sorted(gaps)[int(len(gaps) * 0.99)] * 1000, 2) if gaps else None,
            "refreshes": int(seconds * 10)}


def bench_queues(app: QApplication, repeats: int, hb_seconds: float) -> dict:
    panel = QueuePanel()
    panel.resize(900, 700)
    panel.show()
    counter = PaintCounter(panel.table.viewport())
    rng = random.Random(7)
    rows = queue_rows(QUEUE_ROWS)
    fill, _ = timed(app, lambda: panel.set_queues(tuple(rows)), counter)
    stalls, paints = [], []
    for _ in range(repeats):
        rows = changed(rows, rng)
        dt, n = timed(app, lambda r=tuple(rows): panel.set_queues(r), counter)
        stalls.append(dt)
        paints.append(n)
    state = {"rows": rows}

    def refresh() -> None:
        state["rows"] = changed(state["rows"], rng)
        panel.set_queues(tuple(state["rows"]))
    hb = heartbeat(app, refresh, hb_seconds)
    panel.close()
    return {"rows": QUEUE_ROWS, "changed_fraction": 0.1, "initial_fill_ms": round(fill * 1000, 2),
            "stall_ms": summary(stalls), "paints_per_refresh_min": min(paints), "heartbeat": hb}


def bench_history(app: QApplication, repeats: int, hb_seconds: float) -> dict:
    panel = HistoryPanel()
    panel.resize(900, 700)
    panel.show()
    counter = PaintCounter(panel.table.viewport())
    entries = tuple(entry(i) for i in range(HISTORY_ROWS, 0, -1))
    fill, _ = timed(app, lambda: panel.set_history(entries), counter)
    state = {"entries": entries, "next": HISTORY_ROWS + 1}

    def prepend() -> None:
        state["entries"] = ((entry(state["next"]),) + state["entries"])[:HISTORY_ROWS]
        state["next"] += 1
        panel.set_history(state["entries"])
    stalls, paints = [], []
    for _ in range(repeats):
        dt, n = timed(app, prepend, counter)
        stalls.append(dt)
        paints.append(n)
    hb = heartbeat(app, prepend, hb_seconds)
    ok = panel.table.rowCount() == HISTORY_ROWS and panel.table.cell_text(0, 0) == clean_text(
        state["entries"][0].masked_number)
    panel.close()
    return {"rows": HISTORY_ROWS, "initial_fill_ms": round(fill * 1000, 2),
            "stall_ms": summary(stalls), "paints_per_refresh_min": min(paints), "heartbeat": hb,
            "rows_correct": ok}


def old_table_refresh(table: QTableWidget, queues) -> None:
    """The panel as it was: every item set again, columns resized to their contents."""
    table.setRowCount(len(queues))
    for r, q in enumerate(queues):
        for c, v in enumerate((q.name, q.waiting, fmt_duration(q.longest_wait_s), q.agents_ready,
                               q.agents_on_call)):
            it = QTableWidgetItem(clean_text(v, 200))
            it.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            if c:
                it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, it)


def bench_old(app: QApplication, repeats: int) -> dict:
    table = QTableWidget(0, 5)
    table.setHorizontalHeaderLabels(["Queue", "Wait", "Oldest", "Ready", "Busy"])
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for c in range(1, 5):
        table.horizontalHeader().setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
    table.resize(900, 700)
    table.show()
    counter = PaintCounter(table.viewport())
    rng = random.Random(7)
    rows = queue_rows(OLD_ROWS)
    timed(app, lambda: old_table_refresh(table, rows), counter)
    old = []
    for _ in range(repeats):
        rows = changed(rows, rng)
        old.append(timed(app, lambda r=rows: old_table_refresh(table, r), counter)[0])
    table.close()
    panel = QueuePanel()
    panel.resize(900, 700)
    panel.show()
    counter = PaintCounter(panel.table.viewport())
    rows = queue_rows(OLD_ROWS)
    timed(app, lambda: panel.set_queues(tuple(rows)), counter)
    new = []
    for _ in range(max(repeats, 5)):
        rows = changed(rows, rng)
        new.append(timed(app, lambda r=tuple(rows): panel.set_queues(r), counter)[0])
    panel.close()
    return {"rows": OLD_ROWS, "old_qtablewidget_resize_to_contents_ms": summary(old),
            "new_model_view_ms": summary(new)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats (under a minute)")
    args = ap.parse_args()
    repeats, hb_seconds, old_repeats = (8, 2.0, 1) if args.quick else (30, 6.0, 3)
    app = QApplication.instance() or QApplication(sys.argv)
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    queues = bench_queues(app, repeats, hb_seconds)
    history = bench_history(app, repeats, hb_seconds)
    old = bench_old(app, old_repeats)
    results = {"queues": queues, "history": history, "comparison": old,
               "quick": args.quick, "elapsed_s": round(time.perf_counter() - t0, 1),
               "load_avg_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],
               "platform": app.platformName()}
    q_worst = max(queues["stall_ms"]["worst"], queues["heartbeat"]["worst_gap_ms"] or 0)
    h_worst = max(history["stall_ms"]["worst"], history["heartbeat"]["worst_gap_ms"] or 0)
    goals = [
        {"name": "queues_5000_rows_10pct_changed_worst_stall_ms", "value": q_worst,
         "target": TARGET_MS, "met": q_worst <= TARGET_MS},
        {"name": "history_2000_rows_prepend_one_worst_stall_ms", "value": h_worst,
         "target": TARGET_MS, "met": h_worst <= TARGET_MS and history["rows_correct"]},
    ]
    print(json.dumps({"benchmark": "tables", "results": results, "goals": goals}, indent=2))


if __name__ == "__main__":
    main()
