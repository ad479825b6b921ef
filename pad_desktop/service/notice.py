"""The decision notice handed to the applicant, built from the record (no Qt here).

What adverse-action rules ask for: the case reference, the date, who decided, the decision and
its principal reasons in the applicant's terms, the model, and the right to a human review, in
English or French. It is built from the decision as the log holds it, the overrides and reviews
recorded since, and the model bundle's wording (field labels, category labels, name and
version); a face only renders what `build_notice` returns (`gui/notice.py` prints it).

Whose reasons:
- the model's decision stands: its recorded reasons (the fields that raised the risk most),
  for a refusal; an approval needs none;
- an officer overrode or reviewed it: the officer's reason category and justification are the
  principal reasons. When the officer *reversed* the model's decision, the model's reasons are
  left out altogether: they argue for the decision that was set aside (the risk-raising fields
  of an approval are no reason for the refusal that replaced it, and would tell the applicant
  the wrong reasons). When the officer *confirmed* a refusal, the model's reasons still
  support it and follow as secondary context.

The notice's canonical content (`NoticeContent.canonical`) holds every text it prints and
nothing that changes between two productions (no time of issue, no time zone: the decision's
time is printed in UTC), so that the same decision, overrides, bundle and language give the
same sha256: issuing a notice records that hash, and History produces it again and checks it.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pad_desktop.cells.messages import OVERRIDE_KINDS, notice_message, override_reason_label
from pad_desktop.decisions.records import DecisionRecord, NoticeRecord, Outcome, OverrideRecord
from pad_desktop.texts import text
from pad_desktop.texts.locale_text import (
    LANGUAGES,
    format_date,
    format_datetime,
    labelled,
    normalize,
)

if TYPE_CHECKING:
    from pad_desktop.cells.field_specs import FieldSpec
    from pad_desktop.model.bundle import Bundle
    from pad_desktop.model.signature import Signature

NOTICE_FORMAT = "pad-notice/1"  # in the canonical content: a later layout hashes apart
MAX_NOTICE_REASONS = 4  # adverse-action notices give the principal reasons, not all of them
REASON_SEPARATOR = ". "  # between the reason category and the officer's words, as recorded


@dataclass(frozen=True)
class NoticeContent:
    """Every text of one notice, in its language, in the order it is printed."""

    lang: str
    decision_id: str
    override_id: str | None  # the override or review it states (None: the model's decision)
    outcome: str  # the decision in force, language-neutral ("approved" / "refused")
    case_ref: str
    title: str
    facts: tuple[tuple[str, str], ...]  # (label, value): case, decision number, date...
    decision: str  # "Decision: Refused"
    statement: str  # who set or confirmed the decision, "" for the model's own
    reasons_title: str
    reasons: tuple[str, ...]  # principal reasons; empty for an approval by the model
    context_title: str
    context: tuple[str, ...]  # the model's reasons, secondary, when they still apply
    rights: str

    def canonical(self) -> str:
        """The content as compact JSON with sorted keys: what the recorded hash covers."""
        data = {"format": NOTICE_FORMAT, **asdict(self)}
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.canonical().encode("utf-8")).hexdigest()

    @property
    def document_title(self) -> str:
        """The PDF's title: the notice's title and the case."""
        return f"{self.title} {self.case_ref}".strip()

    def text(self) -> str:
        """The notice as plain text, in the order it is printed."""
        lines = [self.title, *(labelled(k, v, self.lang) for k, v in self.facts), self.decision]
        lines += [self.statement] if self.statement else []
        if self.reasons:
            lines += [self.reasons_title, *(f"{i}. {r}" for i, r in enumerate(self.reasons, 1))]
        if self.context:
            lines += [self.context_title, *(f"- {r}" for r in self.context)]
        return "\n".join([*lines, self.rights])

    def matches(self, notice: NoticeRecord) -> bool:
        """True when this content is the one `notice` recorded."""
        return self.sha256 == notice.content_sha256


def final_outcome(decision: DecisionRecord, overrides: Sequence[OverrideRecord]) -> Outcome:
    """The decision in force: the latest override's, else the model's."""
    for o in reversed(overrides):
        if o.new_decision is not None:
            return o.new_decision
    return decision.decision


def override_justification(reason_key: str, words: str, lang: str = "en") -> str:
    """The justification as recorded: the chosen reason category first (unless "other"),
    then the officer's words."""
    if reason_key:
        return f"{override_reason_label(reason_key, lang)}{REASON_SEPARATOR}{words}"
    return words


