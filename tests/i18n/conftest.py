"""Fixtures for the i18n, tray, shortcuts, settings and accessibility tests.

Offscreen Qt, the real desk, fakes for the engine and the center (with sample data in the
language under test)."""

import pytest


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """The .qm files are build products (git-ignored, package data): compile any that are
    missing or older than their .ts source, as the install step does; the app never builds."""
    from softphone.resources_build import build_translations
    build_translations()


@pytest.fixture
def language(qapp):
    """Switch the app's language; back to English afterwards."""
    from softphone.ui.i18n import Language
    lang = Language(qapp)
    yield lang
    lang.apply("en")
    lang.uninstall()


@pytest.fixture
def rig(qtbot):
    from tests.i18n.rig import make_rig
    r = make_rig(qtbot, "en")
    yield r
    r.close()
