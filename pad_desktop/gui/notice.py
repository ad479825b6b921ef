"""The decision notice on paper: Qt's PDF writer or a printer renders what the core built.

The notice's texts and structure are `pad_desktop.service.notice`'s (`build_notice`, `notice_html`,
which escapes every text); here they only meet QTextDocument, QPdfWriter and QPrinter. Issuing
one (`issue_pdf`, `issue_print`) records it in the decision log, on a worker, before the
officer gets the document: a PDF is rendered aside first and put in place once recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QDialog, QWidget

from pad_desktop.cells.messages import notice_message
from pad_desktop.decisions.records import NoticeKind, NoticeRecord
from pad_desktop.gui import jobs
from pad_desktop.gui.errors import show_error
from pad_desktop.gui.i18n import ui_language
from pad_desktop.service.notice import NoticeContent, notice_html

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from pad_desktop.gui.context import Workstation
    from pad_desktop.gui.workers import Task

Issued = Callable[[NoticeRecord], None]

translate = QCoreApplication.translate


def document(content: NoticeContent) -> QTextDocument:
    doc = QTextDocument()
    doc.setDefaultStyleSheet("h1 { font-size: 18pt; } td { padding-right: 16px; }")
    doc.setHtml(notice_html(content))
    return doc


def write_pdf(content: NoticeContent, path: str | Path) -> Path:
    """The notice as an A4 PDF at `path` (Qt's PDF writer); returns the path."""
    path = Path(path)
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(20, 20, 20, 20), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(content.document_title)
    writer.setCreator("pad_desktop")
    document(content).print_(writer)
    del writer  # the file is complete once the writer is gone
    if not path.is_file() or path.stat().st_size == 0:  # Qt does not raise: say it here
        raise OSError(translate("Notice", "The PDF could not be written to {0}.").format(path))
    return path


def choose_printer(parent: QWidget | None = None) -> QPrinter | None:
    """The print dialog (its printers include "Print to PDF"); None if the officer cancels."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(translate("Notice", "Print the decision notice"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def print_notice(content: NoticeContent, printer: QPrinter) -> None:
    document(content).print_(printer)


def issue_pdf(
    ws: Workstation, parent: QWidget, content: NoticeContent, path: str | Path, issued: Issued
) -> Task | None:
    """Save `content` as a PDF at `path` as an issued notice: rendered aside (on this thread:
    QTextDocument painting belongs to the GUI thread), recorded on a worker, then put at
    `path` and `issued(record)`. Nothing is recorded when it cannot be written, nothing is
    put at `path` when it cannot be recorded."""
    target = Path(path)
    aside = target.with_name(f".{target.name}.part")
    try:
        write_pdf(content, aside)
    except OSError as exc:
        aside.unlink(missing_ok=True)
        show_error(parent, notice_message("not_saved", ui_language()), exc)
        return None

    def recorded(notice: NoticeRecord) -> None:
        try:
            aside.replace(target)
        except OSError as exc:
            show_error(parent, notice_message("not_saved", ui_language()), exc)
            return
        issued(notice)

    return _record(ws, parent, content, NoticeKind.PDF, recorded, aside.unlink)


def issue_print(
    ws: Workstation, parent: QWidget, content: NoticeContent, printer: QPrinter, issued: Issued
) -> Task | None:
    """Record `content` as a printed notice, then print it and `issued(record)`."""

    def recorded(notice: NoticeRecord) -> None:
        print_notice(content, printer)
        issued(notice)

    return _record(ws, parent, content, NoticeKind.PRINT, recorded, lambda: None)


def _record(
    ws: Workstation,
    parent: QWidget,
    content: NoticeContent,
    kind: NoticeKind,
    recorded: Issued,
    not_recorded: Callable[[], object],
) -> Task | None:
    if ws.service is None:
        not_recorded()
        return None

    def failed(exc: Exception) -> None:
        not_recorded()
        show_error(parent, notice_message("not_recorded", ui_language()), exc)

    return ws.runner.start(
        jobs.record_notice, ws.service, content, kind, on_result=recorded, on_error=failed
    )
