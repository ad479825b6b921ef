"""The decision notice on paper: Qt's PDF writer or a printer renders what the core built.

The notice's texts and structure are `pad_desktop.notice`'s (`build_notice`, `notice_html`,
which escapes every text); here they only meet QTextDocument, QPdfWriter and QPrinter.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QDialog, QWidget

from pad_desktop.notice import NoticeContent, notice_html

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

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
