"""No traps: what an officer relies on while correcting, exporting, sorting and quitting."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from pad_desktop.gui import gauge as gauge_module
from pad_desktop.gui.batch_table import BatchResultsModel, TableChunk
from pad_desktop.gui.preferences import Preferences

TIMEOUT = 30_000


def decide(qtbot, window, case: str = "C-1"):
    form = window.form
    form.set_values(window.ws.scorer.signature.example)
    form.case_ref.editor.setText(case)
    with qtbot.waitSignal(form.sig_decided, timeout=TIMEOUT) as decided:
        form.score()
    return decided.args[0]


def test_fields_do_not_move_when_errors_appear_and_go(qtbot, window):
    form = window.form
    editors = {name: row.editor for name, row in form.rows.items()}
    where = {name: e.mapTo(form, e.rect().topLeft()) for name, e in editors.items()}
    case_at = form.case_ref.editor.mapTo(form, form.case_ref.editor.rect().topLeft())
    form.case_ref.editor.setText("C-1")
    with qtbot.waitSignal(form.sig_rejected, timeout=TIMEOUT):
        form.score()  # every field is empty: every field shows its error, and the summary
    assert form.summary.isVisible() and form.rows["age_in_years"].error.isVisible()
    qtbot.wait(50)  # the layout settles
    moved = [n for n, e in editors.items() if e.mapTo(form, e.rect().topLeft()) != where[n]]
    assert not moved
    assert form.case_ref.editor.mapTo(form, form.case_ref.editor.rect().topLeft()) == case_at


def test_the_attention_count_follows_the_fixes(qtbot, window):
    form = window.form
    values = dict(window.ws.scorer.signature.example)
    values.update(age_in_years="-5", credit_amount="douze", duration_in_month="0")
    form.set_values(values)
    form.case_ref.editor.setText("C-1")
    with qtbot.waitSignal(form.sig_rejected, timeout=TIMEOUT):
        form.score()
    assert form.summary.text().startswith("3 field")
    qtbot.keyClicks(form.rows["age_in_years"].editor, "0")
    assert form.summary.text().startswith("2 field")
    form.rows["credit_amount"].editor.clear()
    qtbot.keyClicks(form.rows["credit_amount"].editor, "1000")
    assert form.summary.text().startswith("1 field")
    qtbot.keyClicks(form.rows["duration_in_month"].editor, "6")
    assert not form.summary.isVisible()


@pytest.mark.parametrize("threshold", [0.13, 0.5, 0.9])
@pytest.mark.parametrize("score", [0.0, 0.02, 0.3, 0.49, 0.5, 0.51, 0.7, 0.98, 1.0])
def test_the_gauge_marker_never_hides_a_label(qtbot, window, score, threshold):
    gauge = window.form.result.gauge
    window.form.result.show()
    threshold_value = threshold
    gauge.set_threshold(threshold)
    gauge.set_score(score)
    qtbot.wait(20)
    parts = gauge.parts()  # what the gauge paints, where
    view, threshold, score_label, marker = (
        parts.plot,
        parts.threshold_label,
        parts.score_label,
        parts.marker,
    )
    assert score_label is not None and marker is not None
    assert view.contains(threshold) and view.contains(score_label), "a label leaves the gauge"
    assert not marker.intersects(threshold), "the marker crosses the threshold's label"
    assert not score_label.intersects(threshold)
    assert marker.left() <= gauge.x_of(score) <= marker.right()
    assert gauge.score_text == f"{score:.1%}"
    assert gauge.bar_colour() == (gauge_module.REFUSE_BAR if score >= threshold_value
                                  else gauge_module.APPROVE_BAR)  # fmt: skip


def test_batch_rows_sort_by_any_column():
    model = BatchResultsModel()
    import numpy as np

    chunk = TableChunk(
        rows=np.array([1, 2, 3], dtype=np.int64),
        ids=np.array(["b", "c", "a"], dtype=object),
        scores=np.array([0.5, np.nan, 0.1]),
        kinds=np.array([1, 2, 0], dtype=np.int8),
        texts=np.array(["x", "bad amount", "y"], dtype=object),
        histogram=np.zeros(40, dtype=np.int64),
        scored=2,
        refused=1,
        rejected=1,
    )
    model.append(chunk)

    def column(c: int) -> list[str]:
        return [model.index(r, c).data() for r in range(model.rowCount())]

    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert column(1) == ["a", "b", "c"]
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert column(0)[0] == "2"  # 50 % first (data row 1: the file's line 2)
    model.sort(2, Qt.SortOrder.AscendingOrder)
    assert column(0) == ["4", "2", "3"]  # the error (no score) last
    model.sort(-1)
    assert column(0) == ["2", "3", "4"]


def test_history_sorts_by_column_and_names_the_model(qtbot, window):
    for case in ("C-2", "C-1", "C-3"):
        decide(qtbot, window, case)
    history = window.history
    window.tabs.setCurrentWidget(history)
    qtbot.waitUntil(lambda: history.model.rowCount() == 3, timeout=TIMEOUT)
    view = history.table
    assert view.isSortingEnabled()
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    cases = [view.model().index(r, 1).data() for r in range(3)]
    assert cases == ["C-1", "C-2", "C-3"]
    info = window.ws.model_info
    shown = view.model().index(0, 4).data()
    assert shown == f"{info.name} {info.version}".strip() and info.model_id not in shown
    view.selectRow(0)
    assert "C-1" in history.details.toPlainText()  # the sorted row's details, not row 0's
    assert f"{info.name} {info.version}".strip() in history.details.toPlainText()


def test_exports_say_where_they_wrote(qtbot, window, tmp_path: Path):
    decide(qtbot, window)
    history = window.history
    window.tabs.setCurrentWidget(history)
    qtbot.waitUntil(lambda: history.model.rowCount() == 1, timeout=TIMEOUT)
    target = tmp_path / "decisions.csv"
    history.export(str(target))
    qtbot.waitUntil(history.written.isVisible, timeout=TIMEOUT)
    assert str(target) in history.written.text() and target.exists()
    assert history.written.text().startswith("1 decision")


def test_the_history_export_opens_in_french_excel_in_french(
    qtbot, window, tmp_path: Path, english_after
):
    decide(qtbot, window)
    window.set_language("fr")
    history = window.history
    window.tabs.setCurrentWidget(history)
    qtbot.waitUntil(lambda: history.model.rowCount() == 1, timeout=TIMEOUT)
    target = tmp_path / "décisions.csv"
    history.export(str(target))
    qtbot.waitUntil(history.written.isVisible, timeout=TIMEOUT)
    assert "1 décision enregistrée dans" in history.written.text()
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM: accents survive
    frame = pd.read_csv(target, sep=";", decimal=",", encoding="utf-8-sig")
    score = frame["probabilité_défaut"]  # headed in the officer's language
    assert score.dtype.kind == "f" and 0 < score.iloc[0] < 1


@pytest.fixture
def english_after(qapp):
    """A test that switches the window to French leaves the next test in English."""
    yield
    from pad_desktop.gui.i18n import switch_language

    switch_language(qapp, "en")


def test_a_database_url_that_fails_keeps_the_officer_and_language(qtbot, window, english_after):
    dialog = window.open_preferences()
    dialog.officer.setText("Amélie Durand")
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    dialog.database_url.setText("postgresql://postgres@127.0.0.1:1/nowhere")
    with qtbot.waitSignal(dialog.sig_saved, timeout=TIMEOUT):
        dialog.save()
    for box in dialog.findChildren(QMessageBox):
        box.close()
    saved = Preferences.load()
    assert (saved.officer, saved.language) == ("Amélie Durand", "fr")
    assert "127.0.0.1:1" not in saved.database_url
    assert "Amélie Durand" in window.officer_label.text()
    assert dialog.isVisible() and "sauf l'URL de la base" in dialog.status.text()
    assert window.tabs.tabText(0) == "Demandeur"  # the language applied at once
    dialog.reject()


def test_the_hub_dialog_speaks_of_preferences_not_of_a_command_line_option(
    qtbot, window, monkeypatch
):
    from pad_desktop.gui.update_dialog import UpdateDialog
    from pad_desktop.runtime.settings import get_settings

    monkeypatch.delenv("HF_REPO_ID", raising=False)
    get_settings.cache_clear()
    dialog = UpdateDialog(window.service.active, window.log, window)
    qtbot.addWidget(dialog)
    dialog.repo_edit.clear()
    dialog.check()
    text = dialog.status.label.text()
    assert "Preferences" in text and "--repo" not in text
    dialog.reject()


def test_quitting_during_a_batch_asks_first(qtbot, window, tmp_path: Path, default_bundle_dir):
    frame = pd.read_csv(default_bundle_dir / "reference.csv").drop(columns=["expected_probability"])
    big = pd.concat([frame] * 200, ignore_index=True)
    path = tmp_path / "many.csv"
    big.to_csv(path, index=False)
    tab = window.batch
    window.tabs.setCurrentWidget(tab)
    with qtbot.waitSignal(tab.sig_previewed, timeout=TIMEOUT):
        tab.open_file(str(path))
    tab.score_button.click()
    assert window.batch_running()
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> None:
        box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "quitDuringBatch")
        asked.append(box.text())
        box.button(button).click()

    QTimer.singleShot(100, lambda: answer(QMessageBox.StandardButton.No))
    window.close()
    assert asked and window.isVisible() and window.batch_running()
    with qtbot.waitSignal(tab.sig_finished, timeout=180_000):
        tab.cancel()
    assert not window.batch_running()


def test_the_status_bar_shows_all_its_text_at_1024_px(qtbot, window):
    window.resize(1024, 700)
    window.poll_health()
    # A drift alert beside the model and the log: the longest line the bar shows.
    window.alert_label.setText(
        "Drift alert: 7 of 18 inputs drifted between 2 Nov 2026 and 2 Dec 2026 (threshold "
        "50%); refused share 41%. Open the Drift tab for the report."
    )
    qtbot.wait(300)
    # One line: the model, the log's state and the officer whole; the alert, the one text
    # too long for the bar, ends in "…" and is whole in its tooltip.
    cut = [
        (label.objectName(), label.text())
        for label in window.statusBar().findChildren(QLabel)
        if label.isVisible() and label.text() and label.is_elided()
    ]
    assert cut == [("alertStatus", window.alert_label.text())]
    assert window.alert_label.text() in window.alert_label.toolTip()
    assert window.statusBar().height() < 2 * window.statusBar().fontMetrics().lineSpacing() + 8
