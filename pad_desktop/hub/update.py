"""Check, download, verify, install, switch and roll back: what the dialog, CLI and API call.

Each step either completes or leaves the current model serving. The running app switches through
`ActiveModel.swap` (a running batch keeps the scorer it started with); every install, switch and
rollback is a `ModelEvent` in the decision log.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pad_desktop.decisions.records import ModelEvent
from pad_desktop.hub.archive import unpack_bundle
from pad_desktop.hub.candidate import Candidate, find_candidate
from pad_desktop.hub.client import HubClient, run_cancellable
from pad_desktop.hub.config import HubConfig, hub_config
from pad_desktop.hub.errors import HubError, StoreError
from pad_desktop.hub.manifest import Expected, Manifest, check_installed, manifest_of
from pad_desktop.hub.safe_paths import inside
from pad_desktop.hub.signature_diff import SignatureDiff
from pad_desktop.hub.store import InstalledModel, ModelStore
from pad_desktop.hub.texts import Number, Phrase, hub_text, phrase
from pad_desktop.hub.transfer import fetch_file
from pad_desktop.hub.verify import verify_bundle
from pad_desktop.model.bundle import load_bundle
from pad_desktop.runtime.tasks import TaskState

if TYPE_CHECKING:
    from pad_desktop.model.active import ActiveModel
    from pad_desktop.model.signature import Signature

DOWNLOAD_SHARE = 0.85  # of the progress bar; verification and install take the rest


class EventLog(Protocol):
    """The part of `DecisionLog` this module writes to."""

    def record_model_event(self, e: ModelEvent) -> None: ...


@dataclass(frozen=True)
class UpdateResult:
    previous: InstalledModel
    installed: InstalledModel
    checked: Phrase  # what was verified, in words
    diff: SignatureDiff | None = None
    warnings: tuple[str, ...] = field(default=())

    def headline(self, lang: str = "en") -> str:
        said = phrase("now_scoring", model=self.installed.named(), previous=self.previous.named())
        return said.text(lang)

    def message(self, lang: str = "en") -> str:
        said = phrase("result_message", headline=self.headline(lang), checked=self.checked)
        return said.text(lang)


def check_for_update(
    config: HubConfig | None = None,
    active_model: ActiveModel | None = None,
    state: TaskState | None = None,
) -> Candidate:
    """The candidate at the configured revision, compared with the model in use."""
    current = active_model.scorer.bundle if active_model is not None else _current_bundle()
    return find_candidate(config or hub_config(), current, state)


def installed_version(
    candidate: Candidate, store: ModelStore | None = None
) -> InstalledModel | None:
    """The store's version of this exact commit, if it is installed."""
    store = store or ModelStore()
    try:
        return store.get(candidate.folder_name)
    except HubError:
        return None


def install_candidate(
    candidate: Candidate,
    *,
    accept_difference: bool = False,
    active_model: ActiveModel | None = None,
    log: EventLog | None = None,
    state: TaskState | None = None,
    store: ModelStore | None = None,
    evidence_of: Callable[[Path], str | None] | None = None,
) -> UpdateResult:
    """Download, verify, install and activate `candidate`; the current model serves until then.
    `evidence_of(folder)`, called once the bundle is installed and verified and before the
    switch, compares it with the model in use and returns its report's sha256, which the
    switch records (a comparison that fails is logged; the switch goes on without evidence)."""
    store = store or ModelStore()
    state = state or TaskState()
    current = active_model.scorer.signature if active_model is not None else _current_signature()
    staging = store.new_staging()
    # The download owns `staging` until it returns: after a cancel it may still be writing.
    bundle_dir, manifest = run_cancellable(lambda: _download(candidate, staging, state), state)
    try:
        state.check()
        state.set_progress(DOWNLOAD_SHARE, hub_text("progress_installing", state.lang))
        origin = {
            "repo": candidate.config.repo_id,
            "revision": candidate.config.revision,
            "commit": candidate.commit,
            "date": candidate.date,
            "endpoint": candidate.config.shown_endpoint,  # a file on disk: no password
            "filename": candidate.config.filename,
        }
        installed = store.install(bundle_dir, candidate.folder_name, origin)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    state.set_progress(0.9, hub_text("progress_verifying", state.lang))
    try:  # the bytes that will be loaded: those in the store, after the move
        check_installed(installed.path, manifest)
        verified = verify_bundle(installed.path, current, accept_difference)
    except BaseException:
        store.discard(installed.name)
        raise
    evidence = None
    if evidence_of is not None:
        try:
            evidence = evidence_of(installed.path)
        except Exception:
            logging.getLogger(__name__).exception("no comparison before the switch")
    previous, new, warnings = _switch(
        store, candidate.folder_name, active_model, log, "install", evidence
    )
    state.set_progress(1.0, hub_text("progress_installed", state.lang))
    checked = phrase("checked_install", smoke=verified.smoke)
    return UpdateResult(previous, new, checked, verified.diff, warnings)


