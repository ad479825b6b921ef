"""Evidently's drift report on two frames, and its per-input verdicts read from its public output.

Evidently (~5 s to import) is imported inside these functions only. The verdicts come from the
snapshot's public JSON: with tests included, each input's `ValueDrift` metric carries a
`ValueDriftTest` whose status is FAIL exactly when Evidently calls the input drifted (a p-value
below its threshold, or a distance at or above it), the verdicts its HTML drift table shows.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pad_desktop.drift.summary import FeatureDrift

if TYPE_CHECKING:
    import pandas as pd

VALUE_DRIFT = "evidently:metric_v2:ValueDrift"
DRIFTED_COUNT = "evidently:metric_v2:DriftedColumnsCount"


def evidently_report(
    current: pd.DataFrame,
    reference: pd.DataFrame,
    numerical: list[str],
    categorical: list[str],
    threshold: float,
) -> Any:
    """Evidently's drift and summary presets run on the two frames, tests included."""
    import numpy as np
    from evidently import DataDefinition, Dataset, Report
    from evidently.presets import DataDriftPreset, DataSummaryPreset

    definition = DataDefinition(numerical_columns=numerical, categorical_columns=categorical)
    report = Report(
        [DataDriftPreset(drift_share=threshold), DataSummaryPreset()], include_tests=True
    )
    # A value never seen in the reference makes scipy's chi-square divide by zero: the test
    # still says "drifted", the warning only clutters the console (errstate is per thread).
    with np.errstate(divide="ignore", invalid="ignore"):
        return report.run(
            Dataset.from_pandas(current, data_definition=definition),
            Dataset.from_pandas(reference, data_definition=definition),
        )


def public_output(snapshot: Any) -> dict[str, Any]:
    """The snapshot as Evidently serialises it (`Snapshot.json`, its documented export)."""
    return json.loads(snapshot.json())


def feature_drifts(output: dict[str, Any], numerical: list[str]) -> list[FeatureDrift]:
    """One verdict per input, from the `ValueDrift` metrics and their tests in `output`."""
    verdicts = {
        t["metric_config"]["metric_id"]: t["status"] == "FAIL"
        for t in output.get("tests", [])
        if t.get("metric_config", {}).get("params", {}).get("type") == VALUE_DRIFT
    }
    drifts = []
    for metric in output["metrics"]:
        config = metric["config"]
        if config.get("type") != VALUE_DRIFT:
            continue
        column = config["column"]
        drifts.append(
            FeatureDrift(
                column=column,
                kind="num" if column in numerical else "cat",
                method=str(config["method"]),
                threshold=float(config["threshold"]),
                score=float(metric["value"]),
                drifted=verdicts[metric["id"]],
            )
        )
    return drifts


def drifted_count(output: dict[str, Any]) -> tuple[int, float]:
    """(count, share) of drifted inputs as Evidently's own headline metric gives them."""
    for metric in output["metrics"]:
        if metric["config"].get("type") == DRIFTED_COUNT:
            return int(metric["value"]["count"]), float(metric["value"]["share"])
    raise KeyError("the report holds no DriftedColumnsCount metric")
