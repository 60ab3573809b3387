"""The task runner's lanes keep a slow endpoint from starving the others: polls (one in flight
per key, the next skipped), and functions that name their own lane (the screen pop)."""

from __future__ import annotations

import threading

from softphone.center.client import CenterApi
from softphone.platform.tasks import TaskRunner
from tests.desk.test_tasks import done_with


def test_a_poll_is_skipped_while_the_previous_one_runs(qtbot):
    runner = TaskRunner()
    release, results, threads = threading.Event(), [], []

    def slow(n):
        threads.append(threading.current_thread().name)
        release.wait(10)
        return n

    try:
        first = runner.poll("queues", slow, 1, on_done=results.append)
        assert first is not None and runner.polling("queues")
        assert runner.poll("queues", slow, 2, on_done=results.append) is None   # skipped
        other = runner.poll("callbacks", slow, 3, on_done=results.append)     # its own key
        assert other is not None
        release.set()
        qtbot.waitUntil(lambda: sorted(results) == [1, 3], timeout=5000)
        assert not runner.polling("queues")
        assert all(t.startswith("lane-poll:") for t in threads)     # never the shared pool
        assert runner.poll("queues", slow, 4, on_done=results.append) is not None
        qtbot.waitUntil(lambda: 4 in results, timeout=5000)
    finally:
        release.set()
        done_with(qtbot, runner)


def test_a_failed_poll_frees_its_key(qtbot):
    runner = TaskRunner()
    errors = []

    def broken():
        raise OSError("center gone")

    try:
        runner.poll("queues", broken, on_error=errors.append)
        qtbot.waitUntil(lambda: bool(errors), timeout=5000)
        assert isinstance(errors[0], OSError) and not runner.polling("queues")
    finally:
        done_with(qtbot, runner)


def test_the_screen_pop_runs_while_slow_calls_fill_the_shared_pool(qtbot):
    runner = TaskRunner(workers=4)
    release, started, got = threading.Event(), threading.Semaphore(0), []

    def hang():
        started.release()
        release.wait(10)

    # both screen-pop calls of the center client name their lane
    api = CenterApi("http://127.0.0.1:9/api/v1")
    assert api.interaction.task_lane == api.customer_by_number.task_lane == "screen-pop"
    both = threading.Barrier(2, timeout=5)      # the lane is two wide: two pops at once

    def pop(iid):
        both.wait()
        return iid
    pop.task_lane = "screen-pop"
    try:
        for _ in range(4):
            runner.run(hang)
        for _ in range(4):
            assert started.acquire(timeout=5)   # every shared worker is taken
        runner.run(pop, "IX-1", on_done=got.append)
        runner.run(pop, "IX-2", on_done=got.append)
        qtbot.waitUntil(lambda: sorted(got) == ["IX-1", "IX-2"], timeout=5000)
    finally:
        release.set()
        done_with(qtbot, runner)
