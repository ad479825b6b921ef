"""What the headless API needs to know at start: limits, API key, model and log locations.

Read from the environment (and `.env`) so that every uvicorn worker process, which imports the
app factory on its own, builds the same configuration as `pad-desktop serve` intended.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

MIB = 1 << 20
LOOPBACK_NAMES = frozenset({"localhost"})
# Every answer waits until its decision is durable; the former "queued" mode answered before.
ACK_MODES = ("durable",)


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
    ack: str = "durable"  # an answer leaves once the log acknowledged its decision (group commit)

    @classmethod
    def from_env(cls) -> ApiConfig:
        """From the settings object (environment, `.env`): `PAD_API_*`, `PAD_ADMIN_KEY`..."""
        from pad_desktop.runtime.settings import get_settings

        s = get_settings()
        return cls(
            api_key=s.api_key or None,
            admin_key=s.admin_key or None,
            model_path=s.model_path,
            database_url=s.database_url,
            max_body_bytes=s.api_max_body or cls.max_body_bytes,
            max_batch_body_bytes=s.api_max_batch_body or cls.max_batch_body_bytes,
            onnx_threads=s.onnx_threads or cls.onnx_threads,
            max_in_flight=s.api_max_in_flight or cls.max_in_flight,
            read_timeout=s.api_read_timeout or cls.read_timeout,
            max_connections=s.api_max_connections or cls.max_connections,
            watch_seconds=s.api_watch_seconds or cls.watch_seconds,
            ack=s.api_ack.strip().lower() or cls.ack,
        )

    def __post_init__(self) -> None:
        if self.ack not in ACK_MODES:
            raise ValueError(
                f"PAD_API_ACK={self.ack!r} is not offered: every decision is durable in the "
                "decision log before it is answered. Unset PAD_API_ACK."
            )


def is_loopback(host: str) -> bool:
    """Whether binding `host` only accepts connections from this machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False
