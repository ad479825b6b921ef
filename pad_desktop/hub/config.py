"""Where the model comes from: repository, revision, file, endpoint, token and timeouts.

Resolved from `get_settings()` (the original service's `HF_*` names) with explicit overrides
from the CLI or the dialog. The token may also live in the system keyring (service
`pad_desktop`, user `HF_TOKEN`), so it need not sit in a `.env` file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pad_desktop.hub.errors import HubNotConfigured
from pad_desktop.hub.texts import Phrase, phrase

KEYRING_SERVICE = "pad_desktop"
KEYRING_USER = "HF_TOKEN"
# Per-operation limits, explicit because huggingface_hub's own client has none (timeout=None):
# against a server that accepts and never answers it would wait forever.
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 20.0
# A credit model is a few MB; a Hub that advertises more is refused before anything is fetched.
DEFAULT_MAX_DOWNLOAD_BYTES = 512 * 1024**2


@dataclass(frozen=True)
class HubConfig:
    """Everything needed to talk to one repository of one Hub."""

    repo_id: str
    revision: str = "main"
    filename: str | None = None  # the original service's single-file repos (HF_FILENAME)
    endpoint: str = "https://huggingface.co"
    token: str | None = None
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    max_download_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES

    def with_revision(self, revision: str) -> HubConfig:
        return replace(self, revision=revision)

    @property
    def shown_endpoint(self) -> str:
        """The endpoint as every text, file and log shows it: a password in it masked."""
        from pad_desktop.runtime.secrets import redact_urls

        return redact_urls(self.endpoint)

    def describe(self, lang: str = "en") -> str:
        return self.where().text(lang)

    def where(self) -> Phrase:
        """`repo@revision (file) on endpoint`, to word in the reader's language."""
        if self.filename:
            return phrase(
                "where_file",
                repo=self.repo_id,
                revision=self.revision,
                filename=self.filename,
                endpoint=self.shown_endpoint,
            )
        return phrase(
            "where", repo=self.repo_id, revision=self.revision, endpoint=self.shown_endpoint
        )


def keyring_token() -> str | None:
    """The Hub token stored in the system keyring, or None (no keyring backend is not an error)."""
    from pad_desktop.runtime.secrets import HUB_TOKEN, load_secret

    return load_secret(HUB_TOKEN)


def hub_config(
    repo_id: str | None = None,
    revision: str | None = None,
    filename: str | None = None,
    endpoint: str | None = None,
    token: str | None = None,
    read_timeout: float | None = None,
) -> HubConfig:
    """Settings with explicit overrides; raise `HubNotConfigured` when no repository is known."""
    from pad_desktop.runtime.settings import get_settings

    settings = get_settings()
    repo = repo_id or settings.hf_repo_id
    if not repo:
        raise HubNotConfigured("not_configured")
    return HubConfig(
        repo_id=repo.strip("/"),
        revision=revision or settings.hf_revision or "main",
        filename=filename if filename is not None else settings.hf_filename,
        endpoint=(endpoint or settings.hf_endpoint).rstrip("/"),
        token=token or settings.hub_token(),
        read_timeout=read_timeout or settings.hub_timeout or DEFAULT_READ_TIMEOUT,
        max_download_bytes=settings.hub_max_bytes or DEFAULT_MAX_DOWNLOAD_BYTES,
    )
