"""The plain functions the window runs on workers: no Qt here, each takes `state` last.

Keeping them apart from the widgets lets the tests and the benchmark call exactly what the
window runs, and keeps every blocking call (ONNX, database, files) off the UI thread.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pad_desktop.decisions.records import (
    DecisionRecord,
    NoticeRecord,
    Outcome,
    OverrideRecord,
    Source,
)
from pad_desktop.runtime.tasks import TaskState
from pad_desktop.service.workstation import ModelInfo, Workstation, onnx_threads

if TYPE_CHECKING:
    from pad_desktop.decisions import DecisionLog, LogHealth
    from pad_desktop.model.active import ActiveModel
    from pad_desktop.model.explain import Explanation
    from pad_desktop.service.decision_service import Decision, DecisionService
    from pad_desktop.service.notice import NoticeContent


def gui_onnx_threads() -> int:
    """ONNX Runtime threads for the window: the setting, else every core but one for the UI."""
    from pad_desktop.runtime.settings import get_settings

    return onnx_threads(get_settings())


def load_model(
    ws: Workstation, path: str | None, *, state: TaskState, check: bool = True
) -> tuple[ActiveModel, ModelInfo]:
    """Load the active bundle (numpy, ONNX Runtime: the form's widgets import on the UI thread,
    see `LATER_MODULES`). `check=False`: its bundle check is left to `verify_model`."""
    return ws.load_model(path, check=check)


def verify_model(ws: Workstation, active: ActiveModel, *, state: TaskState) -> ModelInfo:
    """What the start left until the form was shown: the bundle's check (`BundleError` if it
    fails: the model then scores nothing) and the lending policy's compilation."""
    return ws.verify_model(active)


# What Batch and History need beyond Qt, imported on a worker once the form is up. Never a
# module that touches PySide6 (our widgets, pyqtgraph): PySide creates its types and enums on
# first use, and that is not thread-safe. pyqtgraph's import walks every Qt name on a worker
# while the UI thread painted the gauge, and the window crashed at start (about one start in
# eight on this machine).
LATER_MODULES = (
    "pandas",
    "pyarrow.csv",
    "pad_desktop.service.batch",
    "pad_desktop.decisions.queries",
)


def load_later_tabs(*, state: TaskState) -> dict[str, str]:
    """Import `LATER_MODULES` (seconds here); return the name and version of every model this
    workstation has (sha256 -> "name version"), so that History names the models of older
    decisions too, not only the one in use."""
    import importlib

    for name in LATER_MODULES:
        importlib.import_module(name)
    return known_model_names()


def known_model_names() -> dict[str, str]:
    """sha256 -> "name version" of the shipped model and of every installed version; a
    folder of the store that does not load as a bundle is left out (History then shows the
    decision's model id)."""
    from pad_desktop.hub.errors import HubError
    from pad_desktop.hub.store import ModelStore
    from pad_desktop.model.bundle import BundleError, load_bundle

    names: dict[str, str] = {}
    try:
        versions = ModelStore().list()
    except (HubError, OSError, ValueError):
        return names
    for version in versions:
        try:
            bundle = load_bundle(version.path)
        except (BundleError, OSError, ValueError):
            continue
        names[bundle.sha256] = f"{bundle.name} {bundle.version}".strip()
    return names


def open_log(ws: Workstation, *, state: TaskState) -> DecisionLog:
    """The log at the workstation's settings' address."""
    return ws.open_log()


def reopen_log(ws: Workstation, old: DecisionLog | None, *, state: TaskState) -> DecisionLog:
    if old is not None:
        old.close(timeout=2.0)
    return ws.open_log()


def log_health(ws: Workstation, *, state: TaskState) -> LogHealth | None:
    return ws.read_health()


def check_database(url: str, *, state: TaskState) -> str:
    """Connect to `url` and read its schema revision; raise if unreachable. Returns a summary."""
    from pad_desktop.decisions import database_status

    found = database_status(url)
    if not found.up_to_date:
        return f"behind:{found.current or 'empty'}:{found.head}"
    return "ok"


class Turns:
    """The form's decisions one at a time, in the order the officer asked for them (a pool's
    workers start in no set order): a second Enter waits for the first decision to be recorded,
    and the service answers it with that decision (repeated)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._issued = self._serving = 0

    def take(self) -> int:
        """A ticket, taken when the decision is asked for (on the UI thread)."""
        with self._changed:
            self._issued += 1
            return self._issued - 1

    @contextlib.contextmanager
    def turn(self, ticket: int) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: self._serving == ticket)
        try:
            yield
        finally:
            with self._changed:
                self._serving += 1
                self._changed.notify_all()


def decide(
    service: DecisionService,
    turns: Turns,
    ticket: int,
    values: dict[str, Any],
    *,
    case_ref: str,
    decimal: str,
    lang: str,
    state: TaskState,
) -> Decision:
    """One form decision through the decision service, recorded before it is shown, in its
    turn (`Turns`)."""
    with turns.turn(ticket):
        return service.decide(
            values, case_ref=case_ref, source=Source.FORM, decimal=decimal, lang=lang
        )


def explain(
    service: DecisionService, values: dict[str, Any], *, lang: str, state: TaskState
) -> Explanation:
    """The explanation of a recorded decision, from its validated inputs (nothing recorded)."""
    return service.explain(values, lang)


def simulate(
    service: DecisionService, values: dict[str, Any], *, lang: str, state: TaskState
) -> Explanation:
    """A what-if evaluation: scored and explained, never a decision, never recorded."""
    return service.simulate(values, lang)


def override(
    service: DecisionService,
    record: DecisionRecord,
    new_decision: Outcome | None,
    justification: str,
    *,
    state: TaskState,
) -> OverrideRecord:
    """An override, or a review (`new_decision` None: the model's decision kept)."""
    kind = "override" if new_decision is not None else "review"
    return service.override(record, new_decision, justification, kind=kind)


def record_notice(
    service: DecisionService, content: NoticeContent, kind: str, *, state: TaskState
) -> NoticeRecord:
    """Record a notice as issued (before the window hands it over)."""
    return service.record_notice(content, kind)


def switch_model(service: DecisionService, path: str, *, state: TaskState) -> ModelInfo:
    """Make `path` the model in use; the service records the switch as a model event."""
    return ModelInfo.of(service.switch_model(path, kind="use"))


def read_applicant(path: str, *, state: TaskState) -> dict[str, Any]:
    """An applicant JSON: `{field: value}`, or MLflow's `{"columns": [...], "data": [[...]]}`."""
    data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    if isinstance(data, dict) and "dataframe_split" in data:
        data = data["dataframe_split"]
    if isinstance(data, dict) and "columns" in data and "data" in data:
        return dict(zip(data["columns"], data["data"][0], strict=False))
    if not isinstance(data, dict):
        raise ValueError("The file does not hold one applicant (a JSON object of field: value).")
    return data


def write_applicant(path: str, values: dict[str, Any], *, state: TaskState) -> str:
    text = json.dumps(values, ensure_ascii=False, indent=2)
    Path(path).write_text(text + "\n", encoding="utf-8")
    return path


def copy_file(source: Path, target: str, *, state: TaskState) -> str:
    shutil.copyfile(source, target)
    return target
