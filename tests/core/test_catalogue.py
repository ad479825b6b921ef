"""One catalogue of messages: every sentence and every error a user can meet, in both languages.

Every area module is shaped `TEXTS = {"key": {"en": ..., "fr": ...}}`; every sentence renders in
English and French with all its blanks filled; the French is French (it differs from the
English where words differ, and holds no English function words); every error class a user can
meet carries a key and values and is worded by `describe` in the reader's language.
"""

from __future__ import annotations

import importlib
import pickle
import re
import string
import uuid
from pathlib import Path

import pytest

from pad_desktop.texts import AREAS, Worded, area, catalogue, describe, text

# Texts French writes exactly as English does.
SAME_IN_FRENCH = {
    "drift.band_stable",
    "drift.source_simulation",
    "cli.drift_ok",
    "hub.metric_test_auc",
    "hub.row_date",
    "export.value_simulation",
    "monitoring.h_gini",
    "monitoring.h_ks",
}
# English function words that never belong in a French sentence (a heuristic: "a", "on", "no"
# and "in" are French words or parts of them too, so they are not listed).
ENGLISH_WORDS = {
    "the", "is", "are", "and", "with", "not", "this", "that", "cannot", "could", "which",
    "would", "from", "please", "must", "should", "was", "were", "been", "has", "have", "of",
    "to", "for", "or", "at", "by", "it", "its", "be", "an", "when", "there", "here", "your",
}  # fmt: skip


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _english_words(sentence: str) -> list[str]:
    """English words of `sentence` outside its blanks, code spans, options, variable names and
    paths."""
    prose = re.sub(r"\{[^}]*\}|<\w+>|`[^`]*`|--[\w-]+|\b[A-Z_]{3,}\b|\S*/\S*", " ", sentence)
    return [w for w in re.findall(r"[A-Za-zÀ-ÿ']+", prose) if w.lower() in ENGLISH_WORDS]


def test_every_area_is_shaped_key_then_language() -> None:
    assert len(AREAS) >= 10
    for prefix in AREAS:
        table = area(prefix)
        assert isinstance(table, dict) and table, prefix
        for key, entry in table.items():
            assert isinstance(key, str) and "." not in key, (prefix, key)
            assert set(entry) == {"en", "fr"}, (prefix, key)
            assert all(isinstance(s, str) and s.strip() for s in entry.values()), (prefix, key)


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_every_sentence_renders_in_both_languages(key: str) -> None:
    entry = catalogue()[key]
    assert _fields(entry["en"]) == _fields(entry["fr"]), "the same blanks in both languages"
    values = {name: f"<{name}>" for name in _fields(entry["en"]) if not name.isdigit()}
    positional = [f"<{n}>" for n in sorted(n for n in _fields(entry["en"]) if n.isdigit())]
    english, french = (
        entry[lang].format(*positional, **values) if positional else text(key, lang, **values)
        for lang in ("en", "fr")
    )
    for rendered in (english, french):
        assert not re.search(r"\{\w*\}", rendered), "every blank filled"
    assert french != english or key in SAME_IN_FRENCH, "French differs from English"
    assert _english_words(french) == [], "no English word left in the French"


def test_the_allowed_identical_texts_are_still_identical() -> None:
    every = catalogue()
    assert all(every[k]["en"] == every[k]["fr"] for k in SAME_IN_FRENCH)


# -- every error a user can meet ---------------------------------------------------------------


