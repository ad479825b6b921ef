"""A password given in the URL's query (`?password=...`, which libpq accepts) is a secret
like the one before the `@`: never written to the preferences INI file."""

from __future__ import annotations

from pathlib import Path

from pad_desktop.gui.preferences import Preferences, join_password, split_password


def test_a_query_password_is_split_like_a_userinfo_one():
    url, password = split_password("postgresql://app@db:5432/log?password=Q-s3cret&sslmode=require")
    assert password == "Q-s3cret" and "Q-s3cret" not in url and "sslmode=require" in url
    assert split_password(join_password(url, password)) == (url, password)


def test_a_query_password_never_reaches_the_ini(gui_isolation: Path):
    Preferences(database_url="postgresql://app@db/log?password=Q-s3cret").save()
    text = "\n".join(p.read_text(encoding="utf-8") for p in gui_isolation.rglob("*.ini"))
    assert "app@db/log" in text and "Q-s3cret" not in text
