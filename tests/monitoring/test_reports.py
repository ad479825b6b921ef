"""The model loop's HTML reports: whatever the log holds (a model id, a case reference, a month
key) is text, never markup; no script at all, and a policy that would refuse one. The texts
exist in English and French with the same placeholders."""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd

from pad_desktop.monitoring import compare_report, performance_report
from pad_desktop.monitoring.performance import Reference, measure
from pad_desktop.monitoring.replay import Comparison, Side, Swap
from pad_desktop.texts.monitoring import TEXTS

HOSTILE = '<img src=x onerror="alert(1)"></td><script>alert(2)</script>'


def _no_markup_from_data(page: str) -> None:
    assert "<script" not in page and "<img" not in page and 'onerror="' not in page
    assert "script-src 'none'" in page and "connect-src 'none'" in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_the_performance_report_escapes_what_the_log_holds() -> None:
    rng = np.random.default_rng(0)
    n = 200
    score = rng.random(n)
    frame = pd.DataFrame({
        "created_at": pd.to_datetime(
            [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=int(d)) for d in range(n)],
            utc=True),
        "score": score, "defaulted": (rng.random(n) < score).astype(int),
        "decision": np.where(score < 0.5, "approved", "refused"), "model_id": HOSTILE,
        "model_sha256": HOSTILE,
    })  # fmt: skip
    perf = measure(frame, Reference(HOSTILE, 0.99, 0.05), {"model": HOSTILE, "as_of": "2027-01-01"})
    assert perf.alert
    for lang in ("en", "fr"):
        _no_markup_from_data(performance_report.html_report(perf, lang))


def test_the_comparison_report_escapes_what_the_log_holds() -> None:
    side = Side(HOSTILE, "0" * 64, 0.13, 0.5, 0.1, 0.8, 0.05, label=HOSTILE)
    case = {"decision_id": "d-1", "case_ref": HOSTILE, "active_score": 0.2,
            "candidate_score": 0.1, "defaulted": 1}  # fmt: skip
    cmp = Comparison(side, side, 10, 0, 10, 3, Swap(1, 1, 1, [case]), Swap(0, 0, 0), {})
    for lang in ("en", "fr"):
        page = compare_report.html_report(cmp, lang)
        _no_markup_from_data(page)
        assert cmp.sha256() in page


def test_every_text_has_both_languages_with_the_same_placeholders() -> None:
    fields = string.Formatter()
    for key, words in TEXTS.items():
        assert set(words) == {"en", "fr"}, key
        names = [{f for _, f, _, _ in fields.parse(words[lang]) if f} for lang in ("en", "fr")]
        assert names[0] == names[1], key
        assert not re.search(r"\w[:;?!]( |$)", words["fr"]), (key, "espace avant : ; ? !")
