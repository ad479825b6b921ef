"""The officer switches language while the window is still starting (Batch and History
loading, the decision log not yet open): the form comes in the new language at once, the work
typed kept, and Score still waits until a decision can be recorded."""

from __future__ import annotations

import psycopg

from pad_desktop.decisions import DecisionLog
from pad_desktop.decisions.schema import _MIGRATION_LOCK_KEY

READY_TIMEOUT_MS = 60_000


def test_a_language_switch_during_the_start_keeps_score_waiting_for_the_log(
    qtbot, monkeypatch, pg_url: str
) -> None:
    from pad_desktop.gui.main_window import MainWindow
    from pad_desktop.runtime.settings import get_settings

    DecisionLog.open(pg_url).close()  # the schema is there, as on every later start
    monkeypatch.setenv("DATABASE_URL", pg_url)
    get_settings.cache_clear()
    # An upgrade of this database is under way elsewhere: the log's schema check waits for it.
    holder = psycopg.connect(pg_url.replace("postgresql+psycopg://", "postgresql://"))
    holder.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK_KEY,))
    try:
        window = MainWindow(None)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.sig_form_ready, timeout=READY_TIMEOUT_MS):
            window.show()
        qtbot.waitUntil(lambda: window.ws.scorer.verified, timeout=READY_TIMEOUT_MS)
        assert window.log is None and window.later_tabs  # still starting
        window.form.set_values({"credit_amount": "2241"})
        window.form.case_ref.editor.setText("CASE-FR-1")
        window.set_language("fr")
        button = window.form.score_button
        assert window.form.title.text().startswith("Demandeur — 18 champs")
        assert (button.isEnabled(), button.text()) == (False, "Vérification…")
        assert window.form.values()["credit_amount"] == "2241"  # the officer's work kept
        assert window.form.case_ref.text() == "CASE-FR-1"
    finally:
        holder.rollback()
        holder.close()
    qtbot.waitUntil(lambda: window.ready, timeout=READY_TIMEOUT_MS)
    assert window.log is not None
    assert (button.isEnabled(), button.text()) == (True, "Évaluer")
    window.set_language("en")
    window.close()
