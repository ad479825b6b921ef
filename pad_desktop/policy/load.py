"""Reading a policy file: where it is, its bytes and hash, and the checked `Policy`.

Which policy is in use: `PAD_POLICY` (a file, or "none" for no policy), else a `policy.json`
inside the model bundle, else the policy shipped beside the bundled model
(`resources/policy/policy.json`) when it fits the model's signature.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pad_desktop.policy.model import Policy, PolicyOutline, build_policy, outline_policy
from pad_desktop.policy.texts import PolicyError

if TYPE_CHECKING:
    from pad_desktop.model.bundle import Bundle
    from pad_desktop.model.signature import Signature

MAX_BYTES = 256 * 1024
BUNDLE_POLICY = "policy.json"
NO_POLICY = "none"


def shipped_policy_path() -> Path:
    from pad_desktop.runtime.paths import resources_dir

    return resources_dir() / "policy" / "policy.json"


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise PolicyError("duplicate_name", name=repr(str(key)[:40]))
        seen[key] = value
    return seen


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def read_policy(path: str | Path, signature: Signature) -> Policy:
    """The policy in the file `path`, checked against `signature`; `PolicyError` otherwise."""
    path = Path(path)
    data, doc = _read_document(path)
    policy = build_policy(doc, signature, hashlib.sha256(data).hexdigest(), str(path))
    from pad_desktop.policy.check import uncovered_fields

    uncovered = uncovered_fields(policy, signature)
    if uncovered:  # the model would decide on values outside its own range
        raise PolicyError("check_uncovered", field=uncovered[0])
    return policy


def _read_document(path: Path) -> tuple[bytes, Any]:
    """The file's bytes and its JSON document; `PolicyError` when it is not one."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise PolicyError("unreadable", path=str(path), reason="not a file")
        if size > MAX_BYTES:
            raise PolicyError("too_large", path=str(path), size=size, limit=MAX_BYTES)
        data = path.read_bytes()[: MAX_BYTES + 1]
    except FileNotFoundError:
        raise PolicyError("not_found", path=str(path)) from None
    except OSError as exc:
        raise PolicyError("unreadable", path=str(path), reason=exc.strerror or "OS error") from None
    if len(data) > MAX_BYTES:
        raise PolicyError("too_large", path=str(path), size=len(data), limit=MAX_BYTES)
    try:
        text = data.decode("utf-8-sig")
        doc = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        if isinstance(exc, PolicyError):
            raise
        reason = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise PolicyError("not_json", path=str(path), reason=reason) from None
    return data, doc


def policy_file(bundle: Bundle, configured: str | None) -> tuple[Path | None, bool]:
    """Which file holds the policy in use with `bundle` (None: no policy), and whether it is
    the shipped one, used only when it fits (see the module's docstring)."""
    if configured is not None and configured.strip():
        if configured.strip().lower() == NO_POLICY:
            return None, False
        return Path(configured).expanduser(), False
    inside = Path(bundle.path) / BUNDLE_POLICY
    if inside.is_file():
        return inside, False
    shipped = shipped_policy_path()
    return (shipped, True) if shipped.is_file() else (None, False)


def resolve_policy(bundle: Bundle, configured: str | None) -> Policy | None:
    """The policy in use with `bundle` (see the module's docstring); None for no policy."""
    path, only_if_it_fits = policy_file(bundle, configured)
    if path is None:
        return None
    try:
        return read_policy(path, bundle.signature)
    except PolicyError:
        if only_if_it_fits:  # written for the shipped model's fields, not this model's
            return None
        raise


def resolve_outline(bundle: Bundle, configured: str | None) -> PolicyOutline | None:
    """The inputs and widened ranges of the policy `resolve_policy` would give, its rules not
    compiled (the window's form, before the policy is compiled on a worker). The service
    decides with the compiled policy only; the form is rebuilt if that one asks otherwise
    (a shipped policy whose rules do not fit this model, a rule that does not compile)."""
    path, only_if_it_fits = policy_file(bundle, configured)
    if path is None:
        return None
    try:
        return outline_policy(_read_document(path)[1], bundle.signature)
    except PolicyError:
        if only_if_it_fits:
            return None
        raise
