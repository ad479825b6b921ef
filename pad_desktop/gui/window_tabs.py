"""The window's tabs: built in the order the officer needs them (the form first, Batch and
History once their modules are loaded, Drift last), and rebuilt in a new language.

Rebuilt rather than retranslated widget by widget: their texts are set in many places
(formats, counts, states), and a rebuilt tab cannot forget one. The form keeps its case
reference, values and shown decision; a running batch keeps its tab (in the old language) so
that nothing stops; the other tabs re-read what they show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:
    from pad_desktop.gui.batch_tab import BatchTab
    from pad_desktop.gui.main_window import MainWindow


translate = QCoreApplication.translate


def placeholder(window: MainWindow) -> None:
    """What shows while the model and the log load (the tabs need seconds of imports)."""
    label = QLabel(translate("MainWindow", "Loading the model and the decision log…"))
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet("color: #57606a; font-size: 14pt;")
    window.placeholder = label
    window.tabs.addTab(label, translate("MainWindow", "Applicant"))


def build_form(window: MainWindow) -> None:
    """The form first; Batch and History stand in as labels until `build_later` replaces them."""
    from pad_desktop.gui.form_tab import FormTab

    window.form = FormTab(window.ws, decidable=window.can_decide)
    window.tabs.removeTab(0)
    window.placeholder.deleteLater()
    window.placeholder = None
    window.tabs.addTab(window.form, translate("MainWindow", "Applicant"))
    for title in (translate("MainWindow", "Batch"), translate("MainWindow", "History")):
        stand_in = QLabel(translate("MainWindow", "Loading…"))
        stand_in.setAlignment(Qt.AlignmentFlag.AlignCenter)
        window.tabs.addTab(stand_in, title)
        window.later_tabs.append(stand_in)
    window.tabs.currentChanged.connect(window.tab_changed)
    _watch_form(window)


def build_later(window: MainWindow) -> bool:
    """Batch and History in place of their stand-ins; False if the window closed meanwhile.

    On the UI thread, as every module that touches Qt (see `jobs.LATER_MODULES`): pyqtgraph,
    for Batch's histogram and the result's charts, is the one pause of the start (~0.3 s)."""
    from pad_desktop.gui import standing_plot, waterfall_plot  # noqa: F401
    from pad_desktop.gui.batch_tab import BatchTab
    from pad_desktop.gui.history_tab import HistoryTab

    if window.closing or window.form is None:
        return False
    window.batch = BatchTab(window.ws)
    window.history = HistoryTab(window.ws)
    for stand_in, tab in zip(window.later_tabs, (window.batch, window.history), strict=True):
        index = window.tabs.indexOf(stand_in)
        current = window.tabs.currentWidget() is stand_in
        title = window.tabs.tabText(index)
        window.tabs.removeTab(index)
        window.tabs.insertTab(index, tab, title)
        stand_in.deleteLater()
        if current:
            window.tabs.setCurrentIndex(index)
    window.later_tabs.clear()
    _watch_batch(window)
    return True


def add_drift(window: MainWindow) -> None:
    if window.service is None:
        return
    from pad_desktop.gui.drift_tab import DriftTab  # pyqtgraph, web engine: off the start

    window.drift_tab = DriftTab(window.service.active, window.log, window, runner=window.runner)
    window.tabs.addTab(window.drift_tab, translate("MainWindow", "Drift"))
    window.drift_tab.sig_drift_alert.connect(window.status.alert_label.setText)


def _watch_form(window: MainWindow) -> None:
    window.form.sig_decided.connect(lambda _r: window.history_stale())
    window.form.sig_overridden.connect(lambda _o: window.history_stale())


def _watch_batch(window: MainWindow) -> None:
    window.batch.sig_finished.connect(lambda _s: window.history_stale())
    window.batch.set_threshold()


def retranslate(window: MainWindow) -> None:
    """Rebuild what the tabs show in the language the window speaks now."""
    if window.form is None:  # still loading: the placeholder goes by itself
        window.tabs.setTabText(0, translate("MainWindow", "Applicant"))
        return
    if window.later_tabs:  # Batch and History still loading: they come in the new language
        _rebuild_form(window)
        for i, title in enumerate(
            (
                translate("MainWindow", "Applicant"),
                translate("MainWindow", "Batch"),
                translate("MainWindow", "History"),
            )
        ):
            window.tabs.setTabText(i, title)
        return
    index = window.tabs.currentIndex()
    values, case_ref = window.form.values(), window.form.case_ref.text()
    shown = window.form.result.record
    keep_batch = window.batch if window.batch_running() else None
    old = [window.tabs.widget(i) for i in range(window.tabs.count())]
    window.tabs.currentChanged.disconnect(window.tab_changed)
    window.tabs.clear()
    had_drift = window.drift_tab is not None
    if window.drift_tab is not None:
        window.drift_tab.close()
        window.drift_tab = None
    for widget in old:
        if widget is not keep_batch:
            widget.hide()
            window.retired.append(widget)
    _rebuild(window, keep_batch)
    window.form.set_values(values)
    window.form.case_ref.editor.setText(case_ref)
    if shown is not None:
        window.form.result.show_record(shown)
    if had_drift:
        add_drift(window)
    window.tabs.setCurrentIndex(index)
    if window.history is not None:
        window.history.apply()
    retire(window)


def _rebuild_form(window: MainWindow) -> None:
    """The form anew in the language now spoken, the officer's work kept (Batch and History
    are still loading: they come in that language)."""
    from pad_desktop.gui.form_tab import FormTab

    old = window.form
    values, case_ref, shown = old.values(), old.case_ref.text(), old.result.record
    current = window.tabs.currentIndex()
    window.form = FormTab(window.ws, decidable=window.can_decide)
    window.tabs.removeTab(0)
    window.tabs.insertTab(0, window.form, translate("MainWindow", "Applicant"))
    window.tabs.setCurrentIndex(current)
    old.hide()
    window.retired.append(old)
    window.form.set_values(values)
    window.form.case_ref.editor.setText(case_ref)
    if shown is not None:
        window.form.result.show_record(shown)
    _watch_form(window)
    retire(window)


def _rebuild(window: MainWindow, batch: BatchTab | None) -> None:
    """Form, Batch and History anew (their modules are loaded by now); `batch`: a running
    batch's tab, kept as it is."""
    from pad_desktop.gui.batch_tab import BatchTab
    from pad_desktop.gui.form_tab import FormTab
    from pad_desktop.gui.history_tab import HistoryTab

    window.form = FormTab(window.ws, decidable=window.can_decide)
    window.batch = batch or BatchTab(window.ws)
    window.history = HistoryTab(window.ws)
    window.tabs.addTab(window.form, translate("MainWindow", "Applicant"))
    window.tabs.addTab(window.batch, translate("MainWindow", "Batch"))
    window.tabs.addTab(window.history, translate("MainWindow", "History"))
    window.tabs.currentChanged.connect(window.tab_changed)
    _watch_form(window)
    if batch is None:
        _watch_batch(window)


def retire(window: MainWindow) -> None:
    """Delete replaced tabs once no task can call back into them."""
    if window.runner.active == (1 if window.batch_running() else 0):
        for widget in window.retired:
            widget.deleteLater()
        window.retired.clear()
