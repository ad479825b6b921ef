"""ONNX graphs for CatBoost forests: the standard export and the dense tensor-op compilation.

Both graphs take `features` float32 [N, F] and give `label` int64 [N], `probabilities`
float32 [N, 2] and `contributions` float32 [N, F] (exact path-dependent TreeSHAP values in
log-odds, tabled per leaf, see `pad_desktop.model.trees.shap_tables`; `attribution="saabas"` builds
the older Saabas tables, kept as the benchmarks' baseline). Both are deterministic: the same
model gives the same bytes.

The dense graph (issues 5 and 32) scores oblivious trees with plain tensor ops, in chunks of
rows (a Scan) so the intermediates stay in cache: rows transposed to [F, C], each distinct
border compared once, the bits (int8) weighted into leaf indices with MatMulInteger, per-(group,
feature) contribution tables looked up with GatherElements and summed by feature; the raw
score is expected_value + the sum of the contributions (in float64 across blocks), so the
leaf values themselves are never looked up. Trees sharing features are merged into groups
scored as one wider oblivious tree (at most 8 distinct splits, a 256-leaf table): a lookup per
(group, feature) instead of per (tree, feature), the graph's main cost (ORT's profile: the
lookups are ~40 % of the node time). Batches of at most WALK_MAX_ROWS rows take an If
branch that walks the trees once instead.

The probability graph (issue 32, `probability_graph`) is the same groups and leaf indices
without the contributions: label and probabilities only, what CatBoost's own evaluator
computes, for the paths that need no reasons. All its borders are compared in one broadcast
Greater, each group looks up one float32 leaf-value table, summed by blocks of 8 in float32
and across blocks in float64. It is never written into a bundle: `Scorer.probabilities`
compiles it on first need from the bundle's dense graph (`forest_from_graph`).
"""

from __future__ import annotations

import heapq
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import yaml
from onnx import TensorProto, helper, numpy_helper

from pad_desktop.model.trees import (
    Attribution,
    ObliviousForest,
    ObliviousTree,
    UnsupportedForest,
    attribution_tables,
    forest_from_catboost,
    forest_predict,
)

GRAPH_KEY = "pad_desktop.graph"
EXPECTED_VALUE_KEY = "pad_desktop.expected_value"
# rows per Scan step: about CHUNK_LOOKUPS table lookups (a [pairs, rows] int32 and float32
# intermediate of ~4 MB each) per step, in [MIN_CHUNK_ROWS, MAX_CHUNK_ROWS]: the depth-6 model
# (2.5k pairs) ran best at 256 rows, the shipped depth-4 one (0.9k pairs) at 512-1024 (measured)
CHUNK_LOOKUPS = 1 << 20
MIN_CHUNK_ROWS, MAX_CHUNK_ROWS = 256, 1024
CHUNK_ROWS = 512  # the tests' explicit chunk
PAIR_BLOCK = 8  # contribution pairs summed in blocks of 8 before the by-feature MatMul
WALK_MAX_ROWS = 8  # up to 8 rows one tree walk beats the dense path's fixed cost (measured)
PARITY_TOLERANCE = 1e-6
CONTRIBUTION_TOLERANCE = 1e-4  # float32 outputs: sum of F contributions vs float64 raw score
_MAX_DENSE_DEPTH = 8  # leaf indices are built from uint8 weights (2^8 - 1 at most)
_NEVER_TRUE = (0, float("inf"))
_OPSET = [helper.make_opsetid("", 17), helper.make_opsetid("ai.onnx.ml", 3)]


# --------------------------------------------------------------------------- standard graph


def standard_graph(
    model: Any, forest: ObliviousForest, attribution: Attribution = "shap"
) -> onnx.ModelProto:
    """CatBoost's own ONNX export, with a tensor `probabilities` and a `contributions` output."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.onnx"
        model.save_model(str(path), format="onnx")
        proto = onnx.load(str(path))
    graph = proto.graph
    classifier = next(n for n in graph.node if n.op_type == "TreeEnsembleClassifier")
    if forest.bias != 0.0:
        # CatBoost writes the bias (boost_from_average) as base_values next to two-class leaf
        # weights, and ONNX Runtime (1.32) then applies it with the wrong sign: p = 0.88 where
        # CatBoost says 0.54. Same op, binary one-score form instead.
        classifier = _walking_classifier(forest, ["label", "probabilities"])
    classifier.output[:] = ["label", "probabilities"]
    del graph.node[:]
    # contributions summed in float64 (a float32 sum over 500 trees is off by ~1e-6)
    graph.node.extend(
        [
            classifier,
            helper.make_node("Cast", ["features"], ["features64"], to=TensorProto.DOUBLE),
            _contributions_regressor(
                forest, "contributions64", attribution=attribution, double=True
            ),
            helper.make_node("Cast", ["contributions64"], ["contributions"], to=TensorProto.FLOAT),
        ]
    )
    del graph.output[:]
    graph.output.extend(_outputs(forest.n_features))
    if not any(o.domain in ("", "ai.onnx") for o in proto.opset_import):
        proto.opset_import.append(helper.make_opsetid("", 17))  # the Casts
    for opset in proto.opset_import:
        if opset.domain == "ai.onnx.ml":  # float64 tree attributes (`*_as_tensor`) need 3
            opset.version = max(opset.version, 3)
    proto.ir_version = max(proto.ir_version, 8)
    # CatBoost stamps the training time and a random guid: drop them so builds are reproducible
    del proto.metadata_props[:]
    _set_metadata(proto, "standard", attribution_tables(forest, attribution).expected_value)
    onnx.checker.check_model(proto)
    return proto


def _contributions_regressor(
    forest: ObliviousForest,
    name: str,
    with_raw: bool = False,
    attribution: Attribution = "shap",
    double: bool = False,
) -> onnx.NodeProto:
    """TreeEnsembleRegressor whose F targets are each leaf's per-feature contributions.

    `with_raw` adds target F, the raw log-odds, so one walk gives the score as well; it then
    (and with `double`) reads `features64` (float64): ONNX Runtime sums leaves in the input's
    precision, and a float32 sum of 500 leaves drifts by ~1e-5 in log-odds (|dp| up to ~7e-7)."""
    tables = attribution_tables(forest, attribution).contributions
    n_features = forest.n_features
    nodes, leaves = _expanded_trees(forest)
    targets: dict[str, list[Any]] = {"treeids": [], "nodeids": [], "ids": [], "weights": []}
    for t, node, leaf in leaves:
        tree = forest.trees[t]
        weights = _leaf_contributions(tree.features, tables[t][:, leaf])
        if with_raw:
            weights.append((n_features, forest.scale * tree.leaf_values[leaf]))
        for target, weight in weights:
            targets["treeids"].append(t)
            targets["nodeids"].append(node)
            targets["ids"].append(target)
            targets["weights"].append(weight)
    attributes = {**nodes, **{f"target_{k}": v for k, v in targets.items()}}
    double = double or with_raw
    if double:
        for key in ("nodes_values", "target_weights"):
            values = np.array(attributes.pop(key), dtype=np.float64)
            attributes[f"{key}_as_tensor"] = numpy_helper.from_array(values)
    if with_raw:
        attributes["base_values"] = [0.0] * n_features + [forest.bias]
    return helper.make_node(
        "TreeEnsembleRegressor",
        ["features64" if double else "features"],
        [name],
        domain="ai.onnx.ml",
        n_targets=n_features + with_raw,
        post_transform="NONE",
        aggregate_function="SUM",
        **attributes,
    )


def _leaf_targets(
    forest: ObliviousForest, leaves: Sequence[tuple[int, int, int]]
) -> dict[str, list[Any]]:
    """A tree ensemble's targets: each leaf (tree, node, leaf) weighs its scaled value on 0."""
    targets: dict[str, list[Any]] = {"treeids": [], "nodeids": [], "ids": [], "weights": []}
    for t, node, leaf in leaves:
        targets["treeids"].append(t)
        targets["nodeids"].append(node)
        targets["ids"].append(0)
        targets["weights"].append(forest.scale * forest.trees[t].leaf_values[leaf])
    return targets


