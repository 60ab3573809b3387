"""setuptools' build hook: a wheel or ``pip install .`` carries the generated resources.

The translations (.qm), sounds (.wav) and the native helpers (_fastpath.so, _pulsepath.so,
_sourcefilter.so) are made by ``python -m softphone.resources_build`` (scripts/dev.sh and
build_installer.py run it; it needs numpy, PySide6's lrelease, espeak-ng and gcc, which an
isolated build environment does not have). Building a wheel runs it when the build
environment can (``pip install --no-build-isolation .`` from a venv with the app's
dependencies), and refuses with the command to run when translations or sounds are missing.
The native helpers are optional: without them the app logs its Python audio path.
Editable installs skip all this (dev.sh builds the resources in place afterwards).
"""

import importlib.util
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
RESOURCES = HERE / "softphone" / "resources"


def missing() -> list[str]:
    out = [f"softphone/resources/i18n/softphone_{lang}.qm" for lang in ("en", "ko", "ru")
           if not (RESOURCES / "i18n" / f"softphone_{lang}.qm").exists()]
    if not list((RESOURCES / "sounds").glob("*.wav")):
        out.append("softphone/resources/sounds/*.wav")
    return out


class BuildWithResources(build_py):
    def run(self):
        if not getattr(self, "editable_mode", False) and missing():
            if all(importlib.util.find_spec(m) for m in ("numpy", "PySide6")):
                subprocess.run([sys.executable, "-m", "softphone.resources_build"], cwd=HERE,
                               check=True)
            if missing():
                raise SystemExit(
                    "agent-softphone: generated resources are missing (" + ", ".join(missing())
                    + "). Run `python -m softphone.resources_build` (or `bash scripts/dev.sh "
                    "install`) in the source tree first, then build or install again.")
        super().run()


setup(cmdclass={"build_py": BuildWithResources})
