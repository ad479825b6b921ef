"""A hostile Hub cannot write outside the model store, nor make an unverified file the model.

Each hostile listing is served by `hostile_hub` next to a bundle that is otherwise valid, so
that an update which trusted the names would succeed.
"""

from __future__ import annotations

import io
import os
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pad_desktop.hub import (
    HubTimeout,
    ModelStore,
    StoreError,
    VerificationError,
    check_for_update,
    hub_config,
    install_candidate,
)
from pad_desktop.model.active import ActiveModel, active_bundle_path
from pad_desktop.runtime.paths import default_bundle_dir
from pad_desktop.runtime.settings import get_settings
from tests.hub.conftest import store_entries
from tests.hub.hostile_hub import HostileHub, serve_hostile_hub


def bundle_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def hub(variants: dict[str, Path]) -> Iterator[HostileHub]:
    with serve_hostile_hub(HostileHub(files=bundle_files(variants["v2"]))) as server:
        yield server


def update(hub: HostileHub, active: ActiveModel, **kw: str):
    config = hub_config(repo_id=hub.repo_id, endpoint=hub.endpoint, **kw)
    return install_candidate(check_for_update(config, active), active_model=active)


def assert_nothing_installed(active: ActiveModel, store_root: Path) -> None:
    assert active.scorer.bundle.path == default_bundle_dir()
    assert active_bundle_path() == default_bundle_dir()
    folders = [p.name for p in store_root.iterdir() if p.is_dir()] if store_root.exists() else []
    assert [n for n in folders if not n.startswith(".")] == []
    assert [m.name for m in ModelStore().list()] == ["shipped"]


def test_the_hostile_hub_serves_a_valid_bundle(hub: HostileHub) -> None:
    """The control: with honest names the same server's bundle installs."""
    active = ActiveModel()
    assert update(hub, active).installed.commit is not None
    assert active.scorer.threshold == 0.2


@pytest.mark.parametrize(
    "name, reason",
    [
        ("{abs}", "an absolute path"),
        ("docs/../../../../x.txt", "'..'"),
        ("../x.txt", "'..'"),
        ("C:/Windows/x.txt", "a drive letter"),
        ("c:x.txt", "a drive letter"),
        ("..\\..\\x.txt", "a backslash"),
        ("docs\\x.txt", "a backslash"),
        ("docs/a\0b.txt", "NUL"),
        ("docs//x.txt", "empty path part"),
        ("./x.txt", "'.'"),
    ],
)
def test_a_hostile_name_in_the_listing_refuses_the_whole_update(
    hub: HostileHub, store_root: Path, tmp_path: Path, name: str, reason: str
) -> None:
    absolute = tmp_path / "outside" / "x.sh"
    name = name.replace("{abs}", str(absolute))
    hub.add_entry(name)
    active = ActiveModel()
    with pytest.raises(VerificationError, match=f"unsafe file name .*{reason}"):
        update(hub, active)
    assert name not in hub.requested  # refused before anything is downloaded
    assert not absolute.exists()
    assert not (store_root.parent / "x.txt").exists() and not (store_root / "x.txt").exists()
    assert_nothing_installed(active, store_root)


@pytest.mark.parametrize(
    "entry",
    [
        {"type": "file", "path": 7, "size": 1, "oid": "0"},
        {"type": "file", "path": "a.txt", "size": -1, "oid": "0"},
        {"type": "file", "path": "a.txt", "size": "12", "oid": "0"},
        {"type": "file", "path": "a.txt"},
    ],
)
def test_a_malformed_listing_entry_is_refused_in_one_line(
    hub: HostileHub, store_root: Path, entry: dict
) -> None:
    hub.extra_entries.append(entry)
    active = ActiveModel()
    with pytest.raises(VerificationError, match="not a file description"):
        update(hub, active)
    assert_nothing_installed(active, store_root)


def test_a_name_resolving_outside_the_folder_is_refused(tmp_path: Path) -> None:
    """A plain name may still leave the folder through a link already in it."""
    from pad_desktop.hub.safe_paths import inside

    root = tmp_path / "staging"
    (root).mkdir()
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", root / "docs")
    with pytest.raises(VerificationError, match="outside the download folder"):
        inside(root, "docs/x.txt", "The listing")
    assert inside(root, "sub/x.txt", "The listing") == root / "sub" / "x.txt"


