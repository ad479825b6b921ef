"""The policy's part of a recorded decision, in words: what every face shows first.

Read from the record alone (its `policy` JSON keeps each fired rule's reasons in both
languages), so a notice rebuilt years later says what it said then, whatever policy is in use.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pad_desktop.policy.texts import word


def fired_rules(policy: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    return list((policy or {}).get("fired") or [])


def _reason(fired: Mapping[str, Any], lang: str) -> str:
    reason = fired.get("reason") or {}
    language = "fr" if str(lang).lower().startswith("fr") else "en"
    return str(reason.get(language) or reason.get("en") or fired.get("rule", ""))


def policy_reasons(policy: Mapping[str, Any] | None, lang: str = "en") -> list[str]:
    """The reasons of the rules that fired and weigh on the outcome, in the policy's order:
    when the policy refuses, its refusing rules only; when it refers, its referring rules."""
    effect = (policy or {}).get("effect")
    if not effect:
        return []
    wanted = ("refuse", "approve_only_if") if effect == "refuse" else ("refer",)
    return [_reason(f, lang) for f in fired_rules(policy) if f.get("outcome") in wanted]


def policy_headline(policy: Mapping[str, Any] | None, lang: str = "en") -> str | None:
    """ "Refused by the lending policy" / "Referred by the lending policy", or None."""
    effect = (policy or {}).get("effect")
    if effect == "refuse":
        return word("refused_by_policy", lang)
    if effect == "refer":
        return word("referred_by_policy", lang)
    return None
