"""The one keyring helper: secrets (Hub token, database password) for the GUI, CLI and API alike.

Secrets live in the OS keyring under the service `pad_desktop`, named like the environment
variables they stand for, so a token saved from the desktop's Preferences is the one the CLI and
the API use. Without a keyring backend nothing is stored and nothing fails: the caller is told.
"""

from __future__ import annotations

import contextlib
import logging
import re

log = logging.getLogger(__name__)

SERVICE = "pad_desktop"
HUB_TOKEN = "HF_TOKEN"
DATABASE_PASSWORD = "DATABASE_PASSWORD"

# Query parameters that carry a secret (libpq takes `?password=...` as well as user:pass@).
SECRET_QUERY_KEYS = frozenset(
    {"password", "sslpassword", "passfile", "sslkey", "token", "access_token", "api_key"}
)
# `scheme://user:password@`: the password runs to the LAST "@" of the URL, as a password may
# hold "@", ":" or "/" typed as they are (SQLAlchemy's parser cuts it at the first "@" and would
# show the rest as the host). Masking up to a later "@" of a path or query hides more than the
# password, never less. The user name may hold "@" (`app@server:password@host`).
_USERINFO = re.compile(r"(?P<head>\b[A-Za-z][A-Za-z0-9+.\-]*://[^:/\s]*):(?P<password>\S*)@")
_SECRET_QUERY = re.compile(
    r"(?P<head>[?&;](?:" + "|".join(sorted(SECRET_QUERY_KEYS)) + r")=)[^&;#\s]*", re.IGNORECASE
)
MASK = "***"


def keyring_available() -> bool:
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    try:
        return not isinstance(keyring.get_keyring(), fail.Keyring)
    except Exception:  # a broken backend configuration is no keyring
        return False


def load_secret(name: str) -> str | None:
    """The secret `name`, or None (no backend, locked keyring, nothing stored)."""
    if not keyring_available():
        return None
    import keyring

    try:
        return keyring.get_password(SERVICE, name)
    except Exception:
        return None


def store_secret(name: str, value: str | None) -> bool:
    """Save (or delete, for an empty value) a secret; False when no keyring can hold it."""
    if not keyring_available():
        return False
    import keyring
    from keyring.errors import PasswordDeleteError

    try:
        if value:
            keyring.set_password(SERVICE, name, value)
        else:
            with contextlib.suppress(PasswordDeleteError):
                keyring.delete_password(SERVICE, name)
    except Exception as exc:
        log.warning("keyring refused %s: %s", name, type(exc).__name__)
        return False
    return True


def redact_urls(text: str) -> str:
    """`text` with the password of every URL in it, and every secret query parameter, masked
    (`http://user:***@host`); what IT needs to recognise the address (scheme, user, host, port,
    database) is kept."""
    if "://" not in text:
        return text
    text = _USERINFO.sub(lambda m: f"{m['head']}:{MASK}@", text)
    return _SECRET_QUERY.sub(lambda m: f"{m['head']}{MASK}", text)


def without_password(text: str, url: str) -> str:
    """`text` (a driver's message about `url`) with no part of the URL's password left: libpq
    and SQLAlchemy cut a password typed with "@" at its first "@" and name the rest as the host
    ("failed to resolve host 'Zq81xK_x@db'")."""
    text = redact_urls(text)
    match = _USERINFO.search(url)
    if match is None or not match["password"]:
        return text
    password = match["password"]
    for piece in sorted({password, *password.split("@")}, key=len, reverse=True):
        if len(piece) > 1:  # a lone character would mask half the sentence and hide nothing
            text = text.replace(piece, MASK)
    return text