def use_version(
    name: str,
    *,
    active_model: ActiveModel | None = None,
    log: EventLog | None = None,
    store: ModelStore | None = None,
    evidence: str | None = None,
) -> UpdateResult:
    """Switch to an installed version (or `shipped`). `evidence`: the sha256 of the comparison
    report the switch is made on, recorded beside the switch's model event."""
    store = store or ModelStore()
    target = store.get(name)
    verified = verify_bundle(target.path, None)
    previous, new, warnings = _switch(store, name, active_model, log, "use", evidence)
    checked = phrase("checked_use", smoke=verified.smoke)
    return UpdateResult(previous, new, checked, warnings=warnings)


def roll_back(
    *,
    active_model: ActiveModel | None = None,
    log: EventLog | None = None,
    store: ModelStore | None = None,
) -> UpdateResult:
    """Return to the version active before the current one."""
    store = store or ModelStore()
    previous = store.previous_name()
    if previous is None:
        raise StoreError("nothing_to_roll_back")
    verify_bundle(store.get(previous).path, None)  # it must still load and score before we switch
    current, target = store.rollback()
    try:
        if active_model is not None:
            active_model.swap(target.path)
    except Exception as exc:
        store.activate(current.name)  # the target no longer loads: stay where we were
        raise HubError("rollback_not_loading", model=target.named(), error=exc) from None
    warnings = _record(log, "rollback", current, target)
    return UpdateResult(current, target, phrase("checked_rollback"), warnings=warnings)


def _switch(
    store: ModelStore,
    name: str,
    active_model: ActiveModel | None,
    log: EventLog | None,
    kind: str,
    evidence: str | None = None,
) -> tuple[InstalledModel, InstalledModel, tuple[str, ...]]:
    previous, new = store.activate(name)
    if active_model is not None:
        try:
            active_model.swap(new.path)
        except Exception as exc:
            store.rollback()
            raise HubError("verified_not_loading", model=new.named(), error=exc) from None
    return previous, new, _record(log, kind, previous, new, evidence)


def _record(
    log: EventLog | None,
    kind: str,
    previous: InstalledModel,
    new: InstalledModel,
    evidence: str | None = None,
) -> tuple[str, ...]:
    """Write the model event; a log failure is reported, it does not undo the switch."""
    if log is None:
        return ()
    from pad_desktop.runtime.settings import get_settings

    settings = get_settings()
    event = ModelEvent(
        kind=kind,
        officer=settings.officer,
        workstation=settings.workstation,
        from_model=model_label(previous),
        to_model=model_label(new),
        repo=new.repo,
        commit=new.commit,
    )
    try:
        log.record_model_event(event)
        if evidence is not None and hasattr(log, "record_switch_evidence"):
            from pad_desktop.decisions.records import SwitchEvidence

            log.record_switch_evidence(
                SwitchEvidence(event.id, evidence, load_bundle(new.path).sha256,
                               settings.officer, settings.workstation, settings.os_account)
            )  # fmt: skip
    except Exception as exc:
        return (f"The switch is done but the decision log did not record it: {exc}",)
    return ()


def model_label(version: InstalledModel) -> str:
    """`<store name> <bundle id> sha256:<16>`: the sha matches decision records' model_sha256."""
    try:
        bundle = load_bundle(version.path)
        return f"{version.name} {bundle.id} sha256:{bundle.sha256[:16]}"
    except Exception:  # a label must never stop an event from being written
        return version.name


def _download(candidate: Candidate, staging: Path, state: TaskState) -> tuple[Path, Manifest]:
    """Fetch and verify every file into `staging`; on any failure leave nothing behind.

    Returns the bundle folder and what its files must be once installed.
    """
    layout = candidate.layout
    where = phrase("listing_of", repo=candidate.config.repo_id)
    total = max(candidate.total_bytes, 1)
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        state.set_progress(
            DOWNLOAD_SHARE * done / total,
            hub_text(
                "progress_downloading",
                state.lang,
                done=Number(done / 1e6, 1),
                total=Number(total / 1e6, 1),
            ),
        )

    try:
        with HubClient(candidate.config) as client:
            if layout.archive is not None:
                archive = inside(staging / "archive", layout.target(layout.archive), where)
                fetch_file(client, candidate.commit, layout.archive, archive, state, advance)
                unpacked = unpack_bundle(archive, staging / "unpacked")
                return unpacked, manifest_of(unpacked)
            bundle = staging / "bundle"
            manifest: Manifest = {}
            for remote in layout.files:
                state.check()
                target = layout.target(remote)
                fetch_file(client, candidate.commit, remote, inside(bundle, target, where), state,
                           advance)  # fmt: skip
                manifest[target] = Expected.of_remote(remote)
        return bundle, manifest
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _current_bundle():
    from pad_desktop.model.active import active_bundle_path

    try:
        return load_bundle(active_bundle_path())
    except Exception:  # a broken current model must not prevent installing a good one
        return None


def _current_signature() -> Signature | None:
    bundle = _current_bundle()
    return bundle.signature if bundle is not None else None
