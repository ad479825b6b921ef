"""The policy's CEL parser: cel-python's grammar and options without its package, the same
trees and the same syntax errors as `celpy.celparser.CELParser`, and its Lark cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from celpy.celparser import CELParseError, CELParser

from pad_desktop.policy import cel_parser
from pad_desktop.policy.load import shipped_policy_path

ROOT = Path(__file__).resolve().parents[2]

VALID = [
    "a > 1 && b < 2",
    "x in ['car (new)', \"car (used)\"] || !(y == 3.5)",
    "missing(z) ? min(a, b) : max(abs(-a), 2e3)",
    "true && false || score >= 0.13",
    "a.b[0] + f(x)",  # parses; the policy's builder refuses member access and functions
    "{'k': 1}.size() == 1",
]
INVALID = ["a >", "(a && b", "a === b", "'unterminated", "1 +* 2", "", "a b"]


def _shipped_expressions() -> list[str]:
    doc = json.loads(shipped_policy_path().read_text(encoding="utf-8"))
    return [r["when"] for r in doc["rules"]] + [d["expr"] for d in doc.get("derived", [])]


@pytest.mark.parametrize("text", VALID + _shipped_expressions())
def test_the_tree_is_cel_pythons(text: str) -> None:
    assert cel_parser.parse(text) == CELParser().parse(text)


@pytest.mark.parametrize("text", INVALID)
def test_a_syntax_error_is_worded_as_cel_python_words_it(text: str) -> None:
    with pytest.raises(CELParseError) as expected:
        CELParser().parse(text)
    with pytest.raises(cel_parser.CelSyntaxError) as raised:
        cel_parser.parse(text)
    assert str(raised.value) == str(expected.value)


CHILD = """
import sys
from pad_desktop.policy.load import read_policy, shipped_policy_path
from pad_desktop.model.bundle import load_bundle
from pad_desktop.runtime.paths import default_bundle_dir
policy = read_policy(shipped_policy_path(), load_bundle(default_bundle_dir()).signature)
print(len(policy.rules), "celpy" in sys.modules)
"""


def test_a_policy_is_compiled_without_the_celpy_package_and_the_grammar_is_cached(
    tmp_path: Path,
) -> None:
    env = dict(os.environ, PAD_CACHE_DIR=str(tmp_path / "cache"))
    for _ in range(2):  # the first run writes the cache, the second reads it
        out = subprocess.run(
            [sys.executable, "-c", CHILD], env=env, cwd=ROOT, capture_output=True, text=True,
            check=True,
        )  # fmt: skip
        assert out.stdout.split() == ["4", "False"]
        assert (tmp_path / "cache" / "cel-grammar.lark-cache").stat().st_size > 0


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "cel-grammar.lark-cache").write_bytes(b"not a cache\n\x00\x01")
    env = dict(os.environ, PAD_CACHE_DIR=str(cache))
    out = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, cwd=ROOT, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    assert out.stdout.split() == ["4", "False"]
