"""The lending policy's part of a decision is in the hash chain, in both stores: what the
client hashed is what `db verify` rebuilds from JSONB and from SQLite, and an edit is caught."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import psycopg

from pad_desktop.decisions import DecisionLog, schema
from pad_desktop.decisions.local_store import STORE_FILE
from pad_desktop.decisions.records import Source
from pad_desktop.decisions.verify import verify
from pad_desktop.model.active import ActiveModel
from pad_desktop.model.scoring import Scorer
from pad_desktop.policy.load import shipped_policy_path
from pad_desktop.runtime.settings import Settings
from pad_desktop.service.decision_service import DecisionService, Identity


def _decide(url: str, data_dir: Path, bundle: Path) -> str:
    log = DecisionLog.open(url, data_dir=data_dir)
    scorer = Scorer.from_path(str(bundle))
    settings = Settings(policy_path=str(shipped_policy_path()))
    service = DecisionService(ActiveModel.of(scorer), log, Identity("a", "b"), settings)
    example = scorer.signature.example
    refused = service.decide({**example, "age_in_years": 17}, case_ref="C-1")
    service.decide({**example, "monthly_income": "1234.56", "monthly_charges": "1e-05"})
    rows = [{**example, "duration_in_month": 130}, {**example, "monthly_income": "0"}]
    service.decide_frame(pd.DataFrame(rows), source=Source.API)
    assert log.flush(timeout=20)
    log.close()
    return str(refused.id)


def test_policy_verdicts_verify_in_postgresql_and_sqlite(
    pg_url: str, tmp_path: Path, default_bundle_dir: Path
) -> None:
    for url in (pg_url, f"sqlite:///{tmp_path / STORE_FILE}"):
        _decide(url, tmp_path / "data", default_bundle_dir)
        engine = schema.create_engine(url)
        report = verify(engine)
        engine.dispose()
        assert report.intact, report.findings[:3]


def test_an_edited_policy_verdict_breaks_the_chain(
    pg_url: str, tmp_path: Path, default_bundle_dir: Path
) -> None:
    refused = _decide(pg_url, tmp_path / "data", default_bundle_dir)
    with psycopg.connect(schema.libpq_url(pg_url), autocommit=True) as conn:
        conn.execute("ALTER TABLE decisions DISABLE TRIGGER USER")
        conn.execute(
            "UPDATE decisions SET policy = jsonb_set(policy, '{effect}', 'null') WHERE id = %s",
            (refused,),
        )
    engine = schema.create_engine(pg_url)
    report = verify(engine)
    engine.dispose()
    assert not report.intact
    assert any(refused in str(f) for f in report.findings)
