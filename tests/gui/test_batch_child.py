"""The desktop batch runs in a child process: what the operator relies on when it goes wrong."""

from __future__ import annotations

import multiprocessing
import os
import signal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from test_batch import open_in_tab, write_applicants

from pad_desktop.decisions import HistoryFilter
from pad_desktop.decisions.records import Source
from pad_desktop.gui.batch_child import BatchProcessError, _portable
from pad_desktop.gui.batch_jobs import GUI_CHUNK_ROWS
from pad_desktop.service.batch import MissingColumnsError
from pad_desktop.texts import describe

TIMEOUT = 120_000


def boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


@pytest.fixture(scope="module")
def csv_200k(tmp_path_factory, default_bundle_dir: Path) -> Path:
    import pandas as pd

    path = tmp_path_factory.mktemp("child") / "applicants_200k.csv"
    write_applicants(path, 200_000, pd.read_csv(default_bundle_dir / "reference.csv"))
    return path


def batch_processes() -> list:
    return [p for p in multiprocessing.active_children() if p.name == "pad-batch"]


def test_a_killed_batch_process_is_an_error_and_the_rows_shown_were_recorded(
    qtbot, window, csv_200k, officer
):
    tab = open_in_tab(qtbot, window, csv_200k)
    assert len(batch_processes()) == 1  # started with the preview, before Score
    tab.start()
    qtbot.waitUntil(lambda: tab.rows_done >= 20_000, timeout=TIMEOUT)
    (child,) = batch_processes()
    os.kill(child.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: tab.task is None and bool(boxes()), timeout=TIMEOUT)
    box = boxes()[0]
    assert "The batch process stopped unexpectedly (exit code -9)" in box.informativeText() + (
        box.text() + box.detailedText()
    )
    box.close()
    assert tab.summary_label.text() == "Stopped by an error — rows shown were kept."
    assert tab.score_button.isEnabled() and not tab.cancel_button.isEnabled()
    recorded = window.log.history(HistoryFilter(source=Source.BATCH), limit=1)
    logged = window.log.count(HistoryFilter(source=Source.BATCH))
    # Every row shown is recorded; at most the chunk being sent when it died was not shown.
    assert tab.scored <= logged <= tab.scored + GUI_CHUNK_ROWS
    assert recorded[0].officer == officer  # recorded as the window's officer, not the child's
    assert not batch_processes()


def test_an_error_in_the_batch_process_reaches_the_window_in_its_words(qtbot, window, tmp_path):
    import pandas as pd

    path = tmp_path / "gone.csv"
    write_applicants(path, 100, pd.read_csv(window.ws.scorer.bundle.path / "reference.csv"))
    tab = open_in_tab(qtbot, window, path)
    path.unlink()  # moved away between the preview and Score
    tab.start()
    qtbot.waitUntil(lambda: tab.task is None and bool(boxes()), timeout=TIMEOUT)
    box = boxes()[0]
    # The core's own sentence, not "the batch process stopped unexpectedly".
    assert box.text() == f"{path} is not a regular file: give the path of a CSV file."
    assert "CsvFormatError" in box.detailedText()
    box.close()
    assert window.log.count(HistoryFilter(source=Source.BATCH)) == 0


def test_the_warm_batch_process_goes_with_the_window(qtbot, make_window, csv_200k):
    window = make_window()
    open_in_tab(qtbot, window, csv_200k)
    assert len(batch_processes()) == 1
    window.close()
    assert not batch_processes()


class Exotic(Exception):
    def __init__(self, text: str, line: int) -> None:
        super().__init__(text)
        self.line = line


def test_an_error_keeps_its_words_across_the_process_boundary():
    missing = MissingColumnsError(["age_in_years", "credit_amount"])
    carried = _portable(missing)
    # It carries its key and values: it is worded on the other side in the reader's language.
    assert type(carried) is MissingColumnsError and carried.missing == missing.missing
    assert describe(carried, "fr") == describe(missing, "fr") != str(missing)
    carried = _portable(Exotic("the CSV's 3rd line", 2))
    assert isinstance(carried, BatchProcessError)
    assert str(carried) == "Exotic: the CSV's 3rd line"
    plain = FileNotFoundError(2, "No such file", "x.csv")
    assert _portable(plain) is plain
