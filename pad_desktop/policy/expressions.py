"""A policy's expressions: CEL, parsed with cel-python's grammar, evaluated column-wise with numpy.

cel-python's parser (a Lark grammar of the CEL specification) turns the text into a tree; this
module walks that tree once and builds a function over whole columns (numpy arrays), so that a
rule costs a few array operations per batch chunk instead of one interpreter call per row.
Only a small, closed part of CEL is accepted: literals, names, arithmetic, comparisons, `in`
over a literal list, `&&`, `||`, `!`, `?:`, and the functions `missing`, `min`, `max`, `abs`.
Anything else (member access, macros, maps, indexing, other functions) is refused by name, so a
policy can neither run code nor loop: every expression costs at most a fixed number of array
operations, bounded by its length (`MAX_CHARS`) and depth (`MAX_DEPTH`).

Missing values: a number is NaN and a text None; a comparison with a missing value is false
(`!=` included), and `missing(x)` says whether `x` is missing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from pad_desktop.policy.texts import PolicyError
from pad_desktop.texts import Phrase

MAX_CHARS = 1000
MAX_DEPTH = 24
NUMBER, BOOL, TEXT = "number", "boolean", "text"

Column = Any  # a numpy array of one value per row, or a scalar shared by all rows
Evaluator = Callable[[Mapping[str, Column]], Column]


@dataclass(frozen=True)
class Variable:
    """A name an expression may read: its type and, for a category, its allowed texts."""

    kind: str  # NUMBER, BOOL or TEXT
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Compiled:
    """An expression ready to run: its type, the names it reads and its column function."""

    source: str
    kind: str
    names: frozenset[str]
    run: Evaluator
    literals: tuple[float, ...] = ()  # numbers it compares with (for `policy check`'s probes)


def _depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    return deepest


def compile_expression(
    text: Any, variables: Mapping[str, Variable], where: str | Phrase
) -> Compiled:
    """Parse and check `text` against `variables`; raise `PolicyError` naming `where`."""
    if not isinstance(text, str):
        raise PolicyError("wrong_type", where=where, expected="exp_cel")
    if len(text) > MAX_CHARS:
        raise PolicyError("expr_too_long", where=where, size=len(text), limit=MAX_CHARS)
    if _depth(text) > MAX_DEPTH:
        raise PolicyError("expr_too_deep", where=where, limit=MAX_DEPTH)
    from pad_desktop.policy.cel_parser import CelSyntaxError, parse

    try:
        tree = parse(text)
    except CelSyntaxError as exc:
        reason = " ".join(str(exc).split())[:120]
        raise PolicyError("expr_syntax", where=where, reason=reason) from None
    except RecursionError:
        raise PolicyError("expr_too_deep", where=where, limit=MAX_DEPTH) from None
    builder = _Builder(variables, where)
    kind, run = builder.node(tree)
    return Compiled(text, kind, frozenset(builder.names), run, tuple(builder.literals))


class _Builder:
    """Walks cel-python's tree into (type, column function) pairs."""

    def __init__(self, variables: Mapping[str, Variable], where: str | Phrase) -> None:
        self.variables = variables
        self.where = where
        self.names: set[str] = set()
        self.literals: list[float] = []

    # -- errors ----------------------------------------------------------------------------
    def refuse(self, what: Phrase) -> PolicyError:
        return PolicyError("expr_not_allowed", where=self.where, what=what)

    def type_error(self, op: str, expected: str, got: str) -> PolicyError:
        from pad_desktop.policy.texts import word

        detail = word("type_operands", "en", op=op, expected=expected, got=got)
        return PolicyError("expr_type", where=self.where, detail=detail)

    # -- the walk --------------------------------------------------------------------------
    def node(self, tree: Any) -> tuple[str, Evaluator]:
        method = getattr(self, "n_" + str(tree.data), None)
        if method is None:
            raise self.refuse(_construct(str(tree.data)))
        return method(tree.children)

    def only(self, children: list) -> tuple[str, Evaluator]:
        return self.node(children[-1])

    n_paren_expr = only

    def n_expr(self, c: list) -> tuple[str, Evaluator]:
        if len(c) == 1 or c[1] is None:
            return self.node(c[0])
        test_kind, test = self.node(c[0])
        yes_kind, yes = self.node(c[1])
        no_kind, no = self.node(c[2])
        if test_kind != BOOL:
            raise self.type_error("?:", "a condition", test_kind)
        if yes_kind != no_kind:
            raise self.type_error("?:", "two branches of one type", f"{yes_kind}, {no_kind}")

        def run(env: Mapping[str, Column]) -> Column:
            condition = test(env)
            if type(condition) is bool:  # one applicant: only the branch taken runs
                return yes(env) if condition else no(env)
            return np.where(condition, yes(env), no(env))

        return yes_kind, run

    def _logic(self, c: list, op: str, func: Callable) -> tuple[str, Evaluator]:
        if len(c) == 1 or c[0] is None:
            return self.node(c[-1])
        (lk, left), (rk, right) = self.node(c[0]), self.node(c[1])
        if lk != BOOL or rk != BOOL:
            raise self.type_error(op, "true/false on both sides", f"{lk}, {rk}")

        def run(env: Mapping[str, Column]) -> Column:
            a, b = left(env), right(env)
            if type(a) is bool and type(b) is bool:  # one applicant
                return (a or b) if func is np.logical_or else (a and b)
            return func(a, b)

        return BOOL, run

    def n_conditionalor(self, c: list) -> tuple[str, Evaluator]:
        return self._logic(c, "||", np.logical_or)

    def n_conditionaland(self, c: list) -> tuple[str, Evaluator]:
        return self._logic(c, "&&", np.logical_and)

    def n_relation(self, c: list) -> tuple[str, Evaluator]:
        if len(c) == 1 or c[0] is None:
            return self.node(c[-1])
        op_tree, right_tree = c[0], c[1]
        op = str(op_tree.data)
        left_tree = op_tree.children[0]
        if op == "relation_in":
            return self._in(left_tree, right_tree)
        (lk, left), (rk, right) = self.node(left_tree), self.node(right_tree)
        symbol = _RELATIONS[op][0]
        if lk != rk:
            raise self.type_error(symbol, "two values of one type", f"{lk}, {rk}")
        if lk != NUMBER and symbol not in ("==", "!="):
            raise self.type_error(symbol, "numbers", lk)
        self._check_category(left_tree, right_tree)
        self._check_category(right_tree, left_tree)
        compare = _RELATIONS[op][1]
        if lk == TEXT:
            return BOOL, lambda env: _text_compare(compare, left(env), right(env))
        return BOOL, lambda env: _number_compare(compare, left(env), right(env))

    def _in(self, left_tree: Any, right_tree: Any) -> tuple[str, Evaluator]:
        kind, left = self.node(left_tree)
        items = _list_literal(right_tree)
        if items is None:
            raise self.refuse(Phrase("policy.what_in_list"))
        values = []
        for item in items:
            item_kind, item_run = self.node(item)
            if item_kind != kind or item_kind == BOOL:
                raise self.type_error("in", f"a list of {kind}s", item_kind)
            values.append(item_run({}))
            self._check_category(left_tree, item)
        allowed = np.array(values, dtype=object if kind == TEXT else np.float64)
        return BOOL, lambda env: _isin(left(env), allowed)

    def _check_category(self, name_tree: Any, literal_tree: Any) -> None:
        """A text compared with a category field must be one of its categories."""
        name, value = _ident_of(name_tree), _string_of(literal_tree)
        if name is None or value is None:
            return
        categories = self.variables[name].categories
        if categories and value not in categories:
            from pad_desktop.policy.texts import word

            detail = word("type_not_a_category", "en", value=value, field=name)
            raise PolicyError("expr_type", where=self.where, detail=detail)

    def _arith(self, c: list, ops: dict[str, tuple[str, Callable]]) -> tuple[str, Evaluator]:
        if len(c) == 1 or c[0] is None:
            return self.node(c[-1])
        op_tree, right_tree = c[0], c[1]
        op = str(op_tree.data)
        if op not in ops:
            raise self.refuse(_construct(op.split("_")[-1]))
        symbol, func = ops[op]
        (lk, left), (rk, right) = self.node(op_tree.children[0]), self.node(right_tree)
        if lk != NUMBER or rk != NUMBER:
            raise self.type_error(symbol, "numbers", f"{lk}, {rk}")
        return NUMBER, lambda env: _quiet(func, left(env), right(env))

    def n_addition(self, c: list) -> tuple[str, Evaluator]:
        return self._arith(c, {"addition_add": ("+", np.add), "addition_sub": ("-", np.subtract)})

    def n_multiplication(self, c: list) -> tuple[str, Evaluator]:
        ops = {"multiplication_mul": ("*", np.multiply), "multiplication_div": ("/", np.divide)}
        return self._arith(c, ops)

    def n_unary(self, c: list) -> tuple[str, Evaluator]:
        if len(c) == 1:
            return self.node(c[0])
        op = str(c[0].data)
        kind, inner = self.node(c[1])
        if op == "unary_not":
            if kind != BOOL:
                raise self.type_error("!", "true/false", kind)
            return BOOL, lambda env: _not(inner(env))
        if kind != NUMBER:
            raise self.type_error("-", "a number", kind)
        return NUMBER, lambda env: np.negative(inner(env))

    def n_member(self, c: list) -> tuple[str, Evaluator]:
        if str(c[0].data) != "primary":
            raise self.refuse(_construct(str(c[0].data)))
        return self.node(c[0])

    def n_primary(self, c: list) -> tuple[str, Evaluator]:
        return self.node(c[0])

    def n_ident(self, c: list) -> tuple[str, Evaluator]:
        name = str(c[0])
        variable = self.variables.get(name)
        if variable is None:
            raise PolicyError("expr_unknown_name", where=self.where, name=name)
        self.names.add(name)
        return variable.kind, lambda env: env[name]

    def n_literal(self, c: list) -> tuple[str, Evaluator]:
        token = c[0]
        kind, text = str(token.type), str(token)
        if kind in ("INT_LIT", "FLOAT_LIT"):
            number = float(text)
            if not np.isfinite(number):
                raise self.refuse(Phrase("policy.what_not_finite"))
            self.literals.append(number)
            return NUMBER, lambda env: number
        if kind == "BOOL_LIT":
            value = text == "true"
            return BOOL, lambda env: value
        if kind == "STRING_LIT":
            text_value = _plain_string(text)
            if text_value is None:
                raise self.refuse(Phrase("policy.what_escapes"))
            return TEXT, lambda env: text_value
        raise self.refuse(
            Phrase(
                "policy.what_literal", {"kind": kind.lower().replace("_lit", "").replace("_", " ")}
            )
        )

    def n_ident_arg(self, c: list) -> tuple[str, Evaluator]:
        name = str(c[0])
        args = [] if len(c) < 2 or c[1] is None else [self.node(e) for e in c[1].children]
        if name == "missing" and len(args) == 1:
            kind, inner = args[0]
            return BOOL, lambda env: _missing(inner(env), kind)
        if name in ("min", "max") and len(args) == 2:
            if any(k != NUMBER for k, _ in args):
                raise self.type_error(name, "numbers", ", ".join(k for k, _ in args))
            func = np.fmin if name == "min" else np.fmax
            (_, a), (_, b) = args
            return NUMBER, lambda env: func(a(env), b(env))
        if name == "abs" and len(args) == 1:
            kind, inner = args[0]
            if kind != NUMBER:
                raise self.type_error("abs", "a number", kind)
            return NUMBER, lambda env: np.abs(inner(env))
        raise self.refuse(Phrase("policy.what_function", {"name": name}))


