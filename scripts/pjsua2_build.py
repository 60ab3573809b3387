#!/usr/bin/env python3
"""Build pjsua2 (PJSIP's Python binding) from a pjproject release tarball into a wheel, cached.

    python scripts/pjsua2_build.py --tarball pjproject-2.17.tar.xz   # build or reuse; prints the wheel
    python scripts/pjsua2_build.py --tarball other.tar.gz --sha256 HEX   # another tarball: its sha256
    python scripts/pjsua2_build.py --tarball ... --key                # the cache key only (no build)
    python scripts/pjsua2_build.py --locate                           # the cached wheel for this
                                                                       # Python: the tarball's when
                                                                       # given, else the newest
                                                                       # (exit 1: none)

The tarball (also $PJPROJECT_TARBALL) must have the pinned sha256 of pjproject 2.17 as vendored
(PINNED_SHA256); any other tarball (the GitHub release archive of the same tag, a patched
release) is accepted only with its sha256 given explicitly (--sha256 or $PJPROJECT_SHA256).
Nothing is downloaded.

The build (about 200 s on 2 cores) runs configure with CONFIGURE_FLAGS and our
scripts/pjsua2/config_site.h (epoll, 1024 handles, 32 calls, no video) against the system's
OpenSSL, then SWIG's Python module, then packs a wheel ``pjsua2-python`` (the same
distribution name as the PyPI wheel, so one replaces the other) holding the package
``pjsua2`` (``pjsua2.py``, ``_pjsua2*.so``, ``_build_info.json``).

Cache: ``<user cache dir>/agent-softphone/pjsua2/<key>/`` ($PJSUA2_CACHE_DIR overrides the
``.../pjsua2`` root), keyed by the tarball's sha256, the sha256 of config_site.h + configure
flags + BUILD_SCRIPT_VERSION, and the Python ABI. It holds the wheel, ``include/`` (the
pjproject headers as configured, for compiling softphone/sip/audio/fastpath.c against them),
``build.json`` (key parts, compiler flags for those headers, build time) and ``build.log``.
Progress goes to stderr; the full build output to ``<root>/<key>.log`` (--log FILE).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import csv
import fcntl
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONFIG_SITE = HERE / "pjsua2" / "config_site.h"
BUILD_SCRIPT_VERSION = "1"          # bump when the build's result changes for the same inputs
PINNED_SHA256 = "9d2ea9bb9fc62eacb5fa80d5fc538b270df60ab914de833a219e162a2019aae6"  # 2.17
DIST_NAME = "pjsua2-python"
CONFIGURE_FLAGS = (
    "--enable-epoll", "--disable-video", "--disable-sound", "--disable-libwebrtc",
    "--disable-libyuv", "--disable-opencore-amr", "--disable-silk", "--disable-sdl",
    "--disable-ffmpeg", "--disable-v4l2", "--disable-openh264", "--disable-vpx",
    "--disable-upnp", "--disable-lyra", "--disable-bcg729",
    # NDEBUG: pjproject's release build. Its sanity checks (PJ_ASSERT_RETURN) then log
    # "Assert failed" and return an error; in a debug build they abort the whole process,
    # every call with it (seen: pj_sockaddr_get_len in a media transport under hold/answer).
    "--with-ssl=/usr", "CFLAGS=-O2 -fPIC -DNDEBUG", "CXXFLAGS=-O2 -fPIC -DNDEBUG",
)
HEADER_DIRS = ("pjlib/include", "pjlib-util/include", "pjnath/include", "pjmedia/include",
               "pjsip/include")


class BuildError(RuntimeError):
    pass


def say(msg: str) -> None:
    print(f"pjsua2_build: {msg}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ inputs and the key
def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def check_tarball(tarball: Path, expected: str | None) -> str:
    """The tarball's sha256, when it is the pinned one or the one given explicitly."""
    if not tarball.is_file():
        raise BuildError(f"no such tarball: {tarball}")
    got = sha256_file(tarball)
    want = (expected or PINNED_SHA256).strip().lower()
    if got != want:
        how = "given (--sha256 / PJPROJECT_SHA256)" if expected else \
            "pinned for pjproject 2.17; for another tarball give its sha256 in PJPROJECT_SHA256"
        raise BuildError(f"{tarball}: sha256 {got} is not the one {how} ({want})")
    return got


