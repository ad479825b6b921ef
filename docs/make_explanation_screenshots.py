"""Regenerate the explanation screenshots: the form explained (English and French), what-if,
and the decision notice (PDF rendered to PNG by poppler's pdftoppm), offscreen, throwaway data.

    QT_QPA_PLATFORM=offscreen uv run python docs/make_explanation_screenshots.py       # English
    QT_QPA_PLATFORM=offscreen uv run python docs/make_explanation_screenshots.py fr    # French

Look at the images before committing them.
"""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtTest import QTest
from screenshot_scratch import (  # before the app: throwaway folders
    OUT,
    REFUSED_APPLICANT,
    SCRATCH,
    Session,
)

from pad_desktop.gui.override_dialog import OverrideDialog


def main(language: str) -> None:
    session = Session(language, (1600, 1000))
    window, wait, until = session.window, session.wait, session.until
    suffix = "_fr" if language == "fr" else ""
    form = window.form
    window.tabs.setCurrentWidget(form)
    form.set_values(dict(window.ws.scorer.signature.example, **REFUSED_APPLICANT))
    form.case_ref.editor.setText("DOSSIER-2024-0042")
    form.score()
    until(lambda: form.result.explanation is not None)
    wait(500)
    window.grab().save(str(OUT / f"form_explained{suffix}.png"))
    pdf = SCRATCH / "notice.pdf"
    form.save_notice(str(pdf))
    until(pdf.exists)  # put in place once the notice is recorded (on a worker)
    stem = OUT / f"notice{suffix}"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(stem)], check=True)
    if language != "fr":
        # The counterfactual's proposal lands close to the threshold: a case to refer.
        cf = form.result.explanation.counterfactual
        form.set_values({name: new for name, (_old, new) in (cf.changes or {}).items()})
        form.case_ref.editor.setText("DOSSIER-2024-0043")
        form.score()
        until(
            lambda: (
                form.result.explanation is not None
                and form.result.record.case_ref == "DOSSIER-2024-0043"
            )
        )
        wait(500)
        window.grab().save(str(OUT / "form_review.png"))
        form.result.override_button.click()
        wait(300)
        dialog = window.findChild(OverrideDialog)
        dialog.justification.setPlainText("Payslips for 3 years seen; employer confirmed.")
        wait(200)
        dialog.grab().save(str(OUT / "override_review.png"))
        dialog.reject()
        form.set_values(dict(window.ws.scorer.signature.example, **REFUSED_APPLICANT))
        form.case_ref.editor.setText("DOSSIER-2024-0044")
        form.score()
        until(lambda: form.result.explanation is not None)
        form.whatif.button.click()
        for name, typed in (("credit_amount", "2500"), ("duration_in_month", "12")):
            editor = form.rows[name].editor
            editor.clear()
            QTest.keyClicks(editor, typed)  # typed, as the officer does: each key simulates
        until(lambda: form.result.simulation_banner.isVisible())
        wait(800)
        window.grab().save(str(OUT / "form_whatif.png"))
        form.whatif.button.click()
    window.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "en")