_RELATIONS: dict[str, tuple[str, Callable]] = {
    "relation_lt": ("<", np.less),
    "relation_le": ("<=", np.less_equal),
    "relation_gt": (">", np.greater),
    "relation_ge": (">=", np.greater_equal),
    "relation_eq": ("==", np.equal),
    "relation_ne": ("!=", np.not_equal),
}


_SCALARS = (int, float)
_PY_ARITH: dict[Any, Callable[[float, float], float]] = {
    np.add: lambda a, b: a + b,
    np.subtract: lambda a, b: a - b,
    np.multiply: lambda a, b: a * b,
}
_PY_COMPARE: dict[Any, Callable[[float, float], bool]] = {
    np.less: lambda a, b: a < b,
    np.less_equal: lambda a, b: a <= b,
    np.greater: lambda a, b: a > b,
    np.greater_equal: lambda a, b: a >= b,
    np.equal: lambda a, b: a == b,
    np.not_equal: lambda a, b: a != b and a == a and b == b,  # NaN compares false
}


def _divide(a: float, b: float) -> float:
    """a / b as numpy divides floats: x/0 is ±inf, 0/0 and NaN/0 are NaN."""
    if b != 0:
        return a / b
    if a == 0 or a != a:
        return math.nan
    return math.copysign(math.inf, a) * math.copysign(1.0, b)


