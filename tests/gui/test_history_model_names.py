"""History names the model of every decision by its name and version, also a model that is no
longer the one in use (installed earlier, rolled back): never by its internal id."""

from __future__ import annotations

import shutil
from pathlib import Path

from pad_desktop.decisions import DecisionLog
from pad_desktop.gui.history_tab import MODEL_COLUMN
from pad_desktop.hub.store import ModelStore
from pad_desktop.model.active import ActiveModel
from pad_desktop.service.decision_service import DecisionService, Identity

TIMEOUT = 15_000


def test_an_older_models_decisions_show_its_name_and_version(
    qtbot, make_window, tmp_path: Path, default_bundle_dir: Path
):
    staged = tmp_path / "staged"
    shutil.copytree(default_bundle_dir, staged)
    mlmodel = staged / "MLmodel"
    mlmodel.write_text(
        mlmodel.read_text(encoding="utf-8").replace("version: 2026.11.26", "version: 2030.01.01"),
        encoding="utf-8",
    )
    store = ModelStore()
    installed = store.install(staged, "acme-credit-v2", {"repo": "acme/credit"})
    log = DecisionLog.open()
    older = DecisionService(ActiveModel(str(installed.path)), log, Identity("me", "ws"))
    decision = older.decide({**older.scorer.signature.example, "case_ref": "OLD-1"})
    older.close()
    log.close()

    window = make_window()  # on the shipped model: the installed one is not active
    assert window.ws.scorer.bundle.version == "2026.11.26"
    history = window.history
    window.tabs.setCurrentWidget(history)
    qtbot.waitUntil(lambda: history.model.rowCount() > 0, timeout=TIMEOUT)
    shown = history.model.index(0, MODEL_COLUMN).data()
    assert shown == "German Credit CatBoost 2030.01.01", shown
    assert decision.record.model_id not in shown