def test_an_oversized_bundle_is_refused_before_download(
    hub: HostileHub, store_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub.advertised_size["model.onnx"] = 40 * 1024**3  # 40 GB advertised
    active = ActiveModel()
    with pytest.raises(VerificationError, match=r"more than the .* allowed"):
        update(hub, active)
    assert "model.onnx" not in hub.requested
    hub.advertised_size.clear()
    monkeypatch.setenv("PAD_HUB_MAX_BYTES", "1000")  # IT's own, lower cap
    get_settings.cache_clear()  # settings are read once per process: as at the next start
    with pytest.raises(VerificationError, match=r"the 1,000 allowed \(PAD_HUB_MAX_BYTES\)"):
        update(hub, active)
    assert_nothing_installed(active, store_root)


def tar_of(members: list[tuple[tarfile.TarInfo, bytes | None]]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for info, data in members:
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return out.getvalue()


def file_info(name: str, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


def link_info(name: str, target: str, kind: bytes) -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info, None


def archive_hub(files: dict[str, bytes], link: tuple[tarfile.TarInfo, None]) -> bytes:
    members = [file_info(f"bundle/{n}", d) for n, d in files.items() if n != "model.onnx"]
    members.append(file_info("evil/model.onnx", files["model.onnx"]))
    return tar_of([*members, link])


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE])
def test_links_in_a_tar_bundle_are_refused(hub: HostileHub, store_root: Path, kind: bytes) -> None:
    """`bundle/model.onnx -> ../evil/model.onnx` resolves inside staging when unpacked, and to
    `<store>/evil/model.onnx` once the bundle is renamed into the store: an unverified file."""
    files = dict(hub.files)
    target = "../evil/model.onnx" if kind == tarfile.SYMTYPE else "evil/model.onnx"
    hub.files = {"model.tar": archive_hub(files, link_info("bundle/model.onnx", target, kind))}
    planted = store_root / "evil" / "model.onnx"  # what the link would point at once installed
    planted.parent.mkdir(parents=True)
    planted.write_bytes(files["model.onnx"])
    active = ActiveModel()
    with pytest.raises(VerificationError, match=r"unsafe entry 'bundle/model\.onnx' \(a link"):
        update(hub, active, filename="model.tar")
    assert active.scorer.bundle.path == default_bundle_dir()
    assert [n for n in store_entries(store_root) if not n.startswith(".")] == ["evil"]


def test_the_installed_bytes_are_checked_after_the_final_move(
    hub: HostileHub, store_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file changed between the download's check and the move is caught, not loaded."""
    real_install = ModelStore.install

    def install_then_tamper(self, bundle, name, origin):
        installed = real_install(self, bundle, name, origin)
        (installed.path / "reference.csv").write_text("age\n1\n", encoding="utf-8")
        return installed

    monkeypatch.setattr(ModelStore, "install", install_then_tamper)
    active = ActiveModel()
    with pytest.raises(VerificationError, match=r"installed reference\.csv does not match"):
        update(hub, active)
    assert_nothing_installed(active, store_root)


def test_metadata_goes_through_hfapi_with_the_configured_endpoint(
    hub: HostileHub, monkeypatch: pytest.MonkeyPatch, down_endpoint: str
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", down_endpoint)  # what huggingface_hub would read itself
    candidate = check_for_update(hub_config(repo_id=hub.repo_id, endpoint=hub.endpoint))
    assert candidate.version == "2026.12.01"
    assert hub.user_agents and all("hf_hub/" in ua for ua in hub.user_agents)


def test_a_tree_listing_that_never_comes_times_out_without_retries(hub: HostileHub) -> None:
    """huggingface_hub would retry a timeout five times; a hung Hub is asked once."""
    hub.tree_delay = 30
    config = hub_config(repo_id=hub.repo_id, endpoint=hub.endpoint, read_timeout=1.0)
    with pytest.raises(HubTimeout, match="did not answer within 1 s"):
        check_for_update(config)
    assert hub.tree_requests == 1  # asked once: the timeout is not retried


def test_other_bytes_for_the_installed_commit_never_overwrite_the_model_in_use(
    hub: HostileHub,
) -> None:
    active = ActiveModel()
    first = update(hub, active)
    before = first.installed.path.joinpath("README.md").read_bytes()
    hub.files["README.md"] = before + b"\nchanged behind the same commit\n"
    with pytest.raises(StoreError, match="is in use and the Hub now serves other bytes"):
        update(hub, active)
    assert first.installed.path.joinpath("README.md").read_bytes() == before
    assert active_bundle_path() == first.installed.path
