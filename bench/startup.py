"""Benchmark: start-up to the login window, against a bare PySide6 window on the same machine.

Each run is a fresh subprocess (offscreen Qt, ``QT_QPA_PLATFORM=offscreen``) timed from spawn
to exit by this script:

- **bare**: import PySide6.QtWidgets, construct QApplication and a QWidget, show it, quit.
- **app**: the app's path to its first window, as far as it goes without network or SIP:
  import ``softphone.app``; ``load_settings()`` (a throwaway config folder); QApplication;
  ``softphone.ui.desktop.Desktop`` (language and theme); every import that
  ``softphone.app``'s ``Composition.__init__`` and ``media_factory`` do before the window shows
  (read from app.py's source, so the list follows the composition root; ``softphone.practice``
  is left out: demo only); ``softphone.ui.main_window``; then ``softphone.ui.login.LoginView``
  shown, quit. Not included: constructing the engine, desk and MainWindow, PortAudio's device
  scan, the keyring, the network check.

Reported: the median wall time of each (ms) over N runs after one warm-up run each (so .pyc
files exist, as after an install), their ratio, the app run's own phase marks (median ms from
the child's first line), and the modules the app run had loaded before its window showed
that the bare one had not, heaviest first by ``-X importtime`` (one extra run).
Goal: app / bare <= 3 (the issue measured 5.7x).

**The installed bundle** (``--dist DIR``, default ``dist/``: what ``build_installer.py`` made;
``/opt/agent-softphone`` is used when the .deb is installed): the real program started with
``--center`` (a closed port) and ``--no-audio`` under offscreen Qt, timed from spawn to its
log line "login window painted" (the first paint of the login window), then
SIGTERM; median of 5 (quick: 3), against the bare window measured in the same run. With
``--cold`` (root only) the page cache is dropped before each bundle run (it slows every
other program on the machine for a moment). Also the compressed sizes of the .deb and the
.tar.xz (goal <= 80 MB).

Prints one JSON object. Run from the repo root: ``.venv/bin/python bench/startup.py [--quick]``
(``--quick``: 3 runs each, well under a minute; default 11).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE = r"""
import time; t0 = time.perf_counter()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget(); w.resize(480, 360); w.show(); app.processEvents()
QTimer.singleShot(0, app.quit); app.exec()
"""

APP = r"""
import time; t0 = time.perf_counter()
import ast, importlib, json, sys
marks = {}
def mark(name): marks[name] = round((time.perf_counter() - t0) * 1000, 1)
import softphone.app as root
mark("import_softphone_app")
from softphone.platform.settings import load_settings
settings = load_settings()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
mark("qapplication")
from softphone.ui.desktop import Desktop
desktop = Desktop(app, settings, "")
mark("desktop")

def composition_imports():
    # the imports the composition root does before its window shows, from its own source
    tree = ast.parse(open(root.__file__, encoding="utf-8").read())
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in (
                "Composition", "media_factory"):
            if node.name == "media_factory":
                out += imports_in(node.body)
            for f in node.body if node.name == "Composition" else []:
                if isinstance(f, ast.FunctionDef) and f.name == "__init__":
                    out += imports_in(f.body)
    return [(m, n) for m, n in out if not m.startswith("softphone.practice")]

def imports_in(stmts):
    # imports the statements run; not those of nested functions (they run later, if ever)
    out = []
    for st in stmts:
        if isinstance(st, ast.ImportFrom) and st.module:
            out += [(st.module, a.name) for a in st.names]
        elif isinstance(st, ast.Import):
            out += [(a.name, None) for a in st.names]
        elif not isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for field in ("body", "orelse", "finalbody", "handlers"):
                out += imports_in(getattr(st, field, []) or [])
    return out

done = []
for module, name in composition_imports():
    mod = importlib.import_module(module)
    if name is not None and not hasattr(mod, name):   # a submodule, or a package's lazy name
        importlib.import_module(f"{module}.{name}")
    done.append(f"{module}:{name}" if name else module)
