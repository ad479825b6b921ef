"""Oblivious CatBoost forests as plain data, their contribution tables and a numpy reference.

The contribution tables are exact path-dependent TreeSHAP values per (tree, leaf, feature)
(`shap_tables`); the older Saabas path attributions (`saabas_tables`) stay as a baseline.

A fitted binary `CatBoostClassifier` on numeric inputs is read from its JSON dump into an
`ObliviousForest`; `pad_desktop.model.onnx_graphs` compiles it to ONNX. What cannot be represented
(non-symmetric trees, multiclass, categorical/text splits) raises `UnsupportedForest` so callers
can fall back to CatBoost's own ONNX export with a clear message.

Leaf index convention (checked against CatBoost in tests/trees): split k of a tree sets bit k of
the leaf index when `x[feature_k] > border_k`, comparing in float32 as CatBoost does.
"""

from __future__ import annotations

import json
import math
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np

NanMode = Literal["Min", "Max", "Forbidden"]

# CatBoost's JSON names the per-feature NaN treatment; Max means NaN goes above every border.
_NAN_TREATMENT: dict[str, NanMode] = {"AsFalse": "Min", "AsTrue": "Max", "AsIs": "Forbidden"}
_BINARY_LOSSES = ("Logloss", "CrossEntropy")


class UnsupportedForest(ValueError):
    """The model is not a binary forest of oblivious trees over float features."""


@dataclass(frozen=True)
class ObliviousTree:
    """One symmetric tree: level k splits on `features[k] > borders[k]`, which is bit k."""

    features: tuple[int, ...]
    borders: tuple[float, ...]
    leaf_values: tuple[float, ...]
    leaf_weights: tuple[float, ...]

    @property
    def depth(self) -> int:
        return len(self.features)


@dataclass(frozen=True)
class ObliviousForest:
    """raw log-odds = scale * sum of leaf values + bias; P(class 1) = sigmoid(raw)."""

    trees: tuple[ObliviousTree, ...]
    scale: float
    bias: float
    nan_modes: tuple[NanMode, ...]  # one per model input column
    n_features: int

    @property
    def max_depth(self) -> int:
        return max((t.depth for t in self.trees), default=0)


@dataclass(frozen=True)
class SaabasTables:
    """Per tree, `contributions[t][k, leaf]` is what split k adds (already scaled) on the path
    to `leaf`; sum over features of contributions + expected_value == raw log-odds."""

    contributions: tuple[np.ndarray, ...]  # [depth_t, 2**depth_t] float64 each
    expected_value: float


def forest_from_catboost(model: Any) -> ObliviousForest:
    """Read a fitted CatBoostClassifier through its JSON dump (the only public full view)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.json"
        model.save_model(str(path), format="json")
        dump = json.loads(path.read_text(encoding="utf-8"))
    return forest_from_json(dump, n_features=len(model.feature_names_))


def forest_from_json(dump: dict[str, Any], n_features: int | None = None) -> ObliviousForest:
    """Parse CatBoost's JSON model dump; raise UnsupportedForest for what we cannot compile."""
    _check_supported(dump)
    float_features = dump["features_info"].get("float_features", [])
    flat_index = {f["feature_index"]: f["flat_feature_index"] for f in float_features}
    if n_features is None:
        n_features = max(flat_index.values(), default=-1) + 1
    nan_modes: list[NanMode] = ["Min"] * n_features
    for f in float_features:
        nan_modes[f["flat_feature_index"]] = _NAN_TREATMENT[f.get("nan_value_treatment", "AsIs")]
    trees = tuple(_parse_tree(t, flat_index) for t in dump["oblivious_trees"])
    scale, bias = dump.get("scale_and_bias", [1.0, [0.0]])
    return ObliviousForest(
        trees=trees,
        scale=float(scale),
        bias=float(bias[0]) if bias else 0.0,
        nan_modes=tuple(nan_modes),
        n_features=n_features,
    )


def _check_supported(dump: dict[str, Any]) -> None:
    if "oblivious_trees" not in dump:
        raise UnsupportedForest(
            "only symmetric (oblivious) trees can be compiled; this model has non-symmetric "
            "trees (grow_policy Depthwise or Lossguide)"
        )
    info = dump["features_info"]
    for kind in ("categorical_features", "text_features", "embedding_features", "ctrs"):
        if info.get(kind):
            raise UnsupportedForest(
                f"the model uses {kind.replace('_', ' ')}, which cannot be compiled; encode "
                "categories as float columns before the trees"
            )
    bias = dump.get("scale_and_bias", [1.0, [0.0]])[1]
    loss = dump.get("model_info", {}).get("params", {}).get("loss_function", {}).get("type")
    if len(bias) > 1 or (loss is not None and loss not in _BINARY_LOSSES):
        raise UnsupportedForest(
            f"only binary classification (Logloss) can be compiled; this model uses {loss}"
        )


