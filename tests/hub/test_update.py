"""Update from a real Hub (olah) and roll back; every failure leaves the current model serving."""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from pad_desktop.decisions import DecisionLog
from pad_desktop.hub import (
    SHIPPED,
    HubTimeout,
    HubUnreachable,
    ModelStore,
    NotFoundOnHub,
    SignatureChanged,
    StoreError,
    VerificationError,
    check_for_update,
    hub_config,
    install_candidate,
    roll_back,
    use_version,
)
from pad_desktop.model.active import ActiveModel, active_bundle_path
from pad_desktop.runtime.paths import default_bundle_dir
from pad_desktop.runtime.tasks import Cancelled, TaskState
from tests.hub.conftest import Olah, SilentServer, store_entries

# Bounds that are the behaviour's own, not the machine's speed: what a bug would wait for.
RETRY_SLEEPS_S = 23.0  # huggingface_hub's back-off sleeps over its five retries
SILENT_S = 60.0  # a read timeout that a cancel must not wait for


def published(olah: Olah, variants: dict[str, Path], stem: str = "credit"):
    """A repo with v1 (tag v1) then v2 on main."""
    repo = olah.new_repo(stem)
    v1 = repo.commit(variants["v1"], "v1", tag="v1")
    v2 = repo.commit(variants["v2"], "v2")
    return repo, v1, v2


def config(olah_or_endpoint, repo_id: str, revision: str = "main", **kw):
    endpoint = getattr(olah_or_endpoint, "endpoint", olah_or_endpoint)
    return hub_config(repo_id=repo_id, revision=revision, endpoint=endpoint, **kw)


def assert_still_shipped(active: ActiveModel) -> None:
    assert active.scorer.bundle.path == default_bundle_dir()
    assert active_bundle_path() == default_bundle_dir()


def test_update_to_a_new_revision_then_roll_back(olah, variants, store_root):
    repo, v1, v2 = published(olah, variants)
    active = ActiveModel()
    swaps = []
    active.subscribe(lambda scorer: swaps.append(scorer.threshold))
    log = DecisionLog.open()
    try:
        first = install_candidate(
            check_for_update(config(olah, repo.repo_id, "v1"), active),
            active_model=active,
            log=log,
        )
        assert first.installed.commit == v1 and active.scorer.threshold == 0.15

        progress: list[float] = []
        candidate = check_for_update(config(olah, repo.repo_id), active)
        assert candidate.commit == v2
        assert candidate.version == "2026.12.01" and candidate.threshold == 0.2
        assert candidate.diff is not None and not candidate.diff.needs_acceptance
        assert candidate.card_summary.startswith("Scores consumer-credit applicants")
        assert candidate.metrics["test_auc"] == pytest.approx(0.772, abs=1e-3)
        result = install_candidate(
            candidate,
            active_model=active,
            log=log,
            state=TaskState(on_progress=lambda f, _m: progress.append(f)),
        )
        assert result.installed.name == f"{repo.repo_id.replace('/', '--')}--{v2[:12]}"
        assert active.scorer.threshold == 0.2 and active_bundle_path() == result.installed.path
        assert progress == sorted(progress) and progress[-1] == 1.0
        assert "equal to the expected scores" in result.message()

        back = roll_back(active_model=active, log=log)
        assert back.installed.commit == v1 and active.scorer.threshold == 0.15
        back = roll_back(active_model=active, log=log)
        assert back.installed.name == SHIPPED
        assert_still_shipped(active)
        with pytest.raises(StoreError, match="Nothing to roll back to"):
            roll_back(active_model=active, log=log)
        # Earlier versions stay installed and can be used again.
        assert [m.commit for m in ModelStore().list()] == [None, v1, v2]
        use_version(result.installed.name, active_model=active, log=log)
        assert active.scorer.threshold == 0.2
        assert swaps == [0.15, 0.2, 0.15, 0.13, 0.2]

        events = log.model_events(limit=10)
        assert [e.kind for e in reversed(events)] == [
            "install",
            "install",
            "rollback",
            "rollback",
            "use",
        ]
        latest_install = next(e for e in events if e.kind == "install")
        assert latest_install.repo == repo.repo_id and latest_install.commit == v2
        assert latest_install.from_model.startswith(first.installed.name)
        assert latest_install.to_model.startswith(result.installed.name)
        assert f"sha256:{active.scorer.bundle.sha256[:16]}" in latest_install.to_model
    finally:
        log.close()
    assert not [n for n in store_entries(store_root) if n.startswith(".staging")]


