"""`model use` on evidence: before switching, the last 90 days of decisions are replayed through
the model in use and the one chosen, the report is written and shown, and the switch's model
event has its evidence recorded beside it: the report's sha256."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog
from pad_desktop.decisions.records import Source
from pad_desktop.hub.store import ModelStore
from pad_desktop.model.active import ActiveModel
from pad_desktop.runtime.identity import Identity
from pad_desktop.service.decision_service import DecisionService
from tests.hub.hub_repos import bundle_variant
from tests.monitoring.replayed import SHIPPED


def test_a_switch_shows_its_comparison_and_records_the_report_hash(tmp_path: Path, capsys):
    import pandas as pd

    sample = pd.read_csv(SHIPPED / "reference.csv").head(100)
    with DecisionLog.open() as log:  # recent decisions: the switch compares the last 90 days
        service = DecisionService(ActiveModel(SHIPPED), log, Identity("ann", "ws-1"))
        names = list(service.scorer.signature.names)
        recent = [datetime.now(UTC) - timedelta(days=1)] * len(sample)
        service.decide_frame(sample[names], source=Source.BATCH, created_at=recent)
        service.close()
    ModelStore().install(bundle_variant(tmp_path / "v", threshold=0.3), "t30", {})
    assert main(["model", "compare", "t30"]) == 0  # an installed version, by its name
    assert "100 decisions replayed" in capsys.readouterr().out
    assert main(["model", "use", "t30"]) == 0
    out = capsys.readouterr().out
    assert "100 decisions replayed" in out
    sha = re.search(r"sha256 ([0-9a-f]{64})", out)[1]
    report = Path(re.search(r"Comparison report: (\S+\.html)", out)[1])
    assert "<script" not in report.read_text("utf-8")
    found = json.loads(report.with_suffix(".json").read_text("utf-8"))
    canonical = json.dumps(found, sort_keys=True, separators=(",", ":"))
    assert hashlib.sha256(canonical.encode()).hexdigest() == sha  # the report is the evidence
    with DecisionLog.open() as log:
        (evidence,) = log.switch_evidence()
        (event,) = log.model_events()
    assert evidence[0] == str(event.id) and evidence[1] == sha and event.kind == "use"
    # Without a comparison (asked for): the switch is recorded, with no evidence.
    assert main(["model", "use", "shipped", "--no-compare"]) == 0
    with DecisionLog.open() as log:
        assert len(log.switch_evidence()) == 1 and len(log.model_events()) == 2
