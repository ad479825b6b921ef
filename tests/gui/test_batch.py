"""The batch tab: 50k rows scored, counted, logged and exported as the CLI would; Cancel."""

from __future__ import annotations

import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from pad_desktop.decisions import HistoryFilter
from pad_desktop.decisions.records import Source
from pad_desktop.gui.batch_table import RowFilter
from pad_desktop.gui.jobs import gui_onnx_threads
from pad_desktop.model.scoring import Scorer
from pad_desktop.service.batch import score_csv

BAD_EVERY = 997  # every 997th applicant has an amount no model accepts
BATCH_TIMEOUT = 180_000


def write_applicants(path: Path, rows: int, reference: pd.DataFrame) -> int:
    """A French-Excel CSV of `rows` applicants; returns how many rows are invalid."""
    frame = reference.drop(columns=["expected_probability"])
    frame = frame.iloc[np.arange(rows) % len(frame)].reset_index(drop=True)
    frame.insert(0, "applicant_id", [f"A{i:07d}" for i in range(rows)])
    frame["credit_amount"] = frame["credit_amount"].astype(object)
    bad = np.arange(0, rows, BAD_EVERY)
    frame.loc[bad, "credit_amount"] = "mille"
    frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig", lineterminator="\r\n")
    return len(bad)


@pytest.fixture(scope="module")
def reference(default_bundle_dir: Path) -> pd.DataFrame:
    return pd.read_csv(default_bundle_dir / "reference.csv")


@pytest.fixture(scope="module")
def csv_50k(tmp_path_factory, reference) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("batch") / "applicants_50k.csv"
    return path, write_applicants(path, 50_000, reference)


@pytest.fixture(scope="module")
def csv_400k(tmp_path_factory, reference) -> Path:
    path = tmp_path_factory.mktemp("batch") / "applicants_400k.csv"
    write_applicants(path, 400_000, reference)
    return path


def open_in_tab(qtbot, window, path: Path):
    tab = window.batch
    window.tabs.setCurrentWidget(tab)
    with qtbot.waitSignal(tab.sig_previewed, timeout=30_000):
        tab.open_file(str(path))
    return tab


def test_a_50k_batch_is_scored_counted_logged_and_exported_like_the_cli(
    qtbot, window, csv_50k, tmp_path: Path, default_bundle_dir: Path
):
    path, bad = csv_50k
    tab = open_in_tab(qtbot, window, path)
    assert "semicolon" in tab.dialect_label.text()
    assert tab.preview_model.rowCount() == 20
    assert "3 with errors" in tab.validation_label.text()  # rows 1, 998, 1995 of the first 2000
    # The estimate sizes the table up front (a regrowth would pause the window).
    assert abs(tab.preview.estimated_rows - 50_000) < 500
    assert tab.model.capacity == 0
    progress: list[int] = []
    tab.progress.valueChanged.connect(progress.append)
    with qtbot.waitSignal(tab.sig_finished, timeout=BATCH_TIMEOUT) as done:
        qtbot.mouseClick(tab.score_button, Qt.MouseButton.LeftButton)
    summary = done.args[0]
    assert tab.progress.value() == 100
    assert progress == sorted(progress) and len(progress) > 3
    assert (summary.rows, summary.rows_with_errors, summary.scored) == (50_000, bad, 50_000 - bad)
    assert tab.model.rowCount() == 50_000
    assert tab.model.capacity == int(tab.preview.estimated_rows * 1.05)  # never regrown
    texts = tab.model.column("texts")
    assert len({id(t) for t in texts}) == len(set(texts))  # equal lines held once, not 50k times
    kinds = tab.model.column("kinds")
    assert int((kinds == 1).sum()) == summary.refused
    assert np.all(np.diff(tab.model.column("rows")) == 1)  # file order, every row once
    assert f"{summary.refused:,} refused" in tab.summary_label.text()
    assert tab.histogram.counts.sum() == summary.scored
    tab.filter_box.setCurrentIndex(RowFilter.ERRORS)
    assert tab.model.rowCount() == bad
    assert "not a number" in tab.model.index(0, 4).data()
    tab.filter_box.setCurrentIndex(RowFilter.ALL)
    assert window.log.count(HistoryFilter(source=Source.BATCH)) == summary.scored

    exported, errors = tmp_path / "out.csv", tmp_path / "out.errors.csv"
    results_task = tab.export(str(exported))
    errors_task = tab.export(str(errors), errors=True)
    qtbot.waitUntil(lambda: results_task.done.is_set() and errors_task.done.is_set())
    cli_out = tmp_path / "cli.csv"
    # Same ONNX thread count as the window: float32 sums differ by ~3e-7 between 1 and 2 threads.
    score_csv(path, Scorer.from_path(str(default_bundle_dir), threads=gui_onnx_threads()), cli_out)
    assert exported.read_bytes() == cli_out.read_bytes()
    assert errors.read_bytes() == cli_out.with_name("cli.errors.csv").read_bytes()


