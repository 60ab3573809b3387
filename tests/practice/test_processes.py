"""Practice mode's processes: the registrar process, parent-death signals, the sweep, the center."""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from democenter.registrar import (PracticeRegistrar, kamailio_path, options_ok,
                                  render_config)
from softphone.domain.health import evaluate, parse_form
from softphone.practice.scenarios import clearing_answers
from softphone.practice.processes import PracticeCenter, proc_stat, sweep_leftovers
from tests.desk.fakes import FORM
from tests.practice import proctree as pt
from tests.support.procs import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
needs_kamailio = pytest.mark.skipif(kamailio_path() is None, reason="kamailio is not installed")


def test_clearing_answers_clear_the_form():
    form = parse_form({**FORM, "rules": FORM["rules"] + [
        {"question": "stress", "op": ">=", "value": 4},
        {"question": "stress", "op": "<=", "value": 1}]})
    answers = clearing_answers(form)
    assert evaluate(form, answers).cleared and answers["cough"] is False


@needs_kamailio
@pytest.mark.parametrize("options", [
    {}, {"users": {"agent1": "s1", "agent-2": "s2"}},
    {"users": {}, "tls_port": 5999, "tls_config": "TLS"}], ids=["open", "auth", "tls"])
def test_the_template_renders_configs_kamailio_accepts(tmp_path, options):
    if options.get("tls_config"):
        (tmp_path / "tls.cfg").write_text("[server:default]\nmethod = TLSv1.2+\n")
        options = {**options, "tls_config": str(tmp_path / "tls.cfg")}
    text = render_config(5997, 5998, "center.local", **options)
    assert "@" not in text.replace("$fd", "")
    assert ("#!define WITH_AUTH" in text) == ("users" in options)
    assert ("#!define WITH_TLS" in text) == ("tls_port" in options)
    (tmp_path / "k.cfg").write_text(text)
    check = subprocess.run([kamailio_path(), "-c", "-f", str(tmp_path / "k.cfg")],
                           capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr[-2000:]


def test_the_template_refuses_what_it_cannot_quote():
    with pytest.raises(ValueError):
        render_config(1, 2, "center.local", users={"agent1": 'pa"ss'})
    with pytest.raises(ValueError):
        render_config(1, 2, 'bad"domain')


@needs_kamailio
@pytest.mark.slow
def test_practice_registrar_answers_and_stops():
    reg = PracticeRegistrar(free_port(), free_port()).start()
    try:
        assert options_ok(reg.udp_port) and reg.address == f"127.0.0.1:{reg.udp_port}"
    finally:
        reg.stop()
    assert not options_ok(reg.udp_port, timeout=0.2) and not reg.dir.exists()


@pytest.fixture
def registrar(tmp_path):
    """``python -m democenter.registrar`` started; (process, ready info, its Kamailio)."""
    ready = tmp_path / "ready.json"
    log = open(tmp_path / "registrar.log", "ab")
    proc = subprocess.Popen([sys.executable, "-m", "democenter.registrar", "--ready-file",
                             str(ready)], cwd=str(ROOT), stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    log.close()
    seen: dict[int, pt.Proc] = {}
    try:
        wait_for(lambda: ready.exists() or proc.poll() is not None, 30, what="the registrar")
        assert proc.poll() is None, (tmp_path / "registrar.log").read_text()
        info = json.loads(ready.read_text())
        assert stat.S_IMODE(ready.stat().st_mode) == 0o600
        seen.update(pt.descendants(proc.pid))
        yield proc, info, seen
    finally:
        if proc.poll() is None:
            seen.update(pt.descendants(proc.pid))
            proc.kill()
        proc.wait(10)
        pt.kill_all(seen)


@linux
@needs_kamailio
def test_registrar_process_stops_kamailio_and_its_workers_on_sigterm(registrar):
    proc, info, kamailio = registrar
    assert options_ok(info["udp_port"]) and info["address"] == f"127.0.0.1:{info['udp_port']}"
    assert info["kamailio_pid"] in kamailio and len(kamailio) >= 2     # main + workers
    os.kill(proc.pid, signal.SIGTERM)
    assert proc.wait(10) == 0
    left = pt.wait_gone(kamailio, 5)
    assert not left, pt.describe(left)


@linux
@needs_kamailio
def test_kill_9_of_the_registrar_process_still_stops_kamailio(registrar):
    proc, info, kamailio = registrar
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(5)
    left = pt.wait_gone(kamailio, 5)
    assert not left, f"Kamailio outlived its registrar:\n{pt.describe(left)}"


@linux
@pytest.mark.slow
def test_children_get_sigterm_when_the_app_dies(tmp_path):
    """A stand-in app starts a child the way PracticeCenter does, then is killed -9."""
    code = ("import subprocess, sys, time\n"
            "from softphone.practice.processes import parent_death_signal\n"
            "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'],"
            " start_new_session=True, preexec_fn=parent_death_signal())\n"
            "print(p.pid, flush=True)\ntime.sleep(60)\n")
    app = subprocess.Popen([sys.executable, "-c", code], cwd=str(ROOT), stdout=subprocess.PIPE,
                           text=True, start_new_session=True)
    child = None
    try:
        child = pt.read(int(app.stdout.readline()))
        assert child is not None and pt.alive(child)
        os.kill(app.pid, signal.SIGKILL)
        app.wait(5)
        assert not pt.wait_gone([child], 5)
    finally:
        app.kill()
        app.wait(5)
        pt.kill_all([child] if child else [])


def _sleeper(marker: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", marker],
                            start_new_session=True)


def _record(path: Path, owner: tuple[int, int], children: list[tuple[subprocess.Popen, int]]):
    boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    path.write_text(json.dumps({"boot_id": boot, "owner": {"pid": owner[0], "start": owner[1]},
                                "children": [{"role": "x", "pid": p.pid, "pgid": p.pid,
                                              "start": start, "match": "democenter"}
                                             for p, start in children]}))


@linux
@pytest.mark.slow
def test_sweep_kills_leftovers_of_dead_runs_only(tmp_path):
    leftover, other_run, reused = (_sleeper("democenter-fake") for _ in range(3))
    procs = [leftover, other_run, reused]
    try:
        starts = [proc_stat(p.pid)[2] for p in procs]
        gone = subprocess.Popen(["true"])
        gone.wait()
        me = (os.getpid(), proc_stat(os.getpid())[2])
        _record(tmp_path / "children-1-a.json", (gone.pid, 12345),       # its app is gone
                [(leftover, starts[0]), (reused, starts[2] - 1)])         # pid since reused
        _record(tmp_path / "children-2-b.json", me, [(other_run, starts[1])])   # app runs
        swept = sweep_leftovers(tmp_path)
        assert swept == [leftover.pid]
        assert leftover.wait(5) == -signal.SIGTERM
        assert other_run.poll() is None and reused.poll() is None
        assert [p.name for p in tmp_path.iterdir()] == ["children-2-b.json"]
    finally:
        for p in procs:
            p.kill()
            p.wait(5)


@linux
@needs_kamailio
@pytest.mark.slow
def test_practice_center_starts_privately_and_stops_everything(tmp_path):
    data = tmp_path / "data"
    center = PracticeCenter(data_dir=data, call_rate=0)
    seen: dict[int, pt.Proc] = {}
    try:
        center.start()
        seen.update(pt.descendants(os.getpid()))
        roles = pt.practice_roles(seen)
        assert roles["api"] and roles["acd"] and roles["registrar"] and len(roles["kamailio"]) >= 2
        assert center.sip_address.startswith("127.0.0.1:") and options_ok(
            int(center.sip_address.rpartition(":")[2]))
        record = json.loads(center.record_path.read_text())
        assert {c["role"] for c in record["children"]} == {"api", "acd", "registrar", "kamailio",
                                                           "colleagues"}
        for path, mode in ((data, 0o700), (center.run_dir, 0o700), (center.record_path, 0o600),
                           (center.log_path, 0o600)):
            assert stat.S_IMODE(path.stat().st_mode) == mode, path
        practice = {p.pid: p for r in roles.values() for p in r}
        t0 = time.monotonic()
        center.stop()
        assert time.monotonic() - t0 < 10
        left = pt.left_of(practice)
        assert not left, pt.describe(left)
        assert not center.record_path.exists()
    finally:
        center.stop()
        pt.kill_all(seen)


@linux
@needs_kamailio
@pytest.mark.slow
def test_democenter_with_its_own_registrar(tmp_path):
    """``python -m democenter --registrar``: the API hands out its own Kamailio, and the
    Kamailio ends with it (even on kill -9)."""
    port, log = free_port(), tmp_path / "center.log"
    with open(log, "ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "democenter", "--registrar", "--no-acd",
                                 "--port", str(port), "--data", str(tmp_path / "c.sqlite")],
                                cwd=str(ROOT), stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    seen: dict[int, pt.Proc] = {}
    try:
        line = wait_for(lambda: proc.poll() is None and re.search(
            r"practice registrar on 127\.0\.0\.1:(\d+)", log.read_text()), 30,
            interval=0.1, what="the registrar")
        assert options_ok(int(line.group(1)))
        seen.update(pt.descendants(proc.pid))
        assert len(pt.practice_roles(seen)["kamailio"]) >= 2
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(5)
        left = pt.wait_gone(seen, 5)
        assert not left, pt.describe(left)
    finally:
        proc.kill()
        proc.wait(5)
        pt.kill_all(seen)
