"""The decision log: every decision in a shared PostgreSQL (or an embedded SQLite), nothing lost.

    log = DecisionLog.open()          # DATABASE_URL from the settings, else SQLite in the data dir
    log.record(decision_record)       # durable locally when it returns
    log.history(HistoryFilter(officer="alice"))

Core package: no Qt, no FastAPI. The faces use these public names (an import contract keeps
them out of the submodules, which only the service and `pad-desktop db` assemble).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pad_desktop.runtime.lazy_names import lazy_names

if TYPE_CHECKING:
    from pad_desktop.decisions.group_commit import WriterClosed
    from pad_desktop.decisions.log import DecisionLog, LogAddress, LogHealth, StoreUnreadable
    from pad_desktop.decisions.queries import HistoryFilter, StoredDecision
    from pad_desktop.decisions.records import DecisionBatch, new_decision_ids
    from pad_desktop.decisions.refusals import RecordRefused
    from pad_desktop.decisions.schema import (
        EXIT_SCHEMA,
        SchemaBehind,
        SchemaStatus,
        database_status,
    )

# Imported on first use: the log pulls in SQLAlchemy (~1 s here), which a dry-run batch or a
# face that only encodes records (`decisions.encode`) never needs.
_HOMES = {
    "DecisionLog": "pad_desktop.decisions.log",
    "LogAddress": "pad_desktop.decisions.log",
    "WriterClosed": "pad_desktop.decisions.group_commit",
    "RecordRefused": "pad_desktop.decisions.refusals",
    "EXIT_SCHEMA": "pad_desktop.decisions.schema",
    "database_status": "pad_desktop.decisions.schema",
    "LogHealth": "pad_desktop.decisions.log",
    "StoreUnreadable": "pad_desktop.decisions.log",
    "HistoryFilter": "pad_desktop.decisions.queries",
    "StoredDecision": "pad_desktop.decisions.queries",
    "SchemaBehind": "pad_desktop.decisions.schema",
    "SchemaStatus": "pad_desktop.decisions.schema",
    "DecisionBatch": "pad_desktop.decisions.records",
    "new_decision_ids": "pad_desktop.decisions.records",
}


__getattr__ = lazy_names(__name__, _HOMES)


__all__ = [
    "EXIT_SCHEMA",
    "DecisionBatch",
    "DecisionLog",
    "HistoryFilter",
    "LogAddress",
    "LogHealth",
    "RecordRefused",
    "SchemaBehind",
    "SchemaStatus",
    "StoreUnreadable",
    "StoredDecision",
    "WriterClosed",
    "database_status",
    "new_decision_ids",
]
