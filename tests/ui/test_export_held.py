"""The dialog that seals writes held only in memory: it checks the passphrase, says why a file could not be written, and closes only once the export is done."""

from __future__ import annotations

from softphone.ui.export_held import ExportHeldDialog


def test_export_dialog_checks_the_passphrase_and_reports_a_failed_file(qtbot, tmp_path):
    calls, fail = [], [OSError(28, "No space left on device")]

    def export(path, phrase):
        calls.append((path, phrase))
        if fail:
            raise fail.pop()
        return 1

    dlg = ExportHeldDialog(2, export, str(tmp_path))
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.path.text() == str(tmp_path / "unsent-work.sealed")
    dlg.passphrase.setText("short")
    dlg.again.setText("short")
    dlg.seal.click()
    assert "at least 10" in dlg.error.text() and calls == [] and dlg.isVisible()
    dlg.passphrase.setText("a long passphrase")
    dlg.again.setText("a long passphrase!")
    dlg.seal.click()
    assert "differ" in dlg.error.text() and calls == []
    dlg.again.setText("a long passphrase")
    dlg.seal.click()                                    # the disk is full: stays open, says so
    assert "No space left" in dlg.error.text() and dlg.isVisible() and len(calls) == 1
    dlg.seal.click()
    assert not dlg.isVisible() and dlg.result() == ExportHeldDialog.DialogCode.Accepted
    assert calls[-1] == (str(tmp_path / "unsent-work.sealed"), "a long passphrase")
