"""A decision record for tests, importable without the heavy libraries (a child process that
checks what opening the log imports uses it)."""

from __future__ import annotations

from pad_desktop.decisions.records import DecisionRecord, Outcome, Source


def make_record(**changes: object) -> DecisionRecord:
    fields: dict[str, object] = {
        "officer": "alice",
        "workstation": "ws-1",
        "source": Source.FORM,
        "model_id": "german-credit@1",
        "model_sha256": "0" * 64,
        "inputs": {"id": "APP-1", "credit_amount": 1200, "purpose": "car (new)"},
        "score": 0.2,
        "threshold": 0.5,
        "decision": Outcome.APPROVED,
        "reasons": ["credit_amount"],
        "latency_ms": 3.0,
    }
    fields.update(changes)
    return DecisionRecord(**fields)  # type: ignore[arg-type]
