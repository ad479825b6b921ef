"""The decision log: every decision in a shared PostgreSQL (or an embedded SQLite), nothing lost.

    log = DecisionLog.open()          # DATABASE_URL from the settings, else SQLite in the data dir
    log.record(decision_record)       # durable locally when it returns
    log.history(HistoryFilter(officer="alice"))

Core package: no Qt, no FastAPI.
"""

from typing import TYPE_CHECKING, Any

from pad_desktop.decisions.log import DecisionLog, LogHealth
from pad_desktop.decisions.schema import SchemaBehind, SchemaStatus
from pad_desktop.records import DecisionBatch, new_decision_ids

if TYPE_CHECKING:
    from pad_desktop.decisions.queries import HistoryFilter, StoredDecision


def __getattr__(name: str) -> Any:
    # The reading side (SQLAlchemy's ORM, 0.3 s of imports) loads when first named, not at
    # every start of the window.
    if name in ("HistoryFilter", "StoredDecision"):
        from pad_desktop.decisions import queries

        return getattr(queries, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "DecisionBatch",
    "DecisionLog",
    "HistoryFilter",
    "LogHealth",
    "SchemaBehind",
    "SchemaStatus",
    "StoredDecision",
    "new_decision_ids",
]
