"""`pad-desktop --selftest`: model, reference scoring, main window, desktop batch and web view,
offscreen.

Meant for the packaged build in CI: prints one line per check, exit code 0 when all pass.
"""

from __future__ import annotations

import sys

SELFTEST_TIMEOUT_MS = 60_000


def selftest(model_path: str | None = None) -> int:
    """Load the model, score its reference sample, open the window offscreen, load a web page.

    Prints one line per check; exit code 0 when all pass. Meant for a frozen build in CI.
    """
    import os
    import tempfile

    from pad_desktop.model.active import active_bundle_path

    model_path = str(active_bundle_path(model_path))  # resolved in the user's own data folder
    # Offscreen, with throwaway user folders: a selftest records nothing and reads no preference.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = tempfile.mkdtemp(prefix="pad-selftest-")
    os.environ["PAD_DATA_DIR"] = os.path.join(scratch, "data")
    os.environ["PAD_CACHE_DIR"] = os.path.join(scratch, "cache")
    os.environ.pop("DATABASE_URL", None)
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch)
    failures: list[str] = []

    def check(name: str, fn) -> None:
        try:
            detail = fn()
        except Exception as exc:
            failures.append(name)
            print(f"FAIL {name}: {type(exc).__name__}: {exc}")
        else:
            print(f"ok   {name}{': ' + detail if detail else ''}")

    state: dict = {}

    def load() -> str:
        from pad_desktop.model.scoring import Scorer

        state["scorer"] = Scorer.from_path(model_path)
        return state["scorer"].bundle.short()

    def score_reference() -> str:
        import numpy as np

        scorer = state["scorer"]
        reference = scorer.bundle.reference()
        if reference is None:
            return "no reference sample"
        scores = scorer.score_frame(reference)
        if "expected_probability" in reference:
            gap = float(
                np.max(
                    np.abs(scores.probabilities - reference["expected_probability"][scores.valid])
                )
            )
            if gap > 1e-4:
                raise AssertionError(f"scores differ from the expected ones by {gap:.2g}")
        return f"{int(scores.valid.sum())} rows scored"

    def window() -> str:
        from PySide6.QtCore import QEventLoop, QTimer

        from pad_desktop.gui.app import create_application
        from pad_desktop.gui.main_window import MainWindow

        app, prefs = create_application()
        state["app"] = app
        win = MainWindow(model_path, prefs)
        win.show()
        loop = QEventLoop()
        win.sig_ready.connect(loop.quit)
        QTimer.singleShot(SELFTEST_TIMEOUT_MS, loop.quit)
        loop.exec()
        ready = win.ready and bool(win.form.rows)
        if ready:
            state["window"] = win
        else:
            win.close()
            raise RuntimeError("the main window did not become ready")
        return f"{len(win.form.rows)} form fields"

    def french() -> str:
        """Our French catalogue and Qt's (its file dialog's labels) load from the build."""
        from PySide6.QtCore import QCoreApplication

        from pad_desktop.gui.i18n import install_translators

        installed = install_translators(state["app"], "fr")
        asked = (("QFileDialog", "&Look in:"), ("QPlatformTheme", "Cancel"))  # ours, Qt's
        try:
            said = [QCoreApplication.translate(context, text) for context, text in asked]
            untranslated = [text for _, text in asked if text in said]
            if len(installed) != 2 or untranslated:
                raise RuntimeError(f"{len(installed)} catalogue(s) of 2 loaded: {said}")
            return " ".join(said)
        finally:
            for translator in installed:
                state["app"].removeTranslator(translator)

    def desktop_batch() -> str:
        """The batch tab's child process (a frozen build starts it by re-running itself)."""
        from PySide6.QtCore import QEventLoop, QTimer

        win = state.pop("window")
        try:
            sample = os.path.join(scratch, "reference.csv")
            win.ws.scorer.bundle.reference().to_csv(sample, index=False)
            loop = QEventLoop()
            done: list = []
            for signal in (win.batch.sig_previewed, win.batch.sig_finished):
                signal.connect(lambda result: (done.append(result), loop.quit()))
            QTimer.singleShot(SELFTEST_TIMEOUT_MS, loop.quit)
            win.batch.open_file(sample)
            loop.exec()
            win.batch.start()
            loop.exec()
            summary = done[-1] if len(done) == 2 else None
            if summary is None or summary.cancelled or not summary.scored:
                raise RuntimeError("the batch tab did not score the reference sample")
            return f"{summary.scored} rows scored and recorded"
        finally:
            win.close()

    def web_page() -> str:
        from PySide6.QtCore import QEventLoop, QTimer
        from PySide6.QtWebEngineWidgets import QWebEngineView

        view = QWebEngineView()
        result: dict = {}
        loop = QEventLoop()

        def done(ok: bool) -> None:
            result["ok"] = ok
            loop.quit()

        view.loadFinished.connect(done)
        view.setHtml("<html><body><h1>pad_desktop selftest</h1></body></html>")
        QTimer.singleShot(SELFTEST_TIMEOUT_MS, loop.quit)
        loop.exec()
        view.deleteLater()
        QTimer.singleShot(0, loop.quit)  # let the deferred delete run before the profile goes
        loop.exec()
        if not result.get("ok"):
            raise RuntimeError("the web view did not load a page")
        return "page loaded"

    check("model", load)
    if not failures:
        check("reference sample", score_reference)
    check("main window", window)
    if "app" in state:
        check("French catalogues", french)
    if "window" in state:
        check("desktop batch", desktop_batch)
    check("web view", web_page)
    print("selftest " + ("failed: " + ", ".join(failures) if failures else "passed"))
    sys.stdout.flush()
    return 1 if failures else 0
