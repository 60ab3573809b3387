"""The installers' recipes, generated from packaging/product.toml, checked as far as Linux
allows: the Inno Setup script installs exactly the bundle's files silently and per machine,
the macOS plists parse (microphone texts in en/ko/ru), icons are real images, the .deb
carries the bundle, desktop entry, icons and the provisioning conffile."""

from __future__ import annotations

import configparser
import importlib.util
import plistlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.packaging.conftest import ROOT


def recipes():
    spec = importlib.util.spec_from_file_location("softphone_recipes",
                                                  ROOT / "packaging" / "recipes.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def rec():
    return recipes()


@pytest.fixture(scope="module")
def icons(tmp_path_factory, rec):
    out = tmp_path_factory.mktemp("icons")
    rec.render_icons(rec.load_product(), out)
    return out


def fake_bundle(root: Path) -> Path:
    b = root / "agent-softphone"
    for rel in ("agent-softphone", "_internal/base_library.zip", "_internal/pjsua2/pjsua2.py",
                "_internal/PySide6/Qt/lib/libQt6Core.so.6", "_internal/a b/c d.txt"):
        (b / rel).parent.mkdir(parents=True, exist_ok=True)
        (b / rel).write_bytes(b"x")
    return b


def test_one_version_source(rec):
    import softphone
    assert rec.load_product()["version"] == softphone.__version__
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    assert cfg["metadata"]["version"] == "attr: softphone.__version__"


def test_icons_are_images_of_every_size(rec, icons):
    product = rec.load_product()
    for size in product["icon_sizes"]:
        data = (icons / f"agent-softphone-{size}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert (w, h) == (size, size)
    ico = (icons / "agent-softphone.ico").read_bytes()
    assert ico[:4] == b"\0\0\1\0" and int.from_bytes(ico[4:6], "little") == 7
    icns = (icons / "agent-softphone.icns").read_bytes()
    assert icns[:4] == b"icns" and int.from_bytes(icns[4:8], "big") == len(icns)
    assert b"ic10" in icns and b"ic07" in icns


def test_inno_setup_installs_exactly_the_bundle_silently_per_machine(rec, tmp_path):
    bundle = fake_bundle(tmp_path)
    iss = rec.inno_setup(rec.load_product(), bundle, tmp_path / "win")
    assert rec.inno_sources(iss) == rec.bundle_files(bundle)
    text = iss.read_text(encoding="utf-8-sig")
    assert "PrivilegesRequired=admin" in text
    assert "DefaultDirName={autopf}\\Agent Softphone" in text
    assert "/VERYSILENT /SUPPRESSMSGBOXES" in text
    assert re.search(r'Name: "\{group\}\\\{cm:AppTitle\}"; Filename: "\{app\}\\agent-softphone.exe"', text)
    assert 'ValueName: "SOFTPHONE_PROVISIONING"' in text
    assert "ko.AppTitle=상담원 소프트폰" in text and "ru.AppTitle=Софтфон оператора" in text
    assert 'Source: "{#BundleDir}\\_internal\\a b\\c d.txt"; DestDir: "{app}\\_internal\\a b"' in text
    assert "skipifsilent" in text      # no app starting after a silent install
    prov = (tmp_path / "win" / "provisioning.ini").read_text(encoding="utf-8")
    assert not [ln for ln in prov.splitlines() if ln.strip() and not ln.startswith((";", "["))]


def test_macos_plists_parse_with_microphone_texts(rec, tmp_path, icons):
    product = rec.load_product()
    out = rec.macos(product, icons, tmp_path / "macos")
    info = plistlib.loads((out / "Info.plist").read_bytes())
    assert info["CFBundleIdentifier"] == product["bundle_id"]
    assert info["CFBundleShortVersionString"] == product["version"]
    assert info["NSMicrophoneUsageDescription"]
    assert info["LSEnvironment"]["SOFTPHONE_PROVISIONING"].startswith("/Library/Application Support/")
    texts = set()
    for lang in ("en", "ko", "ru"):
        strings = plistlib.loads((out / f"{lang}.lproj" / "InfoPlist.strings").read_bytes())
        texts.add(strings["NSMicrophoneUsageDescription"])
    assert len(texts) == 3
    ent = plistlib.loads((out / "entitlements.plist").read_bytes())
    assert ent["com.apple.security.device.audio-input"] is True
    script = (out / "build-macos.sh").read_text()
    for step in ("codesign", "pkgbuild", "notarytool submit", "stapler staple"):
        assert step in script
    assert subprocess.run(["bash", "-n", str(out / "build-macos.sh")]).returncode == 0
    assert subprocess.run(["sh", "-n", str(out / "scripts" / "postinstall")]).returncode == 0
    assert (out / "agent-softphone.icns").read_bytes()[:4] == b"icns"


def test_desktop_entry_and_control(rec, tmp_path):
    product = rec.load_product()
    entry = rec.desktop_entry(product)
    assert "Name[ko]=상담원 소프트폰" in entry and "Name[ru]=Софтфон оператора" in entry
    assert "Exec=agent-softphone\n" in entry and "Icon=agent-softphone\n" in entry
    path = tmp_path / "agent-softphone.desktop"
    path.write_text(entry, encoding="utf-8")
    if shutil.which("desktop-file-validate"):
        p = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
        assert p.returncode == 0 and "error" not in p.stdout.lower(), p.stdout
    control = rec.deb_control(product, 1000)
    fields = dict(ln.split(": ", 1) for ln in control.splitlines() if ": " in ln and not ln.startswith(" "))
    for dep in ("libportaudio2", "libegl1", "libgl1", "fonts-noto-cjk", "libssl3"):
        assert dep in fields["Depends"]
    for rec_ in ("gnome-keyring", "libnotify-bin", "kamailio"):
        assert rec_ in fields["Recommends"]


@pytest.mark.slow
def test_generated_recipes_match_the_real_bundle(installers, rec):
    bundle = Path(installers["bundle"])
    files = rec.bundle_files(bundle)
    recipes_dir = Path(installers["recipes"])
    assert rec.inno_sources(recipes_dir / "windows" / "agent-softphone.iss") == files
    for name in ("windows/agent-softphone.ico", "windows/provisioning.ini", "macos/Info.plist",
                 "macos/build-macos.sh", "macos/entitlements.plist", "linux/agent-softphone.desktop"):
        assert (recipes_dir / name).is_file(), name
    plistlib.loads((recipes_dir / "macos" / "Info.plist").read_bytes())
    # the .deb holds the same bundle under /opt/agent-softphone, plus the desktop parts
    listing = subprocess.run(["dpkg-deb", "--fsys-tarfile", installers["deb"]],
                             capture_output=True, check=True).stdout
    import io
    import tarfile
    with tarfile.open(fileobj=io.BytesIO(listing)) as tar:
        names = {m.name.lstrip("./") for m in tar.getmembers() if not m.isdir()}
        owners = {(m.uname, m.gname) for m in tar.getmembers()}
    opt = sorted(n[len("opt/agent-softphone/"):] for n in names if n.startswith("opt/agent-softphone/"))
    assert opt == files
    for n in ("usr/bin/agent-softphone", "usr/share/applications/agent-softphone.desktop",
              "usr/share/icons/hicolor/48x48/apps/agent-softphone.png",
              "usr/share/icons/hicolor/scalable/apps/agent-softphone.svg",
              "etc/agent-softphone/provisioning.ini"):
        assert n in names, n
    assert owners == {("root", "root")}
    conffiles = subprocess.run(["dpkg-deb", "-I", installers["deb"], "conffiles"],
                               capture_output=True, text=True, check=True).stdout
    assert conffiles.split() == ["/etc/agent-softphone/provisioning.ini"]