def split_justification(justification: str) -> tuple[str, str]:
    """(reason category key, officer's words) of a recorded justification, whichever
    language it was recorded in; "" when it names no category."""
    text = justification.strip()
    for lang in LANGUAGES:
        for key in OVERRIDE_KINDS:
            prefix = override_reason_label(key, lang) + REASON_SEPARATOR
            if key and text.startswith(prefix):
                return key, text[len(prefix) :].strip()
    return "", text


def officer_reasons(override: OverrideRecord, lang: str = "en") -> tuple[str, str]:
    """The principal reasons after an override or review: its category, its justification."""
    key, words = split_justification(override.justification)
    category = notice_message("reason_review" if key == "review" else "reason_other", lang)
    return category, notice_message("justification", lang, words)


def _field_of(reason: str, inputs: Mapping[str, Any], signature: Signature) -> FieldSpec | None:
    """The field a recorded reason names ("Credit amount: 1,169 DM", "Montant du crédit :
    …", or the bare field name), in either language; the longest label wins."""
    found: FieldSpec | None = None
    longest = -1
    for spec in signature.fields:
        if spec.name not in inputs:
            continue
        if reason == spec.name:
            return spec
        for lang in LANGUAGES:
            prefix = labelled(spec.label_in(lang), "", lang)
            if reason.startswith(prefix) and len(prefix) > longest:
                found, longest = spec, len(prefix)
    return found


def model_reasons(
    decision: DecisionRecord, signature: Signature | None, lang: str = "en"
) -> tuple[str, ...]:
    """The model's recorded reasons in `lang`: each named field with the applicant's recorded
    value as the bundle words it (a reason naming no field of the bundle stays as recorded)."""
    worded = []
    erased = decision.inputs_erased  # the reasons stay, the applicant's values do not
    named = {f.name: None for f in signature.fields} if erased and signature else decision.inputs
    for reason in decision.reasons[:MAX_NOTICE_REASONS]:
        spec = None if signature is None else _field_of(reason, named, signature)
        if spec is None:
            worded.append(reason)
        elif erased:
            worded.append(labelled(spec.label_in(lang), text("privacy.erased_value", lang), lang))
        else:
            value = spec.display(decision.inputs[spec.name], lang)
            worded.append(labelled(spec.label_in(lang), value, lang))
    return tuple(worded)


