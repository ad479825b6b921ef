"""The MLflow model registry as IT uses it: promote a version, rebuild a bundle from a run.

`train` registers every model it logs (a new version of `REGISTERED_MODEL`); nothing becomes
the `champion` until someone promotes it explicitly. MLflow is imported here only, lazily.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from pad_desktop.model.training import REGISTERED_MODEL, resolve_tracking_uri, write_bundle
from pad_desktop.texts import Worded

CHAMPION = "champion"


class RegistryError(Worded, Exception):
    """A run, model or version the tracking server does not have; the sentence (`bundle.
    registry_*`) says which."""


@dataclass(frozen=True)
class Promotion:
    name: str
    version: str
    alias: str
    run_id: str
    previous: str | None  # the version that held the alias before, if any


def _client(tracking_uri: str | None):
    from mlflow import MlflowClient

    return MlflowClient(tracking_uri=resolve_tracking_uri(tracking_uri))


def promote(
    version: str | None = None,
    alias: str = CHAMPION,
    name: str = REGISTERED_MODEL,
    tracking_uri: str | None = None,
) -> Promotion:
    """Point `alias` at `version` of `name` (default: its newest version)."""
    from mlflow.exceptions import MlflowException

    client = _client(tracking_uri)
    try:
        if version is None:
            versions = client.search_model_versions(f"name = '{name}'")
            if not versions:
                raise RegistryError("bundle.registry_no_model", name=name)
            version = str(max(int(v.version) for v in versions))
        chosen = client.get_model_version(name, version)
        try:
            previous = client.get_model_version_by_alias(name, alias).version
        except MlflowException:
            previous = None
        client.set_registered_model_alias(name, alias, version)
    except MlflowException as exc:
        raise RegistryError(
            "bundle.registry_refused", name=name, version=version, error=_one_line(exc)
        ) from None
    return Promotion(name, str(version), alias, chosen.run_id or "", previous)


def bundle_from_run(run_id: str, out_dir: Path, tracking_uri: str | None = None) -> Path:
    """Rebuild the bundle `train` wrote, from the model logged by run `run_id`."""
    from mlflow.artifacts import download_artifacts
    from mlflow.exceptions import MlflowException

    client = _client(tracking_uri)
    try:
        run = client.get_run(run_id)
    except MlflowException:
        raise RegistryError("bundle.registry_no_run", run=run_id) from None
    outputs = run.outputs.model_outputs if run.outputs else []
    if not outputs:
        raise RegistryError("bundle.registry_no_logged_model", run=run_id)
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = download_artifacts(
            f"models:/{outputs[-1].model_id}",
            dst_path=tmp,
            tracking_uri=resolve_tracking_uri(tracking_uri),
        )
        if not (Path(model_dir) / "reference.csv").is_file():
            raise RegistryError("bundle.registry_old_run", run=run_id)
        return write_bundle(Path(model_dir), Path(out_dir))


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
