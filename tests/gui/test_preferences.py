"""Preferences: persisted without secrets, a database tested before it is saved, and the
window switched to a real PostgreSQL decision log (status bar: connected)."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backend
import pytest
from PySide6.QtWidgets import QMessageBox

from pad_desktop.gui.preferences import Preferences, join_password, split_password
from tests.decisions.helpers import pg_count

TIMEOUT = 20_000


class MemoryKeyring(keyring.backend.KeyringBackend):
    """The OS keyring stand-in (no keyring service runs on this machine): a dict."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


def settings_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in folder.rglob("*.ini"))


def test_secrets_are_split_from_the_url():
    url, password = split_password("postgresql://u:p%40ss@db:5432/log")
    assert password == "p@ss" and "p%40ss" not in url and "p@ss" not in url
    assert split_password(join_password(url, password)) == (url, password)
    assert split_password("") == ("", None)


def test_preferences_switch_to_postgresql_and_never_write_secrets(
    qtbot, window, pg_url: str, gui_isolation: Path
):
    dialog = window.open_preferences()
    with_password = join_password(pg_url, "s3cret-pw")
    dialog.officer.setText("alice")
    dialog.database_url.setText(with_password)
    dialog.hub_repo.setText("pret-a-depenser/credit-model")
    dialog.hub_token.setText("hf_TopSecretToken")
    with qtbot.waitSignal(
        window.sig_health,
        timeout=TIMEOUT,
        check_params_cb=lambda h: h.target.startswith("post") and h.connected,
    ) as health:
        dialog.save()
    assert health.args[0].connected
    assert "connected" in window.log_label.text()
    assert window.officer_label.text() == f"Officer: alice ({window.settings.os_account})"
    assert not window.log.embedded

    stored = settings_text(gui_isolation)
    assert "alice" in stored and "pret-a-depenser/credit-model" in stored
    assert "s3cret-pw" not in stored and "hf_TopSecretToken" not in stored
    reloaded = Preferences.load()
    assert reloaded.officer == "alice" and reloaded.hub_token is None  # read on first use
    assert reloaded.with_hub_token().hub_token == ""  # no keyring here

    window.form.set_values(window.ws.scorer.signature.example)
    window.form.case_ref.editor.setText("PG-1")
    with qtbot.waitSignal(window.form.sig_decided, timeout=TIMEOUT) as blocker:
        window.form.score()
    assert blocker.args[0].officer == "alice"
    assert blocker.args[0].os_account == window.settings.os_account
    # Preferences reach the core as settings, never through the environment.
    import os

    assert "s3cret-pw" not in repr(dict(os.environ))
    assert "hf_TopSecretToken" not in repr(dict(os.environ))
    from pad_desktop.runtime.settings import get_settings

    assert get_settings().officer_name == "alice"
    assert get_settings().hf_repo_id == "pret-a-depenser/credit-model"
    assert window.log.flush(timeout=10)
    assert pg_count(pg_url, "SELECT count(*) FROM decisions WHERE officer = %s", "alice") == 1


def test_an_unreachable_database_is_not_saved(qtbot, window, gui_isolation: Path):
    dialog = window.open_preferences()
    dialog.database_url.setText("postgresql://postgres@127.0.0.1:1/nowhere")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=TIMEOUT)
    box = next(b for b in dialog.findChildren(QMessageBox) if b.isVisible())
    assert "could not be reached" in box.text()
    assert box.detailedText() and "Traceback" not in box.detailedText()
    box.close()
    assert dialog.isVisible()
    assert "127.0.0.1:1" not in settings_text(gui_isolation)
    assert window.log.embedded
    dialog.reject()


def test_geometry_and_tab_persist(qtbot, make_window):
    first = make_window()
    first.resize(first.minimumSizeHint().width(), 640)  # the offscreen screen is 800 x 800
    first.tabs.setCurrentWidget(first.history)
    first.close()
    second = make_window()
    assert second.height() == 640
    assert second.tabs.currentWidget() is second.history


