"""What a decision policy is: its inputs, constants, derived values and ordered rules.

A policy is data (a JSON document, `load.py` reads it). Every part is checked against the
model's signature when it is built, so that a policy that loads is one the service can run:
no unknown field, no name used before it is defined, no type error, no rule that is not a
condition. Its rules' conditions are CEL expressions (`expressions.py`).

Outcomes:
- `refuse`: when the condition holds, the credit is refused by the policy, whatever the score;
- `refer`: when the condition holds, the case goes to a person (the model's decision stands,
  flagged for review);
- `approve_only_if`: the credit may be approved only if the condition holds; when it does not,
  the rule fires and the credit is refused by the policy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pad_desktop.policy.expressions import (
    BOOL,
    NUMBER,
    TEXT,
    Compiled,
    Variable,
    compile_expression,
)
from pad_desktop.policy.texts import PolicyError
from pad_desktop.texts import Phrase

if TYPE_CHECKING:
    from pad_desktop.model.signature import FieldSpec, Signature

FORMAT = 1
MAX_RULES, MAX_INPUTS, MAX_CONSTANTS, MAX_DERIVED = 200, 20, 50, 50
MAX_TEXT = 500  # a reason, label or description, per language
NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")
SCORE = "score"  # the model's probability of default, readable by every rule
# Direction controls that would make a reason read otherwise than it is stored.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class Outcome(StrEnum):
    REFUSE = "refuse"
    REFER = "refer"
    APPROVE_ONLY_IF = "approve_only_if"

    @property
    def refuses(self) -> bool:
        return self is not Outcome.REFER


@dataclass(frozen=True)
class Rule:
    id: str
    order: int
    outcome: Outcome
    when: Compiled
    reason: dict[str, str]  # "en", "fr"

    def reason_in(self, lang: str = "en") -> str:
        return self.reason["fr" if str(lang).lower().startswith("fr") else "en"]


@dataclass(frozen=True)
class Derived:
    name: str
    expr: Compiled


@dataclass(frozen=True)
class Policy:
    """A checked policy; `sha256` is the digest of the file's bytes."""

    id: str
    version: str
    sha256: str
    description: dict[str, str]
    inputs: tuple[FieldSpec, ...]
    constants: dict[str, float]
    derived: tuple[Derived, ...]
    rules: tuple[Rule, ...]  # in their order
    # Model fields whose range the policy widens (name -> (min, max)): values the model's
    # value table refuses but the policy decides itself (an applicant of 17 is a refusal with
    # its reason, not an input error); `check` proves its refuse rules cover them.
    accepts: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    source: str = ""  # where it was read from
    variables: dict[str, Variable] = field(default_factory=dict, repr=False)
    # The names its rules and derived values read that an applicant gives (model fields,
    # policy inputs, score), with their type: what evaluating one applicant looks up.
    reads: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    @property
    def input_names(self) -> list[str]:
        return [spec.name for spec in self.inputs]

    def description_in(self, lang: str = "en") -> str:
        return self.description["fr" if str(lang).lower().startswith("fr") else "en"]

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def widen(self, signature: Signature) -> Signature:
        """`signature` with the ranges this policy accepts (the same when it widens none)."""
        return widen_signature(signature, self.accepts)


def widen_signature(
    signature: Signature, accepts: Mapping[str, tuple[float | None, float | None]]
) -> Signature:
    """`signature` with the ranges `accepts` (the same when it widens none)."""
    if not accepts:
        return signature
    from dataclasses import replace

    fields = []
    for spec in signature.fields:
        if spec.name in accepts:
            low, high = accepts[spec.name]
            spec = replace(
                spec,
                minimum=spec.minimum if low is None else low,
                maximum=spec.maximum if high is None else high,
            )
        fields.append(spec)
    return replace(signature, fields=tuple(fields))


# -- reading a document -----------------------------------------------------------------------
_TOP = {
    "format", "id", "version", "description", "inputs", "accepts", "constants", "derived", "rules",
}  # fmt: skip
_ACCEPTS = {"min", "max"}
_INPUT = {"name", "label", "help", "unit", "min", "max"}
_DERIVED = {"name", "expr"}
_RULE = {"id", "order", "outcome", "when", "reason"}


def _fields(obj: Any, allowed: set[str], required: set[str], where: str | Phrase) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise PolicyError("wrong_type", where=where, expected="exp_object")
    for key in obj:
        if key not in allowed:
            raise PolicyError("unknown_field", field=repr(str(key)[:40]), where=where)
    for key in sorted(required):
        if key not in obj:
            raise PolicyError("missing_field", field=key, where=where)
    return obj


def _list(obj: Any, where: str, limit: int, what: str) -> list:
    if obj is None:
        return []
    if not isinstance(obj, list):
        raise PolicyError("wrong_type", where=where, expected="exp_list")
    if len(obj) > limit:
        raise PolicyError("too_many", count=len(obj), what=what, limit=limit)
    return obj


