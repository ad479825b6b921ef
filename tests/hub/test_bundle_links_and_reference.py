"""The loader refuses a bundle whose files are links, or whose reference sample lies outside."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from pad_desktop.model.bundle import BundleError, load_bundle


@pytest.fixture
def bundle(tmp_path: Path, default_bundle_dir: Path) -> Path:
    return Path(shutil.copytree(default_bundle_dir, tmp_path / "bundle"))


def test_a_model_file_that_is_a_link_is_refused(bundle: Path, tmp_path: Path) -> None:
    load_bundle(bundle)  # the control
    elsewhere = tmp_path / "unverified.onnx"
    (bundle / "model.onnx").rename(elsewhere)
    os.symlink(elsewhere, bundle / "model.onnx")
    with pytest.raises(BundleError, match=r"model\.onnx in .* is a link"):
        load_bundle(bundle)


def test_a_linked_folder_inside_the_bundle_is_refused(bundle: Path, tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    os.symlink(tmp_path / "other", bundle / "extra")
    with pytest.raises(BundleError, match=r"extra in .* is a link"):
        load_bundle(bundle)


def set_reference(bundle: Path, name: str) -> None:
    doc = yaml.safe_load((bundle / "MLmodel").read_text(encoding="utf-8"))
    doc["metadata"]["pad_desktop"]["reference"] = name
    (bundle / "MLmodel").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("name", ["../outside.csv", "{abs}", "data/../../outside.csv", "a\\b.csv"])
def test_the_reference_sample_must_be_a_file_inside_the_bundle(
    bundle: Path, tmp_path: Path, name: str
) -> None:
    outside = tmp_path / "outside.csv"
    shutil.copyfile(bundle / "reference.csv", outside)
    set_reference(bundle, name.replace("{abs}", str(outside)))
    with pytest.raises(BundleError, match="is not a file inside the bundle folder"):
        load_bundle(bundle)


def test_a_reference_inside_the_bundle_is_covered_by_its_hash(bundle: Path) -> None:
    (bundle / "data").mkdir()
    (bundle / "reference.csv").rename(bundle / "data" / "sample.csv")
    set_reference(bundle, "data/sample.csv")
    before = load_bundle(bundle)
    assert before.reference() is not None
    digest = before.sha256
    with (bundle / "data" / "sample.csv").open("a", encoding="utf-8") as out:
        out.write("\n")
    assert load_bundle(bundle).sha256 != digest
