"""What the headless API needs to know at start: limits, API key, model and log locations.

Read from the environment (and `.env`) so that every uvicorn worker process, which imports the
app factory on its own, builds the same configuration as `pad-desktop serve` intended.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass

MIB = 1 << 20
LOOPBACK_NAMES = frozenset({"localhost"})
ACK_MODES = ("durable", "queued")


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def _env_str(name: str) -> str | None:
    return os.environ.get(name, "").strip() or None


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    return float(raw) if raw else default


@dataclass(frozen=True)
class ApiConfig:
    """Settings of one API process (all workers of a server share them through the environment)."""

    api_key: str | None = None
    # Model changes over HTTP (`/reload_model`) need this second key; unset, they are off.
    admin_key: str | None = None
    model_path: str | None = None  # None: the active bundle (PAD_MODEL, the store, the shipped one)
    database_url: str | None = None  # None: settings' DATABASE_URL, else the embedded SQLite log
    max_body_bytes: int = MIB  # one applicant
    max_batch_body_bytes: int = 16 * MIB  # /multiple_score (about 20,000 applicants of 18 fields)
    onnx_threads: int = 1  # per worker: parallelism comes from the workers
    max_in_flight: int = 256  # requests handled at once by one worker; more get a JSON 503
    read_timeout: float = 10.0  # seconds for a whole request to arrive (`slow_clients`)
    max_connections: int = 1000  # open connections per worker; more get a JSON 503
    watch_seconds: float = 2.0  # how often a worker checks whether the active model changed
    # durable: an answer leaves once the decision log acknowledged its decision (group commit);
    # queued: at once, the decision follows within milliseconds (lost if the process crashes).
    ack: str = "durable"

    @classmethod
    def from_env(cls) -> ApiConfig:
        from pad_desktop.settings import get_settings

        settings = get_settings()
        return cls(
            api_key=settings.api_key or None,
            # PAD_ADMIN_KEY: read here until Settings has its field (`admin_key`).
            admin_key=getattr(settings, "admin_key", None) or _env_str("PAD_ADMIN_KEY"),
            model_path=settings.model_path,
            database_url=settings.database_url,
            max_body_bytes=_env_int("PAD_API_MAX_BODY", cls.max_body_bytes),
            max_batch_body_bytes=_env_int("PAD_API_MAX_BATCH_BODY", cls.max_batch_body_bytes),
            onnx_threads=settings.onnx_threads or cls.onnx_threads,
            max_in_flight=_env_int("PAD_API_MAX_IN_FLIGHT", cls.max_in_flight),
            read_timeout=_env_float("PAD_API_READ_TIMEOUT", cls.read_timeout),
            max_connections=_env_int("PAD_API_MAX_CONNECTIONS", cls.max_connections),
            watch_seconds=_env_float("PAD_API_WATCH_SECONDS", cls.watch_seconds),
            ack=os.environ.get("PAD_API_ACK", "").strip().lower() or cls.ack,
        )

    def __post_init__(self) -> None:
        if self.ack not in ACK_MODES:
            modes = ", ".join(ACK_MODES)
            raise ValueError(f"PAD_API_ACK must be one of {modes}, not {self.ack!r}.")


def is_loopback(host: str) -> bool:
    """Whether binding `host` only accepts connections from this machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False
