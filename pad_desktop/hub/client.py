"""Our HTTP client for the file bytes, and the translation of network errors into plain words.

Metadata (revision -> commit, tree, refs) goes through `huggingface_hub.HfApi` (see
`metadata`). The bytes do not: its downloads cannot be cancelled between chunks and it checks
only sizes, so we stream them ourselves, hashing as they come (`transfer`):

    GET /{repo}/resolve/{sha}/{path}               -> the bytes (redirects to a CDN for LFS)

`run_cancellable` runs blocking network work on a helper thread so that Cancel returns at once
even while a read is blocked; the helper stops at its next chunk or read timeout.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from pad_desktop.hub.config import HubConfig
from pad_desktop.hub.errors import (
    HubRefused,
    HubTimeout,
    HubUnreachable,
    NotFoundOnHub,
)
from pad_desktop.hub.texts import Phrase, phrase
from pad_desktop.runtime.tasks import Cancelled, TaskState

T = TypeVar("T")
CHUNK_BYTES = 256 * 1024
USER_AGENT = "pad_desktop-model-update"


class HubClient:
    """One repository of one Hub, over one HTTP connection pool; close it when done."""

    def __init__(self, config: HubConfig) -> None:
        self.config = config
        headers = {"user-agent": USER_AGENT}
        if config.token:
            # httpx drops this header when a redirect leaves the Hub's origin (CDN URLs are signed).
            headers["authorization"] = f"Bearer {config.token}"
        self._http = httpx.Client(
            base_url=config.endpoint,
            headers=headers,
            follow_redirects=True,
            timeout=httpx.Timeout(
                config.read_timeout, connect=config.connect_timeout, pool=config.connect_timeout
            ),
        )

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    @property
    def repo(self) -> str:
        return quote(self.config.repo_id, safe="/")

    @contextmanager
    def stream(self, path: str) -> Iterator[Iterator[bytes]]:
        """The bytes of a file, in chunks; errors are translated as for the other calls."""
        with translate_errors(self.config), self._http.stream("GET", path) as response:
            raise_for_status(response, self.config)
            yield response.iter_bytes(CHUNK_BYTES)


@contextmanager
def translate_errors(config: HubConfig) -> Iterator[None]:
    """Network exceptions -> `HubError`s that say what happened, in one line first."""
    from huggingface_hub.errors import HfHubHTTPError  # httpx2 costs 0.5 s: not at import

    where = config.endpoint
    try:
        yield
    except HfHubHTTPError as exc:  # HfApi: an error status, with the Hub's answer
        if exc.response is None:
            raise HubRefused("refused", where=where, reason=_reason(exc)) from None
        raise_for_status(exc.response, config)
        raise HubRefused("refused", where=where, reason=_reason(exc)) from None
    except _either("ConnectTimeout"):
        raise HubUnreachable(
            "connect_timeout", where=where, seconds=config.connect_timeout
        ) from None
    except _either("ConnectError") as exc:
        raise HubUnreachable("unreachable", where=where, reason=_reason(exc)) from None
    except _either("ReadTimeout", "WriteTimeout", "PoolTimeout"):
        raise HubTimeout("read_timeout", where=where, seconds=config.read_timeout) from None
    except _either("RemoteProtocolError", "ReadError") as exc:
        raise HubUnreachable("broke_off", where=where, reason=_reason(exc)) from None
    except _either("HTTPError") as exc:
        raise HubUnreachable("unusable", where=where, reason=_reason(exc)) from None
    except ValueError as exc:  # a JSON body that is not JSON: not a Hub at this address
        raise HubRefused("not_a_hub", where=where, error=exc) from None


def _either(*names: str) -> tuple[type[Exception], ...]:
    """The exception classes of that name in httpx (ours) and httpx2 (huggingface_hub's)."""
    import httpx2

    return tuple(getattr(module, name) for module in (httpx, httpx2) for name in names)


def _reason(exc: Exception) -> str | Phrase:
    """The two usual causes in the reader's words; any other as the library says it."""
    text = str(exc) or type(exc).__name__
    if "Connection refused" in text or "Errno 111" in text:
        return phrase("reason_refused")
    if "Name or service not known" in text or "nodename nor servname" in text:
        return phrase("reason_unknown_host")
    return text


def raise_for_status(response: httpx.Response | Any, config: HubConfig) -> None:
    """Hub error statuses -> `NotFoundOnHub` / `HubRefused` with the Hub's own error code."""
    if response.is_success:
        return
    code = response.headers.get("x-error-code", "")
    if code in ("RepoNotFound", "RevisionNotFound", "EntryNotFound") or response.status_code == 404:
        raise NotFoundOnHub(
            "nothing_at",
            code or "NotFound",
            path=response.request.url.path,
            hub_code=code or "HTTP 404",
        )
    status = str(response.status_code)  # a code, not a quantity: never grouped
    if code == "GatedRepo" or response.status_code in (401, 403):
        raise NotFoundOnHub(
            "access_refused", code or f"HTTP {status}", repo=config.repo_id, status=status
        )
    message = response.headers.get("x-error-message") or response.reason_phrase
    raise HubRefused(
        "http_status",
        where=config.endpoint,
        status=status,
        message=message,
        path=response.request.url.path,
    )


def run_cancellable(work: Callable[[], T], state: TaskState | None, poll: float = 0.05) -> T:
    """Run blocking `work` on a helper thread; raise `Cancelled` as soon as `state` is cancelled.

    `work` must itself call `state.check()` between chunks and own its clean-up: after a cancel
    it finishes on its own (at the next chunk, or when its read times out) and nobody waits.
    """
    if state is None:
        return work()
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the caller below
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=target, name="pad-hub-io", daemon=True).start()
    while not done.wait(poll):
        if state.is_cancelled:
            raise Cancelled()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
