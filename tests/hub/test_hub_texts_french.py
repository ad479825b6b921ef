"""The model update speaks French where the reader does: the dialog, the CLI and the API.

Every Hub sentence is one entry of the catalogue's hub area in English and French (every one
rendered in both languages by `tests/core/test_catalogue.py`); the errors carry their
key and values, so a real failure (a Hub that is down, one that never answers) reads in French
in the window's, the run's or the request's language, while `str(exc)` stays English.
"""

from __future__ import annotations

import ast
import re
import string
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import pad_desktop.hub as hub_package
from pad_desktop.api import ApiConfig, create_app
from pad_desktop.cli import main
from pad_desktop.cli.texts import set_language
from pad_desktop.gui.i18n import switch_language
from pad_desktop.gui.update_dialog import open_update_dialog
from pad_desktop.hub import (
    HubTimeout,
    HubUnreachable,
    SignatureChanged,
    VerificationError,
    check_for_update,
    compare_signatures,
    hub_config,
    use_version,
)
from pad_desktop.hub import errors as hub_errors
from pad_desktop.hub.errors import HubError
from pad_desktop.hub.texts import HUB_TEXTS, hub_text
from pad_desktop.hub.verify import verify_bundle
from pad_desktop.model.active import ActiveModel
from pad_desktop.model.bundle import load_bundle
from pad_desktop.runtime.paths import default_bundle_dir
from pad_desktop.runtime.settings import get_settings
from pad_desktop.texts.locale_text import NNBSP
from tests.hub.hub_repos import bundle_variant
from tests.hub.test_update_dialog import keep

HUB_DIR = Path(hub_package.__file__).parent
ERRORS = {  # HubError and its subclasses, by the names the raise sites use
    name
    for name, value in vars(hub_errors).items()
    if isinstance(value, type) and issubclass(value, HubError)
}
REFUSED = "connexion refusée (le serveur est-il démarré ?)"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _words(template: str) -> str:
    """The template's own words: blanks, `code`, VARIABLES and file names left out."""
    text = re.sub(r"\{[^}]*\}|`[^`]*`|\b[A-Z_]{3,}\b|\S+\.\w+", " ", template)
    return " ".join(re.findall(r"[A-Za-zÀ-ÿ']{3,}", text))


def _hub_sources() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(HUB_DIR.glob("*.py"))]


def test_every_raise_site_names_a_sentence_of_the_table_and_every_sentence_is_used() -> None:
    """No English f-string left at a raise site, no key that is not in the table (it would be
    shown as its bare key), and no sentence that nothing says."""
    used: set[str] = set()
    problems: list[str] = []
    for path, tree in _hub_sources():
        if path.name == "texts.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in HUB_TEXTS:
                used.add(node.value)
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") in ERRORS):
                continue
            first = node.args[0] if node.args else None
            where = f"{path.name}:{node.lineno}"
            if isinstance(first, ast.JoinedStr) or (
                isinstance(first, ast.Constant) and first.value not in HUB_TEXTS
            ):
                problems.append(where)
    assert not problems, problems
    # A model's metrics are named through their key (`hub.texts.metric_label`).
    used |= {key for key in HUB_TEXTS if key.startswith("metric_")}
    unused = set(HUB_TEXTS) - used
    assert not unused, unused


def test_numbers_in_a_sentence_follow_the_language() -> None:
    error = HubTimeout("read_timeout", where="http://hub", seconds=1.5)
    assert str(error).endswith("did not answer within 1.5 s.")
    assert error.text("fr").endswith("n'a pas répondu en 1,5 s.")
    size = hub_text("too_large", "fr", repo="acme/credit", total=600_000_000, limit=536_870_912)
    assert f"600{NNBSP}000{NNBSP}000 octets" in size and f"536{NNBSP}870{NNBSP}912" in size
    assert HubError("a caller's own words").text("fr") == "a caller's own words"


def test_a_hub_that_is_down_says_so_in_french(down_endpoint: str) -> None:
    config = hub_config(repo_id="acme/credit", endpoint=down_endpoint)
    with pytest.raises(HubUnreachable) as caught:
        check_for_update(config)
    error = caught.value
    assert error.text("fr") == (
        f"Impossible de joindre le Hub de modèles à l'adresse {down_endpoint} : {REFUSED}."
    )
    assert str(error) == (
        f"Cannot reach the model Hub at {down_endpoint}: connection refused (is the server "
        "running?)."
    )  # logs and scripts keep the English
    assert error.one_line("fr-CA") == error.text("fr")


def test_a_hub_that_never_answers_says_so_in_french(silent_server) -> None:
    config = hub_config(repo_id="acme/credit", endpoint=silent_server.endpoint, read_timeout=0.5)
    with pytest.raises(HubTimeout) as caught:
        check_for_update(config)
    assert caught.value.text("fr") == (
        f"Le Hub de modèles à l'adresse {silent_server.endpoint} a accepté la connexion mais "
        "n'a pas répondu en 0,5 s."
    )