def _parse_tree(tree: dict[str, Any], flat_index: dict[int, int]) -> ObliviousTree:
    splits = tree.get("splits") or []
    for split in splits:
        if split.get("split_type") != "FloatFeature":
            raise UnsupportedForest(
                f"split type {split.get('split_type')!r} cannot be compiled (float splits only)"
            )
    n_leaves = 1 << len(splits)
    values = tree["leaf_values"]
    if len(values) != n_leaves:
        raise UnsupportedForest("multi-dimensional leaves (multiclass) cannot be compiled")
    weights = tree.get("leaf_weights") or [0.0] * n_leaves
    return ObliviousTree(
        features=tuple(flat_index[s["float_feature_index"]] for s in splits),
        borders=tuple(float(np.float32(s["border"])) for s in splits),
        leaf_values=tuple(float(v) for v in values),
        leaf_weights=tuple(float(w) for w in weights),
    )


def saabas_tables(forest: ObliviousForest) -> SaabasTables:
    """Per-leaf path attributions: split k moves the node expectation from level k to k+1."""
    tables = []
    root_sum = 0.0
    for tree in forest.trees:
        levels = _node_expectations(tree)
        root_sum += levels[0][0]
        table = np.empty((tree.depth, 1 << tree.depth))
        leaves = np.arange(1 << tree.depth)
        for k in range(tree.depth):
            # the node at level k on the path to `leaf` is the prefix of its k lowest bits
            below = levels[k + 1][leaves & ((1 << (k + 1)) - 1)]
            above = levels[k][leaves & ((1 << k) - 1)]
            table[k] = forest.scale * (below - above)
        table.setflags(write=False)
        tables.append(table)
    return SaabasTables(tuple(tables), forest.scale * root_sum + forest.bias)


Attribution = Literal["shap", "saabas"]


def attribution_tables(forest: ObliviousForest, attribution: Attribution = "shap") -> SaabasTables:
    """The per-leaf contribution tables the ONNX graphs sum: exact TreeSHAP (the default) or
    the older Saabas path attributions (kept as the benchmarks' baseline)."""
    return shap_tables(forest) if attribution == "shap" else saabas_tables(forest)


@lru_cache(maxsize=4)
def shap_tables(forest: ObliviousForest) -> SaabasTables:
    """Exact path-dependent TreeSHAP values tabled per (tree, leaf), in the Saabas tables' shape.

    In an oblivious tree the TreeSHAP values of an input depend only on the leaf it reaches, so
    they are computed once per leaf from the definition: the players are the tree's distinct
    features (a feature split at several levels is one player), and the value of a coalition S
    is the tree's expectation when the levels on S's features follow the leaf's path and the
    other levels split by cover (the leaf weights CatBoost stores), as CatBoost's ShapValues do.
    A feature's value is put on its first level, 0 on its other levels: the graphs add a
    tree's levels up by feature. Exact to float64 rounding; depth <= 8 keeps it cheap."""
    tables = []
    root_sum = 0.0
    for tree in forest.trees:
        table, expected = _tree_shap(tree)
        table *= forest.scale
        table.setflags(write=False)
        tables.append(table)
        root_sum += expected
    return SaabasTables(tuple(tables), forest.scale * root_sum + forest.bias)


