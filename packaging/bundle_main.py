"""The bundle's entry point: the app, or one of its practice-center children.

A frozen app has no Python to run ``python -m democenter``: ``sys.executable`` is the bundle's
own program. ``softphone.practice.processes`` starts the practice center's children as
``[sys.executable, "-m", MODULE, ...]``, so here ``-m`` followed by one of the practice
center's modules runs that module as ``__main__``, as Python would; anything else starts the
app (``softphone.app.main``). Only the listed modules can be run this way.
"""

from __future__ import annotations

import runpy
import sys

CHILD_MODULES = ("democenter", "democenter.acd", "democenter.registrar")


def main() -> int:
    if len(sys.argv) >= 3 and sys.argv[1] == "-m" and sys.argv[2] in CHILD_MODULES:
        module = sys.argv[2]
        sys.argv = [sys.argv[0], *sys.argv[3:]]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        return 0
    from softphone.app import main as app_main
    return app_main()


if __name__ == "__main__":
    # PyInstaller's bootloader runs this file as __main__; multiprocessing is not used
    raise SystemExit(main())
