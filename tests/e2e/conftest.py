"""End-to-end: the offscreen app against Kamailio, the practice center and its queue (ACD)."""


def composed_app(qapp, home, center_url: str, lang: str = ""):
    """The whole app (softphone.app.Composition) against ``center_url``, with its own config
    and data dirs under ``home``; yields it once its outbox is open, then closes it."""
    import argparse

    import pytest
    import shiboken6

    from softphone.app import Composition
    from softphone.platform.settings import load_settings
    from tests.support.procs import wait_for
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CONFIG_HOME", str(home / "config"))
    mp.setenv("XDG_DATA_HOME", str(home / "data"))
    mp.setenv("SOFTPHONE_PROVISIONING", str(home / "none.ini"))
    args = argparse.Namespace(demo=False, center=center_url, sip_proxy="", no_audio=True,
                              bind="127.0.0.1", scenario="", lang=lang, verbose=False)
    comp = Composition(qapp, load_settings(), args)
    comp.window.show()
    wait_for(lambda: (qapp.processEvents(), comp.outbox is not None)[1], 20,
             what="the outbox to open")
    yield comp
    comp.close()
    qapp.processEvents()
    for obj in (comp.window, comp.desk, comp.engine, comp.tasks):   # now, on this thread
        if shiboken6.isValid(obj):
            shiboken6.delete(obj)
    mp.undo()