def _errors(signature, tmp_path: Path) -> list[BaseException]:
    """One instance of every error class of the core and the faces that the user can meet,
    raised as the product raises it where that is cheap."""
    from pad_desktop.cells.csv_dialect import CsvFormatError, detect_dialect
    from pad_desktop.decisions import StoreUnreadable
    from pad_desktop.decisions.outbox import OutboxDamaged
    from pad_desktop.decisions.refusals import RecordRefused, check_finite, what
    from pad_desktop.decisions.schema import SchemaBehind, SchemaNotCreatable, SchemaUnknown
    from pad_desktop.drift import DriftError, parse_sources
    from pad_desktop.drift.safe_html import UnsafeReport, secure_report
    from pad_desktop.gui.batch_child import BatchProcessError
    from pad_desktop.hub.errors import HubUnreachable
    from pad_desktop.model.bundle import BundleError
    from pad_desktop.model.mlflow_registry import RegistryError
    from pad_desktop.model.signature import AmbiguousColumns
    from pad_desktop.monitoring.outcomes import read_text
    from pad_desktop.monitoring.texts import MonitoringError
    from pad_desktop.policy import PolicyError
    from pad_desktop.runtime.settings import Settings, SettingsError
    from pad_desktop.service.batch import MissingColumnsError, OutputError, ResultsNotWritten
    from pad_desktop.service.decision_service import LogClosed
    from pad_desktop.texts import Phrase

    found: list[BaseException] = []
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(CsvFormatError) as raised:
        detect_dialect(empty)
    found.append(raised.value)
    found.append(MissingColumnsError(["age_in_years", "housing"], signature))
    with pytest.raises(AmbiguousColumns) as ambiguous:
        signature.match_columns(["Âge", "age_in_years"])
    found.append(ambiguous.value)
    results = Phrase("file.results")
    found.append(OutputError("file.output_locked", name=results, path=tmp_path / "o.csv"))
    found.append(
        ResultsNotWritten("file.write_failed", name=results, path="o.csv", reason="No space")
    )
    found.append(LogClosed())
    with pytest.raises(SettingsError) as bad_setting:
        Settings(review_band=0.7)
    found.append(bad_setting.value)
    with pytest.raises(DriftError) as bad_sources:
        parse_sources("forms")
    found.append(bad_sources.value)
    found.append(BatchProcessError("file.process_stopped", code=-9))
    found.append(BatchProcessError("file.model_changed", folder=tmp_path))
    found.append(BundleError("threshold_out_of_range", value=1.5))
    found.append(StoreUnreadable(tmp_path / "log.sqlite", "SQLITE_NOTADB"))
    found.append(OutboxDamaged(tmp_path / "outbox.sqlite", "SQLITE_IOERR", "postgresql://db"))
    found.append(HubUnreachable("unreachable", where="hub", reason="x"))
    found.append(SchemaBehind("postgresql://db/pad", None, "0005_chain_guards"))
    found.append(SchemaUnknown("postgresql://db/pad", "0099_future", "0010_erase_texts"))
    found.append(SchemaNotCreatable("postgresql://db/pad", "0005_chain_guards", "SQLSTATE 42501"))
    found.append(RegistryError("bundle.registry_no_run", run="4f9e"))
    with pytest.raises(UnsafeReport) as unsafe:
        secure_report("<html><body>no data</body></html>")
    found.append(unsafe.value)
    with pytest.raises(RecordRefused) as refused:
        check_finite([1.0, float("nan")], what("score"), [3, 4])
    found.append(refused.value)
    found.append(PolicyError("not_found", path="policy.json"))
    from pad_desktop.decisions.erasing import ErasureRefused
    from pad_desktop.service.privacy import check_case_ref

    with pytest.raises(ErasureRefused) as bad_case:
        check_case_ref("x" * 300)
    found.append(bad_case.value)
    found.append(ErasureRefused("privacy.unknown_case", case_ref="C-1"))
    with pytest.raises(MonitoringError) as no_columns:
        read_text("defaulted;observed_on\n1;2026-01-02\n", ";")
    found.append(no_columns.value)
    from pad_desktop.decisions.roles import Role
    from pad_desktop.service import oversight

    found.append(oversight.NotAllowed("stop", (Role.SUPERVISOR, Role.MODEL_OWNER)))
    found.append(oversight.NotAllowed("answer", (Role.SUPERVISOR,)))
    found.append(oversight.OwnRequest())
    found.append(oversight.NoSuchRequest("abc"))
    found.append(oversight.AlreadyAnswered("0190", "approved"))
    found.append(oversight.EmptyText())
    found.append(oversight.SwitchWaiting(uuid.UUID(int=1), "model sha256:ab"))
    from pad_desktop.service import cluster_run, partition

    found.append(cluster_run.ClusterError("cluster.unreachable", address="tcp://x:1", reason="r"))
    found.append(cluster_run.ClusterError("cluster.already_run", path="a.csv", batch="0192"))
    from pad_desktop.service.decision_service import DecidedOnCluster

    found.append(DecidedOnCluster("a.csv", "0192"))
    found.append(partition.BundleMismatch("a" * 64, "b" * 64))
    found.append(partition.WorkerDatabase("cluster.worker_no_database", target="pg://h/db"))
    return found