def test_cancel_stops_promptly_and_keeps_what_was_done(qtbot, window, csv_400k):
    tab = open_in_tab(qtbot, window, csv_400k)
    with qtbot.waitSignal(tab.sig_finished, timeout=BATCH_TIMEOUT) as done:
        tab.start()
        qtbot.waitUntil(lambda: tab.rows_done >= 20_000, timeout=60_000)
        qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    summary = done.args[0]
    assert summary.cancelled
    # Heard, whatever the machine's speed: the run stopped before the file's end (a cancel
    # that went unheard would score the ~380k rows left).
    assert 20_000 <= summary.rows < 400_000
    assert tab.model.rowCount() == summary.rows == tab.rows_done
    assert window.log.count(HistoryFilter(source=Source.BATCH)) == summary.scored
    kept = pd.read_csv(summary.output, sep=";", encoding="utf-8-sig")
    assert len(kept) == summary.scored
    assert "Stopped" in tab.summary_label.text()
    assert tab.score_button.isEnabled() and not tab.cancel_button.isEnabled()


def test_a_dropped_file_without_the_models_columns_cannot_be_scored(qtbot, window, tmp_path: Path):
    path = tmp_path / "other.csv"
    path.write_text("name,amount\nalice,12\n", encoding="utf-8")
    tab = window.batch
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(tab.sig_previewed, timeout=30_000):
        tab.dropEvent(drop)
    assert "has no column for" in tab.validation_label.text()
    assert "credit_amount" in tab.validation_label.text()
    assert not tab.score_button.isEnabled()


def test_a_rejected_row_keeps_its_applicant_id_in_the_table(
    qtbot, window, tmp_path: Path, reference
):
    path = tmp_path / "few.csv"
    write_applicants(path, 1_200, reference)  # rows 0 and 997 are rejected
    tab = open_in_tab(qtbot, window, path)
    with qtbot.waitSignal(tab.sig_finished, timeout=BATCH_TIMEOUT):
        tab.score_button.click()
    model = tab.model
    shown = {model.index(r, 1).data(): model.index(r, 4).data() for r in range(model.rowCount())}
    assert "mille" in shown["A0000997"] and "mille" in shown["A0000000"]


def test_the_preview_quotes_bad_rows_as_the_batch_summary_does(default_bundle_dir: Path) -> None:
    """Line number and message in the batch's own wording, French spacing included."""
    from pad_desktop.gui.batch_jobs import preview_csv
    from pad_desktop.model.bundle import load_bundle
    from pad_desktop.runtime.tasks import TaskState

    example = Path(__file__).resolve().parents[2] / "resources" / "examples" / "applicants_fr.csv"
    scorer = Scorer(load_bundle(default_bundle_dir))
    french = preview_csv(example, scorer, "fr", state=TaskState())
    summary = score_csv(example, scorer, None, lang="fr")
    assert french.sample_messages[:3] == summary.error_samples[:3]
    assert french.sample_messages[0].startswith("ligne 5 : ")