def _model_line(decision: DecisionRecord, bundle: Bundle | None) -> str:
    if bundle is not None and bundle.sha256 == decision.model_sha256:
        return f"{bundle.name} {bundle.version}".strip()
    return decision.model_id


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def build_notice(
    decision: DecisionRecord,
    overrides: Sequence[OverrideRecord] = (),
    lang: str = "en",
    bundle: Bundle | None = None,
) -> NoticeContent:
    """The notice of `decision` after `overrides` (oldest first), in `lang`, worded with
    `bundle` (the model's name and version only when it is the model that decided)."""
    lang = normalize(lang)
    latest = overrides[-1] if overrides else None
    final = final_outcome(decision, overrides)
    from_model = model_reasons(decision, None if bundle is None else bundle.signature, lang)
    officer, statement, context = decision.officer, "", ()
    by_policy = decision.policy_effect == "refuse"
    if latest is None and by_policy:
        # The lending policy refused: its reasons are the principal ones, the model's (if the
        # model would have refused too) follow as context; never shown as the model's refusal.
        from pad_desktop.policy.reasons import policy_headline, policy_reasons

        statement = policy_headline(decision.policy, lang) or ""
        reasons = tuple(policy_reasons(decision.policy, lang))
        model_refused = decision.score >= decision.threshold
        context = from_model if model_refused else ()
    elif latest is None:
        reasons = from_model if final is Outcome.REFUSED else ()
    else:
        officer = latest.officer
        confirmed = final is decision.decision
        when = format_date(_utc(latest.created_at), lang)
        key = "confirmed_by_officer" if confirmed else "set_by_officer"
        statement = notice_message(key, lang, officer=officer, date=when)
        reasons = officer_reasons(latest, lang)
        if confirmed and final is Outcome.REFUSED:
            context = from_model
    if final is Outcome.REFUSED and not reasons:
        reasons = (notice_message("no_reason", lang),)
    decided_at = notice_message("utc", lang, format_datetime(_utc(decision.created_at), lang))
    facts = (
        (notice_message("case_ref", lang), decision.case_ref or "—"),
        (notice_message("decision_number", lang), str(decision.id)),
        (notice_message("date", lang), decided_at),
        (notice_message("officer", lang), officer),
        (notice_message("model", lang), _model_line(decision, bundle)),
    )
    return NoticeContent(
        lang=lang,
        decision_id=str(decision.id),
        override_id=None if latest is None else str(latest.id),
        outcome=str(final),
        case_ref=decision.case_ref or "",
        title=notice_message("title", lang),
        facts=facts,
        decision=notice_message("decision", lang, notice_message(str(final), lang)),
        statement=statement,
        reasons_title=notice_message("reasons_title", lang),
        reasons=tuple(reasons),
        context_title=notice_message("model_context_title", lang) if context else "",
        context=tuple(context),
        rights=notice_message("rights", lang),
    )


def overrides_stated(
    overrides: Sequence[OverrideRecord], override_id: Any | None
) -> list[OverrideRecord]:
    """The overrides a notice stated: those up to and including `override_id` (none: None)."""
    if override_id is None:
        return []
    ids = [str(o.id) for o in overrides]
    if str(override_id) not in ids:
        raise LookupError(f"override {override_id} is not among the decision's overrides")
    return list(overrides[: ids.index(str(override_id)) + 1])


def rebuild_notice(
    decision: DecisionRecord,
    overrides: Sequence[OverrideRecord],
    notice: NoticeRecord,
    bundle: Bundle | None = None,
) -> NoticeContent:
    """The notice `notice` recorded, built again from the log: the same decision, the
    overrides it stated, its language. `NoticeContent.matches(notice)` tells whether it is
    the same notice (it is not when the log was changed or `bundle` words it otherwise)."""
    stated = overrides_stated(overrides, notice.override_id)
    return build_notice(decision, stated, notice.lang, bundle)


def notice_html(content: NoticeContent) -> str:
    """The notice as HTML for Qt's rich text (PDF and print): every text escaped, so that
    what a record or a bundle holds prints as text, never as markup."""
    e = html.escape
    facts = "".join(f"<tr><td><b>{e(k)}</b></td><td>{e(v)}</td></tr>" for k, v in content.facts)
    parts = [
        f"<h1>{e(content.title)}</h1><table cellpadding='4'>{facts}</table>",
        f"<h2>{e(content.decision)}</h2>",
    ]
    if content.statement:
        parts.append(f"<p><i>{e(content.statement)}</i></p>")
    if content.reasons:
        items = "".join(f"<li>{e(r)}</li>" for r in content.reasons)
        parts.append(f"<h3>{e(content.reasons_title)}</h3><ol>{items}</ol>")
    if content.context:
        items = "".join(f"<li>{e(r)}</li>" for r in content.context)
        parts.append(f"<p>{e(content.context_title)}</p><ul>{items}</ul>")
    parts.append(f"<p style='color:#57606a'>{e(content.rights)}</p>")
    return "".join(parts)
