"""The window shows its form before the bundle's check (its reference sample scored and
compared) has run: Score waits for the check, and a bundle that fails it is refused as one that
does not load, the shipped model taking over (as before the check left the start's path)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from pad_desktop.decisions import HistoryFilter
from pad_desktop.gui import window_tabs
from tests.hostile_bundles import SHIPPED, constant_bundle

READY_TIMEOUT_MS = 30_000


def visible_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def test_a_bundle_failing_its_check_at_start_decides_nothing(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    from pad_desktop.gui.main_window import MainWindow

    folder = constant_bundle(tmp_path / "constant", 5.0)
    shown_for: list[tuple[Path, bool, str]] = []  # the form as built for each model
    build = window_tabs.build_form

    def watching_build(window):
        build(window)
        button = window.form.score_button
        shown_for.append((window.ws.scorer.bundle.path, button.isEnabled(), button.text()))

    monkeypatch.setattr(window_tabs, "build_form", watching_build)  # sees, then builds
    window = MainWindow(str(folder))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.sig_form_ready, timeout=READY_TIMEOUT_MS):
        window.show()
    # The form came for the hostile bundle, Score waiting for its check and saying so.
    assert shown_for == [(folder, False, "Checking…")]
    window.form.score()  # Enter meanwhile: nothing asked
    qtbot.waitUntil(lambda: bool(visible_boxes()), timeout=READY_TIMEOUT_MS)
    box = visible_boxes()[0]
    assert box.windowTitle() == "The model could not be loaded"
    assert "not a probability" in box.text()
    box.close()
    qtbot.waitUntil(lambda: window.ready, timeout=READY_TIMEOUT_MS)
    assert window.ws.scorer.bundle.path == SHIPPED  # the shipped model took over
    assert window.form.score_button.isEnabled()
    assert window.form.score_button.text() == "Score"
    assert window.log.count(HistoryFilter()) == 0
    window.close()


def test_once_ready_the_check_has_passed_and_score_decides(qtbot, make_window) -> None:
    window = make_window()  # `sig_ready` waits for the check too
    assert window.ws.scorer.verified
    assert window.form.score_button.isEnabled() and window.form.score_button.text() == "Score"


def test_a_policy_outlined_at_start_that_does_not_compile_leaves_the_model_s_fields(
    qtbot, make_window, tmp_path: Path, monkeypatch
) -> None:
    """The form's first fields come from the policy's outline (its inputs); the compile on a
    worker fails (a rule that does not parse): the form is rebuilt with the model's fields,
    the values typed kept, as a window that compiled first would show it."""
    import json

    from pad_desktop.policy.load import shipped_policy_path
    from pad_desktop.runtime.settings import get_settings

    doc = json.loads(shipped_policy_path().read_text("utf-8"))
    doc["rules"][0]["when"] = "credit_amount >"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setenv("PAD_POLICY", str(broken))
    get_settings.cache_clear()
    built: list[set[str]] = []
    build = window_tabs.build_form
    monkeypatch.setattr(
        window_tabs, "build_form", lambda w: (build(w), built.append(set(w.form.rows)))
    )
    window = make_window()
    assert "monthly_income" in built[0]  # outlined
    assert "monthly_income" not in window.form.rows  # the compiled policy is refused
    assert set(window.form.rows) == {s.name for s in window.ws.scorer.signature.fields}
    assert window.form.score_button.isEnabled()
