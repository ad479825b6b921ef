"""The one keyring helper: secrets (Hub token, database password) for the GUI, CLI and API alike.

Secrets live in the OS keyring under the service `pad_desktop`, named like the environment
variables they stand for, so a token saved from the desktop's Preferences is the one the CLI and
the API use. Without a keyring backend nothing is stored and nothing fails: the caller is told.
"""

from __future__ import annotations

import contextlib
import logging

log = logging.getLogger(__name__)

SERVICE = "pad_desktop"
HUB_TOKEN = "HF_TOKEN"
DATABASE_PASSWORD = "DATABASE_PASSWORD"


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
