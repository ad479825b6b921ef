"""Repository shapes (HF_FILENAME), settings, push and the `pad-desktop model` commands."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import yaml

from pad_desktop.cli import main
from pad_desktop.hub import (
    HubConfig,
    HubNotConfigured,
    VerificationError,
    check_for_update,
    hub_config,
    install_candidate,
)
from pad_desktop.hub.errors import HubRefused
from pad_desktop.hub.push import push_bundle
from pad_desktop.model.active import ActiveModel, active_bundle_path
from pad_desktop.runtime.paths import default_bundle_dir
from pad_desktop.runtime.settings import get_settings


def zipped(bundle: Path, dest: Path, folder: str = "exported_model", evil: bool = False) -> Path:
    with zipfile.ZipFile(dest, "w") as zf:
        for path in sorted(bundle.iterdir()):
            zf.write(path, f"{folder}/{path.name}")
        if evil:
            zf.writestr("../../outside.txt", "escape")
    return dest


def test_settings_resolve_from_the_original_variable_names(monkeypatch):
    with pytest.raises(HubNotConfigured, match="set HF_REPO_ID"):
        hub_config()
    for name, value in {
        "HF_REPO_ID": "acme/credit",
        "HF_REVISION": "v3",
        "HF_FILENAME": "exported_model",
        "HF_ENDPOINT": "http://hub.internal:8090/",
        "HUGGINGFACE_TOKEN": "hf_secret",
        "PAD_HUB_TIMEOUT": "7.5",
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    assert hub_config() == HubConfig(
        repo_id="acme/credit",
        revision="v3",
        filename="exported_model",
        endpoint="http://hub.internal:8090",
        token="hf_secret",
        read_timeout=7.5,
    )
    assert hub_config(revision="main", filename="").filename == ""


def test_bundle_in_a_folder_of_the_repo(olah, variants):
    repo = olah.new_repo("folder")
    repo.commit(variants["v2"], "nested", under="exported_model")
    with pytest.raises(VerificationError, match="set HF_FILENAME=exported_model"):
        check_for_update(hub_config(repo_id=repo.repo_id, endpoint=olah.endpoint))
    config = hub_config(repo_id=repo.repo_id, endpoint=olah.endpoint, filename="exported_model")
    active = ActiveModel()
    candidate = check_for_update(config, active)
    assert candidate.version == "2026.12.01" and candidate.diff is not None
    result = install_candidate(candidate, active_model=active)
    assert (result.installed.path / "MLmodel").exists() and active.scorer.threshold == 0.2


def test_single_archive_repo_of_the_original_service(olah, variants, tmp_path):
    repo = olah.new_repo("archive")
    repo.commit(zipped(variants["v2"], tmp_path / "model.zip"), "archive")
    config = hub_config(repo_id=repo.repo_id, endpoint=olah.endpoint, filename="model.zip")
    active = ActiveModel()
    candidate = check_for_update(config, active)
    assert candidate.diff is None and [f.path for f in candidate.layout.files] == ["model.zip"]
    result = install_candidate(candidate, active_model=active)
    assert sorted(p.name for p in result.installed.path.iterdir()) == sorted(
        p.name for p in variants["v2"].iterdir()
    )
    assert active.scorer.threshold == 0.2


def test_unsafe_archive_and_lone_onnx_are_refused(olah, variants, tmp_path):
    repo = olah.new_repo("evil")
    repo.commit(zipped(variants["v2"], tmp_path / "model.zip", evil=True), "evil")
    active = ActiveModel()
    config = hub_config(repo_id=repo.repo_id, endpoint=olah.endpoint, filename="model.zip")
    with pytest.raises(VerificationError, match=r"unsafe entry '\.\./\.\./outside\.txt'"):
        install_candidate(check_for_update(config, active), active_model=active)
    assert not (tmp_path.parent / "outside.txt").exists()
    lone = olah.new_repo("lone")
    lone.commit(variants["v2"] / "model.onnx", "just the graph")
    config = hub_config(repo_id=lone.repo_id, endpoint=olah.endpoint, filename="model.onnx")
    with pytest.raises(VerificationError, match="pad_desktop needs a model bundle"):
        check_for_update(config, active)
    assert active.scorer.bundle.path == default_bundle_dir()


def test_push_is_refused_by_a_read_only_mirror(olah, variants):
    config = hub_config(repo_id="acme/pushed", endpoint=olah.endpoint, token="hf_test")
    with pytest.raises(HubRefused, match=r"does not accept uploads \(HTTP 405\)"):
        push_bundle(variants["v2"], config)
    # A bundle that a workstation would refuse is never uploaded (no network needed to say so).
    down = hub_config(repo_id="acme/pushed", endpoint="http://127.0.0.1:9", token="hf_test")
    with pytest.raises(VerificationError, match="does not reproduce its own expected scores"):
        push_bundle(variants["wrong_expected"], down)


def test_model_commands(hub_env, variants, monkeypatch, capsys, down_endpoint):
    repo = hub_env.new_repo("cli")
    v1 = repo.commit(variants["v1"], "v1", tag="v1")
    v2 = repo.commit(variants["v2"], "v2")
    monkeypatch.setenv("HF_REPO_ID", repo.repo_id)
    get_settings.cache_clear()

    assert main(["model", "check"]) == 0
    out = capsys.readouterr().out
    assert f"main -> commit {v2}" in out and "Not installed" in out
    assert main(["model", "pull", "--revision", "v1"]) == 0
    assert main(["model", "pull"]) == 0
    assert "Now scoring with" in capsys.readouterr().out
    assert main(["model", "pull"]) == 0
    assert "Already up to date" in capsys.readouterr().out
    assert main(["model", "list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].startswith("  shipped")
    latest = listing[-1]
    assert latest.startswith("* ") and v2[:12] in latest and "threshold 0.2" in latest
    assert main(["model", "rollback"]) == 0
    assert active_bundle_path().name.endswith(v1[:12])
    assert main(["model", "use", "shipped"]) == 0
    assert active_bundle_path() == default_bundle_dir()
    assert main(["model", "use", "nope"]) == 1
    capsys.readouterr()

    assert main(["model", "check", "--endpoint", down_endpoint]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: Cannot reach the model Hub") and "\n" not in err

    renamed = hub_env.new_repo("cli-renamed")
    renamed.commit(variants["renamed"], "renamed")
    assert main(["model", "pull", "--repo", renamed.repo_id]) == 3
    assert "Input 'telephone' is removed." in capsys.readouterr().err
    assert main(["model", "pull", "--repo", renamed.repo_id, "--accept-difference"]) == 0
    assert main(["model", "push", str(variants["v2"]), "--repo", "acme/new"]) == 1
    assert "read-only mirror" in capsys.readouterr().err

    from pad_desktop.decisions import DecisionLog

    log = DecisionLog.open()
    try:
        events = list(reversed(log.model_events()))
        evidence = {e[0] for e in log.switch_evidence()}
    finally:
        log.close()
    kinds = [e.kind for e in events]
    assert kinds == ["install", "install", "rollback", "use", "install"]
    # Each pull and use was compared first and records its report's hash; a rollback is not.
    assert [str(e.id) in evidence for e in events] == [True, True, False, True, True]


def test_optimize_command(tmp_path, capsys):
    assert main(["model", "optimize"]) == 2  # the shipped bundle is never modified in place
    assert "give -o OUT" in capsys.readouterr().err
    out = tmp_path / "dense"
    assert main(["model", "optimize", str(default_bundle_dir()), "-o", str(out)]) == 0
    doc = yaml.safe_load((out / "MLmodel").read_text(encoding="utf-8"))
    assert doc["metadata"]["pad_desktop"]["graph"] == "dense"
