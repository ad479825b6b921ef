"""An escaped HTML report (the access report of `service.privacy`) printed to an A4 PDF by Qt's
rich text, as the notice is; usable from the command line (offscreen, no window)."""

from __future__ import annotations

import os
from pathlib import Path


def write_report_pdf(html_text: str, title: str, path: Path) -> Path:
    """`html_text` must be escaped already (`service.privacy.report_html` escapes every text)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
    from PySide6.QtWidgets import QApplication

    # A widgets application, not a bare QGuiApplication: Qt keeps the first one made for the
    # whole process, and a window opened later in it (the app's own, a test's) needs widgets.
    app = QApplication.instance() or QApplication([])
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(20, 20, 20, 20), QPageLayout.Unit.Millimeter)
    writer.setTitle(title)
    writer.setCreator("pad_desktop")
    doc = QTextDocument()
    doc.setDefaultStyleSheet("h1 { font-size: 16pt; } td { padding-right: 12px; }")
    doc.setHtml(html_text)
    doc.print_(writer)
    del writer, app  # the file is complete once the writer is gone
    if not path.is_file() or path.stat().st_size == 0:  # Qt does not raise: say it here
        raise OSError(f"the PDF could not be written to {path}")
    return path