def _text(obj: Any, where: str, required: bool = True) -> str:
    if obj is None and not required:
        return ""
    if not isinstance(obj, str) or len(obj) > MAX_TEXT or (required and not obj.strip()):
        raise PolicyError("wrong_type", where=where, expected="exp_text", limit=MAX_TEXT)
    if any((ord(c) < 32 and c not in "\n\t") or c in _BIDI or ord(c) == 127 for c in obj):
        raise PolicyError("wrong_type", where=where, expected="exp_plain_text")
    return obj


def _bilingual(obj: Any, where: str, required: bool = True) -> dict[str, str]:
    if obj is None and not required:
        return {"en": "", "fr": ""}
    _fields(obj, {"en", "fr"}, {"en", "fr"}, where)
    return {lang: _text(obj[lang], f"{where}.{lang}") for lang in ("en", "fr")}


def _number(obj: Any, where: str) -> float:
    if isinstance(obj, bool) or not isinstance(obj, int | float) or obj != obj:
        raise PolicyError("wrong_type", where=where, expected="exp_number")
    if abs(obj) > 1e15:
        raise PolicyError("wrong_type", where=where, expected="exp_bounded")
    return float(obj)


def _name(obj: Any, where: str, taken: set[str]) -> str:
    if not isinstance(obj, str) or not NAME.fullmatch(obj):
        raise PolicyError("bad_name", where=where, name=str(obj)[:40])
    if obj in taken:
        raise PolicyError("duplicate_name", name=obj)
    taken.add(obj)
    return obj


def model_variables(signature: Signature) -> dict[str, Variable]:
    """The model's fields as a policy reads them (canonical values)."""
    from pad_desktop.model.signature import Kind

    variables = {}
    for spec in signature.fields:
        if spec.kind is Kind.CATEGORY:
            variables[spec.name] = Variable(TEXT, tuple(spec.categories))
        elif spec.kind is Kind.BOOLEAN:
            variables[spec.name] = Variable(BOOL)
        else:
            variables[spec.name] = Variable(NUMBER)
    variables[SCORE] = Variable(NUMBER)
    return variables


@dataclass(frozen=True)
class PolicyOutline:
    """What a form asks of a policy before its rules are compiled: its own inputs and the model
    ranges it widens, read by the very code `build_policy` begins with (`outline_policy`)."""

    inputs: tuple[FieldSpec, ...]
    accepts: dict[str, tuple[float | None, float | None]]

    def widen(self, signature: Signature) -> Signature:
        return widen_signature(signature, self.accepts)


def outline_policy(doc: Any, signature: Signature) -> PolicyOutline:
    """The inputs and widened ranges of the policy `doc`, its rules not compiled (no CEL parser:
    the window's form is built with it; `build_policy` checks and compiles the whole)."""
    head = _head(doc, signature)
    return PolicyOutline(tuple(head.inputs), head.accepts)


@dataclass
class _Head:
    top: dict[str, Any]
    policy_id: str
    version: str
    description: dict[str, str]
    inputs: list[FieldSpec]
    accepts: dict[str, tuple[float | None, float | None]]
    taken: set[str]
    variables: dict[str, Variable]


def _head(doc: Any, signature: Signature) -> _Head:
    """The document's top, identity, inputs and accepted ranges (`build_policy`'s first part)."""
    from pad_desktop.model.signature import FieldSpec, Kind

    top = _fields(doc, _TOP, {"format", "id", "version", "rules"}, Phrase("policy.where_top"))
    if top["format"] != FORMAT:
        raise PolicyError("wrong_type", where="format", expected=str(FORMAT))
    taken = set(model_variables(signature))
    variables = dict(model_variables(signature))
    policy_id = _name(top["id"], "id", set())
    version = _text(top["version"], "version")
    description = _bilingual(top.get("description"), "description", required=False)

    inputs = []
    for i, raw in enumerate(_list(top.get("inputs"), "inputs", MAX_INPUTS, "inputs")):
        where = f"inputs[{i}]"
        item = _fields(raw, _INPUT, {"name", "label"}, where)
        name = _name(item["name"], f"{where}.name", taken)
        label = _bilingual(item["label"], f"{where}.label")
        helps = _bilingual(item.get("help"), f"{where}.help", required=False)
        low = None if item.get("min") is None else _number(item["min"], f"{where}.min")
        high = None if item.get("max") is None else _number(item["max"], f"{where}.max")
        inputs.append(
            FieldSpec(
                name=name, kind=Kind.NUMBER, description=label["en"],
                description_fr=label["fr"], unit=_text(item.get("unit"), f"{where}.unit", False),
                help=helps["en"], help_fr=helps["fr"], minimum=low, maximum=high,
                required=False,
            )
        )  # fmt: skip
        variables[name] = Variable(NUMBER)

    accepts = _accepts(top.get("accepts"), signature)
    return _Head(top, policy_id, version, description, inputs, accepts, taken, variables)


