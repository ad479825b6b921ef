"""CEL's grammar as a Lark parser, without importing the `celpy` package at start.

cel-python's `CELParser` is a Lark LALR parser over its `cel.lark` grammar. Reaching it costs
the `celpy` package's `__init__` (its evaluator, types, pendulum, YAML: ~0.3 s) and Lark's
analysis of the grammar (~0.2 s), both on the way to the window's form, whose fields come from
the lending policy. Here the same grammar file gets the same Lark options (so the same trees),
without importing `celpy`; the analysed parser is cached in the user's cache folder (Lark
checks the grammar, the options and its own version before using it). A text that does not
parse goes to cel-python's own parser, so that a syntax error is worded exactly as before.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from pathlib import Path
from typing import Any

_lock = threading.Lock()
_parser: Any = None  # lark.Lark, built once per process


def grammar_path() -> Path:
    """cel-python's grammar file, found without running the package's `__init__`."""
    spec = importlib.util.find_spec("celpy")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("celpy")
    return Path(next(iter(spec.submodule_search_locations))) / "cel.lark"


def _ambiguous_literals(token: Any) -> Any:
    """`true` and `false` are literals, not names (as `celpy.celparser.CELParser` says)."""
    from lark import Token

    if token.value in ("true", "false"):
        return Token("BOOL_LIT", token.value)
    return token


def _cache_file() -> str | bool:
    """Where Lark keeps the analysed grammar: the user's cache folder (never a shared /tmp);
    False (no cache) when that folder cannot be had."""
    try:
        from pad_desktop.runtime.paths import user_cache_dir

        return str(user_cache_dir() / "cel-grammar.lark-cache")
    except Exception:  # an unusable setting or folder: parse without the cache
        return False


def parser() -> Any:
    """The process's CEL parser (the options of `celpy.celparser.CELParser`)."""
    global _parser
    with _lock:
        if _parser is None:
            import lark

            _parser = lark.Lark(
                grammar_path().read_text(encoding="utf-8"),
                parser="lalr",
                start="expr",
                debug=True,
                g_regex_flags=re.M,
                lexer_callbacks={"IDENT": _ambiguous_literals},
                propagate_positions=True,
                maybe_placeholders=False,
                priority="invert",
                tree_class=lark.Tree,
                cache=_cache_file(),
            )
        return _parser


class CelSyntaxError(ValueError):
    """`text` is not CEL; the message is cel-python's `CELParseError`'s, word for word."""


def parse(text: str) -> Any:
    """The CEL tree of `text`; `CelSyntaxError` when it does not parse, `RecursionError` when
    it is too deep for Python's stack."""
    from lark.exceptions import LarkError

    try:
        return parser().parse(text)
    except LarkError:
        pass
    # A syntax error: cel-python's own parser (its package imported now) words it.
    from celpy.celparser import CELParseError, CELParser

    try:
        return CELParser().parse(text)
    except CELParseError as exc:
        raise CelSyntaxError(str(exc)) from None
