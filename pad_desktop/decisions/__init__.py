"""The decision log: every decision in a shared PostgreSQL (or an embedded SQLite), nothing lost.

    log = DecisionLog.open()          # DATABASE_URL from the settings, else SQLite in the data dir
    log.record(decision_record)       # durable locally when it returns
    log.history(HistoryFilter(officer="alice"))

Core package: no Qt, no FastAPI.
"""

from pad_desktop.decisions.log import DecisionLog, LogHealth
from pad_desktop.decisions.queries import HistoryFilter, StoredDecision
from pad_desktop.decisions.schema import SchemaBehind, SchemaStatus
from pad_desktop.records import DecisionBatch, new_decision_ids

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
