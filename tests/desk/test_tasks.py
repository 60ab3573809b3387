"""The worker pool: work runs off the GUI thread, results and errors come back on it."""

import threading
import time

from PySide6.QtCore import QThread

from softphone.platform.tasks import TaskRunner


def done_with(qtbot, runner):
    import shiboken6
    runner.shutdown()
    qtbot.wait(10)
    shiboken6.delete(runner)


def test_result_is_delivered_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    gui = QThread.currentThread()
    seen = {}

    def work(x):
        seen["worker"] = threading.current_thread().name
        return x * 2

    def done(result):
        seen["result"] = result
        seen["on_gui"] = QThread.currentThread() is gui

    runner.run(work, 21, on_done=done)
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen == {"worker": seen["worker"], "result": 42, "on_gui": True}
    assert seen["worker"].startswith("task") and runner.pending() == 0
    done_with(qtbot, runner)


def test_error_is_delivered_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    gui = QThread.currentThread()
    seen = {}

    def boom():
        raise ValueError("center said no")

    runner.run(boom, on_done=lambda r: seen.setdefault("done", r),
               on_error=lambda e: seen.update(err=e, on_gui=QThread.currentThread() is gui))
    qtbot.waitUntil(lambda: "err" in seen, timeout=5000)
    assert isinstance(seen["err"], ValueError) and seen["on_gui"] and "done" not in seen
    done_with(qtbot, runner)


def test_gui_thread_is_not_blocked_while_work_runs(qtbot):
    runner = TaskRunner()
    release = threading.Event()
    got = []
    runner.run(lambda: release.wait(10) and "late", on_done=got.append)
    t0 = time.monotonic()
    qtbot.wait(50)                       # the event loop keeps turning
    assert time.monotonic() - t0 < 2 and got == []
    release.set()
    qtbot.waitUntil(lambda: got == ["late"], timeout=5000)
    done_with(qtbot, runner)


def test_lane_keeps_order(qtbot):
    runner = TaskRunner(workers=4)
    order, done = [], []

    def step(i):
        time.sleep(0.02 * (5 - i))      # earlier tasks are slower: a pool would reorder them
        order.append(i)
        return i

    for i in range(5):
        runner.run(step, i, lane="state", on_done=done.append)
    qtbot.waitUntil(lambda: len(done) == 5, timeout=5000)
    assert order == [0, 1, 2, 3, 4] and done == [0, 1, 2, 3, 4]
    done_with(qtbot, runner)


def test_forget_drops_results_in_flight(qtbot):
    runner = TaskRunner()
    release = threading.Event()
    got = []
    runner.run(lambda: release.wait(10) and "caller data", on_done=got.append)
    runner.forget()
    release.set()
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)
    runner.run(lambda: "fresh", on_done=got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert got == ["fresh"]
    done_with(qtbot, runner)
