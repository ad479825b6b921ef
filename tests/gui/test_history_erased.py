"""History's details pane for a decision whose personal inputs were erased: the record (score,
reasons) stays, the inputs read "erased" / "effacé"."""

from __future__ import annotations

import pytest

from pad_desktop.decisions import DecisionLog
from pad_desktop.decisions.erasing import Selection, Who, erase
from pad_desktop.gui.history_tab import decision_html
from pad_desktop.gui.i18n import switch_language
from tests.decisions.records import make_record


@pytest.mark.parametrize(("lang", "word"), [("en", "erased"), ("fr", "effacé")])
def test_an_erased_decision_shows_erased(
    qapp, monkeypatch: pytest.MonkeyPatch, lang: str, word: str
) -> None:
    switch_language(qapp, lang)
    request_cleanup = lang != "en"
    log = DecisionLog.open()
    rec = make_record(case_ref="CASE-H", inputs={"credit_amount": 765_431})
    log.record(rec)
    erase(log, Selection(case_refs=frozenset({"CASE-H"})), Who("sup", "ws", "sup"), "request",
          "r", rec.created_at)  # fmt: skip
    stored = log.get(rec.id)
    log.close()
    try:
        html = decision_html(stored)
    finally:
        if request_cleanup:
            switch_language(qapp, "en")
    assert word in html and "765431" not in html and "765 431" not in html