import softphone.ui.main_window
mark("composition_imports")
from softphone.ui.login import LoginView
w = LoginView("https://center.example/api/v1"); w.resize(900, 640); w.show()
app.processEvents()
mark("login_shown")
QTimer.singleShot(0, app.quit); app.exec()
mark("quit")
marks["imported"] = done
print("STARTUP " + json.dumps(marks))
"""


def run_child(code: str, env: dict[str, str], *extra: str) -> tuple[float, str, str]:
    t = time.perf_counter()
    p = subprocess.run([sys.executable, *extra, "-c", code], env=env, capture_output=True,
                       text=True, timeout=120)
    ms = (time.perf_counter() - t) * 1000
    if p.returncode != 0:
        raise RuntimeError(f"child failed ({p.returncode}): {p.stderr.strip()[-2000:]}")
    return ms, p.stdout, p.stderr


def marks_of(stdout: str) -> dict:
    for line in stdout.splitlines():
        if line.startswith("STARTUP "):
            return json.loads(line[len("STARTUP "):])
    raise RuntimeError("the app run printed no marks")


def import_costs(env: dict[str, str]) -> list[dict]:
    """Modules the app run imports that the bare run does not, by cumulative -X importtime."""
    _ms, _out, bare_err = run_child(BARE, env, "-X", "importtime")
    _ms, _out, app_err = run_child(APP, env, "-X", "importtime")

    def table(err: str) -> dict[str, tuple[int, int]]:
        rows = {}
        for line in err.splitlines():
            if line.startswith("import time:") and "|" in line and "self [us]" not in line:
                self_us, cum_us, name = line[len("import time:"):].split("|")
                rows[name.strip()] = (int(self_us), int(cum_us))
        return rows

    bare, app = table(bare_err), table(app_err)
    extra = {k: v for k, v in app.items() if k not in bare}
    # our modules one by one; any other package as a whole (its top module), 2 ms and up
    keep = [k for k in extra if (k.startswith("softphone.") or "." not in k)
            and not k.startswith(("_", "encodings")) and extra[k][1] >= 2000]
    keep.sort(key=lambda k: -extra[k][1])
    return [{"module": k, "cumulative_ms": round(extra[k][1] / 1000, 1),
             "self_ms": round(extra[k][0] / 1000, 1)} for k in keep[:30]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="3 runs each (under a minute)")
    ap.add_argument("--runs", type=int, default=0, help="runs of each (default 11, quick 3)")
    ap.add_argument("--dist", default="", help="build_installer.py's output folder (default dist/)")
    ap.add_argument("--cold", action="store_true", help="drop the page cache before bundle runs")
    args = ap.parse_args(argv)
    runs = args.runs or (3 if args.quick else 11)
    with tempfile.TemporaryDirectory(prefix="startup-bench-") as cfg:
        result = measure(runs, cfg)
        bundle_results(result, args.dist, 3 if args.quick else 5, args.cold, cfg)
    print(json.dumps(result, indent=2))
    return 0


def find_bundle(dist: str) -> tuple[str, str]:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    dist = dist or os.path.join(root, "dist")
    for exe in (os.path.join(dist, "agent-softphone", "agent-softphone"),
                "/opt/agent-softphone/agent-softphone"):
        if os.access(exe, os.X_OK):
            return exe, dist
    return "", dist


def bundle_start_ms(exe: str, cfg: str, cold: bool) -> float:
    import signal
    if cold:
        subprocess.run(["sync"])
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
    env = {"PATH": "/usr/bin:/bin", "HOME": cfg, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": cfg, "XDG_DATA_HOME": cfg,
           "SOFTPHONE_PROVISIONING": os.path.join(cfg, "none.ini")}
    t = time.perf_counter()
    p = subprocess.Popen([exe, "--center", "http://127.0.0.1:9/api/v1", "--no-audio"],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    ms = None
    try:
        for line in p.stdout:
            if "login window painted" in line:
                ms = (time.perf_counter() - t) * 1000
                break
    finally:
        p.send_signal(signal.SIGTERM)
        try:                        # read on while it closes: a full pipe would hold it up
            p.communicate(timeout=15)
        except subprocess.TimeoutExpired:   # a SIGTERM that lands while the app writes a log
            p.kill()                        # line can be lost (its handler logs, reentrantly)
            p.communicate()
    if ms is None:
        raise RuntimeError("the bundle never logged the first paint of its login window")
    return ms


def bundle_results(result: dict, dist: str, runs: int, cold: bool, cfg: str) -> None:
    import glob
    exe, dist = find_bundle(dist)
    res = result["results"]
    res["bundle"] = exe or None
    sizes = {os.path.basename(p): os.path.getsize(p) for pat in ("agent-softphone_*.deb",
             "agent-softphone-*.tar.xz") for p in glob.glob(os.path.join(dist, pat))}
    res["package_bytes"] = sizes
    biggest = max(sizes.values()) / 1e6 if sizes else None
    bundle_ms = ratio = None
    if exe:
        bundle_start_ms(exe, cfg, False)                 # warm-up (unless --cold)
        times = [bundle_start_ms(exe, cfg, cold) for _ in range(runs)]
        bundle_ms = statistics.median(times)
        ratio = bundle_ms / res["bare_qwidget_ms"]
        res["bundle_start_runs_ms"] = [round(x, 1) for x in times]
    res["bundle_start_ms"] = round(bundle_ms, 1) if bundle_ms else None
    res["bundle_cold"] = cold
    result["goals"] += [
        {"name": "installed bundle start-up / bare QWidget", "value":
         round(ratio, 2) if ratio else None, "target": "<= 3", "met": bool(ratio and ratio <= 3)},
        {"name": "installed bundle start-up, cold page cache (s)" if cold else
         "installed bundle start-up, warm page cache (s)",
         "value": round(bundle_ms / 1000, 2) if bundle_ms else None, "target": "<= 1.0",
         "met": bool(bundle_ms and bundle_ms <= 1000)},
        {"name": "largest installer, compressed (MB)",
         "value": round(biggest, 1) if biggest else None, "target": "<= 80",
         "met": bool(biggest and biggest <= 80)},
    ]


def measure(runs: int, cfg: str) -> dict:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=cfg, XDG_DATA_HOME=cfg,
               PYTHONPATH=root, SOFTPHONE_PROVISIONING=os.path.join(cfg, "none.ini"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    load_before = os.getloadavg()[0]
    run_child(BARE, env)                               # warm-up: .pyc files, disk cache
    run_child(APP, env)
    bare_ms, app_ms, marks = [], [], []
    for _ in range(runs):                              # interleaved: load drifts hit both
        bare_ms.append(run_child(BARE, env)[0])
        ms, out, _err = run_child(APP, env)
        app_ms.append(ms)
        marks.append(marks_of(out))
    bare, app = statistics.median(bare_ms), statistics.median(app_ms)
    ratio = app / bare
    phases = {k: statistics.median(m[k] for m in marks)
              for k in marks[0] if isinstance(marks[0][k], (int, float))}
    return {
        "benchmark": "startup",
        "results": {
            "runs": runs,
            "bare_qwidget_ms": round(bare, 1),
            "app_login_window_ms": round(app, 1),
            "ratio": round(ratio, 2),
            "bare_runs_ms": [round(x, 1) for x in bare_ms],
            "app_runs_ms": [round(x, 1) for x in app_ms],
            "app_phases_ms": phases,
            "composition_imports": marks[0]["imported"],
            "imports_beyond_bare": import_costs(env),
            "loadavg_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        },
        "goals": [{"name": "app start-up to login window / bare QWidget", "value": round(ratio, 2),
                   "target": "<= 3", "met": ratio <= 3}],
    }


if __name__ == "__main__":
    raise SystemExit(main())