def test_what_changes_for_the_officer_reads_in_french(tmp_path: Path) -> None:
    current = load_bundle(default_bundle_dir()).signature
    age = next(f for f in current.fields if f.name == "age_in_years")
    narrower = replace(
        current, fields=tuple(replace(age, minimum=21.5) if f is age else f for f in current.fields)
    )
    diff = compare_signatures(current, narrower)
    french = (
        "L'entrée 'age_in_years' accepte une plage plus étroite : [18 ; 100] devient [21,5 ; 100]."
    )
    assert diff.lines("fr") == [french]
    assert diff.summary("fr") == f"1 changement(s) d'entrée à accepter : {french}"
    assert diff.breaking == (
        "Input 'age_in_years' accepts a narrower range: [18, 100] becomes [21.5, 100].",
    )
    # The real check of a downloaded bundle whose input was renamed.
    renamed = bundle_variant(tmp_path / "renamed", rename=("telephone", "phone"))
    with pytest.raises(SignatureChanged) as caught:
        verify_bundle(renamed, current)
    text = caught.value.text("fr")
    assert text.startswith(
        "Le nouveau modèle prend des entrées différentes ; acceptez la différence pour "
        "l'installer : "
    )
    assert "L'entrée 'telephone' est supprimée." in text and "Input" not in text
    assert "Input 'telephone' is removed." in str(caught.value)


def test_a_bundle_that_does_not_reproduce_its_scores_says_so_in_french(tmp_path: Path) -> None:
    wrong = bundle_variant(tmp_path / "wrong", expected_shift=0.01)
    with pytest.raises(VerificationError) as caught:
        verify_bundle(wrong, None)
    french = caught.value.text("fr")
    assert re.fullmatch(
        r"Le nouveau modèle ne reproduit pas ses propres scores attendus : la ligne de référence "
        r"\d+ obtient 0,\d{6}, le modèle annonce 0,\d{6} \(tolérance 0,00001\)\.",
        french,
    ), french


def test_what_was_done_reads_in_french() -> None:
    result = use_version("shipped")  # loads and smoke-tests the shipped bundle for real
    french = result.message("fr")
    shipped = "modèle livré avec l'application"
    assert french.startswith(
        f"Modèle en service : {shipped} (auparavant : {shipped}). Vérifié : chargement ONNX, "
    ), french
    assert re.search(r"ligne\(s\) de référence évaluée\(s\).*écart \d,\de-\d+\)\.$", french)
    assert result.message().startswith("Now scoring with shipped model (was shipped model).")


def test_cli_speaks_the_hub_error_in_french(capsys, down_endpoint, monkeypatch) -> None:
    monkeypatch.setenv("HF_REPO_ID", "acme/credit")
    get_settings.cache_clear()
    try:
        assert main(["model", "check", "--endpoint", down_endpoint, "--lang", "fr"]) == 1
    finally:
        set_language(None)
    err = capsys.readouterr().err.strip()
    assert err == (
        f"erreur : Impossible de joindre le Hub de modèles à l'adresse {down_endpoint} : {REFUSED}."
    )


def test_api_reload_model_answers_the_hub_error_in_french(down_endpoint, monkeypatch) -> None:
    monkeypatch.setenv("HF_REPO_ID", "acme/credit")
    monkeypatch.setenv("HF_ENDPOINT", down_endpoint)
    get_settings.cache_clear()
    admin = {"X-Admin-Key": "admin"}
    with TestClient(create_app(ApiConfig(watch_seconds=3600, admin_key="admin"))) as client:
        french = {**admin, "Accept-Language": "fr-FR,fr;q=0.9,en;q=0.8"}
        r = client.post("/reload_model", json={"pull": True}, headers=french)
        assert r.status_code == 502
        assert r.json()["detail"] == (
            f"Impossible de joindre le Hub de modèles à l'adresse {down_endpoint} : {REFUSED}."
        )
        r = client.post("/reload_model", json={"pull": True}, headers=admin)
        assert r.status_code == 502 and r.json()["detail"].startswith("Cannot reach the model")


@pytest.fixture
def french(qapp):
    switch_language(qapp, "fr")
    yield
    switch_language(qapp, "en")


def test_update_dialog_in_french_shows_the_french_sentence(
    qtbot, french, down_endpoint, monkeypatch
) -> None:
    monkeypatch.setenv("HF_REPO_ID", "acme/credit")
    monkeypatch.setenv("HF_ENDPOINT", down_endpoint)
    get_settings.cache_clear()
    dialog = keep(qtbot, open_update_dialog(None, ActiveModel(), None))
    qtbot.waitUntil(lambda: dialog.task is None and dialog.status.toggle.isVisibleTo(dialog))
    assert dialog.status.label.text() == (
        f"Impossible de joindre le Hub de modèles à l'adresse {down_endpoint} : {REFUSED}."
    )
    details = dialog.status.details.toPlainText()
    assert "HubUnreachable" in details and "Traceback" not in details
    dialog.close()
