"""One settings object for every face of the app: environment, `.env`, then GUI preferences.

The variable names are the original service's (`DATABASE_URL`, `HF_REPO_ID`, ...), so its
deployment files keep working.
"""

from __future__ import annotations

import getpass
import socket
from functools import lru_cache

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_officer() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers and services
        return "unknown"


class Settings(BaseSettings):
    """Application settings; every field can be set from the environment or `.env`."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    model_path: str | None = Field(default=None, validation_alias="PAD_MODEL")
    officer: str = Field(default_factory=_default_officer, validation_alias="PAD_OFFICER")
    workstation: str = Field(default_factory=socket.gethostname, validation_alias="PAD_WORKSTATION")
    hf_repo_id: str | None = Field(default=None, validation_alias="HF_REPO_ID")
    hf_revision: str = Field(default="main", validation_alias="HF_REVISION")
    hf_filename: str | None = Field(default=None, validation_alias="HF_FILENAME")
    hf_endpoint: str = Field(default="https://huggingface.co", validation_alias="HF_ENDPOINT")
    hf_token: str | None = Field(
        default=None, validation_alias=AliasChoices("HUGGINGFACE_TOKEN", "HF_TOKEN")
    )
    mlflow_tracking_uri: str | None = Field(default=None, validation_alias="MLFLOW_TRACKING_URI")
    api_key: str | None = Field(default=None, validation_alias="PAD_API_KEY")
    onnx_threads: int = Field(default=0, validation_alias="PAD_ONNX_THREADS")
    language: str | None = Field(default=None, validation_alias="PAD_LANGUAGE")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
