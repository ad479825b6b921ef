"""The active lending policy as the model card shows it (Markdown, English or French)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pad_desktop.policy.texts import PolicyError, word
from pad_desktop.texts.locale_text import format_number

if TYPE_CHECKING:
    from pad_desktop.model.bundle import Bundle
    from pad_desktop.policy.model import Policy

_HEAD = {
    "en": ("Lending policy", "| order | rule | outcome | when | reason |", "Policy inputs: ",
           "Constants: ", "Derived: "),
    "fr": ("Politique d'octroi", "| ordre | règle | résultat | condition | motif |",
           "Données de la politique : ", "Constantes : ", "Valeurs dérivées : "),
}  # fmt: skip


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def policy_markdown(policy: Policy | None, lang: str = "en") -> str:
    """The policy's identity, inputs and rules as Markdown (a table of rules, in order)."""
    language = "fr" if str(lang).lower().startswith("fr") else "en"
    title, header, inputs, constants, derived = _HEAD[language]
    if policy is None:
        return f"### {title}\n\n{word('policy_none', language)}."
    active = word("policy_active", language, id=policy.id, version=policy.version,
                  sha=policy.sha256[:16])  # fmt: skip
    lines = [f"### {title}", "", active + ("  \n" + policy.description_in(language)
             if policy.description_in(language) else ""), ""]  # fmt: skip
    if policy.inputs:
        names = ", ".join(f"{s.label_in(language)} (`{s.name}`)" for s in policy.inputs)
        lines += [inputs + names, ""]
    own = {k: v for k, v in policy.constants.items() if not k.startswith("model_")}
    if own:
        values = ", ".join(f"`{k}` = {format_number(v, language)}" for k, v in own.items())
        lines += [constants + values, ""]
    if policy.derived:
        lines += [derived + "; ".join(f"`{d.name} = {d.expr.source}`" for d in policy.derived), ""]
    lines += [header, "|---|---|---|---|---|"]
    for rule in policy.rules:
        outcome = word("outcome_" + str(rule.outcome), language)
        lines.append(
            f"| {rule.order} | `{rule.id}` | {outcome} | `{_cell(rule.when.source)}` | "
            f"{_cell(rule.reason_in(language))} |"
        )
    return "\n".join(lines)


def active_policy_markdown(bundle: Bundle, configured: str | None, lang: str = "en") -> str:
    """The card's policy section for `bundle`, or the one line saying why it cannot be used."""
    return active_policy_markdowns(bundle, configured, (lang,))[0]


def active_policy_markdowns(
    bundle: Bundle,
    configured: str | None,
    langs: tuple[str, ...],
    resolve: Callable[[Bundle, str | None], Policy | None] | None = None,
) -> tuple[str, ...]:
    """`active_policy_markdown` in each of `langs`, the policy read and compiled once (the
    window's start reads it for both languages of the card); `resolve`: how (by default
    `policy.load.resolve_policy`; the window asks its decision service, which keeps it)."""
    if resolve is None:
        from pad_desktop.policy.load import resolve_policy as resolve

    try:
        policy = resolve(bundle, configured)
    except PolicyError as exc:
        return tuple(
            f"### {_HEAD['fr' if str(lang).lower().startswith('fr') else 'en'][0]}\n\n"
            f"> ⚠ {exc.one_line(lang)}"
            for lang in langs
        )
    return tuple(policy_markdown(policy, lang) for lang in langs)


def pending_policy_markdowns(langs: tuple[str, ...]) -> tuple[str, ...]:
    """The card's policy section while the window's start still checks the model and compiles
    the policy (a moment after the form is shown)."""
    from pad_desktop.texts import text

    return tuple(
        f"### {_HEAD['fr' if str(lang).lower().startswith('fr') else 'en'][0]}\n\n"
        + text("window.model_checking_tip", lang)
        for lang in langs
    )