def _worded_classes() -> set[type]:
    modules = ("service.batch", "model.signature", "service.decision_service", "runtime.settings")
    more = ("drift.defaults", "decisions.refusals", "decisions.schema", "drift.safe_html")
    more = (*more, "model.mlflow_registry")
    more = (*more, "monitoring.texts", "policy.texts", "service.oversight")
    more = (*more, "service.partition", "service.cluster_run")
    for module in (*modules, *more):
        importlib.import_module(f"pad_desktop.{module}")
    importlib.import_module("pad_desktop.gui.batch_child")
    seen, todo = set(), [Worded]
    while todo:
        for kind in todo.pop().__subclasses__():
            seen.add(kind)
            todo.append(kind)
    return seen


def test_every_error_class_is_worded_in_both_languages(scorer, tmp_path) -> None:
    errors = _errors(scorer.signature, tmp_path)
    assert _worded_classes() <= {type(e) for e in errors}, "a new error class needs a case here"
    for exc in errors:
        english, french = describe(exc, "en"), describe(exc, "fr")
        assert english == str(exc) or not isinstance(exc, Worded)
        assert french and french != english, type(exc).__name__
        assert not re.search(r"\{\w*\}", english + french), type(exc).__name__
        assert _english_words(french) == [], (type(exc).__name__, french)
        if isinstance(exc, Worded):  # carried over the batch process's pipe with its key
            assert describe(pickle.loads(pickle.dumps(exc)), "fr") == french


def test_an_error_names_what_the_officer_knows(scorer, tmp_path) -> None:
    from pad_desktop.service.batch import MissingColumnsError
    from pad_desktop.service.decision_service import LogClosed

    missing = MissingColumnsError(["age_in_years"], scorer.signature)
    assert "« Âge » (age_in_years)" in describe(missing, "fr")
    assert describe(LogClosed(), "fr").startswith("Le registre des décisions n'est pas ouvert")


def test_a_float_blank_is_written_as_the_language_writes_numbers() -> None:
    from pad_desktop.drift import DriftError

    error = DriftError("drift.bad_threshold", threshold=1.5)
    assert "1,5" in describe(error, "fr") and "1.5" in describe(error, "en")


def test_every_keyed_error_is_raised_with_a_key_of_the_catalogue() -> None:
    """A raise site of a keyed error names a sentence of the catalogue (never an English text
    of its own, which would reach a French officer as it is)."""
    import ast

    from pad_desktop.texts import known

    prefixes = {  # error class (or constructor) -> the area its keys belong to
        "BundleError": "bundle.", "no_bundle": "bundle.", "CsvFormatError": "", "OutputError": "",
        "ResultsNotWritten": "", "SettingsError": "", "DriftError": "", "BatchProcessError": "",
        "RegistryError": "", "UnsafeReport": "", "ErasureRefused": "",
    }  # fmt: skip
    root = Path(__file__).resolve().parents[2] / "pad_desktop"
    bad = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in prefixes:
                continue
            first = node.args[0]
            is_key = isinstance(first, ast.Constant) and known(prefixes[name] + str(first.value))
            if not is_key and not isinstance(first, ast.Name):  # a Name: a key passed along
                bad.append(f"{path.relative_to(root)}:{node.lineno} {name}")
    assert bad == []


def test_an_area_registered_in_one_line_words_its_own_errors(monkeypatch) -> None:
    """Another area's module, shaped as the brief says, and its HubError-like error: one line
    of AREAS and `describe` words it, its keys unprefixed."""
    import sys
    import types

    import pad_desktop.texts as catalogue_module

    texts = types.ModuleType("pad_desktop.elsewhere.texts")
    texts.TEXTS = {"gone": {"en": "Case {ref} is gone.", "fr": "Le dossier {ref} a disparu."}}
    monkeypatch.setitem(sys.modules, "pad_desktop.elsewhere.texts", texts)
    monkeypatch.setitem(catalogue_module.AREAS, "elsewhere", "pad_desktop.elsewhere.texts")
    catalogue_module.area.cache_clear()

    class Gone(Exception):
        def __init__(self, key: str, **values: object) -> None:
            self.key, self.values = key, values
            super().__init__(key)

    Gone.__module__ = "pad_desktop.elsewhere.errors"
    try:
        assert describe(Gone("gone", ref="C-7"), "fr") == "Le dossier C-7 a disparu."
        assert text("elsewhere.gone", "en", ref="C-7") == "Case C-7 is gone."
    finally:
        catalogue_module.area.cache_clear()
