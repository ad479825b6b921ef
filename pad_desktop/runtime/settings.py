"""One settings object for every face of the app: environment, `.env`, then the user's preferences.

The variable names are the original service's (`DATABASE_URL`, `HF_REPO_ID`, ...), so its
deployment files keep working. The object is built once (`get_settings`); the desktop puts the
officer's preferences on top with `Settings.with_preferences` and `use_settings`, never through
`os.environ`, so no secret reaches a child process's environment.
"""

from __future__ import annotations

import copy
import getpass
import math
import os
import socket
import typing
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any

from pad_desktop.texts import Phrase, Worded

# Read by hand rather than with pydantic-settings: the window builds its settings on the UI
# thread before anything shows, and pydantic-settings took ~0.6-0.9 s of that to import here.
ENV_FILE = ".env"


class SettingsError(Worded, ValueError):
    """A setting's value that cannot be used, named by its variable (`settings.*` sentences)."""


def os_account() -> str:
    """The operating-system login: always recorded, whatever display name the officer set."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers and services
        return "unknown"


def setting(
    default: Any,
    *names: str,
    factory: Callable[[], Any] | None = None,
    at_least: float | None = None,
    above: float | None = None,
    below: float | None = None,
) -> Any:
    """A field read from the environment variables `names` (the first one set wins), within
    the bounds given (None always passes)."""
    meta = {"names": names, "bounds": (at_least, above, below)}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


def _bounds_rule(
    value: float, at_least: float | None, above: float | None, below: float | None
) -> Phrase | None:
    """What `value` breaks, as a phrase ("0 or more"), or None."""
    if at_least is not None and below is not None:
        inside = at_least <= value < below
        return None if inside else Phrase("settings.from_to", {"low": at_least, "high": below})
    if at_least is not None:
        return None if value >= at_least else Phrase("settings.at_least", {"low": at_least})
    if above is not None:
        return None if value > above else Phrase("settings.above", {"low": above})
    return None


@dataclass(init=False)
class Settings:
    """Application settings; every field can be set from the environment or `.env`.

    `Settings(**values)`: the environment and `.env` with `values` on top, like the original
    service's pydantic settings (names matched regardless of case; the environment wins over
    `.env`; unknown variables ignored).
    """

    database_url: str | None = setting(None, "DATABASE_URL")
    model_path: str | None = setting(None, "PAD_MODEL")
    # The decision policy (a policy file; "none": no policy); unset: the bundle's, else the
    # shipped one (`policy.load.resolve_policy`).
    policy_path: str | None = setting(None, "PAD_POLICY")
    # The officer's display name (Preferences or PAD_OFFICER); recorded beside the OS account.
    officer_name: str = setting("", "PAD_OFFICER")
    workstation: str = setting(None, "PAD_WORKSTATION", factory=socket.gethostname)
    hf_repo_id: str | None = setting(None, "HF_REPO_ID")
    hf_revision: str = setting("main", "HF_REVISION")
    hf_filename: str | None = setting(None, "HF_FILENAME")
    hf_endpoint: str = setting("https://huggingface.co", "HF_ENDPOINT")
    hf_token: str | None = setting(None, "HUGGINGFACE_TOKEN", "HF_TOKEN")
    hub_timeout: float | None = setting(None, "PAD_HUB_TIMEOUT")
    hub_max_bytes: int | None = setting(None, "PAD_HUB_MAX_BYTES", above=0)
    mlflow_tracking_uri: str | None = setting(None, "MLFLOW_TRACKING_URI")
    api_key: str | None = setting(None, "PAD_API_KEY")
    # Model changes over HTTP (`/reload_model`): off while unset, never the scoring key.
    admin_key: str | None = setting(None, "PAD_ADMIN_KEY")
    onnx_threads: int = setting(0, "PAD_ONNX_THREADS")
    # The headless API's limits (0: the API's own defaults, see `api/config.py`).
    api_ack: str = setting("durable", "PAD_API_ACK")
    api_max_body: int = setting(0, "PAD_API_MAX_BODY", at_least=0)
    api_max_batch_body: int = setting(0, "PAD_API_MAX_BATCH_BODY", at_least=0)
    api_max_in_flight: int = setting(0, "PAD_API_MAX_IN_FLIGHT", at_least=0)
    api_read_timeout: float = setting(0.0, "PAD_API_READ_TIMEOUT", at_least=0)
    api_max_connections: int = setting(0, "PAD_API_MAX_CONNECTIONS", at_least=0)
    api_watch_seconds: float = setting(0.0, "PAD_API_WATCH_SECONDS", at_least=0)
    language: str | None = setting(None, "PAD_LANGUAGE")
    data_dir: str | None = setting(None, "PAD_DATA_DIR")
    cache_dir: str | None = setting(None, "PAD_CACHE_DIR")
    # The same case with the same inputs within this many seconds is the decision already made.
    repeat_window_s: float = setting(600.0, "PAD_REPEAT_WINDOW")
    # How long an applicant's personal inputs are kept after a decision (`privacy purge`).
    retention_days: int = setting(1825, "PAD_RETENTION_DAYS", above=0)
    # Half-width of the "refer for review" band around the threshold (None: the bundle's).
    review_band: float | None = setting(None, "PAD_REVIEW_BAND", at_least=0, below=0.5)
    # An officer's delegation (four eyes): approving a refused applicant whose probability
    # exceeds the threshold by more than this, or an amount above `delegation_amount`, waits
    # for a supervisor. The shared database's own delegation (`pad_delegation`) wins over it.
    delegation_band: float = setting(0.05, "PAD_DELEGATION_BAND", at_least=0, below=1)
    delegation_amount: float | None = setting(None, "PAD_DELEGATION_AMOUNT", above=0)
    delegation_amount_field: str = setting("credit_amount", "PAD_DELEGATION_AMOUNT_FIELD")
    # How old the stop switch's state may be, in seconds (every case referred within 5 s).
    control_ttl_s: float = setting(2.0, "PAD_CONTROL_TTL", at_least=0)

    def __init__(self, **values: Any) -> None:
        unknown = set(values) - set(_KINDS)
        if unknown:
            raise TypeError(f"unknown settings: {sorted(unknown)}")
        read = _read_environment()
        for f in fields(self):
            if f.name in values:
                value = _checked(f.name, values[f.name])
            elif f.name in read:
                value = read[f.name]
            elif f.default is not MISSING:
                value = f.default
            else:
                value = f.default_factory()  # type: ignore[misc]
            setattr(self, f.name, value)

    @property
    def os_account(self) -> str:
        return os_account()

    @property
    def officer(self) -> str:
        """Who the records name as officer: the display name, else the OS account."""
        return self.officer_name.strip() or self.os_account

    def hub_token(self) -> str | None:
        """The Hub token: the environment's, else the one saved in the keyring (GUI or CLI)."""
        if self.hf_token:
            return self.hf_token
        from pad_desktop.runtime.secrets import HUB_TOKEN, load_secret

        return load_secret(HUB_TOKEN)

    def with_preferences(self, **preferences: Any) -> Settings:
        """These settings with the officer's non-empty preferences on top."""
        chosen = {k: v for k, v in preferences.items() if v not in (None, "")}
        unknown = set(chosen) - set(_KINDS)
        if unknown:
            raise ValueError(f"unknown settings: {sorted(unknown)}")
        updated = copy.copy(self)
        for name, value in chosen.items():
            setattr(updated, name, _checked(name, value))
        return updated


