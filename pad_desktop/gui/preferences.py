"""The officer's preferences: persisted with QSettings, secrets in the OS keyring only.

The Hub token and a database password never reach a plain file: with a keyring backend they are
stored there; without one they live for this session only. Preferences reach the core through
the process environment (the settings' own variable names), so every module reads one truth.
"""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass, replace

from PySide6.QtCore import QSettings

from pad_desktop.paths import APP_AUTHOR, APP_NAME

log = logging.getLogger(__name__)

KEYRING_SERVICE = "pad_desktop"
TOKEN_KEY = "hf_token"
DB_PASSWORD_KEY = "database_password"
# The environment as the process found it, for each variable the preferences may override.
_ORIGINAL_ENV: dict[str, str | None] = {}


def app_settings() -> QSettings:
    """The application's QSettings (INI format, so tests can point it at a temporary folder)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_AUTHOR, APP_NAME)


def keyring_available() -> bool:
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    return not isinstance(keyring.get_keyring(), fail.Keyring)


def _store_secret(name: str, value: str | None) -> bool:
    """Save (or delete, for an empty value) a secret; False when no keyring can hold it."""
    if not keyring_available():
        return False
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        if value:
            keyring.set_password(KEYRING_SERVICE, name, value)
        else:
            with contextlib.suppress(PasswordDeleteError):
                keyring.delete_password(KEYRING_SERVICE, name)
    except KeyringError as exc:
        log.warning("keyring refused %s: %s", name, type(exc).__name__)
        return False
    return True


def _load_secret(name: str) -> str | None:
    if not keyring_available():
        return None
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, name)
    except KeyringError:
        return None


def split_password(url: str) -> tuple[str, str | None]:
    """(the URL without its password, the password) — only the first part is ever written."""
    if not url or "://" not in url:
        return url, None
    from sqlalchemy.engine import URL, make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return url, None
    # libpq also takes the password as `?password=...`: kept out of the INI file the same way
    in_query = parsed.query.get("password")
    password = parsed.password if parsed.password is not None else in_query
    if password is None:
        return url, None
    bare = URL.create(
        parsed.drivername,
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query={k: v for k, v in parsed.query.items() if k != "password"},
    )
    return bare.render_as_string(hide_password=False), str(password)


def join_password(url: str, password: str | None) -> str:
    if not url or not password:
        return url
    from sqlalchemy.engine import make_url

    return make_url(url).set(password=password).render_as_string(hide_password=False)


@dataclass(frozen=True)
class Preferences:
    officer: str = ""
    database_url: str = ""  # with its password when known (in memory only)
    hub_repo: str = ""
    hub_endpoint: str = ""
    hub_token: str = ""  # in memory only; persisted through the keyring
    language: str = ""  # "" = the system's, else "en" or "fr"

    @classmethod
    def load(cls) -> Preferences:
        s = app_settings()
        url = str(s.value("prefs/database_url", "") or "")
        password = _load_secret(DB_PASSWORD_KEY) if url else None
        return cls(
            officer=str(s.value("prefs/officer", "") or ""),
            database_url=join_password(url, password),
            hub_repo=str(s.value("prefs/hub_repo", "") or ""),
            hub_endpoint=str(s.value("prefs/hub_endpoint", "") or ""),
            hub_token=_load_secret(TOKEN_KEY) or "",
            language=str(s.value("prefs/language", "") or ""),
        )

    def save(self) -> list[str]:
        """Persist; return warnings about secrets that could not be stored (kept in memory)."""
        warnings = []
        s = app_settings()
        url, password = split_password(self.database_url)
        s.setValue("prefs/officer", self.officer)
        s.setValue("prefs/database_url", url)
        s.setValue("prefs/hub_repo", self.hub_repo)
        s.setValue("prefs/hub_endpoint", self.hub_endpoint)
        s.setValue("prefs/language", self.language)
        s.sync()
        if not _store_secret(DB_PASSWORD_KEY, password) and password:
            warnings.append("database password")
        if not _store_secret(TOKEN_KEY, self.hub_token) and self.hub_token:
            warnings.append("Hub token")
        return warnings

    def with_defaults(self) -> Preferences:
        """Empty fields filled from the settings (environment, `.env`)."""
        from pad_desktop.settings import get_settings

        st = get_settings()
        return replace(
            self,
            officer=self.officer or st.officer,
            database_url=self.database_url or (st.database_url or ""),
            hub_repo=self.hub_repo or (st.hf_repo_id or ""),
            hub_endpoint=self.hub_endpoint or st.hf_endpoint,
            hub_token=self.hub_token or (st.hf_token or ""),
            language=self.language or (st.language or ""),
        )

    def apply_to_environment(self) -> None:
        """Make the core's settings see these preferences (set values win over `.env`)."""
        from pad_desktop.settings import get_settings

        pairs = {
            "PAD_OFFICER": self.officer,
            "DATABASE_URL": self.database_url,
            "HF_REPO_ID": self.hub_repo,
            "HF_ENDPOINT": self.hub_endpoint,
            "HF_TOKEN": self.hub_token,
        }
        for name, value in pairs.items():
            _ORIGINAL_ENV.setdefault(name, os.environ.get(name))
            original = _ORIGINAL_ENV[name]
            if value:
                os.environ[name] = value
            elif original is None:  # a preference cleared: back to what the process started with
                os.environ.pop(name, None)
            else:
                os.environ[name] = original
        get_settings.cache_clear()
