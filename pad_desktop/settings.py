"""One settings object for every face of the app: environment, `.env`, then the user's preferences.

The variable names are the original service's (`DATABASE_URL`, `HF_REPO_ID`, ...), so its
deployment files keep working. The object is built once (`get_settings`); the desktop puts the
officer's preferences on top with `Settings.with_preferences` and `use_settings`, never through
`os.environ`, so no secret reaches a child process's environment.
"""

from __future__ import annotations

import getpass
import socket
from typing import Any

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def os_account() -> str:
    """The operating-system login: always recorded, whatever display name the officer set."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers and services
        return "unknown"


class Settings(BaseSettings):
    """Application settings; every field can be set from the environment or `.env`."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    model_path: str | None = Field(default=None, validation_alias="PAD_MODEL")
    # The officer's display name (Preferences or PAD_OFFICER); recorded beside the OS account.
    officer_name: str = Field(default="", validation_alias="PAD_OFFICER")
    workstation: str = Field(default_factory=socket.gethostname, validation_alias="PAD_WORKSTATION")
    hf_repo_id: str | None = Field(default=None, validation_alias="HF_REPO_ID")
    hf_revision: str = Field(default="main", validation_alias="HF_REVISION")
    hf_filename: str | None = Field(default=None, validation_alias="HF_FILENAME")
    hf_endpoint: str = Field(default="https://huggingface.co", validation_alias="HF_ENDPOINT")
    hf_token: str | None = Field(
        default=None, validation_alias=AliasChoices("HUGGINGFACE_TOKEN", "HF_TOKEN")
    )
    hub_timeout: float | None = Field(default=None, validation_alias="PAD_HUB_TIMEOUT")
    hub_max_bytes: int | None = Field(default=None, validation_alias="PAD_HUB_MAX_BYTES", gt=0)
    mlflow_tracking_uri: str | None = Field(default=None, validation_alias="MLFLOW_TRACKING_URI")
    api_key: str | None = Field(default=None, validation_alias="PAD_API_KEY")
    # Model changes over HTTP (`/reload_model`): off while unset, never the scoring key.
    admin_key: str | None = Field(default=None, validation_alias="PAD_ADMIN_KEY")
    onnx_threads: int = Field(default=0, validation_alias="PAD_ONNX_THREADS")
    # The headless API's limits (0: the API's own defaults, see `api/config.py`).
    api_ack: str = Field(default="durable", validation_alias="PAD_API_ACK")
    api_max_body: int = Field(default=0, ge=0, validation_alias="PAD_API_MAX_BODY")
    api_max_batch_body: int = Field(default=0, ge=0, validation_alias="PAD_API_MAX_BATCH_BODY")
    api_max_in_flight: int = Field(default=0, ge=0, validation_alias="PAD_API_MAX_IN_FLIGHT")
    api_read_timeout: float = Field(default=0.0, ge=0, validation_alias="PAD_API_READ_TIMEOUT")
    api_max_connections: int = Field(default=0, ge=0, validation_alias="PAD_API_MAX_CONNECTIONS")
    api_watch_seconds: float = Field(default=0.0, ge=0, validation_alias="PAD_API_WATCH_SECONDS")
    language: str | None = Field(default=None, validation_alias="PAD_LANGUAGE")
    data_dir: str | None = Field(default=None, validation_alias="PAD_DATA_DIR")
    cache_dir: str | None = Field(default=None, validation_alias="PAD_CACHE_DIR")
    # The same case with the same inputs within this many seconds is the decision already made.
    repeat_window_s: float = Field(default=600.0, validation_alias="PAD_REPEAT_WINDOW")
    # Half-width of the "refer for review" band around the threshold (None: the bundle's).
    review_band: float | None = Field(
        default=None, ge=0.0, lt=0.5, validation_alias="PAD_REVIEW_BAND"
    )

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
        from pad_desktop.secrets import HUB_TOKEN, load_secret

        return load_secret(HUB_TOKEN)

    def with_preferences(self, **preferences: Any) -> Settings:
        """These settings with the officer's non-empty preferences on top."""
        chosen = {k: v for k, v in preferences.items() if v not in (None, "")}
        unknown = set(chosen) - set(type(self).model_fields)
        if unknown:
            raise ValueError(f"unknown settings: {sorted(unknown)}")
        return self.model_copy(update=chosen)


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