def _quiet(func: Callable, left: Column, right: Column) -> Column:
    """Arithmetic where x/0 is inf and a missing operand stays missing (NaN), no warnings; one
    applicant's plain numbers take Python's arithmetic (numpy's costs more on scalars)."""
    if type(left) in _SCALARS and type(right) in _SCALARS:
        return _divide(left, right) if func is np.divide else _PY_ARITH[func](left, right)
    with np.errstate(all="ignore"):
        return func(np.asarray(left, dtype=np.float64), right)


def _number_compare(func: Callable, left: Column, right: Column) -> Column:
    if type(left) in _SCALARS and type(right) in _SCALARS:
        return _PY_COMPARE[func](left, right)
    with np.errstate(invalid="ignore"):
        result = func(left, right)
    if func is np.not_equal:  # NaN != x is true in IEEE: a missing value compares false here
        result = result & ~np.isnan(left) & ~np.isnan(right)
    return result


def _not(value: Column) -> Column:
    return (not value) if type(value) is bool else np.logical_not(value)


def _text_compare(func: Callable, left: Column, right: Column) -> Column:
    if isinstance(left, str | None) and isinstance(right, str | None):  # one applicant
        if left is None or right is None:
            return False
        return left == right if func is np.equal else left != right
    equal = np.equal(np.asarray(left, dtype=object), np.asarray(right, dtype=object))
    equal = np.asarray(equal, dtype=bool)
    if func is np.equal:
        return equal
    present = ~_missing(left, TEXT) & ~_missing(right, TEXT)
    return ~equal & present