def _walking_classifier(forest: ObliviousForest, outputs: Sequence[str]) -> onnx.NodeProto:
    """TreeEnsembleClassifier scoring the forest by walking it.

    One score per leaf (all on class id 0) plus the bias in base_values is ONNX Runtime's
    binary case: LOGISTIC gives (1 - p, p). Checked against CatBoost in tests/trees."""
    nodes, leaves = _expanded_trees(forest)
    targets = _leaf_targets(forest, leaves)
    return helper.make_node(
        "TreeEnsembleClassifier",
        ["features"],
        list(outputs),
        domain="ai.onnx.ml",
        classlabels_int64s=[0, 1],
        post_transform="LOGISTIC",
        base_values=[forest.bias],
        **nodes,
        **{f"class_{k}": v for k, v in targets.items()},
    )


def _expanded_trees(
    forest: ObliviousForest,
) -> tuple[dict[str, list[Any]], list[tuple[int, int, int]]]:
    """Each oblivious tree as a full binary tree in BFS order (the ai.onnx.ml node attributes),
    and its leaves as (tree, node id, CatBoost leaf index)."""
    nodes: dict[str, list[Any]] = {
        f"nodes_{k}": []
        for k in (
            "treeids",
            "nodeids",
            "featureids",
            "values",
            "modes",
            "truenodeids",
            "falsenodeids",
            "missing_value_tracks_true",
            "hitrates",
        )
    }
    leaves = []
    for t, tree in enumerate(forest.trees):
        for node in range((1 << (tree.depth + 1)) - 1):
            level = (node + 1).bit_length() - 1
            leaf = level == tree.depth
            feature = 0 if leaf else tree.features[level]
            nodes["nodes_treeids"].append(t)
            nodes["nodes_nodeids"].append(node)
            nodes["nodes_featureids"].append(feature)
            nodes["nodes_values"].append(0.0 if leaf else tree.borders[level])
            nodes["nodes_modes"].append("LEAF" if leaf else "BRANCH_GT")
            nodes["nodes_truenodeids"].append(0 if leaf else 2 * node + 2)
            nodes["nodes_falsenodeids"].append(0 if leaf else 2 * node + 1)
            max_nan = not leaf and forest.nan_modes[feature] == "Max"
            nodes["nodes_missing_value_tracks_true"].append(int(max_nan))
            nodes["nodes_hitrates"].append(1.0)
            if leaf:
                position = node - ((1 << tree.depth) - 1)
                leaves.append((t, node, _leaf_of_bfs(position, tree.depth)))
    return nodes, leaves


def _leaf_of_bfs(position: int, depth: int) -> int:
    """The expanded tree decides level 0 at the root (the highest bit of its BFS position);
    CatBoost's leaf index puts level k in bit k, so the bits are reversed."""
    return sum(((position >> (depth - 1 - k)) & 1) << k for k in range(depth))


def _leaf_contributions(features: Sequence[int], column: np.ndarray) -> list[tuple[int, float]]:
    """(feature, contribution) for one leaf, levels on the same feature added up."""
    per_feature: dict[int, float] = {}
    for feature, value in zip(features, column, strict=True):
        per_feature[feature] = per_feature.get(feature, 0.0) + float(value)
    return sorted(per_feature.items())


# --------------------------------------------------------------------------- dense graph


def dense_graph(
    forest: ObliviousForest, chunk_rows: int | None = None, attribution: Attribution = "shap"
) -> onnx.ModelProto:
    """Compile an oblivious forest to standard ONNX tensor ops (see the module docstring).

    A batch of at most WALK_MAX_ROWS rows takes a tree-walking branch instead: the dense path
    has a fixed cost of a few dozen small kernels, more than walking 500 trees for one row."""
    _check_dense(forest)
    tables = _DenseTables.build(forest, attribution)
    n_features = forest.n_features
    if chunk_rows is None:
        chunk_rows = chunk_rows_for(len(tables.arrays["pair_trees"]))
    walk = helper.make_graph(
        _walk_nodes(forest, attribution), "walk", [], _outputs(n_features, "walk_")
    )
    dense = helper.make_graph(
        _chunked(_chunk_body(tables, n_features), n_features, chunk_rows),
        "dense",
        [],
        _outputs(n_features, prefix="dense_"),
    )
    proto = _walk_or_dense(
        walk, dense, _outputs(n_features), "pad_desktop_dense_forest", n_features,
        tables.initializers(),
    )  # fmt: skip
    _set_metadata(proto, "dense", tables.expected_value)
    onnx.checker.check_model(proto)
    return proto


