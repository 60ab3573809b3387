"""Every installer's recipe, generated from the one product description (product.toml).

    python packaging/recipes.py icons --out DIR                 # PNGs (hicolor sizes), .ico, .icns
    python packaging/recipes.py all --bundle dist/agent-softphone --icons DIR --out dist/recipes
    python packaging/recipes.py deb --bundle dist/agent-softphone --icons DIR --out X.deb

``all`` writes ``windows/`` (an Inno Setup script whose [Files] list is the bundle's files,
the provisioning example, the icon) and ``macos/`` (Info.plist with the microphone texts,
``<lang>.lproj/InfoPlist.strings`` in ko/ru/en, entitlements, the .pkg's postinstall and
``build-macos.sh``: bundle, sign, .pkg, notarize, with placeholders for the identities).
``deb`` builds the Debian package around the bundle (``/opt/agent-softphone``), with the
desktop entry, hicolor icons and ``/etc/agent-softphone/provisioning.ini`` as a conffile.
The version is ``softphone.__version__`` (the one version source; setup.cfg reads it too).
Used by build_installer.py; loaded by path (``packaging/`` is not a Python package, so PyPA's
``packaging`` module is never shadowed).
"""

from __future__ import annotations

import argparse
import os
import plistlib
import re
import shutil
import struct
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ROOT / "packaging" / "product.toml"
TEMPLATE = ROOT / "softphone" / "resources" / "settings-template.ini"
LANGS = ("en", "ko", "ru")


def version() -> str:
    text = (ROOT / "softphone" / "__init__.py").read_text(encoding="utf-8")
    m = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)
    if not m:
        raise RuntimeError("softphone/__init__.py has no __version__")
    return m.group(1)


def load_product() -> dict:
    with open(PRODUCT, "rb") as f:
        product = tomllib.load(f)
    flat = dict(product["product"])
    flat.update({k: product[k] for k in product if k != "product"})
    flat["version"] = version()
    return flat


def bundle_files(bundle: Path) -> list[str]:
    """The bundle's files (and symlinks), relative, with '/' separators, sorted."""
    out = []
    for dirpath, dirnames, filenames in os.walk(bundle):
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            out.append(Path(dirpath, name).relative_to(bundle).as_posix())
    return sorted(out)


