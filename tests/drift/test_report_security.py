"""A bundle's labels are data in the drift report: never markup, never script.

The hostile bundle is the shipped one whose "housing" field is described (English and French)
as `</script><img src=x onerror=...>` and whose French category labels carry `<img onerror>`:
the report holds them as escaped text, carries a Content-Security-Policy that allows its own
inline scripts only, and a real QtWebEngine view (the drift tab's) that opens it runs none of
the injected code while Evidently's own scripts still draw the report.
"""

from __future__ import annotations

import re
import shutil
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import shiboken6
import yaml
from PySide6.QtCore import QUrl

from pad_desktop.drift import DriftSummary, build_report
from pad_desktop.drift.safe_html import script_hash
from pad_desktop.gui.drift_tab import report_view
from pad_desktop.model.bundle import Bundle, load_bundle
from pad_desktop.service.simulate import traffic

WAIT_MS = 90_000
REPORT_END = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)  # a fixed moment, not the clock
TITLE_FR = "</script><img src=x onerror=\"document.title='pwned-fr'\">"
TITLE_EN = "</script><img src=x onerror=\"document.title='pwned-en'\">"


def _category_fr(category: str) -> str:
    return f"<img src=x onerror=\"window.pwned='{category}'\"><script>window.pwned=1</script>"


@pytest.fixture(scope="module")
def hostile_bundle(default_bundle_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    folder = Path(shutil.copytree(default_bundle_dir, tmp_path_factory.mktemp("hostile") / "b"))
    doc = yaml.safe_load((folder / "MLmodel").read_text(encoding="utf-8"))
    for feature in doc["metadata"]["pad_desktop"]["features"]:
        if feature["name"] == "housing":
            feature["description"], feature["description_fr"] = TITLE_EN, TITLE_FR
            feature["categories_fr"] = {c: _category_fr(c) for c in feature["categories"]}
    (folder / "MLmodel").write_text(yaml.safe_dump(doc), encoding="utf-8")
    return load_bundle(folder)


def _report(bundle: Bundle, lang: str, out: Path, now: datetime) -> DriftSummary:
    production = traffic(bundle.reference(), bundle.signature, 300, 0.3, np.random.default_rng(2))
    return build_report(bundle, production, now - timedelta(days=1), now, out_dir=out, lang=lang)


@pytest.fixture(scope="module")
def french_report(hostile_bundle: Bundle, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    return _report(hostile_bundle, "fr", out, REPORT_END).html_path


def _policy(page: str) -> str:
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert found is not None, "no Content-Security-Policy"
    assert page.index(found.group(0)) < page.index("<script")  # in force before any script
    return found.group(1)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_labels_are_escaped_and_the_page_allows_its_own_scripts_only(
    hostile_bundle: Bundle, lang: str, tmp_path: Path, now: datetime
) -> None:
    summary = _report(hostile_bundle, lang, tmp_path, now)
    page = summary.html_path.read_text(encoding="utf-8")
    assert "<img" not in page and "</script><" not in page
    if lang == "fr":  # the French report names inputs and categories by their French labels
        assert "\\u003cimg src=x onerror=" in page  # there, as JSON text
    assert "\ue000" not in page and "\\ue000" not in page  # no stand-in left
    policy = _policy(page)
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe-inline" not in directives["script-src"]
    assert "unsafe-eval" not in directives["script-src"]
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert len(scripts) == 4  # Evidently's data, `global`, its library, the drawing call
    assert set(directives["script-src"].split()) == {script_hash(s) for s in scripts}
    housing = next(f for f in summary.features if f.column == "housing")
    assert (housing.label, housing.label_fr) == (TITLE_EN, TITLE_FR)  # mapped back to the field
    assert {f.column for f in summary.features} == set(hostile_bundle.signature.names)


def _load(qtbot, view, path: Path) -> None:
    with qtbot.waitSignal(view.loadFinished, timeout=WAIT_MS) as loaded:
        view.setUrl(QUrl.fromLocalFile(str(path)))
    assert loaded.args[0] is True


def _ask(qtbot, view, script: str) -> str:
    answers: list[str] = []
    done = threading.Event()

    def got(value: object) -> None:
        answers.append(str(value))
        done.set()

    view.page().runJavaScript(script, 0, got)
    qtbot.waitUntil(done.is_set, timeout=10_000)
    return answers[0]


def _drawn(qtbot, view) -> str:
    """The page's text once Evidently's scripts have drawn the drift table."""
    texts: list[str] = []

    def drawn() -> bool:
        texts.append(_ask(qtbot, view, "document.body ? document.body.innerText : ''"))
        return "Dataset Drift" in texts[-1]

    qtbot.waitUntil(drawn, timeout=WAIT_MS)
    return texts[-1]


@pytest.fixture
def view(qtbot):
    widget = report_view()
    widget.resize(1400, 900)
    widget.show()
    yield widget
    widget.close()
    shiboken6.delete(widget)  # its page goes with it, before WebEngine's profile does at exit


def test_the_hostile_french_report_runs_only_its_own_scripts(
    qtbot, view, french_report: Path
) -> None:
    _load(qtbot, view, french_report)  # an <img src=x> fails, and its handler fires, by now
    assert _ask(qtbot, view, "document.title") == ""
    assert _ask(qtbot, view, "String(window.pwned)") == "undefined"
    assert _ask(qtbot, view, "String(document.querySelectorAll('img[onerror]').length)") == "0"
    text = _drawn(qtbot, view)  # Evidently's own scripts ran: the policy lets them
    assert TITLE_FR in text  # the French label, shown as the text it is
    assert _ask(qtbot, view, "document.title + String(window.pwned)") == "undefined"


def test_the_policy_alone_stops_markup_that_got_through(
    qtbot, view, french_report: Path, tmp_path: Path
) -> None:
    """As if a label had been left unescaped: an inline handler and an inline script placed in
    the page's body do not run, while the report's own scripts still draw it."""
    page = french_report.read_text(encoding="utf-8")
    injected = (
        "<img src=x onerror=\"document.title='handler-ran'\">"
        "<script>window.pwned='script-ran'</script>"
    )
    tampered = tmp_path / "tampered.html"
    tampered.write_text(page.replace("<body>", "<body>" + injected, 1), encoding="utf-8")
    _load(qtbot, view, tampered)
    assert _ask(qtbot, view, "String(document.querySelectorAll('img[onerror]').length)") == "1"
    assert _ask(qtbot, view, "document.title + String(window.pwned)") == "undefined"
    _drawn(qtbot, view)
    assert _ask(qtbot, view, "document.title + String(window.pwned)") == "undefined"
