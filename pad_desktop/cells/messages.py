"""The value rules', the API's, the notice's and the bundle's sentences, filled for a reader.

The wording itself is the catalogue's (`pad_desktop.texts`: areas `value`, `file`, `api`,
`notice`, `bundle`); these helpers fill its blanks as each sentence needs (a field's label, its
bounds in the language's writing, the categories a drop-down shows). The faces never word a
validation message themselves: they show `field_message(...)`. The language is the officer's
("en" or "fr"); anything else falls back to English.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from pad_desktop.cells.values import Rule
from pad_desktop.texts import area, template
from pad_desktop.texts import text as say
from pad_desktop.texts.locale_text import format_number, normalize, unit_label

if TYPE_CHECKING:
    from pad_desktop.cells.field_specs import FieldSpec

LANGUAGES = ("en", "fr")
MAX_LISTED = 6  # accepted categories listed in a message before "and N more"
OVERRIDE_KINDS = ("", "review")  # the override dialog's reason categories; "" is "other"

_ONE_GROUP = re.compile(r"([+-]?[1-9]\d{0,2})([.,])(\d{3})")  # "0,500" is no thousands group


def _collation_key(text: str) -> str:
    """Alphabetical order as a reader expects it: "électroménager" among the e's."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _bound(x: float | None, lang: str) -> str:
    return "" if x is None else format_number(x, lang)


def field_message(spec: FieldSpec, rule: Rule, text: str, lang: str = "en") -> str:
    """The sentence for `text` breaking `rule` in field `spec`, in `lang` ("en" or "fr").

    Numbers (bounds) are written as the language writes them; categories are listed as the
    officer's drop-down shows them (French labels in French: both they and the English
    values are accepted input)."""
    lang = normalize(lang)
    label = spec.label_in(lang)
    grouped = _ONE_GROUP.fullmatch(text) if rule is Rule.NOT_WHOLE else None
    if grouped:
        head, mark, tail = grouped.groups()
        return say(
            "value.grouped_not_whole",
            lang,
            label=label,
            text=text,
            read=format_number(float(f"{head}.{tail}"), lang),
            mark=mark,
            plain=head + tail,
        )
    allowed = sorted(spec.category_labels(lang), key=_collation_key)
    listed = [say("value.quoted", lang, text=c) for c in allowed[:MAX_LISTED]]
    more = len(allowed) - MAX_LISTED
    return say(
        f"value.{rule}",
        lang,
        label=label,
        text=text,
        minimum=_bound(spec.minimum, lang),
        maximum=_bound(spec.maximum, lang),
        unit=f" {unit_label(spec.unit, lang)}" if spec.unit else "",
        allowed=template("value.list_separator", lang).join(listed),
        more=say("value.more", lang, n=more) if more > 0 else "",
        point=_with_point(text) if rule is Rule.AMBIGUOUS_COMMA else "",
    )


def _with_point(text: str) -> str:
    """A decimal-comma text ("1 234,50", "1.234,5") as the "." dialect writes it ("1234.50")."""
    for ch in " \u00a0\u202f.":
        text = text.replace(ch, "")
    return text.replace(",", ".")


def case_ref_message(rule: str, lang: str = "en") -> str:
    """The sentence for a case reference that breaks `rule` ("missing" or "invalid")."""
    from pad_desktop.cells.values import MAX_CELL_CHARS

    return say(f"value.case_ref_{rule}", lang, limit=MAX_CELL_CHARS)


def file_message(key: str, lang: str = "en", **values: object) -> str:
    """The batch's sentence `key` about a file's line in `lang` (line numbers not grouped: an
    editor's)."""
    return say(f"file.{key}", lang, **values)


def api_message(key: str, lang: str = "en", **values: object) -> str:
    """The API's sentence `key` in `lang`, with `values` filled in (byte limits stay plain
    digits: an operator copies them into the configuration)."""
    return say(f"api.{key}", lang, **values)


def api_translation(detail: str, lang: str) -> str:
    """An English fixed API sentence (Starlette's "Not Found"...) in `lang`; others unchanged."""
    lang = normalize(lang)
    if lang == "en":
        return detail
    fixed = {e["en"]: e[lang] for e in area("api").values() if "{" not in e["en"]}
    return fixed.get(detail, detail)


def validation_message(kind: str, english: str, lang: str) -> str:
    """A FastAPI validation problem's `msg` in `lang` (English: pydantic's own sentence)."""
    entry = area("api").get(f"pydantic_{kind}")
    if normalize(lang) == "en" or entry is None:
        return english
    return entry[normalize(lang)]


def notice_message(key: str, lang: str = "en", *args: object, **values: object) -> str:
    """The notice's sentence `key` in `lang`, filled with `args` / `values`."""
    return template(f"notice.{key}", lang).format(*args, **values)


def override_reason_label(key: str, lang: str = "en") -> str:
    """How the override dialog names the reason category `key` ("" other, "review")."""
    return say(f"notice.override_{key or 'other'}", lang)


def bundle_message(key: str, lang: str = "en", **values: object) -> str:
    """The bundle sentence `key` in `lang`: numbers written as the language writes them, a
    nested key (`sample_*`) worded in the same language."""
    lang = normalize(lang)

    def word(value: object) -> object:
        if isinstance(value, str) and value.startswith("sample_") and value in area("bundle"):
            return say(f"bundle.{value}", lang)
        return value

    return say(f"bundle.{key}", lang, **{name: word(value) for name, value in values.items()})
