"""The window's start: the model and the decision log load on workers, the form is built as
soon as both are there (`sig_form_ready`), Batch and History once their modules are imported,
Drift last (`sig_ready`)."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer

from pad_desktop.gui import jobs, window_tabs
from pad_desktop.gui.errors import show_error
from pad_desktop.runtime import collector
from pad_desktop.runtime.paths import default_bundle_dir

if TYPE_CHECKING:
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.gui.main_window import MainWindow
    from pad_desktop.model.active import ActiveModel
    from pad_desktop.service.workstation import ModelInfo


translate = QCoreApplication.translate


def start(window: MainWindow, model_path: str | None) -> None:
    """Load the model (`model_path`, else the configured one) on a worker; the form is built
    as soon as it is there (`sig_form_ready`: its fields can be filled).

    What only a decision needs follows on workers (`sig_can_decide`): the bundle's check (its
    reference sample scored and compared), the lending policy's compile and the decision log's
    open. Score waits for them and says so; a bundle that fails its check is refused as one
    that fails to load."""
    window.runner.start(
        jobs.load_model,
        window.ws,
        model_path,
        check=False,
        on_result=lambda loaded: model_loaded(window, loaded),
        on_error=lambda exc: model_failed(window, exc),
    )


def open_log(window: MainWindow) -> None:
    """Open the decision log on a worker, once (after the form: nothing is decided before)."""
    if window.log_started:
        return
    window.log_started = True
    window.runner.start(
        jobs.open_log,
        window.ws,
        on_result=lambda opened: log_opened(window, opened),
        on_error=lambda exc: log_failed(window, exc),
    )


def model_loaded(window: MainWindow, loaded: tuple[ActiveModel, ModelInfo]) -> None:
    active, info = loaded
    window.ws.attach_model(active, info)
    if window.form is None:
        window_tabs.build_form(window)
    active.subscribe(window.on_swap_any_thread)
    for warning in info.warnings:
        window.alert_label.setText(warning)
    window.show_model(active.scorer, info)
    part_ready(window, "model")
    if active.scorer.verified:
        part_ready(window, "checked")
    else:
        window.runner.start(
            jobs.verify_model,
            window.ws,
            active,
            on_result=lambda checked: model_verified(window, active, checked),
            on_error=lambda exc: model_check_failed(window, active, exc),
        )
    open_log(window)


def model_verified(window: MainWindow, active: ActiveModel, info: ModelInfo) -> None:
    """The bundle passed its check, the policy is compiled: the model card gets its policy
    section, and Score decides."""
    if window.ws.active_model is active and active.scorer.bundle.sha256 == info.sha256:
        window.ws.model_changed(info)
    part_ready(window, "checked")


def model_check_failed(window: MainWindow, active: ActiveModel, exc: Exception) -> None:
    """The bundle failed its check: refused as a bundle that does not load (its scorer scores
    nothing either way), and the shipped model is loaded in its place."""
    if window.ws.active_model is not active:
        return
    window.ws.detach_model()
    if window.form is not None:
        window.form.set_scorer(None)
    model_failed(window, exc)


def model_failed(window: MainWindow, exc: Exception) -> None:
    collector.resume()  # the form may never come: the window runs on with a collector
    open_log(window)  # the status bar says where decisions would go, model or not
    show_error(window, translate("MainWindow", "The model could not be loaded"), exc)
    if window.service is None:  # fall back to the shipped model once
        window.model_label.setText(translate("MainWindow", "Model: loading the shipped model…"))
        window.runner.start(
            jobs.load_model,
            window.ws,
            str(default_bundle_dir()),
            on_result=lambda loaded: model_loaded(window, loaded),
            on_error=lambda e: show_error(
                window, translate("MainWindow", "No model could be loaded"), e
            ),
        )


def log_opened(window: MainWindow, opened: DecisionLog) -> None:
    if window.closing:
        opened.close(timeout=1.0)
        return
    window.set_log(opened)
    part_ready(window, "log")
    window.poll_health()


def log_failed(window: MainWindow, exc: Exception) -> None:
    window.status.show_log(
        translate("MainWindow", "Decision log: unavailable — scoring is disabled"), "#cf222e"
    )
    show_error(window, translate("MainWindow", "The decision log could not be opened"), exc)
    part_ready(window, "log")


def part_ready(window: MainWindow, part: str) -> None:
    window.pending.discard(part)
    # The form is usable once the model is loaded; what only a decision needs (the bundle's
    # check, the policy's compile, the log) and the later tabs come after.
    if window.pending <= {"tabs", "checked", "log"} and not window.form_ready:
        window.form_ready = True
        collector.resume()  # held off since `pad-desktop` started (`cli.app`)
        window.sig_form_ready.emit()
    if not window.can_decide and not window.pending & {"model", "checked", "log"}:
        window.can_decide = True
        if window.form is not None and window.ws.scorer is not None:
            window.form.model_verified(window.ws.scorer)
        window.sig_can_decide.emit()
        # Batch and History's modules (seconds) once Score decides, not while its checks run.
        loaded: list[bool] = []
        window.runner.start(
            jobs.load_later_tabs,
            on_result=lambda names: loaded.append(window.ws.know_models(names) is None),
            on_error=lambda e: show_error(
                window, translate("MainWindow", "A tab could not be loaded"), e
            ),
            # Built once the loading task is over, so that `sig_ready` finds no task running.
            on_finished=lambda: (
                loaded and QTimer.singleShot(0, window, lambda: build_later_tabs(window))
            ),
        )
    if window.pending or window.ready:
        return
    window.ready = True
    # What is alive now lives as long as the window: keep it out of the cyclic collector,
    # whose full passes over it stalled the event loop ~250 ms during batches.
    gc.freeze()
    window.health_timer.start()
    window.oversight.timer.start()  # roles and the stop switch, read on a worker
    window_tabs.add_drift(window)
    if window.tabs.count() > 1:
        window.tabs.setCurrentIndex(min(window.wanted_tab, window.tabs.count() - 1))
    if window.history is not None:
        window.history.apply()
    current = window.tabs.currentWidget()
    if current is not None:
        current.setFocus()  # the form's focus proxy: its first field
    window.sig_ready.emit()


def build_later_tabs(window: MainWindow) -> None:
    if window_tabs.build_later(window):
        part_ready(window, "tabs")
