"""The Hub's metadata through `huggingface_hub.HfApi`: revision -> commit, file tree, refs.

`HfApi` gets the endpoint explicitly (never the `HF_ENDPOINT` it would read on its own) and
bounded timeouts. Its `model_info` takes a timeout per call; its tree and refs calls go
through huggingface_hub's shared HTTP client, whose default has no timeout at all, so we give
it a client factory whose transport applies the current call's timeouts to any request that
arrives without one. The file bytes stay on our own streamed, cancellable client (`client`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpx2

from pad_desktop import __version__
from pad_desktop.hub.client import USER_AGENT, translate_errors
from pad_desktop.hub.config import HubConfig
from pad_desktop.hub.errors import HubRefused, NotFoundOnHub, VerificationError
from pad_desktop.hub.texts import phrase
from pad_desktop.hub.transfer import RemoteFile

_CONFIG: ContextVar[HubConfig | None] = ContextVar("pad_hub_config", default=None)
_FACTORY_LOCK = threading.Lock()
_factory_set = False


class _BoundedTransport(httpx2.HTTPTransport):
    """Inside a `bounded` block: the block's timeouts for requests sent without one, and
    network errors raised as `HubError`s, which huggingface_hub does not retry behind our back
    (it retries timeouts five times, with up to 23 s of sleeps)."""

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        config = _CONFIG.get()
        if config is None:
            return super().handle_request(request)
        current = request.extensions.get("timeout") or {}
        if all(value is None for value in current.values()):
            limit = config.connect_timeout
            request.extensions["timeout"] = httpx2.Timeout(
                config.read_timeout, connect=limit, pool=limit
            ).as_dict()
        with translate_errors(config):
            return super().handle_request(request)


def _client() -> httpx2.Client:
    return httpx2.Client(transport=_BoundedTransport(), follow_redirects=True, timeout=None)


def _use_bounded_client() -> None:
    global _factory_set
    with _FACTORY_LOCK:
        if not _factory_set:
            from huggingface_hub import set_client_factory

            set_client_factory(_client)
            _factory_set = True


@contextmanager
def bounded(config: HubConfig) -> Iterator[Any]:
    """An `HfApi` for `config`, its calls bounded by the config's timeouts, errors translated."""
    from huggingface_hub import HfApi

    _use_bounded_client()
    token = _CONFIG.set(config)
    try:
        with translate_errors(config):
            yield HfApi(endpoint=config.endpoint, token=config.token or False,
                        library_name=USER_AGENT, library_version=__version__)  # fmt: skip
    finally:
        _CONFIG.reset(token)


def revision_info(config: HubConfig) -> tuple[str, str]:
    """The commit sha `config.revision` resolves to, and its date (ISO 8601, may be empty)."""
    try:
        with bounded(config) as api:
            info = api.model_info(config.repo_id, revision=config.revision,
                                  timeout=config.read_timeout)  # fmt: skip
    except NotFoundOnHub as exc:
        key, values = _not_found(config)
        raise NotFoundOnHub(key, exc.code, **values) from None
    except (KeyError, TypeError, AttributeError) as exc:  # a JSON answer that is not model info
        raise HubRefused("not_a_hub", where=config.endpoint, error=repr(exc)) from None
    if not isinstance(info.sha, str) or not info.sha:
        raise VerificationError("no_commit", where=config.where())
    modified = info.last_modified
    return info.sha, modified.isoformat() if modified is not None else ""


def list_files(config: HubConfig, commit: str) -> list[RemoteFile]:
    """Every file of the repository at `commit`, as the Hub lists it (names not yet checked)."""
    from huggingface_hub.hf_api import RepoFile

    with bounded(config) as api:
        try:
            entries = list(api.list_repo_tree(config.repo_id, revision=commit, recursive=True))
        except (KeyError, TypeError, AttributeError) as exc:  # an entry HfApi cannot read
            raise VerificationError("listing_entry", error=repr(exc)) from None
    return [RemoteFile.from_repo_file(e) for e in entries if isinstance(e, RepoFile)]


def _not_found(config: HubConfig) -> tuple[str, dict[str, Any]]:
    """Tell an unknown repository from an unknown revision (the Hub answers alike for both):
    the sentence's key and values."""
    try:
        with bounded(config) as api:
            refs = api.list_repo_refs(config.repo_id)
    except NotFoundOnHub:
        return "no_repository", {"endpoint": config.endpoint, "repo": config.repo_id}
    names = ", ".join(r.name for r in (*refs.branches, *refs.tags))
    return "no_revision", {
        "repo": config.repo_id,
        "revision": config.revision,
        "names": names or phrase("none_refs"),
    }
