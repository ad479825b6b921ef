"""Drift reads the log as data: the reference applicants scored from a French Excel batch
(French labels, decimal commas, ';', Windows-1252) are recorded with the model's values, so
the drift report against that same reference finds no drift (real Evidently, real log)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.decisions.records import Source
from pad_desktop.drift import run_drift
from pad_desktop.model.active import ActiveModel
from pad_desktop.model.bundle import load_bundle
from pad_desktop.service.decision_service import DecisionService

# A period that holds any record this test writes, whatever the day: the report's own clock
# is an input too.
SINCE, UNTIL = datetime(2000, 1, 1, tzinfo=UTC), datetime(2200, 1, 1, tzinfo=UTC)


def _french_file(bundle_dir: Path, path: Path) -> int:
    bundle = load_bundle(bundle_dir)
    reference = bundle.reference()
    signature = bundle.signature
    lines = [";".join(["Référence dossier", *signature.names])]
    for i, row in enumerate(reference[signature.names].itertuples(index=False)):
        cells = [f"REF-{i:05d}"]
        for spec, value in zip(signature.fields, row, strict=True):
            if spec.categories:
                cells.append(spec.category_label(value, "fr"))
            else:
                cells.append(f"{float(value):.2f}".replace(".", ","))
        lines.append(";".join(cells))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return len(lines) - 1


def test_a_french_batch_of_the_reference_applicants_shows_no_drift(
    default_bundle_dir: Path, tmp_path: Path
) -> None:
    source = tmp_path / "reference_fr.csv"
    rows = _french_file(default_bundle_dir, source)
    with DecisionLog.open() as log:
        service = DecisionService(ActiveModel(str(default_bundle_dir)), log)
        summary = service.score_file(source, tmp_path / "out.csv", id_column="Référence dossier")
        assert summary.scored == rows and summary.rows_with_errors == 0
        assert log.count(HistoryFilter(source=Source.BATCH)) == rows
        report = run_drift(
            service.scorer.bundle,
            log,
            SINCE,
            UNTIL,
            out_dir=tmp_path / "drift",
            record_history=False,
            now=UNTIL,
        )
    assert report.n_rows == rows
    assert report.n_drifted == 0, [f.column for f in report.features if f.drifted]
    assert not report.dataset_drift
    assert report.score_psi is not None and report.score_psi < 0.1