def test_pin_an_older_commit(olah, variants):
    repo, v1, _v2 = published(olah, variants)
    active = ActiveModel()
    candidate = check_for_update(config(olah, repo.repo_id, revision=v1), active)
    assert candidate.commit == v1 and candidate.version == "2026.11.30"
    result = install_candidate(candidate, active_model=active)
    assert result.installed.revision == v1 and active.scorer.threshold == 0.15
    # A short sha pins too; the store folder is named after the resolved full commit.
    assert check_for_update(config(olah, repo.repo_id, revision=v1[:10])).commit == v1


def test_server_down_is_one_line_and_bounded(down_endpoint):
    active = ActiveModel()
    start = time.monotonic()
    with pytest.raises(HubUnreachable) as err:
        check_for_update(config(down_endpoint, "acme/credit"), active, TaskState())
    # A refused connection is not retried: huggingface_hub's retries would sleep 23 s in all.
    assert time.monotonic() - start < RETRY_SLEEPS_S
    assert err.value.one_line() == str(err.value)
    assert "Cannot reach the model Hub" in str(err.value) and "connection refused" in str(err.value)
    assert_still_shipped(active)


def test_server_that_never_answers_times_out(silent_server: SilentServer):
    active = ActiveModel()
    with pytest.raises(HubTimeout, match="accepted the connection but did not answer within 1 s"):
        check_for_update(config(silent_server, "acme/credit", read_timeout=1.0), active)
    assert len(silent_server.accepted) == 1  # one attempt: a timeout is not retried
    assert_still_shipped(active)


def test_cancel_a_check_against_a_server_that_never_answers(silent_server: SilentServer):
    state = TaskState()
    # Cancelled, not timed out: waiting for the read timeout would raise HubTimeout instead.
    with pytest.raises(Cancelled):
        threading_cancel(state)
        check_for_update(config(silent_server, "acme/credit", read_timeout=SILENT_S), None, state)


def test_cancel_a_download_stuck_on_a_silent_server(olah, variants, silent_server, store_root):
    repo, _v1, _v2 = published(olah, variants)
    active = ActiveModel()
    candidate = check_for_update(config(olah, repo.repo_id), active)
    stuck_config = replace(candidate.config, endpoint=silent_server.endpoint, read_timeout=SILENT_S)
    state = TaskState()
    threading_cancel(state)
    with pytest.raises(Cancelled):  # cancelled, not timed out (that would be HubTimeout)
        install_candidate(replace(candidate, config=stuck_config), active_model=active, state=state)
    assert_still_shipped(active)
    assert [n for n in store_entries(store_root) if not n.startswith(".staging")] == []


def test_download_from_a_server_that_stops_answering_times_out(olah, variants, silent_server):
    repo, _v1, _v2 = published(olah, variants)
    active = ActiveModel()
    candidate = check_for_update(config(olah, repo.repo_id), active)
    stuck_config = replace(candidate.config, endpoint=silent_server.endpoint, read_timeout=1.0)
    with pytest.raises(HubTimeout, match="did not answer within 1 s"):
        install_candidate(replace(candidate, config=stuck_config), active_model=active)
    assert len(silent_server.accepted) == 1  # one attempt: a timeout is not retried
    assert_still_shipped(active)


def test_unknown_repository_and_unknown_revision(olah, variants):
    with pytest.raises(NotFoundOnHub, match="has no repository 'acme/nothere'"):
        check_for_update(config(olah, "acme/nothere"))
    repo, _v1, _v2 = published(olah, variants)
    with pytest.raises(NotFoundOnHub, match=r"has no revision 'v9'\. Branches and tags: main, v1"):
        check_for_update(config(olah, repo.repo_id, revision="v9"))


