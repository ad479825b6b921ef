"""Regenerate docs/screenshots/drift.png (and drift_fr.png): the Drift tab, 1024 px wide, over
eight weeks of form traffic whose drift grows week by week, plus simulated traffic it ignores.

    QT_QPA_PLATFORM=offscreen uv run python docs/make_drift_screenshot.py [fr]

Look at the image before committing it.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDate, QEventLoop, QTimer
from screenshot_scratch import OUT  # before the app: throwaway folders

from pad_desktop.decisions import DecisionLog
from pad_desktop.decisions.records import Source
from pad_desktop.gui.app import create_application
from pad_desktop.gui.drift_tab import DriftTab
from pad_desktop.gui.i18n import install_translators
from pad_desktop.model.active import ActiveModel
from pad_desktop.service.simulate import simulate

WEEKS = 8


def main(language: str) -> None:
    app, _prefs = create_application()
    if language == "fr":
        app._shot_translators = install_translators(app, "fr")
    active = ActiveModel()
    log = DecisionLog.open()
    now = datetime.now(UTC)
    for week in range(WEEKS):  # the oldest week first, drift from 0 to 0.35
        until = now - timedelta(days=7 * (WEEKS - 1 - week))
        drift = 0.05 * week
        simulate(active.scorer, log, 400, drift, seed=week, days=7, until=until, source=Source.FORM)
    simulate(active.scorer, log, 2_000, 1.0, seed=99, days=7, until=now)  # left out
    tab = DriftTab(active, log)
    tab.resize(1024, 820)
    tab.since.setDate(QDate.currentDate().addDays(-7 * WEEKS))
    tab.show()
    loop = QEventLoop()

    def wait(ms: int) -> None:
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    wait(500)
    tab.generate()
    start = time.time()
    while tab.task is not None and time.time() - start < 300:
        wait(200)
    loaded: list[bool] = []
    if tab.view is not None:
        tab.view.loadFinished.connect(loaded.append)
    while not loaded and time.time() - start < 300:
        wait(200)
    wait(5000)  # Evidently's page draws itself with React after loading
    name = "drift_fr.png" if language == "fr" else "drift.png"
    tab.grab().save(str(OUT / name))
    print(tab.headline.text())
    tab.shutdown(60_000)
    tab.close()
    log.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "en")
