"""A batch logs each cell as its file had it ("4576"); History shows it as a number in the
officer's writing when it reads one way in every dialect, and as written otherwise."""

from __future__ import annotations

from pad_desktop.model.bundle import load_bundle
from pad_desktop.runtime.paths import default_bundle_dir


def test_a_logged_number_cell_is_shown_in_the_officers_writing() -> None:
    fields = {f.name: f for f in load_bundle(default_bundle_dir()).signature.fields}
    amount, age = fields["credit_amount"], fields["age_in_years"]
    assert amount.display("4576", "fr") == "4\u202f576 DM"
    assert amount.display("4576", "en") == "4,576 DM"
    assert age.display(" 27 ", "fr") == "27 ans"
    # "1,234" is 1234 in an English file and 1.234 in a French one: shown as it was written.
    assert amount.display("1,234", "fr") == "1,234"
    assert amount.display("douze", "fr") == "douze"
