"""What changes for the officer if the candidate model replaces the current one.

A change to what inputs are accepted (a field added, removed, retyped, made required, a category
dropped or a range narrowed) must be accepted explicitly before install: forms, CSV templates and
API clients built for the current model may stop working. Wording-only changes are listed too
but need no acceptance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pad_desktop.cells.field_specs import FieldSpec, Kind
from pad_desktop.hub.texts import Joined, Number, Phrase, phrase
from pad_desktop.model.signature import Signature

KINDS = {
    Kind.NUMBER: "kind_number",
    Kind.INTEGER: "kind_integer",
    Kind.CATEGORY: "kind_category",
    Kind.BOOLEAN: "kind_boolean",
}


@dataclass(frozen=True)
class SignatureDiff:
    """Differences between the current and the candidate signature, in plain sentences.

    `breaking` / `benign` are the English sentences; `lines(lang)` and `summary(lang)` word
    them in the reader's language."""

    breaking_said: tuple[Phrase, ...] = field(default=())  # need acceptance
    benign_said: tuple[Phrase, ...] = field(default=())  # shown, no acceptance needed

    @property
    def breaking(self) -> tuple[str, ...]:
        return tuple(p.text() for p in self.breaking_said)

    @property
    def benign(self) -> tuple[str, ...]:
        return tuple(p.text() for p in self.benign_said)

    @property
    def needs_acceptance(self) -> bool:
        return bool(self.breaking_said)

    @property
    def empty(self) -> bool:
        return not self.breaking_said and not self.benign_said

    def lines(self, lang: str = "en") -> list[str]:
        return [p.text(lang) for p in (*self.breaking_said, *self.benign_said)]

    def breaking_phrase(self) -> Joined:
        """The changes to accept, one after the other, for a sentence to hold."""
        return Joined(self.breaking_said)

    def summary(self, lang: str = "en") -> str:
        if self.empty:
            return phrase("sig_same").text(lang)
        if not self.breaking_said:
            return phrase("sig_benign_only", count=len(self.benign_said)).text(lang)
        return phrase(
            "sig_to_accept", count=len(self.breaking_said), changes=self.breaking_phrase()
        ).text(lang)


def compare_signatures(current: Signature, candidate: Signature) -> SignatureDiff:
    old = {f.name: f for f in current.fields}
    new = {f.name: f for f in candidate.fields}
    breaking: list[Phrase] = []
    benign: list[Phrase] = []
    for name in new.keys() - old.keys():
        spec = new[name]
        if spec.required:
            breaking.append(phrase("sig_new_required", name=name))
        else:
            benign.append(phrase("sig_new_optional", name=name))
    breaking += [phrase("sig_removed", name=name) for name in old.keys() - new.keys()]
    for name in old.keys() & new.keys():
        _compare_field(old[name], new[name], breaking, benign)
    if [n for n in current.names if n in new] != [n for n in candidate.names if n in old]:
        benign.append(phrase("sig_order"))
    return SignatureDiff(_in_order(breaking), _in_order(benign))


def _in_order(phrases: list[Phrase]) -> tuple[Phrase, ...]:
    return tuple(sorted(phrases, key=Phrase.text))  # the same order in every language


def _compare_field(
    a: FieldSpec, b: FieldSpec, breaking: list[Phrase], benign: list[Phrase]
) -> None:
    name = a.name
    if a.kind is not b.kind:
        breaking.append(phrase("sig_type", name=name, old=_kind(a.kind), new=_kind(b.kind)))
        return
    if b.required and not a.required:
        breaking.append(phrase("sig_required", name=name))
    elif a.required and not b.required:
        benign.append(phrase("sig_optional", name=name))
    dropped = [c for c in a.categories if c not in b.categories]
    added = [c for c in b.categories if c not in a.categories]
    if dropped:
        breaking.append(phrase("sig_dropped", name=name, values=", ".join(map(repr, dropped))))
    if added:
        benign.append(phrase("sig_added", name=name, values=", ".join(map(repr, added))))
    if _narrower(a.minimum, b.minimum, lower=True) or _narrower(a.maximum, b.maximum, lower=False):
        breaking.append(phrase("sig_narrower", name=name, old=_range(a), new=_range(b)))
    elif (a.minimum, a.maximum) != (b.minimum, b.maximum):
        benign.append(phrase("sig_wider", name=name, old=_range(a), new=_range(b)))
    if (a.description, a.description_fr, a.unit, a.help) != (
        b.description,
        b.description_fr,
        b.unit,
        b.help,
    ):
        benign.append(phrase("sig_description", name=name))


def _kind(kind: Kind) -> Phrase | str:
    return phrase(KINDS[kind]) if kind in KINDS else str(kind)


def _narrower(old: float | None, new: float | None, lower: bool) -> bool:
    if new is None:
        return False
    if old is None:
        return True
    return new > old if lower else new < old


def _range(spec: FieldSpec) -> Phrase:
    low = "-∞" if spec.minimum is None else Number(spec.minimum, spec="g")
    high = "+∞" if spec.maximum is None else Number(spec.maximum, spec="g")
    return phrase("sig_range", low=low, high=high)