# field name -> (the type its text is read as, whether None is allowed)
_KINDS: dict[str, tuple[type, bool]] = {}
for _name, _hint in typing.get_type_hints(Settings).items():
    _args = typing.get_args(_hint)
    _KINDS[_name] = (_args[0], True) if _args else (_hint, False)
_FIELDS = {f.name: f for f in fields(Settings)}


def _checked(name: str, value: Any, source: str | None = None) -> Any:
    """`value` (text from the environment, or a Python value) as the field's type, or a
    `SettingsError` that names `source` (the variable, or the field)."""
    source = source or name
    kind, optional = _KINDS[name]
    given = value  # quoted as it was written
    if value is None:
        if not optional:
            raise SettingsError("settings.required", source=source)
        return None
    if isinstance(value, str) and kind is not str:
        text = value.strip()
        if text == "" and optional:
            return None
        try:
            value = kind(text)
        except ValueError:
            what = "settings.not_whole" if kind is int else "settings.not_number"
            raise SettingsError(what, source=source, value=repr(value)) from None
    elif kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise SettingsError(
            "settings.not_kind", source=source, value=repr(given), kind=kind.__name__
        )
    if kind is float and not math.isfinite(value):
        raise SettingsError("settings.not_finite", source=source, value=repr(given))
    broken = _bounds_rule(value, *_FIELDS[name].metadata["bounds"])
    if broken is not None:
        raise SettingsError("settings.out_of_bounds", source=source, value=repr(given), rule=broken)
    return value


def _read_environment() -> dict[str, Any]:
    """The fields set by the environment, else by `.env` in the working folder."""
    env = {k.lower(): v for k, v in os.environ.items()}
    dotenv = {k.lower(): v for k, v in _dotenv_values(Path(ENV_FILE)).items() if v is not None}
    read: dict[str, Any] = {}
    for f in _FIELDS.values():
        for source in (env, dotenv):
            name = next((n for n in f.metadata["names"] if n.lower() in source), None)
            if name is not None:
                read[f.name] = _checked(f.name, source[name.lower()], name)
                break
    return read


def _dotenv_values(path: Path) -> dict[str, str | None]:
    if not path.is_file():
        return {}
    from dotenv import dotenv_values  # python-dotenv: the parser pydantic-settings used

    return dict(dotenv_values(path))


_current: Settings | None = None


def get_settings() -> Settings:
    """The process-wide settings: built once from the environment, or as `use_settings` set."""
    global _current
    if _current is None:
        _current = Settings()
    return _current


def use_settings(settings: Settings | None) -> None:
    """Make `settings` the process's settings (None: read the environment again on next use)."""
    global _current
    _current = settings


get_settings.cache_clear = lambda: use_settings(None)  # type: ignore[attr-defined]