# ---------------------------------------------------------------------------- icons
def render_icons(product: dict, out: Path) -> dict[int, Path]:
    """PNG per size from the SVG (Qt's SVG renderer), plus .ico and .icns of them."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])    # noqa: F841 - kept alive
    svg = ROOT / product["icon"]
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise RuntimeError(f"not a valid SVG: {svg}")
    out.mkdir(parents=True, exist_ok=True)
    pngs: dict[int, Path] = {}
    for size in sorted(set(product["icon_sizes"]) | {1024}):
        img = QImage(size, size, QImage.Format.Format_ARGB32)
        img.fill(Qt.GlobalColor.transparent)
        p = QPainter(img)
        renderer.render(p)
        p.end()
        path = out / f"{product['id']}-{size}.png"
        if not img.save(str(path), "PNG"):
            raise RuntimeError(f"could not write {path}")
        pngs[size] = path
    shutil.copy(svg, out / f"{product['id']}.svg")
    write_ico({s: pngs[s] for s in (16, 24, 32, 48, 64, 128, 256) if s in pngs},
              out / f"{product['id']}.ico")
    write_icns(pngs, out / f"{product['id']}.icns")
    return pngs


def write_ico(pngs: dict[int, Path], path: Path) -> None:
    """A Windows .ico holding PNG images (Vista and later read them)."""
    datas = [(s, p.read_bytes()) for s, p in sorted(pngs.items())]
    head = struct.pack("<HHH", 0, 1, len(datas))
    offset = 6 + 16 * len(datas)
    entries, blobs = b"", b""
    for size, data in datas:
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        blobs += data
    path.write_bytes(head + entries + blobs)


ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08",
              512: b"ic09", 1024: b"ic10"}


def write_icns(pngs: dict[int, Path], path: Path) -> None:
    """A macOS .icns holding PNG images (the types macOS 10.7+ reads as PNG)."""
    body = b""
    for size, kind in ICNS_TYPES.items():
        if size in pngs:
            data = pngs[size].read_bytes()
            body += kind + struct.pack(">I", 8 + len(data)) + data
    path.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)


def provisioning_example(product: dict, where: str) -> str:
    """The settings template with every key commented out: a file IT fills in."""
    lines = [f"; {product['name']}: IT provisioning file ({where}).",
             "; Uncomment and set what your center needs; the counselor's own settings cannot",
             "; override keys listed in [lock] keys = ... . The template below has every key",
             "; with its default. No secret ever goes in this file.", ";"]
    for line in TEMPLATE.read_text(encoding="utf-8").splitlines():
        s = line.strip()
        if s and not s.startswith((";", "#", "[")):
            line = "; " + line
        lines.append(line)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- Linux .deb
def deb_arch() -> str:
    try:
        return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return {"x86_64": "amd64", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine)


def deb_name(product: dict) -> str:
    return f"{product['id']}_{product['version']}_{deb_arch()}.deb"


def desktop_entry(product: dict) -> str:
    lines = ["[Desktop Entry]", "Type=Application", f"Name={product['names']['en']}"]
    lines += [f"Name[{lang}]={product['names'][lang]}" for lang in LANGS if lang != "en"]
    lines += [f"Comment={product['comments']['en']}"]
    lines += [f"Comment[{lang}]={product['comments'][lang]}" for lang in LANGS if lang != "en"]
    lines += ["GenericName=Softphone", f"Exec={product['id']}", f"Icon={product['id']}",
              "Terminal=false", "StartupNotify=true",
              "Categories=" + ";".join(product["categories"]) + ";",
              "Keywords=" + ";".join(product["keywords"]) + ";"]
    return "\n".join(lines) + "\n"


def deb_control(product: dict, installed_kb: int) -> str:
    d = product["deb"]
    desc = [" " + (ln if ln.strip() else ".") for ln in product["description"].strip().splitlines()]
    fields = [
        ("Package", product["id"]), ("Version", product["version"]),
        ("Architecture", deb_arch()), ("Maintainer", product["maintainer"]),
        ("Installed-Size", str(installed_kb)), ("Section", d["section"]),
        ("Priority", d["priority"]), ("Homepage", product["homepage"]),
        ("Depends", ", ".join(d["depends"])), ("Recommends", ", ".join(d["recommends"])),
        ("Suggests", ", ".join(d["suggests"])),
    ]
    return "".join(f"{k}: {v}\n" for k, v in fields) + \
        f"Description: {product['summary']}\n" + "\n".join(desc) + "\n"


POSTINST = """#!/bin/sh
# Refresh the desktop's menus and icons where those tools are installed; nothing else.
set -e
if [ "$1" = configure ]; then
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
exit 0
"""

POSTRM = """#!/bin/sh
# Remove and purge touch no user's data (settings, outbox, logs stay in their home folders);
# purge also removes /etc/agent-softphone (dpkg removes the conffile itself).
set -e
if [ "$1" = purge ]; then
    rm -f /etc/agent-softphone/provisioning.ini.dpkg-old /etc/agent-softphone/provisioning.ini.dpkg-dist
    rmdir /etc/agent-softphone 2>/dev/null || true
