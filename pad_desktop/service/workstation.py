"""The workstation: what a face composes to decide, without a widget.

It owns the model in use, the decision log, the settings (and the identity they give), the
log's last health and the one decision service built on them. A window shows it and forwards
to it (Spyder's plugin/widget split); its steps that block (loading a model, opening a log,
reading the log's health) are plain methods a worker runs, the rest are quick state changes.
No Qt here: it is tested without a window.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from pad_desktop.runtime.identity import Identity

# The window's last MLmodel read, in the user cache folder (`bundle.read_mlmodel`).
MLMODEL_CACHE = "mlmodel.marshal"


def _mlmodel_cache() -> Path | None:
    """Where the window keeps its last MLmodel read; None when the cache folder is unusable
    (the model then loads as without it)."""
    from pad_desktop.runtime.paths import user_cache_dir

    try:
        return user_cache_dir() / MLMODEL_CACHE
    except OSError:
        return None


if TYPE_CHECKING:
    from pad_desktop.decisions import DecisionLog, LogHealth
    from pad_desktop.model.active import ActiveModel
    from pad_desktop.model.scoring import Scorer
    from pad_desktop.runtime.settings import Settings
    from pad_desktop.service.decision_service import DecisionService


@dataclass(frozen=True)
class ModelInfo:
    """What the status bar and the model card show, computed once off the UI thread."""

    name: str
    version: str
    sha256: str
    model_id: str
    path: Path
    threshold: float
    card: str
    warnings: tuple[str, ...]
    card_fr: str = ""  # README.fr.md, or the English card when the bundle has no French one
    policy_en: str = ""  # the lending policy in use, Markdown (`policy.card`)
    policy_fr: str = ""

    @classmethod
    def of(cls, scorer: Scorer, policy: tuple[str, str] | None = None) -> ModelInfo:
        """`policy`: the card's policy section in English and French (by default read and
        compiled now, `policy.card.active_policy_markdowns`)."""
        b = scorer.bundle
        if policy is None:
            from pad_desktop.policy.card import active_policy_markdowns
            from pad_desktop.runtime.settings import get_settings

            policy = active_policy_markdowns(b, get_settings().policy_path, ("en", "fr"))
        policy_en, policy_fr = policy
        return cls(
            b.name,
            b.version,
            b.sha256,
            b.id,
            b.path,
            b.threshold,
            b.card,
            b.warnings,
            b.card_in("fr"),
            policy_en,
            policy_fr,
        )

    def policy_in(self, lang: str) -> str:
        return self.policy_fr if lang == "fr" else self.policy_en

    @property
    def title(self) -> str:
        """ "name version", as History names the model of a decision."""
        return f"{self.name} {self.version}".strip()

    def card_in(self, lang: str) -> str:
        return self.card_fr if lang == "fr" and self.card_fr else self.card


class LogState(StrEnum):
    """The decision log's state in one word, for a face to word and colour."""

    CONNECTED = "connected"
    CONNECTING = "connecting"
    WAITING = "waiting"  # records acknowledged, not yet in the shared database
    OFFLINE = "offline"  # waiting, and the database does not answer
    DISCONNECTED = "disconnected"
    REFUSED = "refused"  # records the database refused, or waiting for another address


def log_state(health: LogHealth) -> LogState:
    if health.rejected or health.elsewhere:
        return LogState.REFUSED
    if health.pending:
        return LogState.WAITING if health.connected else LogState.OFFLINE
    if health.connected:
        return LogState.CONNECTED
    return LogState.CONNECTING if health.last_error is None else LogState.DISCONNECTED


def onnx_threads(settings: Settings) -> int:
    """ONNX Runtime threads for a desktop: the setting, else every core but one for the UI."""
    configured = settings.onnx_threads
    return configured if configured > 0 else max(1, (os.cpu_count() or 2) - 1)