def build_policy(doc: Any, signature: Signature, sha256: str, source: str = "") -> Policy:
    """A `Policy` from a parsed JSON document, checked against `signature`."""
    head = _head(doc, signature)
    top, taken, variables = head.top, head.taken, head.variables
    policy_id, version, description = head.policy_id, head.version, head.description
    inputs, accepts = head.inputs, head.accepts
    bounds = model_bounds(signature)
    taken |= set(bounds)
    variables.update({name: Variable(NUMBER) for name in bounds})

    constants_doc = top.get("constants") or {}
    if not isinstance(constants_doc, dict):
        raise PolicyError("wrong_type", where="constants", expected="exp_object")
    if len(constants_doc) > MAX_CONSTANTS:
        raise PolicyError(
            "too_many", count=len(constants_doc), what="constants", limit=MAX_CONSTANTS
        )
    constants = dict(bounds)
    for key, value in constants_doc.items():
        name = _name(key, f"constants.{str(key)[:40]}", taken)
        constants[name] = _number(value, f"constants.{name}")
        variables[name] = Variable(NUMBER)

    derived = []
    for i, raw in enumerate(_list(top.get("derived"), "derived", MAX_DERIVED, "derived values")):
        where = f"derived[{i}]"
        item = _fields(raw, _DERIVED, _DERIVED, where)
        name = _name(item["name"], f"{where}.name", taken)
        expr = compile_expression(item["expr"], variables, f"derived {name}")
        derived.append(Derived(name, expr))
        variables[name] = Variable(expr.kind)

    rules = []
    ids: set[str] = set()
    for i, raw in enumerate(_list(top["rules"], "rules", MAX_RULES, "rules")):
        where = f"rules[{i}]"
        item = _fields(raw, _RULE, _RULE, where)
        rule_id = _name(item["id"], f"{where}.id", ids)
        order = item["order"]
        if isinstance(order, bool) or not isinstance(order, int) or abs(order) > 1_000_000:
            raise PolicyError("wrong_type", where=f"{where}.order", expected="exp_whole")
        try:
            outcome = Outcome(item["outcome"])
        except (ValueError, TypeError):
            raise PolicyError(
                "bad_outcome", rule=rule_id, outcome=str(item["outcome"])[:40]
            ) from None
        at_rule = Phrase("policy.where_rule", {"rule": rule_id})
        when = compile_expression(item["when"], variables, at_rule)
        if when.kind != BOOL:
            from pad_desktop.policy.texts import word

            detail = word("type_rule_not_boolean", "en", got=when.kind)
            raise PolicyError(
                "expr_type", where=Phrase("policy.where_rule", {"rule": rule_id}), detail=detail
            )
        reason = _bilingual(item["reason"], f"{where}.reason")
        rules.append(Rule(rule_id, order, outcome, when, reason))
    rules.sort(key=lambda r: r.order)
    own = set(constants) | {d.name for d in derived}
    read = set().union(*(r.when.names for r in rules), *(d.expr.names for d in derived)) - own
    reads = tuple((name, variables[name].kind) for name in sorted(read))
    return Policy(
        id=policy_id, version=version, sha256=sha256, description=description,
        inputs=tuple(inputs), constants=constants, derived=tuple(derived), rules=tuple(rules),
        accepts=accepts, source=source, variables=variables, reads=reads,
    )  # fmt: skip


def model_bounds(signature: Signature) -> dict[str, float]:
    """The model's ranges as names a rule may read: `model_min_<field>`, `model_max_<field>`."""
    bounds = {}
    for spec in signature.fields:
        if spec.minimum is not None:
            bounds[f"model_min_{spec.name}"] = float(spec.minimum)
        if spec.maximum is not None:
            bounds[f"model_max_{spec.name}"] = float(spec.maximum)
    return bounds


def _accepts(obj: Any, signature: Signature) -> dict[str, tuple[float | None, float | None]]:
    """The ranges a policy widens: numeric model fields only, and only wider."""
    from pad_desktop.model.signature import Kind

    if obj is None:
        return {}
    if not isinstance(obj, dict):
        raise PolicyError("wrong_type", where="accepts", expected="exp_object")
    specs = {s.name: s for s in signature.fields}
    out = {}
    for name, raw in obj.items():
        spec = specs.get(name)
        if spec is None or spec.kind not in (Kind.NUMBER, Kind.INTEGER):
            raise PolicyError("unknown_field", field=repr(str(name)[:40]), where="accepts")
        item = _fields(raw, _ACCEPTS, set(), f"accepts.{name}")
        low = None if item.get("min") is None else _number(item["min"], f"accepts.{name}.min")
        high = None if item.get("max") is None else _number(item["max"], f"accepts.{name}.max")
        narrower = (low is not None and spec.minimum is not None and low > spec.minimum) or (
            high is not None and spec.maximum is not None and high < spec.maximum
        )
        if narrower:
            raise PolicyError("wrong_type", where=f"accepts.{name}", expected="exp_wider")
        out[name] = (low, high)
    return out


def input_values(policy: Policy, values: Mapping[str, Any]) -> dict[str, Any]:
    """The policy inputs among `values` (those present), by name."""
    return {name: values[name] for name in policy.input_names if name in values}
