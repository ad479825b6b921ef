"""Which signature changes need the officer's acceptance before install."""

from __future__ import annotations

from dataclasses import replace

from pad_desktop.hub import compare_signatures
from pad_desktop.model.bundle import load_bundle
from pad_desktop.runtime.paths import default_bundle_dir


def test_breaking_and_benign_changes_are_told_apart():
    current = load_bundle(default_bundle_dir()).signature
    assert compare_signatures(current, current).empty
    fields = {f.name: f for f in current.fields}
    age, purpose, housing = fields["age_in_years"], fields["purpose"], fields["housing"]
    changed = replace(
        current,
        fields=tuple(
            {
                "age_in_years": replace(age, minimum=21),  # narrower: breaking
                "credit_amount": replace(fields["credit_amount"], maximum=2_000_000),  # wider
                "purpose": replace(purpose, categories=purpose.categories[:-1]),  # one dropped
                "housing": replace(housing, categories=(*housing.categories, "boat")),  # added
                "job": replace(fields["job"], description="Occupation"),
            }.get(f.name, f)
            for f in current.fields
        ),
    )
    diff = compare_signatures(current, changed)
    assert diff.needs_acceptance
    assert diff.breaking == (
        "Input 'age_in_years' accepts a narrower range: [18, 100] becomes [21, 100].",
        f"Input 'purpose' no longer accepts: {purpose.categories[-1]!r}.",
    )
    assert set(diff.benign) == {
        "Input 'credit_amount' accepts a wider range: [1, 1e+06] becomes [1, 2e+06].",
        "Input 'housing' also accepts: 'boat'.",
        "Input 'job' has a new description or unit.",
    }
    wording_only = compare_signatures(current, replace(current, fields=current.fields[::-1]))
    assert not wording_only.needs_acceptance and "different order" in wording_only.benign[0]
