"""UI tests: widgets offscreen, driven with qtbot against the real desk and fake engine/center."""

import pytest

from tests.desk.fakes import FakeCenter, FakeEngine, FakeOutbox


@pytest.fixture
def rig(qtbot):
    from softphone.desk.desk import Desk
    from softphone.platform.tasks import TaskRunner
    from softphone.ui.main_window import MainWindow

    engine, center, outbox, tasks = FakeEngine(), FakeCenter(), FakeOutbox(), TaskRunner()
    desk = Desk(engine, center, tasks, outbox, queue_poll_ms=60000)
    win = MainWindow(desk, "https://center.example/api/v1")
    qtbot.addWidget(win)
    win.show()

    class Rig:
        pass

    r = Rig()
    r.engine, r.center, r.outbox, r.desk, r.win, r.tasks = engine, center, outbox, desk, win, tasks
    yield r
    import shiboken6
    win.force_close()
    tasks.shutdown(wait=True)
    qtbot.wait(10)
    # delete the Qt objects here, on the GUI thread, not whenever the cyclic GC gets to them
    for obj in (win, desk, engine, tasks):
        if shiboken6.isValid(obj):
            shiboken6.delete(obj)
