"""Numbers, percentages, amounts and dates as the officer's language writes them (en or fr).

Every face formats through here, so a score reads "0.8%" in English and "0,8 %" in French on
the form, in a CLI summary and in a message alike. French follows CLDR (what Qt's QLocale and
Excel write): a narrow no-break space groups thousands ("173 542") and separates the percent
sign ("0,8 %"); the value table (`values.py`) reads that space back as a thousands separator.

Also here: which language a process or a request speaks (`LANG`/`LC_ALL`, `Accept-Language`),
and numbers as a file cell writes them in a CSV dialect ("0,024471" for French Excel).
"""

from __future__ import annotations

import functools
import math
import os
import re
from collections.abc import Mapping
from datetime import date, datetime

LANGUAGES = ("en", "fr")
DEFAULT = "en"
NNBSP = "\u202f"  # narrow no-break space: French thousands and "%" separator (CLDR)
EXPONENT_FROM = 1e15  # larger magnitudes are written with an exponent, as nobody types them

_GROUP = {"en": ",", "fr": NNBSP}
_DECIMAL = {"en": ".", "fr": ","}
_PERCENT = {"en": "%", "fr": NNBSP + "%"}
_UNITS = {
    "fr": {"years": "ans", "year": "an", "months": "mois", "month": "mois", "days": "jours"},
}
_YES_NO = {"en": ("yes", "no"), "fr": ("oui", "non")}
_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "fr": (
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ),
}  # fmt: skip  (not strftime: its month names follow LC_TIME, not the officer's choice)
_DAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "fr": ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."),
}
_ENGLISH_DATE_WORD = re.compile(r"\b(" + "|".join(_MONTHS["en"] + _DAYS["en"]) + r")\b")


@functools.lru_cache(maxsize=256)  # called for every label and number shown: a dict lookup
def normalize(lang: str | None) -> str:
    """A language tag or locale name ("fr", "fr-CA", "fr_FR.UTF-8") -> "fr" or "en"."""
    if not lang:
        return DEFAULT
    primary = re.split(r"[-_.@]", lang.strip().lower(), maxsplit=1)[0]
    return primary if primary in LANGUAGES else DEFAULT


def env_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of a process's messages as POSIX decides it: the first set of `LC_ALL`,
    `LC_MESSAGES`, `LANG` (so `LC_ALL=C` wins over `LANG=fr_FR.UTF-8`)."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:
            return normalize(value)
    return DEFAULT


def accept_language(header: str | None) -> str:
    """The language to answer an HTTP `Accept-Language` in: the supported one with the highest
    q-value (the first listed on a tie); English when none is acceptable or the header is bad.

    `fr-FR,fr;q=0.9,en;q=0.8` -> "fr"; `en;q=0.5, fr;q=0.7` -> "fr"; `fr;q=0` -> "en".
    """
    best, best_q = DEFAULT, 0.0
    for part in (header or "")[:1000].split(","):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        if not tag or tag == "*":
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0  # a malformed weight is no preference
                if not math.isfinite(q) or not 0.0 <= q <= 1.0:
                    q = 0.0
        primary = re.split(r"[-_]", tag.lower(), maxsplit=1)[0]
        if primary in LANGUAGES and q > best_q:
            best, best_q = primary, q
    return best


def format_number(value: float | int, lang: str = DEFAULT, decimals: int | None = None) -> str:
    """A number for an officer: thousands grouped, the language's decimal mark, never "1e+06".

    `decimals=None`: whole numbers without decimals, others with 6 digits in all (at least the
    whole part; trailing zeros dropped); otherwise exactly `decimals` places.
    """
    lang = normalize(lang)
    if isinstance(value, bool):
        value = int(value)
    if not math.isfinite(float(value)):
        return "NaN" if math.isnan(value) else ("∞" if value > 0 else "-∞")
    if abs(value) >= EXPONENT_FROM:
        return f"{value:.6g}".replace(".", _DECIMAL[lang])
    if decimals is None:
        if float(value).is_integer():
            text = f"{int(value):,d}"
        else:
            whole_digits = len(str(int(abs(value)))) if abs(value) >= 1 else 0
            places = max(0, 6 - whole_digits)
            text = f"{value:,.{places}f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:,.{decimals}f}"
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]  # -0.0 rounded is 0
    if lang == "en":
        return text
    return text.translate(_TO_FRENCH)


_TO_FRENCH = str.maketrans({",": NNBSP, ".": ","})  # Python writes "1,234.5"


def format_percent(fraction: float, lang: str = DEFAULT, decimals: int = 1) -> str:
    """A share (0.008) as a percentage: "0.8%" / "0,8 %"."""
    lang = normalize(lang)
    return format_number(fraction * 100.0, lang, decimals) + _PERCENT[lang]


def unit_label(unit: str, lang: str = DEFAULT) -> str:
    """The units our bundles use in the officer's language; others as the bundle spells them."""
    return _UNITS.get(normalize(lang), {}).get(unit, unit)


def format_amount(value: float | int, unit: str = "", lang: str = DEFAULT) -> str:
    """A quantity with its unit: "1,000,000 DM" / "1 000 000 DM", "6 months" / "6 mois"."""
    text = format_number(value, lang)
    unit = unit_label(unit, lang)
    return f"{text} {unit}" if unit else text


def labelled(label: str, value: str, lang: str = DEFAULT) -> str:
    """'Credit amount: 1,169 DM' / 'Montant du crédit : 1 169 DM' (French spaces its colon)."""
    return f"{label} : {value}" if normalize(lang) == "fr" else f"{label}: {value}"


def yes_no(value: bool, lang: str = DEFAULT) -> str:
    return _YES_NO[normalize(lang)][0 if value else 1]


def format_date(value: date, lang: str = DEFAULT) -> str:
    """A date: "2 Dec 2026" / "2 déc. 2026" (month names: no day/month order to misread)."""
    return f"{value.day} {_MONTHS[normalize(lang)][value.month - 1]} {value.year}"


def date_words(text: str, lang: str = DEFAULT) -> str:
    """A text written with English month and day abbreviations (strftime's %b and %a in the C
    locale, as chart libraries write them) in `lang`'s: "Nov 2026" -> "nov. 2026"."""
    if normalize(lang) == "en":
        return text
    names = _MONTHS[normalize(lang)] + _DAYS[normalize(lang)]
    english = _MONTHS["en"] + _DAYS["en"]
    return _ENGLISH_DATE_WORD.sub(lambda m: names[english.index(m.group(1))], text)


def format_datetime(value: datetime, lang: str = DEFAULT, seconds: bool = False) -> str:
    """A time stamp in the value's own time zone: "2 Dec 2026 14:05" / "2 déc. 2026 14:05"."""
    clock = value.strftime("%H:%M:%S" if seconds else "%H:%M")
    return f"{format_date(value, lang)} {clock}"


def csv_number(value: float | int | None, decimal: str = ".") -> str:
    """A number as a CSV cell of a dialect: full precision, no grouping, `decimal` as the mark
    (French Excel reads "0,024471" as a number, "0.024471" as text); empty for no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, int):  # bool included
        return str(int(value))
    if float(value).is_integer() and abs(value) < EXPONENT_FROM:
        return str(int(value))
    text = repr(float(value))
    return text.replace(".", decimal) if decimal != "." else text
