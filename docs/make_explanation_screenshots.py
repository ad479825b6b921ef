"""Regenerate the explanation screenshots: the form explained (English and French), what-if,
and the decision notice (PDF rendered to PNG by poppler's pdftoppm), offscreen, throwaway data.

    QT_QPA_PLATFORM=offscreen uv run python docs/make_explanation_screenshots.py       # English
    QT_QPA_PLATFORM=offscreen uv run python docs/make_explanation_screenshots.py fr    # French

Look at the images before committing them.
"""

from __future__ import annotations

import subprocess
import sys
import time

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtTest import QTest
from screenshot_scratch import OUT, SCRATCH  # before the app: throwaway folders

from pad_desktop.gui.app import create_application
from pad_desktop.gui.i18n import install_translators
from pad_desktop.gui.main_window import MainWindow

REFUSED = {
    "credit_amount": 7500,
    "duration_in_month": 36,
    "status_of_existing_checking_account": "... < 0 DM",
    "age_in_years": 24,
    "savings_account_and_bonds": "... < 100 DM",
    "purpose": "car (new)",
    "housing": "rent",
}


def main(language: str) -> None:
    app, prefs = create_application()
    if language == "fr":
        app._shot_translators = install_translators(app, "fr")
    suffix = "_fr" if language == "fr" else ""
    window = MainWindow(None, prefs)
    window.resize(1600, 1000)
    window.show()
    loop = QEventLoop()
    window.sig_ready.connect(loop.quit)
    loop.exec()

    def wait(ms: int) -> None:
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def until(predicate, timeout_s: float = 60) -> None:
        start = time.time()
        while not predicate() and time.time() - start < timeout_s:
            wait(100)

    form = window.form
    window.tabs.setCurrentWidget(form)
    form.set_values(dict(window.ws.scorer.signature.example, **REFUSED))
    form.case_ref.editor.setText("DOSSIER-2024-0042")
    form.score()
    until(lambda: form.result.explanation is not None)
    wait(500)
    window.grab().save(str(OUT / f"form_explained{suffix}.png"))
    pdf = SCRATCH / "notice.pdf"
    form.save_notice(str(pdf))
    stem = OUT / f"notice{suffix}"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(stem)], check=True)
    if language != "fr":
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