fi
if [ "$1" = remove ] || [ "$1" = purge ]; then
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
fi
exit 0
"""


def build_deb(product: dict, bundle: Path, icons: Path, out: Path, stage: Path) -> Path:
    if stage.exists():
        shutil.rmtree(stage)
    pid = product["id"]
    prefix = stage / product["deb"]["prefix"].lstrip("/")
    prefix.parent.mkdir(parents=True)
    shutil.copytree(bundle, prefix, symlinks=True)
    (stage / "usr/bin").mkdir(parents=True)
    os.symlink(f"{product['deb']['prefix']}/{pid}", stage / "usr/bin" / pid)
    apps = stage / "usr/share/applications"
    apps.mkdir(parents=True)
    (apps / f"{pid}.desktop").write_text(desktop_entry(product), encoding="utf-8")
    for size in product["icon_sizes"]:
        d = stage / f"usr/share/icons/hicolor/{size}x{size}/apps"
        d.mkdir(parents=True)
        shutil.copy(icons / f"{pid}-{size}.png", d / f"{pid}.png")
    d = stage / "usr/share/icons/hicolor/scalable/apps"
    d.mkdir(parents=True)
    shutil.copy(icons / f"{pid}.svg", d / f"{pid}.svg")
    doc = stage / "usr/share/doc" / pid
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        f"{product['name']} {product['version']}\nLicense: {product['license']}\n"
        "Bundled: Qt/PySide6 (LGPL-3.0), PJSIP (GPL-2.0-or-later), PortAudio (MIT), "
        "Python (PSF); see the files in " + product["deb"]["prefix"] + ".\n", encoding="utf-8")
    conf = stage / product["provisioning"]["linux"].lstrip("/")
    conf.parent.mkdir(parents=True)
    conf.write_text(provisioning_example(product, product["provisioning"]["linux"]),
                    encoding="utf-8")
    size_kb = sum(f.stat().st_size for f in stage.rglob("*") if f.is_file() and not f.is_symlink()) // 1024
    meta = stage / "DEBIAN"
    meta.mkdir()
    (meta / "control").write_text(deb_control(product, size_kb), encoding="utf-8")
    (meta / "conffiles").write_text(product["provisioning"]["linux"] + "\n", encoding="utf-8")
    for name, text in (("postinst", POSTINST), ("postrm", POSTRM)):
        (meta / name).write_text(text, encoding="utf-8")
        (meta / name).chmod(0o755)
    for p in [stage, *stage.rglob("*")]:            # no group/other write bits from a umask
        if not p.is_symlink():
            p.chmod(p.stat().st_mode & ~0o022)
    out.parent.mkdir(parents=True, exist_ok=True)
    # xz -6 on every core: measured here 64 MB in about 45 s on 2 busy cores (gzip -9: 87 MB;
    # xz -9 single-threaded: minutes)
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "-z6", "--threads-max=0", "--build",
                    str(stage), str(out)], check=True, stdout=subprocess.DEVNULL)
    return out


# ---------------------------------------------------------------------------- Windows
def inno_setup(product: dict, bundle: Path, out: Path) -> Path:
    """An Inno Setup 6 script: per-machine, silent-capable (/VERYSILENT /SUPPRESSMSGBOXES),
    start menu entry, provisioning example in %PROGRAMDATA% (kept on upgrade and uninstall),
    SOFTPHONE_PROVISIONING set machine-wide so the app reads it."""
    pid, v = product["id"], product["version"]
    prov = product["provisioning"]["windows"]
    lines = [
        "; Generated by packaging/recipes.py from packaging/product.toml: do not edit.",
        f"; Compile on Windows after build_installer.py: iscc {pid}.iss",
        "; Silent install: setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART",
        "; Silent uninstall: \"%ProgramFiles%\\" + product["name"] + "\\unins000.exe\" /VERYSILENT",
        "",
        "; the bundle build_installer.py made, relative to this script (dist/recipes/windows)",
        '#define BundleDir "..\\..\\agent-softphone"',
        "",
        "[Setup]",
        f"AppId={{{{{product['windows_app_guid']}}}",
        f"AppName={product['name']}",
        f"AppVersion={v}",
        f"AppPublisher={product['publisher']}",
        f"AppPublisherURL={product['homepage']}",
        f"DefaultDirName={{autopf}}\\{product['name']}",
        f"DefaultGroupName={product['name']}",
        "DisableProgramGroupPage=yes",
        "PrivilegesRequired=admin",
        "ArchitecturesAllowed=x64compatible",
        "ArchitecturesInstallIn64BitMode=x64compatible",
        "ChangesEnvironment=yes",
        f"OutputBaseFilename={pid}-{v}-setup",
        "OutputDir=.",
        f"SetupIconFile={pid}.ico",
        f"UninstallDisplayIcon={{app}}\\{pid}.exe",
        "Compression=lzma2/max",
        "SolidCompression=yes",
        "WizardStyle=modern",
        "; Signing: define a sign tool named 'signtool' in the IDE or with iscc /S, e.g.",
        ";   iscc /S\"signtool=signtool.exe sign /fd sha256 /tr http://timestamp.example /td sha256 /a $f\"",
        "; then uncomment:",
        "; SignTool=signtool",
        "",
        "[Languages]",
        'Name: "en"; MessagesFile: "compiler:Default.isl"',
        'Name: "ko"; MessagesFile: "compiler:Languages\\Korean.isl"',
        'Name: "ru"; MessagesFile: "compiler:Languages\\Russian.isl"',
        "",
        "[CustomMessages]",
        *[f"{lang}.AppTitle={product['names'][lang]}" for lang in LANGS],
        *[f"{lang}.AppComment={product['comments'][lang]}" for lang in LANGS],
        "",
        "[Dirs]",
        f'Name: "{os.path.dirname(prov)}"',
        "",
        "[Files]",
        f'Source: "provisioning.ini"; DestDir: "{os.path.dirname(prov)}"; '
        "Flags: onlyifdoesntexist uninsneveruninstall",
    ]
    for rel in bundle_files(bundle):
        src = "{#BundleDir}\\" + rel.replace("/", "\\")
        sub = os.path.dirname(rel).replace("/", "\\")
        dest = "{app}" + ("\\" + sub if sub else "")
        lines.append(f'Source: "{src}"; DestDir: "{dest}"; Flags: ignoreversion')
    lines += [
        "",
        "[Icons]",
        f'Name: "{{group}}\\{{cm:AppTitle}}"; Filename: "{{app}}\\{pid}.exe"; '
        'Comment: "{cm:AppComment}"',
        "",
        "[Registry]",
        'Root: HKLM; Subkey: "SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment"; '
        f'ValueType: expandsz; ValueName: "SOFTPHONE_PROVISIONING"; ValueData: "{prov}"; '
        "Flags: uninsdeletevalue",
        "",
        "[Run]",
        f'Filename: "{{app}}\\{pid}.exe"; Description: "{{cm:AppTitle}}"; '
        "Flags: nowait postinstall skipifsilent",
        "",
    ]
    out.mkdir(parents=True, exist_ok=True)
    iss = out / f"{pid}.iss"
    iss.write_text("\r\n".join(lines), encoding="utf-8-sig")     # Inno reads UTF-8 with BOM
    (out / "provisioning.ini").write_text(provisioning_example(product, prov), encoding="utf-8")
    return iss


def inno_sources(iss: Path) -> list[str]:
    """The bundle files an Inno Setup script installs (relative, '/' separators)."""
    out = []
    for line in iss.read_text(encoding="utf-8-sig").splitlines():
        m = re.match(r'Source: "\{#BundleDir\}\\([^"]+)"', line)
        if m:
            out.append(m.group(1).replace("\\", "/"))
    return sorted(out)


# ---------------------------------------------------------------------------- macOS
def info_plist(product: dict) -> dict:
    pid = product["id"]
    return {
        "CFBundleDevelopmentRegion": "en",
        "CFBundleDisplayName": product["names"]["en"],
        "CFBundleName": product["name"],
        "CFBundleExecutable": pid,
        "CFBundleIconFile": f"{pid}.icns",
        "CFBundleIdentifier": product["bundle_id"],
        "CFBundleInfoDictionaryVersion": "6.0",
        "CFBundlePackageType": "APPL",
        "CFBundleShortVersionString": product["version"],
        "CFBundleVersion": product["version"],
        "CFBundleLocalizations": list(LANGS),
        "LSApplicationCategoryType": "public.app-category.business",
        "LSMinimumSystemVersion": "11.0",
        "NSHighResolutionCapable": True,
        "NSMicrophoneUsageDescription": product["microphone"]["en"],
        # the app reads its provisioning file from $SOFTPHONE_PROVISIONING
        "LSEnvironment": {"SOFTPHONE_PROVISIONING": product["provisioning"]["macos"]},
    }


ENTITLEMENTS = {
    "com.apple.security.device.audio-input": True,     # the microphone, under hardened runtime
    "com.apple.security.cs.allow-unsigned-executable-memory": True,   # Python's ctypes/cffi
    "com.apple.security.cs.disable-library-validation": True,        # bundled Qt plugins
}

MAC_BUILD = """#!/bin/bash
# Generated by packaging/recipes.py from packaging/product.toml: do not edit.
# On a Mac with Xcode's command line tools and Python 3.11, from the repository root:
#   DEVELOPER_ID_APP="Developer ID Application: Your Org (TEAMID)" \\
#   DEVELOPER_ID_INSTALLER="Developer ID Installer: Your Org (TEAMID)" \\
#   NOTARY_PROFILE=your-notarytool-keychain-profile \\
#   bash dist/recipes/macos/build-macos.sh
# Without the three variables it builds an unsigned .app and .pkg (for testing only).
set -euo pipefail
HERE="$(cd "$(dirname "${{BASH_SOURCE[0]}}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
cd "$ROOT"
python3 build_installer.py --no-archive
APP="$ROOT/dist/{pid}.app"
cp "$HERE/Info.plist" "$APP/Contents/Info.plist"
for lang in {langs}; do
    mkdir -p "$APP/Contents/Resources/$lang.lproj"
    cp "$HERE/$lang.lproj/InfoPlist.strings" "$APP/Contents/Resources/$lang.lproj/"
done
cp "$HERE/{pid}.icns" "$APP/Contents/Resources/{pid}.icns"
if [[ -n "${{DEVELOPER_ID_APP:-}}" ]]; then
    codesign --force --deep --timestamp --options runtime \\
        --entitlements "$HERE/entitlements.plist" --sign "$DEVELOPER_ID_APP" "$APP"
    codesign --verify --strict --verbose=2 "$APP"
fi
PKG="$ROOT/dist/{pid}-{version}.pkg"
SIGN=()
[[ -n "${{DEVELOPER_ID_INSTALLER:-}}" ]] && SIGN=(--sign "$DEVELOPER_ID_INSTALLER")
pkgbuild --component "$APP" --install-location /Applications --scripts "$HERE/scripts" \\
    --identifier {bundle_id} --version {version} "${{SIGN[@]}}" "$PKG"
if [[ -n "${{NOTARY_PROFILE:-}}" ]]; then
    xcrun notarytool submit "$PKG" --keychain-profile "$NOTARY_PROFILE" --wait
    xcrun stapler staple "$PKG"
fi
echo "$PKG"
"""

MAC_POSTINSTALL = """#!/bin/sh
# The .pkg's postinstall: the folder for IT's provisioning file (MDM can drop the file there).
mkdir -p "{folder}"
if [ ! -f "{path}" ]; then
    cp "$(dirname "$0")/provisioning.ini" "{path}"
fi
exit 0
"""


def macos(product: dict, icons: Path | None, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "Info.plist", "wb") as f:
        plistlib.dump(info_plist(product), f)
    for lang in LANGS:
        (out / f"{lang}.lproj").mkdir(exist_ok=True)
        with open(out / f"{lang}.lproj" / "InfoPlist.strings", "wb") as f:   # XML form: macOS reads it
            plistlib.dump({"NSMicrophoneUsageDescription": product["microphone"][lang],
                           "CFBundleDisplayName": product["names"][lang]}, f)
    with open(out / "entitlements.plist", "wb") as f:
        plistlib.dump(ENTITLEMENTS, f)
    script = out / "build-macos.sh"
    script.write_text(MAC_BUILD.format(pid=product["id"], version=product["version"],
                                       bundle_id=product["bundle_id"], langs=" ".join(LANGS)),
                      encoding="utf-8")
    script.chmod(0o755)
    scripts = out / "scripts"
    scripts.mkdir(exist_ok=True)
    prov = product["provisioning"]["macos"]
    (scripts / "postinstall").write_text(
        MAC_POSTINSTALL.format(folder=os.path.dirname(prov), path=prov), encoding="utf-8")
    (scripts / "postinstall").chmod(0o755)
    (scripts / "provisioning.ini").write_text(provisioning_example(product, prov),
                                              encoding="utf-8")
    if icons is not None:
        shutil.copy(icons / f"{product['id']}.icns", out / f"{product['id']}.icns")
    return out


def generate_all(product: dict, bundle: Path, icons: Path, out: Path) -> dict[str, Path]:
    win = out / "windows"
    iss = inno_setup(product, bundle, win)
    shutil.copy(icons / f"{product['id']}.ico", win / f"{product['id']}.ico")
    linux = out / "linux"
    linux.mkdir(parents=True, exist_ok=True)
    (linux / f"{product['id']}.desktop").write_text(desktop_entry(product), encoding="utf-8")
    return {"inno_setup": iss, "macos": macos(product, icons, out / "macos"),
            "desktop": linux / f"{product['id']}.desktop"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=("icons", "all", "deb"))
    ap.add_argument("--bundle", type=Path)
    ap.add_argument("--icons", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--stage", type=Path, help="deb: the staging folder (default: OUT.stage)")
    args = ap.parse_args(argv)
    product = load_product()
    if args.what == "icons":
        render_icons(product, args.out)
    elif args.what == "all":
        generate_all(product, args.bundle, args.icons, args.out)
    else:
        build_deb(product, args.bundle, args.icons, args.out,
                  args.stage or args.out.with_suffix(".stage"))
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
