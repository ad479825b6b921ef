"""Reading bundles: ours, the original service's, and folders that are not bundles."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from pad_desktop.bundle import BundleError, content_sha256, load_bundle
from pad_desktop.signature import Kind


def test_default_bundle_describes_the_applicant(default_bundle_dir: Path) -> None:
    bundle = load_bundle(default_bundle_dir)
    assert 0.0 < bundle.threshold < 1.0 and not bundle.warnings
    assert len(bundle.signature.fields) == 18
    names = bundle.signature.names
    assert "personal_status_and_sex" not in names and "foreign_worker" not in names
    purpose = bundle.signature["purpose"]
    assert purpose.kind is Kind.CATEGORY and "car (new)" in purpose.categories
    assert len(set(purpose.codes)) == len(purpose.codes)  # a code maps back to one label
    amount = bundle.signature["credit_amount"]
    assert amount.unit == "DM" and amount.minimum == 1 and amount.description == "Credit amount"
    assert bundle.id.startswith("m-") and len(bundle.sha256) == 64
    assert bundle.graph in ("standard", "dense")
    assert "Fairness audit" in bundle.card
    reference = bundle.reference()
    assert reference is not None and len(reference) == 1000


def test_our_reader_agrees_with_mlflow(default_bundle_dir: Path) -> None:
    from mlflow.models import Model

    ours = load_bundle(default_bundle_dir)
    theirs = Model.load(str(default_bundle_dir / "MLmodel"))
    columns = theirs.signature.inputs.to_dict()
    assert [c["name"] for c in columns] == ours.signature.names
    kinds = {"string": Kind.CATEGORY, "long": Kind.INTEGER, "double": Kind.NUMBER}
    assert [kinds[c["type"]] for c in columns] == [f.kind for f in ours.signature.fields]
    assert theirs.metadata["pad_desktop"]["threshold"] == ours.threshold
    assert theirs.model_id == ours.id


def test_original_service_bundle_loads(original_bundle: Path) -> None:
    bundle = load_bundle(original_bundle)
    assert bundle.threshold == pytest.approx(0.42)
    kinds = {f.name: f.kind for f in bundle.signature.fields}
    assert kinds["CODE_GENDER"] is Kind.INTEGER
    assert kinds["NAME_FAMILY_STATUS_Married"] is Kind.BOOLEAN
    assert kinds["AMT_ANNUITY"] is Kind.NUMBER
    assert bundle.id == "5b0e1f2a3c4d4e5f8a9b0c1d2e3f4a5b"


def test_missing_threshold_falls_back_with_a_warning(original_bundle: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(original_bundle, tmp_path / "b"))
    doc = yaml.safe_load((copy / "MLmodel").read_text())
    del doc["metadata"]
    (copy / "MLmodel").write_text(yaml.safe_dump(doc))
    bundle = load_bundle(copy)
    assert bundle.threshold == 0.5
    assert "no decision threshold" in bundle.warnings[0]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: (d / "MLmodel").unlink(), "no MLmodel file"),
        (lambda d: (d / "model.onnx").unlink(), "no model.onnx"),
        (lambda d: (d / "MLmodel").write_text("flavors: [unclosed"), "cannot be read"),
    ],
)
def test_broken_folders_say_what_is_wrong(original_bundle, tmp_path, damage, message) -> None:
    copy = Path(shutil.copytree(original_bundle, tmp_path / "b"))
    damage(copy)
    with pytest.raises(BundleError, match=message):
        load_bundle(copy)


def test_tensor_signature_is_refused(original_bundle: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(original_bundle, tmp_path / "b"))
    doc = yaml.safe_load((copy / "MLmodel").read_text())
    doc["signature"]["inputs"] = json.dumps(
        [{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 15]}}]
    )
    (copy / "MLmodel").write_text(yaml.safe_dump(doc))
    with pytest.raises(BundleError, match="tensor signature"):
        load_bundle(copy)


def test_content_sha_follows_the_bytes(original_bundle: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(original_bundle, tmp_path / "b"))
    assert content_sha256(copy) == content_sha256(original_bundle)
    (copy / "model.onnx").write_bytes((copy / "model.onnx").read_bytes() + b"\0")
    assert content_sha256(copy) != content_sha256(original_bundle)
