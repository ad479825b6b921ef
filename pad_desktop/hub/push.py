"""Publish a bundle folder to a Hub repository (for IT): `pad-desktop model push`.

The bundle is verified locally first (loads, reproduces its expected scores), so nothing is
published that a workstation would refuse. Uploads go through `huggingface_hub` (LFS
negotiation, commits) with the endpoint passed explicitly. Read-only mirrors such as olah
answer 405 to every write: the message says so.
"""

from __future__ import annotations

from pathlib import Path

from pad_desktop.hub.config import HubConfig
from pad_desktop.hub.errors import HubRefused, HubUnreachable
from pad_desktop.hub.verify import verify_bundle


def push_bundle(
    folder: Path,
    config: HubConfig,
    message: str | None = None,
    tag: str | None = None,
    private: bool = True,
) -> str:
    """Upload `folder` to `config.repo_id` (branch `config.revision`); return the commit sha."""
    verified = verify_bundle(folder, None)
    bundle = verified.scorer.bundle
    import httpx2  # huggingface_hub's HTTP client
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError

    api = HfApi(endpoint=config.endpoint, token=config.token)
    try:
        api.create_repo(config.repo_id, repo_type="model", private=private, exist_ok=True)
        info = api.upload_folder(
            folder_path=str(folder),
            repo_id=config.repo_id,
            revision=config.revision,
            commit_message=message or f"{bundle.name} {bundle.version}".strip(),
            ignore_patterns=[".*"],
        )
        if tag:
            api.create_tag(config.repo_id, tag=tag, revision=info.oid)
    except HfHubHTTPError as exc:
        status = exc.response.status_code if exc.response is not None else None
        if status == 405:
            raise HubRefused("read_only_mirror", endpoint=config.endpoint) from None
        first = str(exc).strip().splitlines()[0]
        raise HubRefused("upload_refused", endpoint=config.endpoint, error=first) from None
    except (httpx2.HTTPError, OSError) as exc:
        raise HubUnreachable("unreachable", where=config.endpoint, reason=exc) from None
    return str(info.oid)
