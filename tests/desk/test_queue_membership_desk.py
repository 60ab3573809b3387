"""The desk's Queues controller keeps the center's membership: a poll that started before a
sign-out was confirmed does not undo it; a failure restores nothing the center did not say."""

from __future__ import annotations

import dataclasses

from softphone.center.models import CenterError, QueueStats
from softphone.desk.common import Notices
from softphone.desk.queues import Queues

IN = QueueStats("procurement", "Procurement", 2, 30, 1, 0, True, True, True, "")


class Tasks:
    """Runs nothing by itself: the test delivers each answer when it chooses."""

    def __init__(self) -> None:
        self.polls: list = []
        self.runs: list = []

    def poll(self, key, fn, *args, on_done=None, on_error=None):
        self.polls.append((on_done, on_error))
        return object()

    def run(self, fn, *args, on_done=None, on_error=None, **kw):
        self.runs.append((fn, args, on_done, on_error))
        return object()


class Center:
    def queues(self):
        return [IN]

    def set_queue_membership(self, qid, signed_in):
        return None

    def skills(self):
        return []


def test_an_older_poll_does_not_undo_a_confirmed_sign_out(qapp):
    tasks, notices = Tasks(), Notices()
    q = Queues(Center(), tasks, notices=notices)
    views = []
    q.queues_changed.connect(views.append)
    q.start()
    tasks.polls[-1][0]([IN])
    q.refresh_queues()                       # a poll starts before the sign-out is answered
    old_poll = tasks.polls[-1][0]
    q.sign_out("procurement")
    assert views[-1].pending == ("procurement",) and views[-1].queues[0].signed_in
    fn, args, done, _fail = tasks.runs[-1]
    assert args == ("procurement", False)
    done(dataclasses.replace(IN, signed_in=False))
    assert views[-1].pending == () and not views[-1].queues[0].signed_in
    old_poll([IN])                           # its answer predates the sign-out
    assert not views[-1].queues[0].signed_in and views[-1].queues[0].waiting == 2
    q.refresh_queues()
    tasks.polls[-1][0]([dataclasses.replace(IN, signed_in=False, waiting=5)])
    assert not views[-1].queues[0].signed_in and views[-1].queues[0].waiting == 5
    q.stop()


def test_a_failed_sign_in_is_a_notice_and_the_row_stays_as_the_center_has_it(qapp):
    tasks, notices = Tasks(), Notices()
    said = []
    notices.notice.connect(lambda level, text: said.append((level, text)))
    q = Queues(Center(), tasks, notices=notices)
    views = []
    q.queues_changed.connect(views.append)
    q.start()
    out = dataclasses.replace(IN, signed_in=False)
    tasks.polls[-1][0]([out])
    q.sign_in("procurement")
    q.sign_in("procurement")                 # a second click while pending: not sent twice
    runs = [r for r in tasks.runs if r[1] == ("procurement", True)]
    assert len(runs) == 1
    runs[0][3](CenterError("timeout"))
    assert said and said[-1][0] == "error"
    assert said[-1][1].startswith("The center did not sign you in to the queue.")
    assert not views[-1].queues[0].signed_in and views[-1].pending == ()
    q.stop()
