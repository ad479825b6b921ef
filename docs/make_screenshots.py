"""Regenerate docs/screenshots/*.png: every tab, offscreen, on throwaway data.

    QT_QPA_PLATFORM=offscreen uv run python docs/make_screenshots.py          # English
    QT_QPA_PLATFORM=offscreen uv run python docs/make_screenshots.py fr       # French, 2 sizes

Look at the images before committing them.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from PySide6.QtTest import QTest
from screenshot_scratch import (  # before the app: throwaway folders
    OUT,
    REFUSED_APPLICANT,
    ROOT,
    SCRATCH,
    ReadyWindow,
)

from pad_desktop.decisions.records import Source
from pad_desktop.gui.app import create_application
from pad_desktop.gui.i18n import switch_language
from pad_desktop.gui.override_dialog import OverrideDialog


def main(language: str) -> None:
    app, prefs = create_application()
    if language == "fr":
        switch_language(app, "fr")
        for size in FRENCH_SIZES:
            french(prefs, size)
        return
    ready = ReadyWindow(prefs, (1280, 820))
    window, wait, until = ready.window, ready.wait, ready.until

    def shot(widget, name: str) -> None:
        widget.grab().save(str(OUT / name))

    form = window.form
    window.tabs.setCurrentWidget(form)
    applicant = dict(window.ws.scorer.signature.example)
    applicant.update(
        credit_amount=7500,
        duration_in_month=36,
        status_of_existing_checking_account="... < 0 DM",
        age_in_years=24,
        savings_account_and_bonds="... < 100 DM",
        purpose="car (new)",
        housing="rent",
    )
    form.set_values(applicant)
    form.case_ref.editor.setText("DOSSIER-42")
    form.score()
    wait(1000)
    shot(window, "form.png")
    amount = form.rows["credit_amount"].editor
    amount.setFocus()
    QTest.keyClicks(amount, "0")  # 7500 -> 75000: the result shown is no longer this one's
    wait(300)
    shot(window, "form_stale.png")
    amount.setText("7500")
    form.score()
    wait(1000)
    form.result.override_button.click()
    wait(300)
    dialog = window.findChild(OverrideDialog)
    dialog.justification.setPlainText(
        "Permanent contract seen (payslips Jan–Jun); parent signed as guarantor."
    )
    wait(200)
    shot(dialog, "override.png")
    dialog.ok_button.click()
    wait(800)
    shot(window, "form_overridden.png")
    form.new_applicant()
    broken = dict(window.ws.scorer.signature.example, credit_amount="-5", age_in_years="vingt")
    form.set_values(broken)
    form.case_ref.editor.setText("DOSSIER-43")
    form.rows["purpose"].editor.reset()
    form.score()
    wait(800)
    shot(window, "form_errors.png")

    reference = pd.read_csv(ROOT / "resources" / "model" / "reference.csv")
    frame = reference.drop(columns=["expected_probability"])
    frame = frame.iloc[np.arange(20_000) % len(frame)].reset_index(drop=True)
    frame.insert(0, "applicant_id", [f"A{i:06d}" for i in range(len(frame))])
    frame["credit_amount"] = frame["credit_amount"].astype(object)
    frame.loc[::1500, "credit_amount"] = "douze mille"
    path = SCRATCH / "applicants_20k.csv"
    frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    batch = window.batch
    window.tabs.setCurrentWidget(batch)
    batch.open_file(str(path))
    until(lambda: batch.preview is not None)
    batch.start()
    until(lambda: batch.summary is not None)
    wait(500)
    shot(window, "batch.png")
    second = SCRATCH / "applicants_march.csv"
    frame.head(500).to_csv(second, sep=";", index=False, encoding="utf-8-sig")
    batch.open_file(str(second))
    until(lambda: batch.preview is not None)
    wait(500)
    shot(window, "batch_reset.png")

    history = window.history
    window.tabs.setCurrentWidget(history)
    history.source.setCurrentIndex(history.source.findData(Source.FORM))
    history.case_ref.setText("DOSSIER-42")
    history.apply()
    wait(1500)
    history.table.selectRow(0)
    wait(300)
    shot(window, "history.png")  # drift.png: docs/make_drift_screenshot.py (weeks of history)
    window.close()


FRENCH_SIZES = ((1024, 700), (1600, 1000))
FRENCH_APPLICANT = dict(REFUSED_APPLICANT, credit_amount="7 500")  # as a French officer types


def french(prefs, size: tuple[int, int]) -> None:
    """fr_<width>_<what>.png: every tab, the form's errors, a batch with errors, History's
    details, the model card, the Hub dialog and Preferences, in French at `size`."""
    ready = ReadyWindow(prefs, size)
    window, wait, until = ready.window, ready.wait, ready.until

    def shot(widget, what: str) -> None:
        widget.grab().save(str(OUT / f"fr_{size[0]}_{what}.png"))

    form = window.form
    window.tabs.setCurrentWidget(form)
    form.set_values(dict(window.ws.scorer.signature.example, **FRENCH_APPLICANT))
    form.case_ref.editor.setText("DOSSIER-42")
    form.score()
    wait(1000)
    shot(window, "form")
    form.new_applicant()
    form.set_values(
        dict(window.ws.scorer.signature.example, credit_amount="-5", age_in_years="vingt")
    )
    form.rows["purpose"].editor.reset()
    form.case_ref.editor.setText("DOSSIER-43")
    form.score()
    wait(800)
    shot(window, "form_errors")

    reference = pd.read_csv(ROOT / "resources" / "model" / "reference.csv")
    frame = reference.drop(columns=["expected_probability"])
    frame = frame.iloc[np.arange(5_000) % len(frame)].reset_index(drop=True)
    frame.insert(0, "applicant_id", [f"A{i:06d}" for i in range(len(frame))])
    frame["credit_amount"] = frame["credit_amount"].astype(object)
    frame.loc[::700, "credit_amount"] = "douze mille"
    path = SCRATCH / f"dossiers_{size[0]}.csv"
    frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    batch = window.batch
    window.tabs.setCurrentWidget(batch)
    batch.open_file(str(path))
    until(lambda: batch.preview is not None)
    batch.start()
    until(lambda: batch.summary is not None)
    wait(500)
    shot(window, "batch")

    history = window.history
    window.tabs.setCurrentWidget(history)
    history.apply()
    wait(1500)
    history.table.selectRow(0)
    wait(300)
    shot(window, "history")
    if window.drift_tab is not None:
        window.tabs.setCurrentWidget(window.drift_tab)
        wait(800)
        shot(window, "drift")

    from pad_desktop.gui.model_card import ModelCardDialog
    from pad_desktop.gui.update_dialog import UpdateDialog

    card = ModelCardDialog(window.ws.model_info, window)
    card.show()
    wait(400)
    shot(card, "model_card")
    card.reject()
    hub = UpdateDialog(window.service.active, window.log, window)
    hub.show()
    wait(600)
    shot(hub, "hub")
    hub.reject()
    dialog = window.open_preferences()
    wait(300)
    shot(dialog, "preferences")
    dialog.reject()
    window.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "en")