def test_an_unreachable_database_shows_records_waiting(qtbot, make_window, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/pad_unreachable")
    from pad_desktop.runtime.settings import get_settings

    get_settings.cache_clear()
    window = make_window()
    assert not window.log.embedded
    window.form.set_values(window.ws.scorer.signature.example)
    window.form.case_ref.editor.setText("OFFLINE-1")
    with qtbot.waitSignal(window.form.sig_decided, timeout=TIMEOUT):
        window.form.score()  # durable locally: the officer is not kept waiting
    with qtbot.waitSignal(
        window.sig_health, timeout=TIMEOUT, check_params_cb=lambda h: h.pending == 1
    ):
        window.poll_health()
    assert "1 record(s) waiting" in window.log_label.text()
    assert "offline" in window.log_label.text()


def test_the_hub_token_saved_in_preferences_is_the_one_the_cli_reads(
    qtbot, window, memory_keyring, gui_isolation: Path
):
    import os

    from pad_desktop.runtime.secrets import HUB_TOKEN
    from pad_desktop.runtime.settings import get_settings, use_settings

    dialog = window.open_preferences()
    dialog.officer.setText("bob")
    dialog.hub_token.setText("hf_FromTheDesktop")
    with qtbot.waitSignal(dialog.sig_saved, timeout=TIMEOUT):
        dialog.save()
    assert memory_keyring.store[("pad_desktop", HUB_TOKEN)] == "hf_FromTheDesktop"
    assert "hf_FromTheDesktop" not in settings_text(gui_isolation)
    assert "hf_FromTheDesktop" not in repr(dict(os.environ))
    assert window.officer_label.text() == f"Officer: bob ({window.settings.os_account})"
    use_settings(None)  # what a CLI process started now sees: the environment, the keyring
    assert get_settings().hub_token() == "hf_FromTheDesktop"
    assert Preferences.load().with_hub_token().hub_token == "hf_FromTheDesktop"


def test_the_hub_token_is_read_from_the_keyring_on_first_use_not_at_start(
    qtbot, make_window, memory_keyring, monkeypatch: pytest.MonkeyPatch
):
    """Finding a keyring backend is slow: the window starts without it, the update dialog and
    Preferences read the token once, and a save that never read it leaves it stored."""
    from pad_desktop.runtime.secrets import HUB_TOKEN, SERVICE

    memory_keyring.store[(SERVICE, HUB_TOKEN)] = "hf_InTheKeyring"
    asked: list[str] = []
    get_password = memory_keyring.get_password
    monkeypatch.setattr(
        memory_keyring,
        "get_password",
        lambda service, name: asked.append(name) or get_password(service, name),
    )
    window = make_window()
    assert HUB_TOKEN not in asked
    assert window.prefs.hub_token is None

    # A save that never read the token (Preferences as loaded) leaves the keyring's alone.
    assert Preferences.load().save() == []
    assert memory_keyring.store[(SERVICE, HUB_TOKEN)] == "hf_InTheKeyring"

    window.update_from_hub()
    assert asked.count(HUB_TOKEN) == 1
    assert window.settings.hf_token == "hf_InTheKeyring"  # the Hub client's token
    dialog = window.open_preferences()
    assert dialog.hub_token.text() == "hf_InTheKeyring"
    assert asked.count(HUB_TOKEN) == 1  # read once
    dialog.reject()


def test_saving_the_officers_name_keeps_the_environments_database_out_of_the_file(
    qtbot, make_window, pg_url: str, gui_isolation: Path, monkeypatch: pytest.MonkeyPatch
):
    """Preferences store what the officer changed: a later DATABASE_URL is honoured."""
    from pad_desktop.runtime.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", pg_url)
    monkeypatch.setenv("HF_REPO_ID", "pret-a-depenser/credit-model")
    get_settings.cache_clear()
    window = make_window()
    dialog = window.open_preferences()
    assert dialog.database_url.text() == pg_url  # shown filled in, from the environment
    dialog.officer.setText("alice")
    with qtbot.waitSignal(dialog.sig_saved, timeout=TIMEOUT):
        dialog.save()
    stored = settings_text(gui_isolation)
    assert "alice" in stored
    assert pg_url not in stored and "database_url" not in stored
    assert "credit-model" not in stored and "hub_repo" not in stored
    saved = Preferences.load()
    assert (saved.officer, saved.database_url, saved.hub_repo) == ("alice", "", "")
    window.close()

    moved = pg_url.rsplit("/", 1)[0] + "/pad_moved_elsewhere"
    monkeypatch.setenv("DATABASE_URL", moved)  # IT moves the database
    get_settings.cache_clear()
    assert Preferences.load().with_defaults().database_url == moved
    assert Preferences.load().with_defaults().officer == "alice"


def test_a_url_the_officer_typed_is_kept(gui_isolation: Path):
    prefs = Preferences(officer="bob", database_url="postgresql+psycopg://app@db.example/pad")
    prefs.save()
    assert Preferences.load().database_url == "postgresql+psycopg://app@db.example/pad"
    assert "db.example" in settings_text(gui_isolation)
