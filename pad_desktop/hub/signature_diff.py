"""What changes for the officer if the candidate model replaces the current one.

A change to what inputs are accepted (a field added, removed, retyped, made required, a category
dropped or a range narrowed) must be accepted explicitly before install: forms, CSV templates and
API clients built for the current model may stop working. Wording-only changes are listed too
but need no acceptance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pad_desktop.signature import FieldSpec, Signature


@dataclass(frozen=True)
class SignatureDiff:
    """Differences between the current and the candidate signature, in plain sentences."""

    breaking: tuple[str, ...] = field(default=())  # need acceptance
    benign: tuple[str, ...] = field(default=())  # shown, no acceptance needed

    @property
    def needs_acceptance(self) -> bool:
        return bool(self.breaking)

    @property
    def empty(self) -> bool:
        return not self.breaking and not self.benign

    def lines(self) -> list[str]:
        return list(self.breaking) + list(self.benign)

    def summary(self) -> str:
        if self.empty:
            return "Same inputs as the current model."
        if not self.breaking:
            return f"Same inputs; {len(self.benign)} description change(s)."
        return f"{len(self.breaking)} input change(s) to accept: " + "; ".join(self.breaking)


def compare_signatures(current: Signature, candidate: Signature) -> SignatureDiff:
    old = {f.name: f for f in current.fields}
    new = {f.name: f for f in candidate.fields}
    breaking: list[str] = []
    benign: list[str] = []
    for name in new.keys() - old.keys():
        spec = new[name]
        needed = "required" if spec.required else "optional"
        (breaking if spec.required else benign).append(f"New {needed} input '{name}'.")
    breaking += [f"Input '{name}' is removed." for name in old.keys() - new.keys()]
    for name in old.keys() & new.keys():
        _compare_field(old[name], new[name], breaking, benign)
    if [n for n in current.names if n in new] != [n for n in candidate.names if n in old]:
        benign.append("The inputs are in a different order (columns are matched by name).")
    return SignatureDiff(tuple(sorted(breaking)), tuple(sorted(benign)))


def _compare_field(a: FieldSpec, b: FieldSpec, breaking: list[str], benign: list[str]) -> None:
    name = a.name
    if a.kind is not b.kind:
        breaking.append(f"Input '{name}' changes type from {a.kind} to {b.kind}.")
        return
    if b.required and not a.required:
        breaking.append(f"Input '{name}' becomes required.")
    elif a.required and not b.required:
        benign.append(f"Input '{name}' becomes optional.")
    dropped = [c for c in a.categories if c not in b.categories]
    added = [c for c in b.categories if c not in a.categories]
    if dropped:
        breaking.append(f"Input '{name}' no longer accepts: " + ", ".join(map(repr, dropped)) + ".")
    if added:
        benign.append(f"Input '{name}' also accepts: " + ", ".join(map(repr, added)) + ".")
    if _narrower(a.minimum, b.minimum, lower=True) or _narrower(a.maximum, b.maximum, lower=False):
        breaking.append(
            f"Input '{name}' accepts a narrower range: {_range(a)} becomes {_range(b)}."
        )
    elif (a.minimum, a.maximum) != (b.minimum, b.maximum):
        benign.append(f"Input '{name}' accepts a wider range: {_range(a)} becomes {_range(b)}.")
    if (a.description, a.description_fr, a.unit, a.help) != (
        b.description,
        b.description_fr,
        b.unit,
        b.help,
    ):
        benign.append(f"Input '{name}' has a new description or unit.")


def _narrower(old: float | None, new: float | None, lower: bool) -> bool:
    if new is None:
        return False
    if old is None:
        return True
    return new > old if lower else new < old


def _range(spec: FieldSpec) -> str:
    low = "-∞" if spec.minimum is None else f"{spec.minimum:g}"
    high = "+∞" if spec.maximum is None else f"{spec.maximum:g}"
    return f"[{low}, {high}]"