def _isin(values: Column, allowed: np.ndarray) -> Column:
    if isinstance(values, str) or type(values) in _SCALARS:  # one applicant
        return values in allowed.tolist()
    if values is None:
        return False
    array = np.asarray(values, dtype=allowed.dtype)
    result = np.isin(array, allowed)
    return result if array.ndim else bool(result)


def _missing(values: Column, kind: str) -> Column:
    if values is None or isinstance(values, str | bool):
        return values is None
    if type(values) in _SCALARS:
        return values != values
    if kind == NUMBER:
        return np.isnan(np.asarray(values, dtype=np.float64))
    if kind == TEXT:
        array = np.asarray(values, dtype=object)
        return np.asarray(np.equal(array, None), dtype=bool) if array.ndim else array.item() is None
    return np.zeros(np.shape(values), dtype=bool) if np.ndim(values) else False


def _plain_string(token: str) -> str | None:
    """A quoted CEL string without escapes or prefixes, unquoted; None otherwise."""
    quote = token[0]
    if len(token) < 2 or token[-1] != quote or token.startswith(quote * 3):
        return None
    body = token[1:-1]
    if "\\" in body or quote in body:
        return None
    return body


def _descend(tree: Any) -> Any:
    """The first node under a chain of one-child wrappers that is a name, literal or list."""
    while (
        getattr(tree, "data", None) not in _LEAVES
        and hasattr(tree, "children")
        and len(tree.children) == 1
        and hasattr(tree.children[0], "data")
    ):
        tree = tree.children[0]
    return tree


_LEAVES = ("ident", "literal", "list_lit")


def _ident_of(tree: Any) -> str | None:
    node = _descend(tree)
    if getattr(node, "data", None) == "ident":
        return str(node.children[0])
    return None


def _string_of(tree: Any) -> str | None:
    node = _descend(tree)
    if getattr(node, "data", None) == "literal" and str(node.children[0].type) == "STRING_LIT":
        return _plain_string(str(node.children[0]))
    return None


def _list_literal(tree: Any) -> list | None:
    node = _descend(tree)
    if getattr(node, "data", None) != "list_lit":
        return None
    if not node.children or node.children[0] is None:
        return []
    return list(node.children[0].children)


def _construct(name: str) -> Phrase:
    """A construct of CEL's grammar a policy may not use, named as the grammar names it."""
    return Phrase("policy.what_construct", {"name": name.replace("_", " ")})
