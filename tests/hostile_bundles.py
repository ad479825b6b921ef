"""Hostile copies of the shipped bundle, for the tests: a graph that answers a constant that is
no probability (5.0, -1.0, NaN, inf), a graph that is right on every reference row but answers
NaN for one kind of applicant, and `MLmodel` edits (a range, codes, a threshold).

Every copy keeps the shipped graph's interface: one float input `features` [N, F] and the
outputs the scorer reads, `probabilities` [N, 2] and `contributions` [N, F] (and `label`).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import yaml
from onnx import TensorProto, helper, numpy_helper

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "resources" / "model"
DURATION_COLUMN = 1  # duration_in_month's place in the signature (and the graph's input)
WILD_DURATION = 100.0  # a valid duration (maximum 120) that no reference row has (they stop at 72)


def copy_shipped(target: Path) -> Path:
    """A copy of the shipped bundle at `target` (a folder that does not exist yet)."""
    shutil.copytree(SHIPPED, target)
    return target


def _opset() -> list[onnx.OperatorSetIdProto]:
    return [helper.make_opsetid("", 17)]


def constant_graph(value: float, n_features: int) -> onnx.ModelProto:
    """A graph with the shipped interface whose every probability is `value`."""
    nodes = [
        helper.make_node("ReduceSum", ["features", "axis1"], ["summed"], keepdims=1),
        helper.make_node("Mul", ["summed", "zero"], ["nothing"]),  # [N, 1] of 0 (NaN-free input)
        helper.make_node("Add", ["nothing", "value"], ["p"]),
        helper.make_node("Sub", ["one", "p"], ["q"]),
        helper.make_node("Concat", ["q", "p"], ["probabilities"], axis=1),
        helper.make_node("Mul", ["features", "zero"], ["contributions"]),
        helper.make_node("Greater", ["p", "half"], ["above"]),
        helper.make_node("Cast", ["above"], ["label_2d"], to=TensorProto.INT64),
        helper.make_node("Squeeze", ["label_2d", "axis1"], ["label"]),
    ]
    inits = [
        numpy_helper.from_array(np.array([1], np.int64), "axis1"),
        numpy_helper.from_array(np.array(0.0, np.float32), "zero"),
        numpy_helper.from_array(np.array(1.0, np.float32), "one"),
        numpy_helper.from_array(np.array(0.5, np.float32), "half"),
        numpy_helper.from_array(np.array(value, np.float32), "value"),
    ]
    graph = helper.make_graph(
        nodes,
        "constant",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", n_features])],
        [
            helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 2]),
            helper.make_tensor_value_info("contributions", TensorProto.FLOAT, ["N", n_features]),
        ],
        inits,
    )
    return helper.make_model(graph, opset_imports=_opset())


def constant_bundle(target: Path, value: float) -> Path:
    """The shipped bundle whose graph answers `value` for everyone."""
    copy_shipped(target)
    onnx.save(constant_graph(value, 18), target / "model.onnx")
    return target


def wild_bundle(target: Path, bad: float = float("nan")) -> Path:
    """The shipped bundle, exact on every reference row, whose graph answers `bad` for an
    applicant asking for `WILD_DURATION` months or more: only the scorer's own check of each
    output can catch it."""
    copy_shipped(target)
    model = onnx.load(target / "model.onnx")
    graph = model.graph
    for node in graph.node:
        node.output[:] = ["raw_probabilities" if o == "probabilities" else o for o in node.output]
    constants = [
        numpy_helper.from_array(np.array([DURATION_COLUMN], np.int64), "wild_column"),
        numpy_helper.from_array(np.array(WILD_DURATION, np.float32), "wild_duration"),
        numpy_helper.from_array(np.array(bad, np.float32), "wild_value"),
    ]
    nodes = [
        helper.make_node("Gather", ["features", "wild_column"], ["duration"], axis=1),
        helper.make_node("GreaterOrEqual", ["duration", "wild_duration"], ["wild"]),
        helper.make_node("Where", ["wild", "wild_value", "raw_probabilities"], ["probabilities"]),
    ]
    graph.initializer.extend(constants)
    graph.node.extend(nodes)
    onnx.save(model, target / "model.onnx")
    return target


def edit_mlmodel(target: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of the shipped bundle whose `MLmodel` went through `edit(data)`."""
    copy_shipped(target)
    path = target / "MLmodel"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def feature(data: dict[str, Any], name: str) -> dict[str, Any]:
    """The description of feature `name` in an `MLmodel`'s data."""
    return next(f for f in data["metadata"]["pad_desktop"]["features"] if f["name"] == name)
