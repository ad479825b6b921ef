"""The drift report's HTML, safe to open: nothing from a bundle or the log becomes markup or script.

Evidently writes its report as one page whose data (input names, category labels, logged
values) is JSON inside a `<script>` element. JSON does not escape "<", so a bundle's label
holding `</script><img src=x onerror=...>` would end that script and run as markup. Two layers:

1. Every text handed to Evidently has its "<" replaced by a private-use character (`inert`), so
   the page Evidently writes holds no "<" from data at all; `secure_report` then writes that
   character, and any "<" left in the data script, as the JSON escape `\\u003c`. The report
   shows "<" as text ("... < 0 DM"), and no text can end the script.
2. A Content-Security-Policy at the top of the page allows exactly the inline scripts the page
   holds once made safe (by their SHA-256), no other script, no inline event handler, no
   plugin, no network access and no form; styles stay inline (Evidently's components set them).
"""

from __future__ import annotations

import base64
import hashlib
import re

from pad_desktop.texts import Worded

LT_STAND_IN = "\ue000"  # a private-use character: what "<" is while Evidently holds the data
_ESCAPED_LT = "\\u003c"
# The stand-in as JSON writes it (ensure_ascii), not preceded by an escaping backslash.
_STAND_IN_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\ue000", re.IGNORECASE)
_DATA_SCRIPT = re.compile(r"<script>(\s*var metric_\w+ = .*?)</script>", re.DOTALL)
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_ANY_SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
_HEAD = re.compile(r"<head>", re.IGNORECASE)

POLICY = (
    "default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data: blob:; "
    "font-src data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'; "
    "connect-src 'none'"
)


class UnsafeReport(Worded, RuntimeError):
    """Evidently's page is not shaped as expected: it is not written rather than written unsafe
    (`drift.unsafe_*` sentences)."""


def inert(text: str) -> str:
    """`text` with no "<" (its stand-in instead), to hand to Evidently."""
    return text.replace("<", LT_STAND_IN)


def script_hash(body: str) -> str:
    """A CSP source for the inline script `body`: 'sha256-<base64>'."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _safe_data(data: str) -> str:
    """The data script with every "<" (and the stand-in) written as the JSON escape \\u003c:
    they all sit inside JSON strings there, where the escape reads back as "<"."""
    data = _STAND_IN_ESCAPE.sub(lambda m: m.group(1) + _ESCAPED_LT, data)
    return data.replace(LT_STAND_IN, _ESCAPED_LT).replace("<", _ESCAPED_LT)


def secure_report(page: str) -> str:
    """Evidently's page (made from `inert` texts) with its data script escaped and a
    Content-Security-Policy that allows its inline scripts only."""
    found = _DATA_SCRIPT.search(page)
    if found is None:
        raise UnsafeReport("drift.unsafe_no_data")
    start, end = found.span(1)
    page = page[:start] + _safe_data(found.group(1)) + page[end:]
    scripts = [m.group(1) for m in _INLINE_SCRIPT.finditer(page)]
    tags = [m.group(0) for m in _ANY_SCRIPT_TAG.finditer(_INLINE_SCRIPT.sub("", page))]
    if tags:  # a script with attributes (a src) or one left open: not a page we know
        raise UnsafeReport("drift.unsafe_script", tag=tags[0])
    hashes = " ".join(dict.fromkeys(script_hash(s) for s in scripts))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY.format(hashes=hashes)}">'
    with_policy, count = _HEAD.subn(lambda m: m.group(0) + "\n" + meta, page, count=1)
    if count != 1:
        raise UnsafeReport("drift.unsafe_no_head")
    return with_policy
