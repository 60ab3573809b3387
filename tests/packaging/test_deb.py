"""The .deb in a clean Debian 12 root: ``apt-get install --no-install-recommends ./the.deb``
into a debootstrap'ed root (cached, see debroot.py) brings everything the bundle needs, so
the installed app plays the scripted shift there under Xvfb against a practice center running
outside the root (same network). Depends are complete if it does; remove keeps the
provisioning file, purge removes it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.packaging.conftest import failed_checks, scenario_summary
from tests.packaging.debroot import Chroot, debian_root

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("debootstrap"),
                                 reason="needs root and debootstrap (scripts/system-packages.txt)")]


def free_display() -> int:
    n = 90
    while Path(f"/tmp/.X11-unix/X{n}").exists() or Path(f"/tmp/.X{n}-lock").exists():
        n += 1
    return n


@pytest.fixture
def desktop_outside(tmp_path):
    """Xvfb and a D-Bus session with an unlocked keyring, outside the root: their abstract
    sockets are per network namespace, so the root's programs reach them."""
    procs: list[subprocess.Popen] = []
    n = free_display()
    procs.append(subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", "1280x900x24", "-ac",
                                   "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL))
    bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1",
                            "--address=unix:abstract=/tmp/softphone-debtest-%d" % os.getpid()],
                           stdout=subprocess.PIPE, text=True)
    procs.append(bus)
    address = bus.stdout.readline().strip()
    env = {"DISPLAY": f":{n}", "DBUS_SESSION_BUS_ADDRESS": address}
    keyring = subprocess.Popen(["gnome-keyring-daemon", "--foreground", "--unlock",
                                "--components=secrets"], stdin=subprocess.PIPE,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, **env, "HOME": str(tmp_path)})
    keyring.stdin.write(b"deb-test")
    keyring.stdin.close()
    procs.append(keyring)
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{n}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    try:
        yield env
    finally:
        for p in reversed(procs):
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(5)


@pytest.fixture
def center_outside(tmp_path):
    from softphone.practice.processes import PracticeCenter
    center = PracticeCenter(data_dir=tmp_path / "center", call_rate=20.0).start()
    try:
        yield center
    finally:
        center.stop()


def test_deb_installs_in_a_clean_debian_root_and_plays_a_shift(installers, tmp_path,
                                                               desktop_outside, center_outside):
    deb = Path(installers["deb"])
    with Chroot(debian_root(), tmp_path / "chroot") as root:
        shutil.copy(deb, root.path / "tmp" / deb.name)
        root.run("apt-get update -qq", timeout=600)
        root.run(f"apt-get install -y -qq --no-install-recommends /tmp/{deb.name}", timeout=1200)
        assert root.run("dpkg-query -W -f='${Status}' agent-softphone").stdout == \
            "install ok installed"
        assert Path(root.path, "usr/share/applications/agent-softphone.desktop").is_file()
        assert list(Path(root.path, "usr/share/fonts").rglob("NotoSansCJK*")), "no CJK font"
        p = root.run(f"cd /tmp && agent-softphone --center {center_outside.url} "
                     "--scenario shift --shots /tmp/shots", env=desktop_outside, timeout=300,
                     check=False)
        summary = scenario_summary(p.stdout)
        assert summary["completed"] and not failed_checks(summary), \
            f"{failed_checks(summary)}\n{p.stderr[-4000:]}"
        assert p.returncode == 0
        # the counselor's data stays through remove and purge; the conffile only through remove
        user_data = Path(root.path, "root/.local/share/agent-softphone")
        assert user_data.is_dir()
        conf = Path(root.path, "etc/agent-softphone/provisioning.ini")
        root.run("apt-get remove -y -qq agent-softphone")
        assert conf.is_file() and user_data.is_dir()
        assert not Path(root.path, "opt/agent-softphone").exists()
        root.run("apt-get purge -y -qq agent-softphone")
        assert not conf.exists() and user_data.is_dir()