def test_one_row_has_one_number_in_the_table_the_preview_and_both_files(
    qtbot, window, tmp_path: Path, reference
):
    """The file's line numbers (header = line 1) everywhere the operator reads a row's number:
    the row of applicant A0000011 is on line 13 of the file."""
    frame = reference.drop(columns=["expected_probability"]).head(20).copy()
    frame.insert(0, "applicant_id", [f"A{i:07d}" for i in range(len(frame))])
    frame["credit_amount"] = frame["credit_amount"].astype(object)
    frame.loc[11, "credit_amount"] = "douze mille"
    path = tmp_path / "few.csv"
    frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if "douze mille" in text)
    assert line == 13
    tab = open_in_tab(qtbot, window, path)
    assert f"line {line}: " in tab.validation_label.text()
    with qtbot.waitSignal(tab.sig_finished, timeout=BATCH_TIMEOUT):
        tab.score_button.click()
    model = tab.model
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Line"
    shown = {model.index(r, 1).data(): model.index(r, 0).data() for r in range(model.rowCount())}
    assert shown["A0000011"] == str(line)
    assert shown["A0000000"] == "2"  # the first applicant is on the line under the header
    exported, errors = tmp_path / "out.csv", tmp_path / "out.errors.csv"
    results_task = tab.export(str(exported))
    errors_task = tab.export(str(errors), errors=True)
    qtbot.waitUntil(lambda: results_task.done.is_set() and errors_task.done.is_set())
    failed = pd.read_csv(errors, sep=None, engine="python", encoding="utf-8-sig", dtype=str)
    assert failed["line"].tolist() == [str(line)]
    scored = pd.read_csv(exported, sep=None, engine="python", encoding="utf-8-sig", dtype=str)
    assert scored.set_index("applicant_id").loc["A0000012", "line"] == str(line + 1)


def test_a_file_decided_on_a_cluster_is_decided_anew_only_when_asked(
    qtbot, window, reference, tmp_path: Path
):
    path = tmp_path / "book.csv"
    bad = write_applicants(path, 300, reference)
    service = window.ws.service
    service.note_cluster_run(service.file_run(path), str(uuid.uuid4()))  # `score --cluster`'s
    tab = open_in_tab(qtbot, window, path)
    batch = HistoryFilter(source=Source.BATCH)
    before = window.log.count(batch)

    def asked() -> QMessageBox:
        def dialog() -> QMessageBox | None:
            return tab.findChild(QMessageBox, "decideAnewDialog")

        qtbot.waitUntil(lambda: tab.task is None and dialog() is not None, timeout=BATCH_TIMEOUT)
        box = dialog()
        assert "on a cluster from this computer" in box.text() and "--again" not in box.text()
        assert "Nothing was scored" in tab.summary_label.text()
        assert window.log.count(batch) == before  # refused before any row was decided
        return box

    tab.start()
    box = asked()
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: tab.findChild(QMessageBox, "decideAnewDialog") is None)
    assert tab.task is None and window.log.count(batch) == before
    assert tab.score_button.isEnabled()

    tab.start()
    box = asked()
    anew = next(b for b in box.buttons() if b.text() == "Decide anew")
    with qtbot.waitSignal(tab.sig_finished, timeout=BATCH_TIMEOUT) as done:
        anew.click()
    summary = done.args[0]
    assert (summary.rows, summary.rows_with_errors) == (300, bad)
    assert window.log.count(batch) == before + summary.scored == before + 300 - bad

    # Run again as usual: it resumes the run decided anew here, nothing asked, nothing decided.
    with qtbot.waitSignal(tab.sig_finished, timeout=BATCH_TIMEOUT) as done:
        tab.start()
    assert tab.findChild(QMessageBox, "decideAnewDialog") is None
    assert done.args[0].already_recorded == 300 - bad
    assert window.log.count(batch) == before + 300 - bad
