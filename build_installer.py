"""Build a self-contained bundle of the app with PyInstaller, and a per-OS package around it.

    .venv/bin/python build_installer.py                 # bundle + package for this OS
    .venv/bin/python build_installer.py --pjsua2-wheel ./pjsua2_python-2.16-...whl
    .venv/bin/python build_installer.py --pjsua2-wheel installed   # keep .venv's pjsua2
    .venv/bin/python build_installer.py --dry-run       # print the steps, change nothing

The bundle's pjsua2: by default the wheel scripts/pjsua2_build.py built and cached (pjproject
2.17 against the system's OpenSSL 3; for $PJPROJECT_TARBALL's build when that is set, else
the newest for this Python), installed into the build environment before bundling; without
one in the cache, whatever pjsua2 .venv has. IT may swap in a patched pjsua2 wheel
(security fixes land in pjproject before PyPI has a wheel) with ``--pjsua2-wheel``.
The bundle carries the package data softphone/resources (sounds, compiled translations, the
settings template; built first by ``softphone.resources_build``), PortAudio from
sounddevice's package data, the pjsua2 extension module and the native audio path
(softphone/sip/audio/_fastpath.so) where this machine could compile it.
"""

from __future__ import annotations

import argparse
import platform
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DIST = ROOT / "dist"
BUILD = ROOT / "build"


def run(cmd: list[str], dry: bool) -> None:
    print("+", shlex.join(cmd), flush=True)
    if not dry:
        subprocess.run(cmd, check=True, cwd=ROOT)


def pyinstaller_cmd() -> list[str]:
    sep = ";" if sys.platform == "win32" else ":"
    # the native audio path and the SIP source filter, when resources_build could compile them
    # (else the Python audio path runs and the filter is off, both logged)
    extra: list[str] = []
    for name in ("_fastpath.so", "_sourcefilter.so"):
        native = ROOT / "softphone" / "sip" / "audio" / name
        if native.exists():
            extra += ["--add-binary", f"{native}{sep}softphone/sip/audio"]
    return [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--windowed",
        "--name", "agent-softphone",
        "--distpath", str(DIST), "--workpath", str(BUILD),
        # package data, found at run time with importlib.resources (nothing imports the module)
        "--collect-data", "softphone.resources", "--hidden-import", "softphone.resources",
        "--collect-binaries", "pjsua2", "--collect-submodules", "pjsua2",
        "--collect-data", "pjsua2",     # the built stack's _build_info.json (the filter's stamp)
        "--collect-all", "sounddevice",
        "--hidden-import", "keyring.backends.SecretService",
        "--hidden-import", "keyring.backends.Windows",
        "--hidden-import", "keyring.backends.macOS",
        *extra,
        str(ROOT / "softphone" / "__main__.py"),
    ]


def package_cmd(version: str) -> list[str] | None:
    system = platform.system()
    if system == "Linux":
        return ["tar", "-C", str(DIST), "-czf",
                str(DIST / f"agent-softphone-{version}-linux-{platform.machine()}.tar.gz"),
                "agent-softphone"]
    if system == "Darwin":
        return ["hdiutil", "create", "-volname", "Agent Softphone", "-srcfolder",
                str(DIST / "agent-softphone.app"), "-ov",
                str(DIST / f"agent-softphone-{version}.dmg")]
    if system == "Windows":
        return ["powershell", "-Command",
                f"Compress-Archive -Force -Path '{DIST / 'agent-softphone'}' "
                f"-DestinationPath '{DIST / f'agent-softphone-{version}-windows.zip'}'"]
    return None


def cached_pjsua2_wheel() -> Path | None:
    """The pjsua2 wheel scripts/pjsua2_build.py built for this Python (None: none cached)."""
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "pjsua2_build.py"), "--locate"],
                         capture_output=True, text=True, cwd=ROOT)
    out = res.stdout.strip()
    return Path(out) if res.returncode == 0 and out else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pjsua2-wheel",
                    help="install this pjsua2 wheel before bundling (default: the cached build "
                         "of scripts/pjsua2_build.py; 'installed': keep .venv's pjsua2)")
    ap.add_argument("--dry-run", action="store_true", help="print the steps only")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from softphone import __version__

    run([sys.executable, "-m", "pip", "install", "-q", "pyinstaller>=6"], args.dry_run)
    if args.pjsua2_wheel is None:
        cached = cached_pjsua2_wheel()
        if cached:
            print(f"pjsua2: the cached build {cached}")
            args.pjsua2_wheel = str(cached)
        else:
            print("pjsua2: no cached build (scripts/pjsua2_build.py): bundling .venv's pjsua2")
    if args.pjsua2_wheel and args.pjsua2_wheel != "installed":
        wheel = Path(args.pjsua2_wheel).resolve()
        if not args.dry_run and not wheel.is_file():
            print(f"error: no such wheel: {wheel}", file=sys.stderr)
            return 2
        run([sys.executable, "-m", "pip", "install", "--force-reinstall", "--no-deps",
             str(wheel)], args.dry_run)
    run([sys.executable, "-m", "softphone.resources_build"], args.dry_run)
    run(pyinstaller_cmd(), args.dry_run)
    pkg = package_cmd(__version__)
    if pkg:
        run(pkg, args.dry_run)
    else:
        print(f"no package format for {platform.system()}: the bundle is in {DIST}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
