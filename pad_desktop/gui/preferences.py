"""The officer's preferences: persisted with QSettings, secrets in the OS keyring only.

The Hub token and a database password never reach a plain file: with a keyring backend they are
stored there (`pad_desktop.runtime.secrets`, the token under the name the CLI and API read
too); without one they live for this session only. Preferences reach the core as one settings object
(`use_preferences`), never through the process environment, so no secret reaches a child.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QSettings

from pad_desktop.runtime.paths import APP_AUTHOR, APP_NAME
from pad_desktop.runtime.secrets import DATABASE_PASSWORD, HUB_TOKEN, load_secret, store_secret
from pad_desktop.runtime.settings import Settings, get_settings, use_settings

# The settings the preferences were last put on, and what that made: clearing a preference
# goes back to the environment's value, not to the previous preference.
_applied: tuple[Settings, Settings] | None = None


def app_settings() -> QSettings:
    """The application's QSettings (INI format, so tests can point it at a temporary folder)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_AUTHOR, APP_NAME)


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
    # In memory only; persisted through the keyring. None: not read yet (`with_hub_token`).
    hub_token: str | None = None
    language: str = ""  # "" = the system's, else "en" or "fr"

    @classmethod
    def load(cls) -> Preferences:
        s = app_settings()
        url = str(s.value("prefs/database_url", "") or "")
        password = load_secret(DATABASE_PASSWORD) if url else None
        return cls(
            officer=str(s.value("prefs/officer", "") or ""),
            database_url=join_password(url, password),
            hub_repo=str(s.value("prefs/hub_repo", "") or ""),
            hub_endpoint=str(s.value("prefs/hub_endpoint", "") or ""),
            language=str(s.value("prefs/language", "") or ""),
        )

    def with_hub_token(self) -> Preferences:
        """These preferences with the Hub token read: the keyring's, else the environment's.

        Read on first use (an update, the Preferences dialog), not at start: finding a keyring
        backend costs a quarter of a second the form should not wait for.
        """
        if self.hub_token is not None:
            return self
        token = load_secret(HUB_TOKEN) or _base_settings().hf_token or ""
        return replace(self, hub_token=token)

    def save(self) -> list[str]:
        """Persist what differs from the environment; return warnings about secrets that could
        not be stored (kept in memory).

        A value equal to the environment's (`DATABASE_URL`, `PAD_OFFICER`, `HF_*`, `.env`) is
        not written: the form shows it filled in, but a later change of the environment is
        then honoured rather than hidden behind a copy. A token never read is left as the
        keyring holds it."""
        warnings = []
        s = app_settings()
        environment = Preferences(hub_token="").with_defaults()
        url, password = split_password(self.database_url)
        own_url = self.database_url != environment.database_url
        for key, value, default in (
            ("officer", self.officer, environment.officer),
            ("database_url", url if own_url else "", ""),
            ("hub_repo", self.hub_repo, environment.hub_repo),
            ("hub_endpoint", self.hub_endpoint, environment.hub_endpoint),
            ("language", self.language, environment.language),
        ):
            if value == default:
                s.remove(f"prefs/{key}")
            else:
                s.setValue(f"prefs/{key}", value)
        s.sync()
        password = password if own_url else None
        if not store_secret(DATABASE_PASSWORD, password) and password:
            warnings.append("database password")
        token = self.hub_token
        if token is not None and token == environment.hub_token:
            token = ""  # the environment's: the keyring need not hold a copy
        if token is not None and not store_secret(HUB_TOKEN, token) and token:
            warnings.append("Hub token")
        return warnings

    def with_defaults(self) -> Preferences:
        """Empty fields filled from the settings (environment, `.env`)."""
        st = _base_settings()
        return replace(
            self,
            officer=self.officer or st.officer_name,
            database_url=self.database_url or (st.database_url or ""),
            hub_repo=self.hub_repo or (st.hf_repo_id or ""),
            hub_endpoint=self.hub_endpoint or st.hf_endpoint,
            hub_token=None if self.hub_token is None else self.hub_token or (st.hf_token or ""),
            language=self.language or (st.language or ""),
        )


def _base_settings() -> Settings:
    """The settings from the environment and `.env`, without the preferences put on them."""
    current = get_settings()
    if _applied is not None and _applied[1] is current:
        return _applied[0]
    return current


def use_preferences(prefs: Preferences) -> Settings:
    """Make the process's settings these preferences on top of the environment's, in memory
    (a token kept for this session only, without a keyring, travels here too)."""
    global _applied
    base = _base_settings()
    settings = base.with_preferences(
        officer_name=prefs.officer,
        database_url=prefs.database_url,
        hf_repo_id=prefs.hub_repo,
        hf_endpoint=prefs.hub_endpoint,
        hf_token=prefs.hub_token,
        language=prefs.language,
    )
    use_settings(settings)
    _applied = (base, settings)
    return settings