def config_sha256() -> str:
    """config_site.h + configure flags + this script's build version."""
    h = hashlib.sha256(CONFIG_SITE.read_bytes())
    h.update(b"\0" + "\0".join(CONFIGURE_FLAGS).encode() + b"\0" + BUILD_SCRIPT_VERSION.encode())
    return h.hexdigest()


def python_abi() -> str:
    return sysconfig.get_config_var("SOABI") or f"py{sys.version_info[0]}{sys.version_info[1]}"


def cache_root() -> Path:
    env = os.environ.get("PJSUA2_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    try:
        from platformdirs import user_cache_dir
        base = Path(user_cache_dir("agent-softphone"))
    except ImportError:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "agent-softphone"
    return base / "pjsua2"


def cache_key(tar_sha: str) -> str:
    return f"{tar_sha[:16]}-{config_sha256()[:16]}-{python_abi()}"


# ------------------------------------------------------------------ the build
def run(cmd: list[str], cwd: Path, log, env: dict | None = None) -> None:
    log.write(f"\n$ (cd {cwd} && {' '.join(cmd)})\n")
    log.flush()
    t0 = time.monotonic()
    res = subprocess.run(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                         env={**os.environ, **(env or {})})
    log.write(f"[{cmd[0]} {' '.join(cmd[1:2])}: exit {res.returncode}, "
              f"{time.monotonic() - t0:.0f} s]\n")
    log.flush()
    if res.returncode != 0:
        raise BuildError(f"{' '.join(cmd)} failed ({res.returncode}) in {cwd}; see {log.name}")


def extract(tarball: Path, dest: Path) -> Path:
    with tarfile.open(tarball) as tf:
        kw = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        tf.extractall(dest, **kw)
    tops = [p for p in dest.iterdir() if p.is_dir()]
    if len(tops) != 1 or not (tops[0] / "configure").exists():
        raise BuildError(f"{tarball}: not a pjproject source tree")
    return tops[0]


def make_tokens(target: str, cwd: Path) -> list[str]:
    out = subprocess.run(["make", "--no-print-directory", "-f", "helper.mak", target], cwd=cwd,
                         capture_output=True, text=True, check=True).stdout
    return out.split()


def pj_version(src: Path) -> str:
    v = {}
    for line in (src / "version.mak").read_text().splitlines():
        parts = line.replace("export", "").split(":=")
        if len(parts) == 2 and parts[0].strip().startswith("PJ_VERSION_"):
            v[parts[0].strip()] = parts[1].strip()
    ver = f"{v['PJ_VERSION_MAJOR']}.{v['PJ_VERSION_MINOR']}"
    if v.get("PJ_VERSION_REV"):
        ver += f".{v['PJ_VERSION_REV']}"
    return ver + v.get("PJ_VERSION_SUFFIX", "")


def header_flags(src: Path, swig_py: Path, include: Path) -> list[str]:
    """Compiler flags for C code using the configured headers, pointing into ``include``."""
    flags = []
    for tok in make_tokens("cflags", swig_py):
        if tok.startswith("-D"):
            flags.append(tok)
        elif tok.startswith("-I"):
            p = Path(tok[2:]).resolve()
            with contextlib.suppress(ValueError):
                rel = p.relative_to(src.resolve())
                if str(rel) in HEADER_DIRS:
                    flags.append(f"-I{include / rel}")
    return flags


def copy_headers(src: Path, include: Path) -> None:
    for rel in HEADER_DIRS:
        shutil.copytree(src / rel, include / rel,
                        ignore=lambda d, names: [n for n in names if not (
                            n.endswith((".h", ".hpp")) or (Path(d) / n).is_dir())])


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def write_wheel(out_dir: Path, version: str, files: dict[str, bytes], license_text: bytes) -> Path:
    """A wheel of the package ``pjsua2`` for this interpreter's ABI and platform."""
    py = f"cp{sys.version_info[0]}{sys.version_info[1]}"
    plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    tag = f"{py}-{py}-{plat}"
    name = DIST_NAME.replace("-", "_")
    dist_info = f"{name}-{version}.dist-info"
    meta = {
        f"{dist_info}/METADATA": (
            f"Metadata-Version: 2.1\nName: {DIST_NAME}\nVersion: {version}\n"
            f"Summary: PJSIP's pjsua2 Python binding, built by Agent Softphone's "
            f"scripts/pjsua2_build.py\nLicense: GPL-2.0-or-later\n"
            f"Requires-Python: =={sys.version_info[0]}.{sys.version_info[1]}.*\n").encode(),
        f"{dist_info}/WHEEL": (f"Wheel-Version: 1.0\nGenerator: agent-softphone pjsua2_build "
                               f"{BUILD_SCRIPT_VERSION}\nRoot-Is-Purelib: false\nTag: {tag}\n").encode(),
        f"{dist_info}/top_level.txt": b"pjsua2\n",
        f"{dist_info}/COPYING": license_text,
    }
    entries = {**files, **meta}
    record = io.StringIO()
    w = csv.writer(record, lineterminator="\n")
    for arc, data in entries.items():
        w.writerow([arc, _record_hash(data), len(data)])
    w.writerow([f"{dist_info}/RECORD", "", ""])
    path = out_dir / f"{name}-{version}-{tag}.whl"
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for arc, data in entries.items():
            info = zipfile.ZipInfo(arc, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if arc.endswith(".so") else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
        z.writestr(f"{dist_info}/RECORD", record.getvalue())
    tmp.replace(path)
    return path


INIT_PY = '''"""PJSIP's pjsua2 {ver}, built from a pjproject release by Agent Softphone's
scripts/pjsua2_build.py (see _build_info.json): epoll I/O queue, the system's OpenSSL."""
from .pjsua2 import *  # noqa: F401,F403

__version__ = "{wheel_version}"
'''


def build(tarball: Path, tar_sha: str, root: Path, jobs: int, log_path: Path) -> Path:
    key = cache_key(tar_sha)
    final = root / key
    work = Path(tempfile.mkdtemp(prefix=f".build-{key}-", dir=root))
    t0 = time.monotonic()
    try:
        with open(log_path, "w") as log:
            say(f"building pjsua2 from {tarball.name} (log: {log_path})")
            src = extract(tarball, work / "src")
            ver = pj_version(src)
            shutil.copy(CONFIG_SITE, src / "pjlib/include/pj/config_site.h")
            say("configure")
            run(["./configure", *CONFIGURE_FLAGS], src, log)
            say(f"make (-j{jobs}); about 200 s on 2 cores")
            run(["make", "dep"], src, log)
            run(["make", f"-j{jobs}"], src, log)
            swig_py = src / "pjsip-apps/src/swig/python"
            say("SWIG Python module (one big C++ file: a few minutes)")
            # -g0: the interpreter's own CFLAGS ask for debug info, which triples this compile
            run(["make", f"PYTHON_EXE={sys.executable}"], swig_py, log, env={"CFLAGS": "-g0"})
            so = sorted(swig_py.glob(f"build/lib*/_pjsua2*{sysconfig.get_config_var('EXT_SUFFIX')}"))
            py = sorted(swig_py.glob("build/lib*/pjsua2.py")) or [swig_py / "pjsua2.py"]
            if not so or not py[0].exists():
                raise BuildError(f"the SWIG build left no _pjsua2 module in {swig_py}/build")
            run(["strip", "--strip-unneeded", str(so[0])], swig_py, log)

            stage = work / "stage"
            include = stage / "include"
            copy_headers(src, include)
            flags = header_flags(src, swig_py, final / "include")
            wheel_version = f"{ver}+as{BUILD_SCRIPT_VERSION}.{config_sha256()[:8]}"
            info = {
                "pj_version": ver, "wheel_version": wheel_version, "key": key,
                "tarball": tarball.name, "tarball_sha256": tar_sha,
                "config_sha256": config_sha256(), "config_site": CONFIG_SITE.read_text(),
                "configure_flags": list(CONFIGURE_FLAGS), "build_script_version": BUILD_SCRIPT_VERSION,
                "python_abi": python_abi(), "cache_dir": str(final),
                "include_dir": str(final / "include"), "cflags": flags,
            }
            files = {
                "pjsua2/__init__.py": INIT_PY.format(ver=ver, wheel_version=wheel_version).encode(),
                "pjsua2/pjsua2.py": py[0].read_bytes(),
                f"pjsua2/{so[0].name}": so[0].read_bytes(),
                "pjsua2/_build_info.json": json.dumps(info, indent=1).encode(),
            }
            wheel = write_wheel(stage, wheel_version, files, (src / "COPYING").read_bytes())
            say("checking the module")
            _self_check(wheel, ver, log)
            info["build_seconds"] = round(time.monotonic() - t0, 1)
            info["wheel"] = wheel.name
            (stage / "build.json").write_text(json.dumps(info, indent=1))
        shutil.copy(log_path, stage / "build.log")
        if final.exists():
            shutil.rmtree(final)
        os.replace(stage, final)
        say(f"built {final / wheel.name} in {time.monotonic() - t0:.0f} s")
        return final / wheel.name
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _self_check(wheel: Path, ver: str, log) -> None:
    """Import the wheel's module in a fresh interpreter: libVersion and the linked libssl."""
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(wheel) as z:
            z.extractall(tmp)
        code = ("import pjsua2, pjsua2._pjsua2 as m\n"
                "ep = pjsua2.Endpoint(); ep.libCreate(); v = ep.libVersion().full; ep.libDestroy()\n"
                "print('@@version=' + v); print('@@file=' + m.__file__)\n")
        res = subprocess.run([sys.executable, "-c", code], cwd=tmp, capture_output=True,
                             text=True, env={**os.environ, "PYTHONPATH": tmp})
        log.write(f"\nself-check:\n{res.stdout}{res.stderr}\n")
        got = dict(re.findall(r"^@@(\w+)=(.*)$", res.stdout, re.M))    # pjlib logs to stdout too
        if res.returncode != 0 or got.get("version") != ver or not got.get("file"):
            raise BuildError(f"the built module does not import or says another version than "
                             f"{ver}: {got} {res.stderr[-500:]!r}; see {log.name}")
        ldd = subprocess.run(["ldd", got["file"]], capture_output=True, text=True).stdout
        log.write(ldd)
        if "libssl.so" not in ldd:
            raise BuildError("the built module does not link the system's libssl")


# ------------------------------------------------------------------ entry
def locate(root: Path, key: str | None = None) -> Path | None:
    """The cached wheel of ``key``; without one, the newest built with today's configuration
    (config_site.h and flags) for this Python's ABI, else the newest of any; None if none.
    (A cache keeps wheels of earlier configurations: the newest of those is not the one
    ``scripts/dev.sh install`` puts in .venv, and native helpers built against it would not
    fit that pjsua2.)"""
    def wheels(pattern: str) -> list[Path]:
        return [w for d in root.glob(pattern) if (d / "build.json").exists()
                for w in d.glob("*.whl")]
    found = (wheels(key) if key else
             wheels(f"*-{config_sha256()[:16]}-{python_abi()}") or wheels(f"*-{python_abi()}"))
    return max(found, key=lambda w: w.stat().st_mtime) if found else None


def ensure_wheel(tarball: Path, expected: str | None, jobs: int, log: Path | None = None) -> Path:
    tar_sha = check_tarball(tarball, expected)
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    key = cache_key(tar_sha)
    with open(root / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)           # two installs at once: one builds
        info = root / key / "build.json"
        if info.exists():
            wheel = root / key / json.loads(info.read_text())["wheel"]
            if wheel.exists():
                say(f"cached: {wheel}")
                return wheel
        return build(tarball, tar_sha, root, jobs, log or root / f"{key}.log")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tarball", default=os.environ.get("PJPROJECT_TARBALL"),
                    help="pjproject release tarball (default: $PJPROJECT_TARBALL)")
    ap.add_argument("--sha256", default=os.environ.get("PJPROJECT_SHA256") or None,
                    help="sha256 of a tarball other than the pinned one ($PJPROJECT_SHA256)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--log", type=Path, help="build output (default: <cache>/<key>.log)")
    ap.add_argument("--key", action="store_true", help="print the cache key, build nothing")
    ap.add_argument("--locate", action="store_true",
                    help="print the cached wheel for this Python (of today's configuration when "
                         "there is one); exit 1 if none")
    args = ap.parse_args(argv)
    try:
        if args.locate:
            key = None
            if args.tarball:
                key = cache_key(check_tarball(Path(args.tarball).expanduser(), args.sha256))
            wheel = locate(cache_root(), key)
            if wheel:
                print(wheel)
            return 0 if wheel else 1
        if not args.tarball:
            raise BuildError("no tarball: give --tarball or set PJPROJECT_TARBALL")
        tarball = Path(args.tarball).expanduser().resolve()
        if args.key:
            print(cache_key(check_tarball(tarball, args.sha256)))
            return 0
        print(ensure_wheel(tarball, args.sha256, max(1, args.jobs), args.log))
        return 0
    except BuildError as exc:
        say(f"error: {exc}")
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
