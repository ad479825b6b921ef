"""Reading bundles: ours, the original service's, and folders that are not bundles."""

from __future__ import annotations

import json
import marshal
import shutil
from pathlib import Path

import pytest
import yaml

from pad_desktop.cells.field_specs import Kind
from pad_desktop.model.bundle import BundleError, content_sha256, load_bundle, read_mlmodel


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


def _edit_mlmodel(folder: Path, change) -> None:
    doc = yaml.safe_load((folder / "MLmodel").read_text())
    change(doc)
    (folder / "MLmodel").write_text(yaml.safe_dump(doc))


def _features(doc):
    return doc.setdefault("metadata", {}).setdefault("pad_desktop", {})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.clear() or d.update({"x": 1}), "no signature"),
        (lambda d: d.update(flavors="onnx"), "'flavors' is not a mapping"),
        (lambda d: d.update(metadata=[1, 2]), "'metadata' is not a mapping"),
        (lambda d: d.update(signature="inputs"), "'signature' is not a mapping"),
        (lambda d: d["signature"].update(inputs=None), "lists no inputs"),
        (lambda d: d["signature"].update(inputs=["a"]), "the signature's 'inputs' is list"),
        (lambda d: d["signature"].update(inputs="[{"), "not valid JSON"),
        (lambda d: d["signature"].update(inputs='{"a": 1}'), "not a list of input columns"),
        (lambda d: d["signature"].update(inputs='[{"type": "long"}]'), "no name or type"),
        (
            lambda d: d["signature"].update(
                inputs=json.dumps([{"name": "a", "type": "long", "required": 0}])
            ),
            "'required' is not true or false",
        ),
        (lambda d: d.update(run_id={"a": 1}), "'run_id' is dict, not text"),
        (lambda d: _features(d).update(features={"a": 1}), "not a list of named fields"),
        (lambda d: _features(d).update(features=[{"unit": "DM"}]), "not a list of named fields"),
    ],
)
def test_a_malformed_mlmodel_says_which_part_is_wrong(
    original_bundle: Path, tmp_path: Path, change, message
) -> None:
    """Bundle metadata comes from a Hub too: every malformed shape is a BundleError that names
    the part, never a TypeError or KeyError from deep inside."""
    copy = Path(shutil.copytree(original_bundle, tmp_path / "b"))
    _edit_mlmodel(copy, change)
    with pytest.raises(BundleError, match=message):
        load_bundle(copy)


def test_a_list_for_an_mlmodel_file_is_refused(original_bundle: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(original_bundle, tmp_path / "b"))
    (copy / "MLmodel").write_text("- a\n- b\n")
    with pytest.raises(BundleError, match="cannot be read: it holds list"):
        load_bundle(copy)


def test_an_id_of_digits_reads_as_text(original_bundle: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(original_bundle, tmp_path / "b"))
    _edit_mlmodel(copy, lambda d: d.update(model_uuid=None, run_id=None, model_id=12345))
    assert load_bundle(copy).id == "12345"


# The window's copy of its last MLmodel read (`read_mlmodel`'s cache): used only for the very
# text it was parsed from, ignored when unreadable, never kept for what marshal cannot hold.
def test_a_kept_read_serves_the_same_text_only(original_bundle: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(original_bundle, tmp_path / "b"))
    cache = tmp_path / "cache" / "mlmodel.marshal"
    cache.parent.mkdir()
    parsed = yaml.safe_load((copy / "MLmodel").read_text(encoding="utf-8"))
    assert read_mlmodel(copy / "MLmodel", cache) == parsed  # parsed, then kept
    assert cache.exists()
    assert read_mlmodel(copy / "MLmodel", cache) == parsed  # from the kept copy
    with_cache = load_bundle(copy, mlmodel_cache=cache)
    without = load_bundle(copy)
    assert with_cache.doc == without.doc and with_cache.signature == without.signature
    assert with_cache.threshold == without.threshold and with_cache.sha256 == without.sha256
    # the kept copy is what is read while the text is the same...
    text, _doc = marshal.loads(cache.read_bytes())
    cache.write_bytes(marshal.dumps((text, {"kept": True})))
    assert read_mlmodel(copy / "MLmodel", cache) == {"kept": True}
    # ...and not once the file changes: parsed again, and kept in its place
    _edit_mlmodel(copy, lambda d: d["metadata"].update(best_threshold=0.2))
    assert read_mlmodel(copy / "MLmodel", cache)["metadata"]["best_threshold"] == 0.2
    assert load_bundle(copy, mlmodel_cache=cache).threshold == 0.2
    assert marshal.loads(cache.read_bytes())[1]["metadata"]["best_threshold"] == 0.2


@pytest.mark.parametrize("kept", [b"", b"not marshal", marshal.dumps([1, 2, 3]), marshal.dumps(7)])
def test_an_unreadable_kept_read_is_ignored(
    original_bundle: Path, tmp_path: Path, kept: bytes
) -> None:
    cache = tmp_path / "mlmodel.marshal"
    cache.write_bytes(kept)
    parsed = yaml.safe_load((original_bundle / "MLmodel").read_text(encoding="utf-8"))
    assert read_mlmodel(original_bundle / "MLmodel", cache) == parsed
    assert marshal.loads(cache.read_bytes())[1] == parsed  # rewritten


def test_a_document_marshal_cannot_hold_is_not_kept(tmp_path: Path) -> None:
    mlmodel = tmp_path / "MLmodel"
    mlmodel.write_text("utc_time_created: 2024-01-02 03:04:05\nflavors: {}\n", encoding="utf-8")
    cache = tmp_path / "mlmodel.marshal"
    doc = read_mlmodel(mlmodel, cache)
    assert doc["utc_time_created"].year == 2024  # a datetime, as YAML reads it
    assert not cache.exists() and list(tmp_path.iterdir()) == [mlmodel]


def test_a_broken_mlmodel_is_refused_with_or_without_a_kept_read(
    original_bundle: Path, tmp_path: Path
) -> None:
    copy = Path(shutil.copytree(original_bundle, tmp_path / "b"))
    cache = tmp_path / "mlmodel.marshal"
    load_bundle(copy, mlmodel_cache=cache)
    (copy / "MLmodel").write_text("flavors: [unclosed")
    with pytest.raises(BundleError, match="cannot be read"):
        load_bundle(copy, mlmodel_cache=cache)


def test_a_kept_read_that_is_not_a_document_is_ignored(
    original_bundle: Path, tmp_path: Path
) -> None:
    """The same text kept with something no YAML file gives (a list, code): parsed again."""
    text = (original_bundle / "MLmodel").read_text(encoding="utf-8")
    parsed = yaml.safe_load(text)
    cache = tmp_path / "mlmodel.marshal"
    for foreign in ([1, 2], compile("1", "x", "eval"), None):
        cache.write_bytes(marshal.dumps((text, foreign)))
        assert read_mlmodel(original_bundle / "MLmodel", cache) == parsed
    assert load_bundle(original_bundle, mlmodel_cache=cache).doc == load_bundle(original_bundle).doc