class Workstation:
    """`service` is None until a model is loaded; `log` None while the log is closed or
    reopening (nothing can be decided then)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.service: DecisionService | None = None
        self.model_info: ModelInfo | None = None
        # sha256 -> "name version" of every model loaded in this session (History names them).
        self.model_names: dict[str, str] = {}
        self.health: LogHealth | None = None  # the last read
        self._log: DecisionLog | None = None

    # -- what the faces read ----------------------------------------------------------------
    @property
    def log(self) -> DecisionLog | None:
        return self._log

    @property
    def identity(self) -> Identity:
        return Identity.from_settings(self.settings)

    @property
    def active_model(self) -> ActiveModel | None:
        return None if self.service is None else self.service.active

    @property
    def scorer(self) -> Scorer | None:
        return None if self.service is None else self.service.scorer

    @property
    def can_decide(self) -> bool:
        return self.service is not None and self._log is not None

    # -- blocking steps (a worker runs them) ------------------------------------------------
    def load_model(self, path: str | None, *, check: bool = True) -> tuple[ActiveModel, ModelInfo]:
        """Load a bundle (the configured one when `path` is None); `attach_model` uses it.
        `check=False`: its bundle check is left to `verify_model` (nothing scores before)."""
        from pad_desktop.model.active import ActiveModel

        model = ActiveModel(
            path, threads=onnx_threads(self.settings), check=check, mlmodel_cache=_mlmodel_cache()
        )
        if check:
            return model, ModelInfo.of(model.scorer)
        from pad_desktop.policy.card import pending_policy_markdowns

        return model, ModelInfo.of(model.scorer, pending_policy_markdowns(("en", "fr")))

    def verify_model(self, active: ActiveModel) -> ModelInfo:
        """What `load_model(check=False)` left: the bundle's check (`BundleError` when it
        fails), then the lending policy compiled once, for the service and the model card."""
        scorer = active.scorer
        scorer.verify()
        from pad_desktop.policy.card import active_policy_markdowns

        service = self.service
        if service is not None and service.active is active:  # it keeps what it compiles
            resolve = lambda _bundle, _configured: service.policy(scorer)  # noqa: E731
        else:
            resolve = None
        policy = active_policy_markdowns(
            scorer.bundle, self.settings.policy_path, ("en", "fr"), resolve
        )
        return ModelInfo.of(scorer, policy)

    def open_log(self, database_url: str | None = None) -> DecisionLog:
        """Open the log at `database_url` (the settings' by default; none: the embedded one)."""
        from pad_desktop.decisions import DecisionLog

        url = self.settings.database_url if database_url is None else database_url
        return DecisionLog.open(database_url=url or None)

    def read_health(self) -> LogHealth | None:
        """The log's health now (None while it is closed), kept as `health`."""
        log = self._log
        if log is None:
            return None
        self.health = log.health()
        return self.health

    # -- state changes ----------------------------------------------------------------------
    def attach_model(self, active: ActiveModel, info: ModelInfo) -> DecisionService:
        """The decision service on this model and the log open now (or later)."""
        from pad_desktop.service.decision_service import DecisionService

        self.service = DecisionService(active, self._log, self.identity, self.settings)
        self.model_changed(info)
        return self.service

    def detach_model(self) -> None:
        """No model in use (its bundle failed its check): nothing is decided until another
        is attached."""
        if self.service is not None:
            self.service.close()
        self.service = None
        self.model_info = None

    def model_changed(self, info: ModelInfo) -> None:
        """The model in use is now `info`'s (loaded, switched to, or installed from the Hub)."""
        self.model_info = info
        self.model_names[info.sha256] = info.title

    def know_models(self, names: dict[str, str]) -> None:
        """Names of other models this workstation has; the one in use keeps its own."""
        for sha256, name in names.items():
            self.model_names.setdefault(sha256, name)

    def set_log(self, log: DecisionLog | None) -> DecisionLog | None:
        """Decide through `log` from now on (None: closed); returns the previous one."""
        previous, self._log = self._log, log
        if self.service is not None:
            self.service.log = log
        if log is None:
            self.health = None
        return previous

    def use_settings(self, settings: Settings) -> bool:
        """Decide with `settings` from now on (the officer's name, the database); True when
        the log must be reopened at the new database address."""
        old, self.settings = self.settings, settings
        if self.service is not None:
            self.service.settings = settings
            self.service.identity = self.identity
        return settings.database_url != old.database_url

    def close(self, timeout: float = 3.0) -> None:
        """Stop the service and close the log (records waiting stay in the local outbox)."""
        if self.service is not None:
            self.service.close()
        log = self.set_log(None)
        if log is not None:
            log.close(timeout=timeout)