def _tree_shap(tree: ObliviousTree) -> tuple[np.ndarray, float]:
    """([depth, 2**depth] SHAP values on each feature's first level, expected leaf value)."""
    depth = tree.depth
    n_leaves = 1 << depth
    values = np.asarray(tree.leaf_values, dtype=np.float64)
    if depth == 0:
        return np.zeros((0, 1)), float(values[0])
    weights = np.asarray(tree.leaf_weights, dtype=np.float64)
    if weights.sum() <= 0:
        weights = np.ones_like(values)  # no leaf weights stored: uniform cover
    leaves = np.arange(n_leaves)
    # CatBoost's TreeSHAP walks an oblivious tree from its last split (the leaf index's high
    # bit) down to its first (bit 0): the node deciding bit k is fixed by the bits above k.
    # ratio[k, l]: share of that node's cover going to the child on leaf l's path.
    ratio = np.empty((depth, n_leaves))
    for k in range(depth):
        parent = _suffix_cover(weights, k + 1)[leaves >> (k + 1)]
        child = _suffix_cover(weights, k)[leaves >> k]
        ratio[k] = np.where(parent > 0, child / np.where(parent > 0, parent, 1.0), 0.5)
    players = list(dict.fromkeys(tree.features))  # distinct features, first level order
    n_players = len(players)
    level_masks = [sum(1 << k for k, f in enumerate(tree.features) if f == p) for p in players]
    # same[x, l, k]: leaves x and l take the same branch at level k
    same = ((leaves[:, None] ^ leaves[None, :])[:, :, None] >> np.arange(depth)) & 1 == 0
    value_of = np.empty((1 << n_players, n_leaves))  # coalition mask -> f_S(leaf x)
    for s in range(1 << n_players):
        followed = sum(level_masks[i] for i in range(n_players) if s >> i & 1)
        on_path = np.array([followed >> k & 1 for k in range(depth)], dtype=bool)
        reach = np.prod(np.where(on_path[:, None], 1.0, ratio), axis=0)  # [l]
        consistent = np.all(same[:, :, on_path], axis=2)  # [x, l]
        value_of[s] = consistent @ (reach * values)
    table = np.zeros((depth, n_leaves))
    factorial = math.factorial
    for i, p in enumerate(players):
        phi = np.zeros(n_leaves)
        for s in range(1 << n_players):
            if s >> i & 1:
                continue
            size = bin(s).count("1")
            weight = factorial(size) * factorial(n_players - size - 1) / factorial(n_players)
            phi += weight * (value_of[s | 1 << i] - value_of[s])
        table[tree.features.index(p)] = phi
    return table, float(value_of[0][0])


def _suffix_cover(weights: np.ndarray, k: int) -> np.ndarray:
    """Cover of each node fixing the bits k and above (indexed by `leaf >> k`)."""
    return weights.reshape(-1, 1 << k).sum(axis=1)


def _node_expectations(tree: ObliviousTree) -> list[np.ndarray]:
    """levels[k][prefix]: weighted mean leaf value under the node fixed by the k low bits.

    A node no training row reached takes its parent's value; the last level is the leaf value
    itself, so the path contributions always add up to the exact prediction."""
    values = np.asarray(tree.leaf_values, dtype=np.float64)
    weights = np.asarray(tree.leaf_weights, dtype=np.float64)
    if weights.sum() <= 0:
        weights = np.ones_like(values)  # no leaf weights stored: plain mean
    levels: list[np.ndarray] = []
    for k in range(tree.depth):
        # leaf = high * 2^k + prefix, so the columns of this view are the level-k nodes
        w = weights.reshape(-1, 1 << k)
        total = w.sum(axis=0)
        mean = (values.reshape(-1, 1 << k) * w).sum(axis=0) / np.where(total > 0, total, 1.0)
        if k:
            parent = levels[-1][np.arange(1 << k) & ((1 << (k - 1)) - 1)]
            mean = np.where(total > 0, mean, parent)
        levels.append(mean)
    levels.append(values)
    return levels


def leaf_indices(forest: ObliviousForest, X: np.ndarray) -> np.ndarray:
    """[N, T] leaf index of each row in each tree, NaN handled per the feature's nan mode."""
    X = np.asarray(X, dtype=np.float32)
    out = np.zeros((X.shape[0], len(forest.trees)), dtype=np.int64)
    for t, tree in enumerate(forest.trees):
        for k, (f, border) in enumerate(zip(tree.features, tree.borders, strict=True)):
            column = X[:, f]
            bit = column > np.float32(border)
            if forest.nan_modes[f] == "Max":
                bit |= np.isnan(column)
            out[:, t] |= bit.astype(np.int64) << k
    return out


def forest_predict(
    forest: ObliviousForest, X: np.ndarray, attribution: Attribution = "shap"
) -> tuple[np.ndarray, np.ndarray]:
    """Reference scorer: (raw log-odds [N], contributions [N, F]) in float64."""
    leaves = leaf_indices(forest, X)
    tables = attribution_tables(forest, attribution)
    raw = np.full(leaves.shape[0], forest.bias)
    contributions = np.zeros((leaves.shape[0], forest.n_features))
    for t, tree in enumerate(forest.trees):
        raw += forest.scale * np.asarray(tree.leaf_values)[leaves[:, t]]
        for k, f in enumerate(tree.features):
            contributions[:, f] += tables.contributions[t][k, leaves[:, t]]
    return raw, contributions


def sigmoid(raw: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-raw))
