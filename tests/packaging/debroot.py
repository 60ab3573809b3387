"""A clean Debian 12 root for installing the .deb, made once by debootstrap and cached.

The root is kept in ``~/.cache/agent-softphone/debian-root/<key>/root`` (``$SOFTPHONE_DEBROOT_CACHE``
moves the parent folder), keyed by the suite, variant, mirror and this file's recipe version;
the .debs apt downloads inside are kept next to it (``apt-archives/``), so a second run
downloads nothing but the package lists. Each test works on an overlay (``Chroot``): the
cached root itself is never changed.

    python tests/packaging/debroot.py      # build (or find) the cached root, print its path
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SUITE = "bookworm"
VARIANT = "minbase"
MIRROR = os.environ.get("SOFTPHONE_DEBIAN_MIRROR", "http://deb.debian.org/debian")
RECIPE = "1"      # bump when the way the root is made changes


def cache_dir() -> Path:
    base = os.environ.get("SOFTPHONE_DEBROOT_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
        "agent-softphone", "debian-root")
    key = hashlib.sha256(f"{SUITE}|{VARIANT}|{MIRROR}|{RECIPE}".encode()).hexdigest()[:16]
    return Path(base) / f"{SUITE}-{VARIANT}-{key}"


def debian_root() -> Path:
    """The cached clean root (built with debootstrap on first use, about 2-4 minutes)."""
    where = cache_dir()
    root = where / "root"
    where.mkdir(parents=True, exist_ok=True)
    with open(where.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (root / "etc" / "debian_version").exists():
            return root
        tmp = Path(tempfile.mkdtemp(prefix="root.", dir=where))
        try:
            subprocess.run(["debootstrap", f"--variant={VARIANT}", SUITE, str(tmp), MIRROR],
                           check=True, stdout=subprocess.DEVNULL)
            # nothing of the build host's apt cache stays in the root
            subprocess.run(["chroot", str(tmp), "apt-get", "clean"], check=True)
            os.replace(tmp, root)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    return root


class Chroot:
    """An overlay over the cached root with /proc, /dev, /sys and the apt cache mounted;
    ``run`` executes in it. Unmounts everything on exit (it must: use ``with``)."""

    def __init__(self, lower: Path, work: Path) -> None:
        self.lower, self.work = lower, work
        self.path = work / "merged"
        self.mounts: list[Path] = []

    def __enter__(self) -> "Chroot":
        for d in ("upper", "ovl-work", "merged"):
            (self.work / d).mkdir(parents=True)
        self._mount(["-t", "overlay", "overlay", "-o",
                     f"lowerdir={self.lower},upperdir={self.work / 'upper'},"
                     f"workdir={self.work / 'ovl-work'}"], self.path)
        self._mount(["-t", "proc", "proc"], self.path / "proc")
        self._mount(["-t", "sysfs", "sysfs"], self.path / "sys")
        self._mount(["--rbind", "/dev"], self.path / "dev")
        archives = self.lower.parent / "apt-archives"
        (archives / "partial").mkdir(parents=True, exist_ok=True)
        self._mount(["--bind", str(archives)], self.path / "var/cache/apt/archives")
        shutil.copy("/etc/resolv.conf", self.path / "etc/resolv.conf")
        return self

    def _mount(self, args: list[str], target: Path) -> None:
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", *args, str(target)], check=True)
        self.mounts.append(target)

    def __exit__(self, *exc) -> None:
        for target in reversed(self.mounts):
            r = subprocess.run(["umount", "-R", str(target)], capture_output=True)
            if r.returncode:
                subprocess.run(["umount", "-R", "-l", str(target)], capture_output=True)
        self.mounts = []

    def run(self, cmd: str, env: dict[str, str] | None = None, timeout: float = 900,
            check: bool = True) -> subprocess.CompletedProcess:
        base = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "HOME": "/root", "LANG": "C.UTF-8", "DEBIAN_FRONTEND": "noninteractive"}
        p = subprocess.run(["chroot", str(self.path), "/bin/sh", "-c", cmd],
                           env={**base, **(env or {})}, capture_output=True, text=True,
                           timeout=timeout)
        if check and p.returncode != 0:
            raise AssertionError(f"in the chroot, {cmd!r} failed ({p.returncode}):\n"
                                 f"{p.stdout[-3000:]}\n{p.stderr[-3000:]}")
        return p


if __name__ == "__main__":
    print(debian_root())
    sys.exit(0)
