"""`pad-desktop privacy export CASE_REF -o DIR`: everything held about a case, as JSON and a
readable PDF, in English or French; after an erasure the inputs read "erased"."""

from __future__ import annotations

import json
import subprocess
import unicodedata
from pathlib import Path

import pytest

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog
from pad_desktop.decisions.records import (
    NoticeKind,
    NoticeRecord,
    OutcomeRecord,
    OverrideRecord,
)
from tests.decisions.helpers import make_record, mentions

HOSTILE = "<script>alert(1)</script> & <b>bold</b>"


def _fill() -> str:
    log = DecisionLog.open()
    rec = make_record(case_ref="CASE-X", inputs={"credit_amount": 876_543, "purpose": HOSTILE})
    log.record(rec)
    log.record(make_record(case_ref="CASE-Y", inputs={"credit_amount": 1_111}))
    log.record_override(OverrideRecord(rec.id, "bob", "ws-2", "review", None, "checked " + HOSTILE))
    log.record_notice(NoticeRecord(rec.id, NoticeKind.PDF, "fr", "0" * 64, "alice", "ws-1"))
    log.record_outcomes([OutcomeRecord(rec.id, 0, "2027-06-30", "alice", "ws-1", "file")])
    log.close()
    return str(rec.id)


def _pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(unicodedata.normalize("NFKC", done.stdout).split())  # ligatures: "ﬀ"


def _export(out: Path) -> tuple[dict, str]:
    assert main(["privacy", "export", "CASE-X", "-o", str(out)]) == 0
    report = json.loads((out / "case-CASE-X.json").read_text("utf-8"))
    return report, _pdf_text(out / "case-CASE-X.pdf")


def test_export_in_english_then_french_and_after_erasure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    decision_id = _fill()
    report, pdf = _export(tmp_path / "en")
    assert report["case_ref"] == "CASE-X"
    [d] = report["decisions"]  # CASE-Y is not there
    assert d["id"] == decision_id and d["inputs"]["credit_amount"] == 876_543
    assert d["inputs_erased"] is False
    assert [o["kind"] for o in d["overrides"]] == ["review"]
    assert [n["lang"] for n in d["notices"]] == ["fr"]
    assert [o["defaulted"] for o in d["outcomes"]] == [0]
    assert d["reasons"] == ["credit_amount"] and d["score"] == 0.2
    assert "What we hold about case CASE-X" in pdf
    assert "876543" in pdf and "Human reviews and overrides" in pdf
    assert "<script>alert(1)</script> & <b>bold</b>" in pdf  # as text, never markup
    assert not mentions(pdf, 1111)

    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    report, pdf = _export(tmp_path / "fr")
    assert "Ce que nous détenons sur le dossier CASE-X" in pdf
    assert "Informations fournies" in pdf and "Issue du prêt" in pdf
    assert "Tout ce qui est détenu sur le dossier CASE-X" in capsys.readouterr().out

    assert main(["privacy", "erase", "CASE-X", "--reason", "demande 7"]) == 0
    report, pdf = _export(tmp_path / "fr-erased")
    [d] = report["decisions"]
    assert d["inputs_erased"] is True and d["inputs"] == "erased"
    assert [e["reason"] for e in d["erasures"]] == ["demande 7"]
    assert not mentions(json.dumps(report), 876_543) and not mentions(pdf, 876_543)
    assert "effacées le" in pdf and "demande 7" in pdf


def test_export_of_an_unknown_case_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fill()
    assert main(["privacy", "export", "NOPE", "-o", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "No decision of case NOPE" in err and "Traceback" not in err


def test_readers_say_erased_or_leave_the_decision_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """History and its CSV export say "erased"; drift's inputs and the replay's rows leave an
    erased decision out; the other case is read as before."""
    from pad_desktop.decisions.queries import HistoryFilter
    from pad_desktop.service.notice import model_reasons

    decision_id = _fill()
    assert main(["privacy", "erase", "CASE-X", "--reason", "r"]) == 0
    log = DecisionLog.open()
    try:
        stored = log.get(decision_id)
        assert stored is not None and stored.inputs_erased and stored.score == 0.2
        assert model_reasons(stored, None) == ("credit_amount",)  # the reason stays
        path = tmp_path / "history.csv"
        log.export_csv(HistoryFilter(), path)
        rows = path.read_text("utf-8-sig").splitlines()
        erased_row = next(r for r in rows if decision_id in r)
        assert "erased" in erased_row and "876543" not in path.read_text("utf-8-sig")
        assert "1111" in path.read_text("utf-8-sig")
        drift = log.production_inputs(None, None, None)
        assert list(drift["credit_amount"]) == [1_111]
        texts, frame = log.replay_rows()
        assert len(texts) == 1 and "1111" in texts[0]
        assert decision_id not in set(frame["decision_id"])
    finally:
        log.close()


def test_export_lists_the_applicants_review_request_and_its_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The applicant's point of view (a request for human review) and the supervisor's review
    that answered it are part of what is held about the case (embedded store: one user)."""
    _fill()
    assert main(["review", "request", "CASE-X", "--text", "Mon revenu a changé"]) == 0
    capsys.readouterr()
    assert main(["oversight", "queue"]) == 0
    [request_id] = [w for w in capsys.readouterr().out.split() if w.count("-") == 4]
    assert main(["oversight", "approve", request_id, "--reason", "revu avec le client"]) == 0
    report, pdf = _export(tmp_path / "en")
    [d] = report["decisions"]
    [review] = d["reviews"]
    assert review["kind"] == "review" and review["text"] == "Mon revenu a changé"
    assert [a["reason"] for a in review["answers"]] == ["revu avec le client"]
    assert "Reviews requested" in pdf and "Mon revenu a changé" in pdf


def test_a_window_can_open_in_the_process_after_an_export(tmp_path: Path) -> None:
    """The export's PDF writer leaves a widgets application behind, so that a window opened
    later in the same process (the app's own, or the next test's) does not abort Qt."""
    from PySide6.QtWidgets import QApplication, QWidget

    _fill()
    _export(tmp_path / "en")
    assert isinstance(QApplication.instance(), QApplication)
    widget = QWidget()
    widget.deleteLater()
