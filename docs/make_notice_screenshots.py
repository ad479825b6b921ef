"""Regenerate the notice screenshots: the decision notice after an officer overrode an approval
into a refusal (the PDF rendered to PNG by poppler's pdftoppm), and, in French, History's
details listing the notice issued. Offscreen, throwaway data.

    QT_QPA_PLATFORM=offscreen uv run python docs/make_notice_screenshots.py       # English
    QT_QPA_PLATFORM=offscreen uv run python docs/make_notice_screenshots.py fr    # French

Look at the images before committing them.
"""

from __future__ import annotations

import subprocess
import sys

from screenshot_scratch import OUT, SCRATCH, Session  # before the app: throwaway folders

from pad_desktop.gui.override_dialog import OverrideDialog

JUSTIFICATION = {
    "en": "Payslips for the last three months not provided; income cannot be verified.",
    "fr": "Bulletins de salaire des trois derniers mois non fournis ; revenus invérifiables.",
}


def main(language: str) -> None:
    size = (1366, 768) if language == "fr" else (1600, 1000)
    session = Session(language, size)
    window, wait, until = session.window, session.wait, session.until
    form = window.form
    window.tabs.setCurrentWidget(form)
    form.set_values(dict(window.ws.scorer.signature.example))  # approved by the model
    form.case_ref.editor.setText("DOSSIER-2024-0051")
    form.score()
    until(lambda: form.result.explanation is not None)
    form.result.override_button.click()
    wait(300)
    dialog = window.findChild(OverrideDialog)
    dialog.justification.setPlainText(JUSTIFICATION[language])
    dialog.ok_button.click()
    until(lambda: form.last_override is not None)
    pdf = SCRATCH / f"notice_{language}.pdf"
    issued = []
    form.sig_notice_issued.connect(issued.append)
    form.save_notice(str(pdf))
    until(lambda: bool(issued))
    stem = OUT / f"notice_override_{language}"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(stem)], check=True)
    if language == "fr":
        history = window.history
        window.tabs.setCurrentWidget(history)
        until(lambda: history.total == 1)
        wait(1000)  # the page asked for when the tab showed has filled the table
        history.table.selectRow(0)
        until(lambda: history.shown is not None)
        wait(300)
        window.grab().save(str(OUT / "fr_1366_history_notice.png"))
    window.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "en")
