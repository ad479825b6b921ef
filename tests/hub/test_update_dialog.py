"""The update and rollback dialogs, offscreen, against the test Hub (olah)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt

from pad_desktop.decisions import DecisionLog
from pad_desktop.gui.update_dialog import open_update_dialog, roll_back
from pad_desktop.model.active import ActiveModel
from pad_desktop.runtime.paths import default_bundle_dir
from pad_desktop.runtime.settings import get_settings

SHOTS = os.environ.get("PAD_SCREENSHOTS")  # a folder to save screenshots in, for review


def keep(qtbot, dialog):
    """Let pytest-qt close the dialog at teardown (the app deletes it on close)."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(dialog)
    return dialog


def checked(dialog) -> bool:
    """The check has shown its candidate and finished (the buttons follow the finish)."""
    return dialog.candidate is not None and dialog.task is None


def shot(widget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def test_update_dialog_downloads_with_progress_and_swaps(qtbot, hub_env, variants, monkeypatch):
    repo = hub_env.new_repo("dialog")
    repo.commit(variants["v1"], "v1")
    v2 = repo.commit(variants["v2"], "v2")
    monkeypatch.setenv("HF_REPO_ID", repo.repo_id)
    get_settings.cache_clear()
    active = ActiveModel()
    swapped = []
    active.subscribe(lambda scorer: swapped.append(scorer.bundle.version))
    log = DecisionLog.open()
    try:
        dialog = keep(qtbot, open_update_dialog(None, active, log))
        qtbot.waitUntil(lambda: checked(dialog), timeout=15_000)
        table = {
            dialog.table.item(i, 0).text(): (
                dialog.table.item(i, 1).text(),
                dialog.table.item(i, 2).text(),
            )
            for i in range(dialog.table.rowCount())
        }
        assert table["Threshold"] == ("0.13", "0.2")
        assert table["Commit"][1] == f"{repo.repo_id} @ {v2}"
        assert dialog.summary.text().startswith("Scores consumer-credit applicants")
        assert "Same inputs" in dialog.differences.text()
        assert not dialog.accept_box.isVisible() and dialog.download_button.isEnabled()
        shot(dialog, "update_dialog_candidate")

        values: list[int] = []
        dialog.progress.valueChanged.connect(values.append)
        with qtbot.waitSignal(dialog.sig_installed, timeout=30_000) as installed:
            dialog.download_button.click()
            assert dialog.cancel_button.isEnabled() and not dialog.download_button.isEnabled()
        assert installed.args[0].installed.commit == v2
        assert values == sorted(values) and values[-1] == dialog.progress.maximum()
        assert len(values) > 3  # several steps, not just 0 -> done
        assert active.scorer.threshold == 0.2 and swapped == ["2026.12.01"]
        assert "Now scoring with" in dialog.status.label.text()
        # Compared before the switch (the model loop): the report shown, its hash recorded.
        assert "0 decisions replayed" in dialog.status.label.text()
        (evidence,) = log.switch_evidence()
        assert evidence[1] in dialog.status.label.text()
        assert evidence[0] == str(log.model_events()[0].id)
        qtbot.waitUntil(lambda: dialog.task is None)
        assert not dialog.download_button.isEnabled() and dialog.close_button.isEnabled()
        shot(dialog, "update_dialog_installed")
        dialog.close()

        back = keep(qtbot, roll_back(None, active, log))
        assert "to shipped model?" in back.status.label.text()
        with qtbot.waitSignal(back.sig_rolled_back, timeout=15_000):
            back.roll_button.click()
        assert active.scorer.bundle.path == default_bundle_dir()
        shot(back, "rollback_dialog_done")
        back.close()
        assert [e.kind for e in log.model_events()] == ["rollback", "install"]
    finally:
        log.close()


def test_update_dialog_offline_says_so_in_one_line(qtbot, down_endpoint, monkeypatch):
    monkeypatch.setenv("HF_REPO_ID", "acme/credit")
    monkeypatch.setenv("HF_ENDPOINT", down_endpoint)
    get_settings.cache_clear()
    active = ActiveModel()
    dialog = keep(qtbot, open_update_dialog(None, active, None))
    qtbot.waitUntil(lambda: dialog.task is None and dialog.status.toggle.isVisibleTo(dialog))
    text = dialog.status.label.text()
    assert text.startswith("Cannot reach the model Hub") and "\n" not in text
    assert "HubUnreachable" in dialog.status.details.toPlainText()
    assert "Traceback" not in dialog.status.details.toPlainText()
    assert not dialog.download_button.isEnabled()
    assert active.scorer.bundle.path == default_bundle_dir()
    shot(dialog, "update_dialog_offline")
    dialog.close()


def test_changed_inputs_must_be_accepted_before_download(qtbot, hub_env, variants, monkeypatch):
    repo = hub_env.new_repo("dialog-renamed")
    repo.commit(variants["renamed"], "rename telephone")
    monkeypatch.setenv("HF_REPO_ID", repo.repo_id)
    get_settings.cache_clear()
    dialog = keep(qtbot, open_update_dialog(None, ActiveModel(), None))
    qtbot.waitUntil(lambda: checked(dialog), timeout=15_000)
    assert "Input 'telephone' is removed." in dialog.differences.text()
    assert dialog.accept_box.isVisible() and not dialog.download_button.isEnabled()
    shot(dialog, "update_dialog_signature_changed")
    dialog.accept_box.setChecked(True)
    assert dialog.download_button.isEnabled()
    dialog.close()