@pytest.mark.parametrize("damage", ["corrupted", "truncated"])
def test_damaged_file_is_refused(olah, variants, store_root, damage):
    repo = olah.new_repo(damage)
    repo.commit(variants["v2"], "v2")
    onnx = (variants["v2"] / "model.onnx").read_bytes()
    obj = repo.lfs_object(hashlib.sha256(onnx).hexdigest())
    size = len(onnx)
    if damage == "corrupted":  # same size, a few bytes flipped in the middle
        mid = size // 2
        obj.write_bytes(onnx[:mid] + bytes(b ^ 0xFF for b in onnx[mid : mid + 8]) + onnx[mid + 8 :])
        expected = "model.onnx is damaged: its content does not match the sha256"
    else:
        obj.write_bytes(onnx[: size - 1000])
        expected = (
            f"model.onnx is damaged: the Hub advertises {size:,} bytes, {size - 1000:,} arrived"
        )
    active = ActiveModel()
    candidate = check_for_update(config(olah, repo.repo_id), active)
    with pytest.raises(VerificationError, match=expected):
        install_candidate(candidate, active_model=active)
    assert_still_shipped(active)
    assert store_entries(store_root) == []


def test_incompatible_signature_needs_acceptance(olah, variants):
    repo = olah.new_repo("renamed")
    repo.commit(variants["renamed"], "rename telephone")
    active = ActiveModel()
    log = DecisionLog.open()
    try:
        candidate = check_for_update(config(olah, repo.repo_id), active)
        assert candidate.diff is not None and candidate.diff.needs_acceptance
        assert set(candidate.diff.breaking) == {
            "Input 'telephone' is removed.",
            "New required input 'phone'.",
        }
        with pytest.raises(SignatureChanged, match="takes different inputs") as err:
            install_candidate(candidate, active_model=active, log=log)
        assert err.value.diff == candidate.diff
        assert_still_shipped(active)
        assert log.model_events() == []
        result = install_candidate(candidate, active_model=active, log=log, accept_difference=True)
        assert "phone" in active.scorer.signature.names and result.diff == candidate.diff
    finally:
        log.close()


def test_expected_scores_must_be_reproduced(olah, variants):
    repo = olah.new_repo("wrong-expected")
    repo.commit(variants["wrong_expected"], "bad card")
    active = ActiveModel()
    candidate = check_for_update(config(olah, repo.repo_id), active)
    with pytest.raises(VerificationError, match="does not reproduce its own expected scores"):
        install_candidate(candidate, active_model=active)
    assert_still_shipped(active)


def threading_cancel(state: TaskState) -> None:
    """Cancel from another thread, once the call under test is under way."""
    threading.Timer(0.5, state.cancel).start()


def test_regular_files_are_checked_against_the_git_blob_id(tmp_path):
    from pad_desktop.hub.transfer import RemoteFile
    from tests.hub.hub_repos import git

    data = b"threshold: 0.13\n" * 100
    (tmp_path / "MLmodel").write_bytes(data)
    git(tmp_path, "init", "-q")
    blob = git(tmp_path, "hash-object", "MLmodel")
    remote = RemoteFile("MLmodel", len(data), blob)
    good, bad = remote.hasher(), remote.hasher()
    good.update(data)
    bad.update(data.replace(b"0.13", b"0.31"))
    assert remote.matches(good.hexdigest()) and not remote.matches(bad.hexdigest())
    assert remote.expected == f"git blob sha1 {blob}"


def test_an_update_reports_its_progress_in_the_readers_language(olah, variants):
    repo, _v1, _v2 = published(olah, variants, stem="progress-fr")
    active = ActiveModel()
    messages: list[str] = []
    state = TaskState(on_progress=lambda _f, m: messages.append(m), lang="fr")
    candidate = check_for_update(config(olah, repo.repo_id), active, state=state)
    install_candidate(candidate, active_model=active, state=state)
    assert messages[0].startswith(f"Vérification de {repo.repo_id}@main")
    assert any(m.startswith("Téléchargement : ") and " Mo sur " in m for m in messages)
    assert messages[-3:] == ["Installation…", "Vérification du modèle…", "Installé."]
    assert not [m for m in messages if any(w in m for w in ("Checking", "Downloading", "MB"))]