def chunk_rows_for(n_pairs: int) -> int:
    """Rows per Scan step for a graph doing `n_pairs` table lookups per row (a power of two)."""
    rows = 1 << max(CHUNK_LOOKUPS // max(n_pairs, 1), 1).bit_length() - 1
    return min(max(rows, MIN_CHUNK_ROWS), MAX_CHUNK_ROWS)


def _walk_nodes(forest: ObliviousForest, attribution: Attribution) -> list[onnx.NodeProto]:
    """Few rows: one tree walk for contributions and raw score together (a classifier plus a
    regressor would walk the trees twice), then the same outputs as the dense path."""
    g = _Nodes("walk")
    g.add("Cast", ["features"], to=TensorProto.DOUBLE)
    g.rename_last("features64")
    g.nodes.append(
        _contributions_regressor(forest, "walk_scores", with_raw=True, attribution=attribution)
    )
    _, raw = g.add("Split", ["walk_scores", "walk_split"], n_out=2, axis=1)
    g.rename_last("walk_contributions")
    g.add("Sigmoid", [g.add("Concat", [g.add("Neg", [raw]), raw], axis=1)])
    g.rename_last("walk_probabilities")
    g.add(
        "Reshape",
        [g.add("Cast", [g.add("Greater", [raw, "zero32"])], to=TensorProto.INT64), g.const([-1])],
    )
    g.rename_last("walk_label")
    return g.nodes


def _check_dense(forest: ObliviousForest) -> None:
    if not any(tree.depth for tree in forest.trees):
        raise UnsupportedForest("the forest has no splits; nothing to compile")
    if forest.max_depth > _MAX_DENSE_DEPTH:
        raise UnsupportedForest(
            f"trees deeper than {_MAX_DENSE_DEPTH} cannot use the dense graph "
            f"(depth {forest.max_depth})"
        )


Split = tuple[int, float]  # (feature, border): the level's bit is x[feature] > border


@dataclass(frozen=True)
class _Group:
    """Trees scored as one wider oblivious tree: bit k of the group's leaf index is
    `splits[k]`; member tree m's level j reads group bit `positions[m][j]`."""

    members: tuple[int, ...]
    splits: tuple[Split, ...]
    positions: tuple[tuple[int, ...], ...]

    def member_leaves(self, n_leaves: int) -> list[np.ndarray]:
        """Per member, its own leaf index for each group leaf index 0..n_leaves-1."""
        group_leaf = np.arange(n_leaves)
        out = []
        for positions in self.positions:
            leaf = np.zeros(n_leaves, dtype=np.int64)
            for j, bit in enumerate(positions):
                leaf |= ((group_leaf >> bit) & 1) << j
            out.append(leaf)
        return out


def _tree_groups(forest: ObliviousForest, max_splits: int) -> list[_Group]:
    """Merge trees into groups of at most `max_splits` distinct splits, greedily merging the
    two groups of best merit (features shared, less splits added): each (group, feature) pair
    is one table lookup per row, so two trees on the same features cost one lookup per feature
    instead of two. Splits shared by members are compared once. Deterministic: ties go to the
    lowest tree indices."""
    trees = [(t, tree) for t, tree in enumerate(forest.trees) if tree.depth]
    splits = {t: set(_splits(tree)) for t, tree in trees}
    features = {t: set(tree.features) for t, tree in trees}
    members = {t: [t] for t, _ in trees}
    heap: list[tuple[int, int, int, int]] = []

    def merit(a: int, b: int) -> tuple[int, int]:
        """(4 x features shared - splits added, splits of the union): a shared feature saves a
        lookup per row; an added split costs a bit row and narrows what can still join."""
        union = len(splits[a] | splits[b])
        added = union - max(len(splits[a]), len(splits[b]))
        return 4 * len(features[a] & features[b]) - added, union

    def push(a: int, b: int) -> None:
        gain, union = merit(a, b)
        if union <= max_splits and features[a] & features[b] and gain > 0:
            heapq.heappush(heap, (-gain, union, min(a, b), max(a, b)))

    alive = sorted(members)
    for i, a in enumerate(alive):
        for b in alive[i + 1 :]:
            push(a, b)
    while heap:
        gain, union, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        if (-gain, union) != merit(a, b):
            push(a, b)  # `a` grew since this candidate was pushed: weigh it again
            continue
        # the merged group keeps the lower id; its candidate pairs are pushed afresh
        splits[a] |= splits.pop(b)
        features[a] |= features.pop(b)
        members[a] += members.pop(b)
        for c in members:
            if c != a:
                push(a, c)
    groups = []
    for a in sorted(members):
        trees_in = sorted(members[a])
        order = list(dict.fromkeys(s for t in trees_in for s in _splits(forest.trees[t])))
        bit = {s: k for k, s in enumerate(order)}
        positions = tuple(tuple(bit[s] for s in _splits(forest.trees[t])) for t in trees_in)
        groups.append(_Group(tuple(trees_in), tuple(order), positions))
    return groups


def _splits(tree: ObliviousTree) -> list[Split]:
    return list(zip(tree.features, tree.borders, strict=True))


def _grouping(forest: ObliviousForest) -> list[_Group]:
    """Trees of depth <= 4 are merged into groups of up to 8 splits (256-leaf tables, which
    still stay in cache); deeper trees only with trees sharing splits (their tables would
    grow to 4096 leaves, and a lookup into a table that large costs several times more)."""
    limit = _MAX_DENSE_DEPTH if forest.max_depth <= _MAX_DENSE_DEPTH // 2 else forest.max_depth
    return _tree_groups(forest, limit)


class _DenseTables:
    """The constant tensors of the dense graph, all derived from the forest in a fixed order."""

    def __init__(self, arrays: dict[str, np.ndarray], expected_value: float) -> None:
        self.arrays = arrays
        self.expected_value = expected_value
        # the bits' type in the leaf index's MatMulInteger (uint8 weights x bits): int8 bits
        # take ONNX Runtime's u8s8 kernel, 2.8x faster than u8u8 (measured: 105 against 290
        # ns per row on [6, 512k]); exact either way (sums of at most 255)
        self.bits_type = TensorProto.INT8

    @classmethod
    def build(cls, forest: ObliviousForest, attribution: Attribution = "shap") -> _DenseTables:
        groups = _grouping(forest)
        arrays, depth = _split_tables(forest, groups)
        arrays.update(_pair_tables(forest, groups, 1 << depth, attribution))
        expected_value = attribution_tables(forest, attribution).expected_value
        arrays["expected_value"] = np.array(expected_value, dtype=np.float64)
        arrays["zero"] = np.array(0.0, dtype=np.float64)
        arrays["zero32"] = np.array(0.0, dtype=np.float32)
        arrays["walk_split"] = np.array([forest.n_features, 1], dtype=np.int64)
        arrays["walk_max_values"] = np.array(WALK_MAX_ROWS * forest.n_features, dtype=np.int64)
        return cls(arrays, expected_value)

    def has(self, name: str) -> bool:
        return name in self.arrays

    def initializers(self) -> list[onnx.TensorProto]:
        return [numpy_helper.from_array(a, name) for name, a in self.arrays.items()]


def _split_tables(
    forest: ObliviousForest, groups: list[_Group]
) -> tuple[dict[str, np.ndarray], int]:
    """The borders compared and how their bits make each group's leaf index (see
    `_leaf_index_nodes`), and the widest group's number of splits."""
    # each distinct (feature, border) is compared once; NaN-as-+inf features in their own
    # group, compared as not(x <= b) so that NaN yields true without a Where
    keys = sorted({s for g in groups for s in g.splits})
    compared = {
        "gt": [k for k in keys if forest.nan_modes[k[0]] != "Max"],
        "nan_gt": [k for k in keys if forest.nan_modes[k[0]] == "Max"],
    }
    n_groups = len(groups)
    depth = max(len(g.splits) for g in groups)
    if any(len(g.splits) < depth for g in groups):
        compared["gt"].append(_NEVER_TRUE)  # x > +inf is false, NaN included
    column = {key: i for i, key in enumerate(compared["gt"] + compared["nan_gt"])}
    # row k * G + g: which compared border is bit k of group g; groups with fewer splits
    # than the widest are padded with the never-true split, so their extra bits are 0
    level_columns = np.full((depth, n_groups), column.get(_NEVER_TRUE, 0), dtype=np.int64)
    for i, group in enumerate(groups):
        for k, key in enumerate(group.splits):
            level_columns[k, i] = column[key]
    arrays: dict[str, np.ndarray] = {
        "level_columns": level_columns.reshape(-1),
        "level_weights": (1 << np.arange(depth, dtype=np.uint8)).reshape(1, depth),
        "n_trees_then_rest": np.array([n_groups, -1], dtype=np.int64),
        "depth_then_rest": np.array([depth, -1], dtype=np.int64),
    }
    for name, group in compared.items():
        if group:
            arrays[f"{name}_features"] = np.array([f for f, _ in group], dtype=np.int64)
            arrays[f"{name}_borders"] = np.array([[b] for _, b in group], dtype=np.float32)
    return arrays, depth


def _pair_tables(
    forest: ObliviousForest, groups: list[_Group], n_leaves: int, attribution: Attribution
) -> dict[str, np.ndarray]:
    """Contribution tables per (group, feature) pair, sorted by feature, in whole blocks of
    PAIR_BLOCK pairs of one feature and a tail (below); and the 0/1 matrices that add the
    block sums, and the tail's pairs, up by feature. Summing blocks first keeps that MatMul
    small. A pair's table adds up, for each group leaf, its member trees' contributions on
    that feature (in float64, rounded once to float32)."""
    tables = attribution_tables(forest, attribution).contributions
    pairs = []
    for i, group in enumerate(groups):
        rows: dict[int, np.ndarray] = {}
        leaves = group.member_leaves(n_leaves)
        for t, leaf in zip(group.members, leaves, strict=True):
            for k, feature in enumerate(forest.trees[t].features):
                row = rows.setdefault(feature, np.zeros(n_leaves))
                row += tables[t][k, leaf]
        for feature in sorted(rows):
            pairs.append((feature, i, rows[feature].astype(np.float32)))
    # each feature's whole blocks first, then every feature's remainder (fewer than
    # PAIR_BLOCK pairs) in one tail padded once: padding each feature's run cost ~7 % more
    # lookups on the shipped model. Tail blocks mix features: the score sums them like any
    # block, the contributions take the tail's pairs one by one (`tail_to_feature`)
    pairs.sort(key=lambda pair: pair[:2])
    by_feature: dict[int, list[tuple[int, int, np.ndarray]]] = {}
    for pair in pairs:
        by_feature.setdefault(pair[0], []).append(pair)
    head, tail = [], []
    for feature in sorted(by_feature):
        run = by_feature[feature]
        whole = len(run) - len(run) % PAIR_BLOCK
        head += run[:whole]
        tail += run[whole:]
    zero = np.zeros(n_leaves, dtype=np.float32)
    tail += [(-1, 0, zero)] * (-len(tail) % PAIR_BLOCK)  # feature -1: counted nowhere
    ordered = head + tail
    n_blocks = len(ordered) // PAIR_BLOCK
    to_feature = np.zeros((forest.n_features, n_blocks), dtype=np.float32)
    for b in range(len(head) // PAIR_BLOCK):
        to_feature[head[b * PAIR_BLOCK][0], b] = 1.0
    arrays = {
        "pair_trees": np.array([t for _, t, _ in ordered], dtype=np.int64),
        "pair_contributions": np.stack([row for _, _, row in ordered]),
        "pair_blocks_shape": np.array([n_blocks, PAIR_BLOCK, -1], dtype=np.int64),
        "block_to_feature": to_feature,
    }
    if any(f >= 0 for f, _, _ in tail):
        tail_to_feature = np.zeros((forest.n_features, len(tail)), dtype=np.float32)
        for i, (feature, _, _) in enumerate(tail):
            if feature >= 0:
                tail_to_feature[feature, i] = 1.0
        arrays["tail_to_feature"] = tail_to_feature
        arrays["tail_start"] = np.array([len(head)], dtype=np.int64)
        arrays["tail_end"] = np.array([len(ordered)], dtype=np.int64)
    return arrays


class _Nodes:
    """Tiny graph builder: `add(op, inputs, **attrs)` returns the fresh output name."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.nodes: list[onnx.NodeProto] = []

    def add(
        self, op: str, inputs: Sequence[str], n_out: int = 1, role: str = "", **attrs: Any
    ) -> Any:
        """`role` names the node (ORT's profile shows it) after what it does in the graph."""
        outputs = [f"{self.prefix}{len(self.nodes)}_{op}_{i}" for i in range(n_out)]
        name = f"{role} ({op})" if role else ""
        self.nodes.append(helper.make_node(op, list(inputs), outputs, name=name, **attrs))
        return outputs[0] if n_out == 1 else outputs

    def const(self, value: Sequence[int]) -> str:
        return self.add("Constant", [], value=numpy_helper.from_array(np.array(value, np.int64)))

    def rename_last(self, name: str) -> str:
        self.nodes[-1].output[0] = name
        return name


def _leaf_index_nodes(g: _Nodes, tables: _DenseTables, xt: str | None = None) -> str:
    """Nodes from the chunk [C, F] (or `xt`, the chunk already transposed to [F, C]) to each
    group's leaf index [G, C] int32."""
    if xt is None:
        xt = g.add("Transpose", ["chunk"], perm=[1, 0])  # [F, C]: each feature row contiguous
    bits = []
    if tables.has("row_borders"):
        bits.append(_border_row_nodes(g, tables, xt))
    if tables.has("gt_features"):
        x = g.add("Gather", [xt, "gt_features"], axis=0, role="inputs by border")
        bits.append(g.add("Greater", [x, "gt_borders"], role="compare borders"))
    if tables.has("nan_gt_features"):
        x = g.add("Gather", [xt, "nan_gt_features"], axis=0)
        bits.append(g.add("Not", [g.add("LessOrEqual", [x, "nan_gt_borders"])]))
    all_bits = g.add("Concat", bits, axis=0) if len(bits) > 1 else bits[0]
    role = "bits to uint8" if tables.bits_type == TensorProto.UINT8 else "bits to int8"
    bits_u8 = g.add("Cast", [all_bits], to=tables.bits_type, role=role)
    # leaf index of group g = sum_k bit(split k of g) << k, as one [1, D] x [D, G*C] product
    levels = g.add(
        "Reshape",
        [
            g.add("Gather", [bits_u8, "level_columns"], axis=0, role="bits by level"),
            "depth_then_rest",
        ],
    )
    leaf = g.add(
        "Reshape",
        [g.add("MatMulInteger", ["level_weights", levels], role="leaf index"), "n_trees_then_rest"],
    )  # [G, C] int32
    return leaf


def _border_row_nodes(g: _Nodes, tables: _DenseTables, xt: str) -> str:
    """The probability graph's compares, [F, C] -> bits [R * W, C] bool: every border in one
    Greater, each row of `row_borders` [R, W, 1] (W borders of one feature, padded with +inf)
    against its feature's inputs [R, 1, C]. NaN becomes +inf on the features whose NaN is
    above every border (nan mode Max), so that a plain `>` serves both nan modes."""
    if tables.has("nan_max"):
        xt = g.add("Where", [g.add("And", [g.add("IsNaN", [xt]), "nan_max"]), "inf32", xt])
    x = g.add("Gather", [xt, "row_features"], axis=0, role="inputs by border row")  # [R, 1, C]
    bits = g.add("Greater", [x, "row_borders"], role="compare borders")
    return g.add("Reshape", [bits, "row_bits_shape"])


def _chunk_body(tables: _DenseTables, n_features: int) -> onnx.GraphProto:
    """Score one chunk [C, F] -> label [C], probabilities [C, 2], contributions [C, F]."""
    g = _Nodes("b")
    leaf = _leaf_index_nodes(g, tables)
    pair_leaf = g.add("Gather", [leaf, "pair_trees"], axis=0, role="leaf index by pair")
    pairs = g.add("GatherElements", ["pair_contributions", pair_leaf], axis=1, role="table lookups")
    blocks = g.add(
        "ReduceSum",
        [g.add("Reshape", [pairs, "pair_blocks_shape"]), g.const([1])],
        keepdims=0,
        role="block sums",
    )
    by_feature = g.add("MatMul", ["block_to_feature", blocks], role="sums by feature")  # [F, C]
    if tables.has("tail_to_feature"):
        tail = g.add("Slice", [pairs, "tail_start", "tail_end"], role="tail pairs")
        by_tail = g.add("MatMul", ["tail_to_feature", tail], role="tail by feature")
        by_feature = g.add("Add", [by_feature, by_tail])
    # the score is the sum of the contributions: no leaf-value lookup, and reasons and score
    # agree by construction. Blocks of 8 are float32 sums; across blocks float64 (|dp| ~1e-7)
    blocks64 = g.add("Cast", [blocks], to=TensorProto.DOUBLE, role="blocks to float64")
    sums = g.add("ReduceSum", [blocks64, g.const([0])], keepdims=0, role="score sum")
    raw = g.add("Add", [sums, "expected_value"])
    g.add("Cast", [g.add("Greater", [raw, "zero"])], to=TensorProto.INT64)
    label = g.rename_last("chunk_label")
    both = g.add(
        "Concat",
        [
            g.add("Unsqueeze", [g.add("Neg", [raw]), g.const([1])]),
            g.add("Unsqueeze", [raw, g.const([1])]),
        ],
        axis=1,
    )
    g.add("Cast", [g.add("Sigmoid", [both])], to=TensorProto.FLOAT)
    probabilities = g.rename_last("chunk_probabilities")
    g.add("Transpose", [by_feature], perm=[1, 0])
    contributions = g.rename_last("chunk_contributions")
    return helper.make_graph(
        g.nodes,
        "chunk",
        [helper.make_tensor_value_info("chunk", TensorProto.FLOAT, ["C", n_features])],
        [
            helper.make_tensor_value_info(label, TensorProto.INT64, ["C"]),
            helper.make_tensor_value_info(probabilities, TensorProto.FLOAT, ["C", 2]),
            helper.make_tensor_value_info(contributions, TensorProto.FLOAT, ["C", n_features]),
        ],
    )


def _padded_chunks(
    g: _Nodes, n_features: int, chunk_rows: int, multiple: int = 1
) -> tuple[str, str]:
    """N rows padded to k equal chunks of at most `chunk_rows` rows each, rounded up to a
    multiple of `multiple`: (N [1], the chunks [k, rows, F])."""
    n = g.add("Shape", ["features"], start=0, end=1)
    n_chunks = g.add(
        "Max",
        [
            g.add("Div", [g.add("Add", [n, g.const([chunk_rows - 1])]), g.const([chunk_rows])]),
            g.const([1]),
        ],
    )
    rows = g.add("Div", [g.add("Add", [n, g.add("Sub", [n_chunks, g.const([1])])]), n_chunks])
    if multiple > 1:
        up = g.add("Div", [g.add("Add", [rows, g.const([multiple - 1])]), g.const([multiple])])
        rows = g.add("Mul", [up, g.const([multiple])])
    missing = g.add("Sub", [g.add("Mul", [n_chunks, rows]), n])
    pads = g.add("Concat", [g.const([0, 0]), missing, g.const([0])], axis=0)
    padded = g.add("Pad", ["features", pads])
    shape = g.add("Concat", [n_chunks, rows, g.const([n_features])], axis=0)
    return n, g.add("Reshape", [padded, shape])


def _chunked(
    body: onnx.GraphProto,
    n_features: int,
    chunk_rows: int,
    outputs: Sequence[str] = ("dense_label", "dense_probabilities", "dense_contributions"),
) -> list[onnx.NodeProto]:
    """Pad N rows to k equal chunks of at most `chunk_rows`, Scan the body, drop the padding."""
    g = _Nodes("o")
    n, chunks = _padded_chunks(g, n_features, chunk_rows)
    scanned = g.add("Scan", [chunks], n_out=len(outputs), body=body, num_scan_inputs=1)
    for name, tail, out in zip(
        scanned, ([], [2], [n_features])[: len(outputs)], outputs, strict=True
    ):
        flat = g.add("Reshape", [name, g.const([-1, *tail])])
        g.add("Slice", [flat, g.const([0]), n, g.const([0])])
        g.rename_last(out)
    return g.nodes


# --------------------------------------------------------------------------- probability graph

PROBABILITY_GRAPH = "probabilities"
# rows per Scan step of the probability graph (its largest intermediates, [groups, rows] and
# [levels x groups, rows], are a few MB at 1024 rows); rounded up to a multiple of
# CHUNK_ROW_MULTIPLE, whose aligned rows compare and copy faster (odd rows: 3 % slower)
PROBABILITY_CHUNK_ROWS = 1024
CHUNK_ROW_MULTIPLE = 8
VALUE_BLOCK = 8  # leaf values summed in float32 in blocks of 8 groups, then in float64
# widths tried for the rows of borders compared at once (`_border_rows`)
BORDER_ROW_WIDTHS = (2, 4, 8, 16, 32)


def probability_graph(
    forest: ObliviousForest,
    chunk_rows: int | None = None,
    groups: list[_Group] | None = None,
    walk: onnx.GraphProto | None = None,
) -> onnx.ModelProto:
    """The forest's `label` and `probabilities` only, without contributions: what CatBoost's
    own evaluator computes, for the paths that need no reasons (replay, the challenger's shadow
    scores, the counterfactual grid). Same groups, comparisons (NaN per feature's nan mode)
    and leaf indices as the dense graph, but all borders compared in one broadcast op
    (`_border_rows`); each group then looks up one float32 leaf-value table (its members' leaf
    values added up per group leaf, centred), summed in float32 by blocks of VALUE_BLOCK groups
    and in float64 across blocks: one lookup per group per row, where the dense graph does one
    per (group, feature). The Scan gives each chunk's sum; bias, label and probabilities are
    computed once over all rows. Batches of at most WALK_MAX_ROWS rows walk the trees (a
    TreeEnsembleRegressor summing in float64) instead.

    `groups` and `walk` (read from a dense graph, `probability_graph_of`) spare regrouping the
    trees and re-expanding them: 80 % of the compile time otherwise."""
    _check_dense(forest)
    tables = _ProbabilityTables.build(forest, groups)
    if walk is None:
        walk = helper.make_graph(_walk_raw_nodes(forest), "walk", [], _outputs(None, "walk_"))
    chunked = _probability_chunks(tables, forest.n_features, chunk_rows or PROBABILITY_CHUNK_ROWS)
    dense = helper.make_graph(chunked, "dense", [], _outputs(None, prefix="dense_"))
    proto = _walk_or_dense(
        walk, dense, _outputs(None), "pad_desktop_forest_probabilities", forest.n_features,
        tables.initializers(),
    )  # fmt: skip
    _set_metadata(proto, PROBABILITY_GRAPH, forest.bias)
    onnx.checker.check_model(proto)
    return proto


def _walk_raw_nodes(forest: ObliviousForest) -> list[onnx.NodeProto]:
    """Few rows: one float64 tree walk for the raw score, then label and probabilities."""
    nodes, leaves = _expanded_trees(forest)
    targets = _leaf_targets(forest, leaves)
    attributes = {**nodes, **{f"target_{k}": v for k, v in targets.items()}}
    for key in ("nodes_values", "target_weights"):
        values = np.array(attributes.pop(key), dtype=np.float64)
        attributes[f"{key}_as_tensor"] = numpy_helper.from_array(values)
    g = _Nodes("walk")
    g.add("Cast", ["features"], to=TensorProto.DOUBLE)
    g.rename_last("features64")
    g.nodes.append(
        helper.make_node(
            "TreeEnsembleRegressor",
            ["features64"],
            ["walk_raw"],
            domain="ai.onnx.ml",
            n_targets=1,
            post_transform="NONE",
            aggregate_function="SUM",
            base_values=[forest.bias],
            **attributes,
        )
    )
    # ORT's regressor sums in float64 (its input's type) and answers float32, as the dense walk
    _label_and_probabilities(g, "walk_raw", "walk_label", "walk_probabilities", "zero32")
    return g.nodes


def _label_and_probabilities(g: _Nodes, raw: str, label: str, probs: str, zero: str) -> None:
    """raw [C, 1] float64 -> label int64 [C] and float32 (1 - p, p) [C, 2]."""
    g.add("Reshape", [g.add("Cast", [g.add("Greater", [raw, zero])], to=TensorProto.INT64),
                      g.const([-1])])  # fmt: skip
    g.rename_last(label)
    both = g.add("Sigmoid", [g.add("Concat", [g.add("Neg", [raw]), raw], axis=1)])
    g.add("Cast", [both], to=TensorProto.FLOAT)
    g.rename_last(probs)


class _ProbabilityTables(_DenseTables):
    """The dense graph's groups and leaf indices, its borders in rows of one feature, and one
    float32 leaf-value table per group."""

    @classmethod
    def build(  # type: ignore[override]
        cls, forest: ObliviousForest, groups: list[_Group] | None = None
    ) -> _DenseTables:
        groups = groups or _grouping(forest)
        arrays, depth = _split_tables(forest, groups)
        n_leaves = 1 << depth
        values = np.zeros((len(groups), n_leaves), dtype=np.float64)
        for i, group in enumerate(groups):
            for t, leaf in zip(group.members, group.member_leaves(n_leaves), strict=True):
                values[i] += forest.scale * np.asarray(forest.trees[t].leaf_values)[leaf]
        # each table centred on its mid-range, the centres added to the float64 bias: the
        # float32 values and their block sums stay small, and so do their rounding errors
        centres = (values.max(axis=1) + values.min(axis=1)) / 2
        # trees without splits add a constant: into the bias too
        bias = (
            forest.bias
            + float(centres.sum())
            + sum(forest.scale * tree.leaf_values[0] for tree in forest.trees if not tree.depth)
        )
        arrays.update(_border_rows(forest, arrays))
        # groups padded to whole blocks: zero tables, any leaf index (bits row 0)
        padding = -len(groups) % VALUE_BLOCK
        columns = arrays["level_columns"].reshape(depth, len(groups))
        columns = np.hstack([columns, np.zeros((depth, padding), dtype=columns.dtype)])
        arrays["level_columns"] = columns.reshape(-1)
        n_groups = len(groups) + padding
        arrays["n_trees_then_rest"] = np.array([n_groups, -1], dtype=np.int64)
        values = np.vstack([values - centres[:, None], np.zeros((padding, n_leaves))])
        arrays["leaf_values"] = values.astype(np.float32)
        arrays["value_blocks"] = np.array([n_groups // VALUE_BLOCK, VALUE_BLOCK, -1], np.int64)
        arrays["bias"] = np.array(bias, dtype=np.float64)
        arrays["zero"] = np.array(0.0, dtype=np.float64)
        arrays["zero32"] = np.array(0.0, dtype=np.float32)
        arrays["walk_max_values"] = np.array(WALK_MAX_ROWS * forest.n_features, dtype=np.int64)
        arrays["walk_split"] = np.array([forest.n_features, 1], dtype=np.int64)  # dense walk
        return cls(arrays, bias)


def _border_rows(forest: ObliviousForest, arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The compared borders (`_split_tables`' gt_* and nan_gt_* arrays, popped) laid out as R
    rows of W borders of one feature each, padded with +inf (rows never read): `row_borders`
    [R, W, 1] against the inputs gathered by `row_features` [R, 1] is one Greater, where one
    Greater per feature and their Concat cost 12 % more per border (3 % of the graph on depth
    6). W is the width of least padded compares plus gathered rows, each about a compare's
    cost (measured best: 8 or 16 on depth 6, 4 on the shipped model). `level_columns` is
    renumbered into these rows."""
    features: list[int] = []
    borders: list[float] = []
    for kind in ("gt", "nan_gt"):
        if f"{kind}_features" in arrays:
            features += arrays.pop(f"{kind}_features").tolist()
            borders += arrays.pop(f"{kind}_borders")[:, 0].tolist()
    by_feature: dict[int, list[int]] = {}
    for i, feature in enumerate(features):
        by_feature.setdefault(feature, []).append(i)
    counts = [len(columns) for columns in by_feature.values()]
    width = min(BORDER_ROW_WIDTHS, key=lambda w: sum(-(-n // w) for n in counts) * (w + 1))
    row_features: list[int] = []
    row_borders: list[list[float]] = []
    position = np.zeros(len(features), dtype=np.int64)
    for feature, columns in by_feature.items():
        for start in range(0, len(columns), width):
            row = [np.inf] * width
            for j, column in enumerate(columns[start : start + width]):
                row[j] = borders[column]
                position[column] = len(row_features) * width + j
            row_features.append(feature)
            row_borders.append(row)
    out = {
        "level_columns": position[arrays["level_columns"]],
        "row_features": np.array(row_features, dtype=np.int64).reshape(-1, 1),
        "row_borders": np.array(row_borders, dtype=np.float32)[:, :, None],
        "row_bits_shape": np.array([len(row_features) * width, -1], dtype=np.int64),
    }
    nan_max = np.array([mode == "Max" for mode in forest.nan_modes])
    if nan_max.any():
        out["nan_max"] = nan_max.reshape(-1, 1)
        out["inf32"] = np.array(np.inf, dtype=np.float32)
    return out


def _probability_chunks(
    tables: _DenseTables, n_features: int, chunk_rows: int
) -> list[onnx.NodeProto]:
    """The dense branch: N rows padded to k equal chunks (of a multiple of CHUNK_ROW_MULTIPLE
    rows) and transposed once to [k, F, rows]; the Scan gives each chunk's sum of leaf values
    [k, rows]; bias, label and probabilities over all N rows at once (each node in the Scan
    body costs its dispatch once per chunk)."""
    g = _Nodes("o")
    n, chunks = _padded_chunks(g, n_features, chunk_rows, CHUNK_ROW_MULTIPLE)
    xt = g.add("Transpose", [chunks], perm=[0, 2, 1])  # [k, F, rows]: feature rows contiguous
    sums = g.add("Scan", [xt], body=_probability_body(tables), num_scan_inputs=1)
    flat = g.add("Reshape", [sums, g.const([-1])])
    raw = g.add("Add", [g.add("Slice", [flat, g.const([0]), n, g.const([0])]), "bias"])  # [N]
    g.add("Cast", [g.add("Greater", [raw, "zero"])], to=TensorProto.INT64)
    g.rename_last("dense_label")
    # the sigmoid in float32, as the walk branch (ORT's float64 one costs ~9 ns a value,
    # 2-6 % of the graph; float32's differs by up to ~1.2e-7)
    raw32 = g.add("Unsqueeze", [g.add("Cast", [raw], to=TensorProto.FLOAT), g.const([1])])
    g.add("Sigmoid", [g.add("Concat", [g.add("Neg", [raw32]), raw32], axis=1)])
    g.rename_last("dense_probabilities")
    return g.nodes


def _probability_body(tables: _DenseTables) -> onnx.GraphProto:
    """One chunk, transposed [F, C] -> its sums of leaf values [C] (float64, without bias)."""
    g = _Nodes("p")
    leaf = _leaf_index_nodes(g, tables, xt="chunk")  # [G, C] int32
    values = g.add("GatherElements", ["leaf_values", leaf], axis=1, role="leaf values")
    blocks = g.add("Reshape", [values, "value_blocks"])  # [G / 8, 8, C]
    sums = g.add("ReduceSum", [blocks, g.const([1])], keepdims=0, role="block sums")
    sums = g.add("Cast", [sums], to=TensorProto.DOUBLE, role="block sums to float64")
    g.add("ReduceSum", [sums, g.const([0])], keepdims=0, role="sum of leaf values")
    g.rename_last("chunk_sums")
    return helper.make_graph(
        g.nodes,
        "chunk",
        [helper.make_tensor_value_info("chunk", TensorProto.FLOAT, [None, "C"])],
        [helper.make_tensor_value_info("chunk_sums", TensorProto.DOUBLE, ["C"])],
    )


def forest_from_graph(proto: onnx.ModelProto) -> ObliviousForest:
    """The forest a dense graph was compiled from, read back from its tree-walking branch (a
    TreeEnsembleRegressor whose last target is the raw score, leaf values already scaled):
    what a bundle's probability graph is compiled from, without CatBoost (the standalone build
    has none) and without a second file in the bundle. Nan modes come back as Max or Min (the
    graphs treat Forbidden as Min). UnsupportedForest for any other graph."""
    if graph_kind(proto) != "dense":
        raise UnsupportedForest(f"not a dense graph ({graph_kind(proto) or 'foreign'})")
    branch = next(n for n in proto.graph.node if n.op_type == "If")
    walk = next(a.g for a in branch.attribute if a.name == "then_branch")
    node = next(n for n in walk.node if n.op_type == "TreeEnsembleRegressor")
    a = {x.name: helper.get_attribute_value(x) for x in node.attribute}
    n_features = int(a["n_targets"]) - 1
    borders = numpy_helper.to_array(a["nodes_values_as_tensor"])
    weights = numpy_helper.to_array(a["target_weights_as_tensor"])
    splits: dict[int, dict[int, tuple[int, float]]] = {}
    nan_max = [False] * n_features
    nodes = zip(a["nodes_treeids"], a["nodes_nodeids"], a["nodes_modes"], strict=True)
    for i, (t, n, mode) in enumerate(nodes):
        splits.setdefault(t, {})
        if mode != b"LEAF":
            feature = int(a["nodes_featureids"][i])
            splits[t][n] = (feature, float(borders[i]))
            nan_max[feature] |= bool(a["nodes_missing_value_tracks_true"][i])
    leaves: dict[int, dict[int, float]] = {t: {} for t in splits}
    targets = zip(a["target_treeids"], a["target_nodeids"], a["target_ids"], weights, strict=True)
    for t, n, target, w in targets:
        if target == n_features:
            leaves[t][n] = float(w)
    trees = []
    for t in sorted(splits):
        depth = len(splits[t]).bit_length()  # 2**depth - 1 branch nodes
        levels = [splits[t][(1 << k) - 1] for k in range(depth)]  # BFS: level k starts there
        values = [0.0] * (1 << depth)
        for n, value in leaves[t].items():
            values[_leaf_of_bfs(n - ((1 << depth) - 1), depth)] = value
        trees.append(
            ObliviousTree(
                features=tuple(f for f, _ in levels),
                borders=tuple(b for _, b in levels),
                leaf_values=tuple(values),
                leaf_weights=(0.0,) * len(values),
            )
        )
    return ObliviousForest(
        trees=tuple(trees),
        scale=1.0,
        bias=float(a["base_values"][n_features]),
        nan_modes=tuple("Max" if m else "Min" for m in nan_max),
        n_features=n_features,
    )


def probability_graph_of(
    proto: onnx.ModelProto, forest: ObliviousForest | None = None
) -> onnx.ModelProto:
    """The probability graph of a bundle's dense graph (UnsupportedForest for other graphs):
    its forest (`forest_from_graph`, unless given), its groups and its tree-walking branch read
    back, so nothing is regrouped."""
    forest = forest or forest_from_graph(proto)
    branch = next(n for n in proto.graph.node if n.op_type == "If")
    walk = onnx.GraphProto()
    walk.CopyFrom(next(a.g for a in branch.attribute if a.name == "then_branch"))
    del walk.output[2:]  # label, probabilities; the contributions are left unused
    return probability_graph(forest, groups=_groups_from_graph(proto, forest), walk=walk)


def _groups_from_graph(proto: onnx.ModelProto, forest: ObliviousForest) -> list[_Group]:
    """A dense graph's groups: each group's splits from its compared-border columns; each tree
    joins the first group holding all its splits (its own, or one scoring it identically)."""
    arrays = {i.name: numpy_helper.to_array(i) for i in proto.graph.initializer}
    compared = [
        (int(f), float(b[0]))
        for kind in ("gt", "nan_gt")
        if f"{kind}_features" in arrays
        for f, b in zip(arrays[f"{kind}_features"], arrays[f"{kind}_borders"], strict=True)
    ]
    n_groups = int(arrays["n_trees_then_rest"][0])
    columns = arrays["level_columns"].reshape(-1, n_groups)
    splits = []
    for g in range(n_groups):
        keys = [compared[c] for c in columns[:, g]]
        splits.append(tuple(k for k in keys if k != _NEVER_TRUE))
    members: list[list[int]] = [[] for _ in range(n_groups)]
    sets = [set(group) for group in splits]
    for t, tree in enumerate(forest.trees):
        if tree.depth:
            needed = set(_splits(tree))
            members[next(g for g in range(n_groups) if needed <= sets[g])].append(t)
    groups = []
    for g in range(n_groups):
        bit = {key: k for k, key in enumerate(splits[g])}
        positions = tuple(tuple(bit[key] for key in _splits(forest.trees[t])) for t in members[g])
        groups.append(_Group(tuple(members[g]), splits[g], positions))
    return groups


# --------------------------------------------------------------------------- bundles


def best_graph(model: Any) -> tuple[onnx.ModelProto, str | None]:
    """The dense graph when the forest allows it, else the standard export and the reason.

    Raises UnsupportedForest when not even the standard graph can carry contributions
    (non-symmetric trees, multiclass, categorical splits)."""
    forest = forest_from_catboost(model)
    try:
        return dense_graph(forest), None
    except UnsupportedForest as exc:
        return standard_graph(model, forest), f"dense graph not possible ({exc}); standard kept"


class ParityError(RuntimeError):
    """The compiled graph does not reproduce CatBoost; nothing was written."""


def optimize_bundle(bundle_dir: Path, out_dir: Path | None = None) -> Path:
    """Replace a bundle's model.onnx by the dense graph compiled from its model.cbm (or model.cb).

    Writes in place, or into `out_dir` (a copy of the bundle, which must not exist yet);
    returns the bundle folder written. Raises UnsupportedForest when the model cannot be
    compiled (the bundle keeps its standard graph) and ParityError when the dense graph
    disagrees with CatBoost by more than PARITY_TOLERANCE; in both cases nothing is written."""
    from catboost import CatBoostClassifier  # heavy import, only needed here

    from pad_desktop.model.bundle import catboost_file

    bundle_dir = Path(bundle_dir)
    cbm = catboost_file(bundle_dir)
    if cbm is None:
        raise FileNotFoundError(
            f"{bundle_dir / 'model.cbm'} (or model.cb) not found: optimizing needs CatBoost's "
            "own model file"
        )
    model = CatBoostClassifier()
    model.load_model(str(cbm))
    forest = forest_from_catboost(model)
    proto = dense_graph(forest)
    _keep_metadata(proto, bundle_dir / "model.onnx")
    check_parity(model, forest, proto)
    target = bundle_dir
    if out_dir is not None:
        target = Path(out_dir)
        shutil.copytree(bundle_dir, target)
    _write_atomically(target / "model.onnx", proto.SerializeToString())
    _record_graph_in_mlmodel(target / "MLmodel", "dense")
    return target


def check_parity(
    model: Any, forest: ObliviousForest, proto: onnx.ModelProto, n_rows: int = 20_000
) -> float:
    """Max |dp| of the graph against CatBoost on random rows spanning every feature's borders
    (plus NaNs and values exactly on borders); raise ParityError above PARITY_TOLERANCE."""
    X = random_rows(forest, n_rows, np.random.default_rng(0))
    run = session(proto).run
    # the whole batch takes the dense path; a slice scored a few rows at a time, the walk
    few = [run(None, {"features": X[i : i + WALK_MAX_ROWS]}) for i in range(0, 512, WALK_MAX_ROWS)]
    outputs = [np.concatenate(parts) for parts in zip(*few, strict=True)]
    whole = run(None, {"features": X})
    expected = model.predict_proba(X)
    raw, _ = forest_predict(forest, X)
    expected_value = attribution_tables(forest).expected_value
    worst = gap = 0.0
    for _, probabilities, contributions in (whole, outputs):
        rows = len(probabilities)
        worst = max(worst, float(np.abs(probabilities - expected[:rows]).max()))
        total = contributions.sum(axis=1, dtype=np.float64) + expected_value
        gap = max(gap, float(np.abs(total - raw[:rows]).max()))
    if worst > PARITY_TOLERANCE or gap > CONTRIBUTION_TOLERANCE:
        raise ParityError(
            f"the {graph_kind(proto)} graph differs from CatBoost: max |dp| = {worst:.3g} "
            f"(tolerance {PARITY_TOLERANCE}), contributions off by {gap:.3g} "
            f"(tolerance {CONTRIBUTION_TOLERANCE}); nothing written"
        )
    return worst


def random_rows(forest: ObliviousForest, n_rows: int, rng: np.random.Generator) -> np.ndarray:
    """float32 rows spread a little beyond each feature's borders, 5% NaN, and 5% of the
    values exactly on a border (where > and >= differ)."""
    borders: dict[int, list[float]] = {}
    for tree in forest.trees:
        for f, b in zip(tree.features, tree.borders, strict=True):
            borders.setdefault(f, []).append(b)
    X = np.empty((n_rows, forest.n_features), dtype=np.float32)
    for f in range(forest.n_features):
        known = np.array(borders.get(f, [0.0]), dtype=np.float64)
        # CatBoost adds +-FLT_MAX borders to split NaNs off: keep them out of the range
        finite = known[np.abs(known) < 1e30]
        low, high = (finite.min(), finite.max()) if finite.size else (0.0, 0.0)
        margin = max(high - low, 1.0) * 0.1
        X[:, f] = rng.uniform(low - margin, high + margin, n_rows)
        on_border = rng.random(n_rows) < 0.05
        X[on_border, f] = rng.choice(known, on_border.sum())
    X[rng.random(X.shape) < 0.05] = np.nan
    return X


def session(proto: onnx.ModelProto, threads: int = 1) -> Any:
    """An ONNX Runtime CPU session with explicit thread counts (reproducible timings)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return ort.InferenceSession(
        proto.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )


def _keep_metadata(proto: onnx.ModelProto, previous: Path) -> None:
    """Carry the bundle's existing model metadata over; ours (graph kind) wins."""
    if not previous.is_file():
        return
    ours = {p.key: p.value for p in proto.metadata_props}
    old = {
        p.key: p.value for p in onnx.load(str(previous), load_external_data=False).metadata_props
    }
    del proto.metadata_props[:]
    for key, value in sorted({**old, **ours}.items()):
        proto.metadata_props.add(key=key, value=value)


def _record_graph_in_mlmodel(mlmodel: Path, graph: str) -> None:
    if not mlmodel.is_file():
        return
    data = yaml.safe_load(mlmodel.read_text(encoding="utf-8")) or {}
    data.setdefault("metadata", {}).setdefault("pad_desktop", {})["graph"] = graph
    _write_atomically(mlmodel, yaml.safe_dump(data, sort_keys=False).encode("utf-8"))


def _write_atomically(path: Path, payload: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(payload)
    os.replace(tmp, path)


# --------------------------------------------------------------------------- shared


def _outputs(n_features: int | None, prefix: str = "") -> list[onnx.ValueInfoProto]:
    """label, probabilities and (unless `n_features` is None) contributions."""
    outputs = [
        helper.make_tensor_value_info(f"{prefix}label", TensorProto.INT64, ["N"]),
        helper.make_tensor_value_info(f"{prefix}probabilities", TensorProto.FLOAT, ["N", 2]),
    ]
    if n_features is not None:
        outputs.append(
            helper.make_tensor_value_info(
                f"{prefix}contributions", TensorProto.FLOAT, ["N", n_features]
            )
        )
    return outputs


def _walk_or_dense(
    walk: onnx.GraphProto,
    dense: onnx.GraphProto,
    outputs: list[onnx.ValueInfoProto],
    name: str,
    n_features: int,
    initializers: list[onnx.TensorProto],
) -> onnx.ModelProto:
    """The model that walks the trees for a few rows (`walk`) and runs the dense body
    otherwise: which is faster depends on the rows per call."""
    g = _Nodes("top")
    few = g.add("LessOrEqual", [g.add("Size", ["features"]), "walk_max_values"])
    branch = helper.make_node(
        "If", [few], [o.name for o in outputs], then_branch=walk, else_branch=dense
    )
    graph = helper.make_graph(
        [*g.nodes, branch],
        name,
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", n_features])],
        outputs,
        initializer=initializers,
    )
    proto = helper.make_model(graph, opset_imports=_OPSET, producer_name="pad_desktop")
    proto.ir_version = 8
    return proto


def _set_metadata(proto: onnx.ModelProto, graph: str, expected_value: float) -> None:
    entries = {p.key: p.value for p in proto.metadata_props}
    entries.update({GRAPH_KEY: graph, EXPECTED_VALUE_KEY: repr(float(expected_value))})
    del proto.metadata_props[:]
    for key in sorted(entries):
        proto.metadata_props.add(key=key, value=entries[key])


def graph_kind(proto: onnx.ModelProto) -> str | None:
    """Which graph a ModelProto holds ('standard', 'dense'), None for foreign models."""
    return next((p.value for p in proto.metadata_props if p.key == GRAPH_KEY), None)
