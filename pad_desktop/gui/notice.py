"""The decision notice handed to the applicant: printed, or saved as a PDF by Qt's own writer.

It says what adverse-action rules ask for: the case reference, the date, the officer, the
decision, its main reasons in the applicant's terms (at most four) and the model that scored it
(name and version), in the application's language (English or French).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QDialog, QWidget

from pad_desktop.gui.i18n import labelled, when

if TYPE_CHECKING:
    from pad_desktop.explain import Explanation

translate = QCoreApplication.translate
MAX_NOTICE_REASONS = 4  # adverse-action notices give the principal reasons, not all of them


@dataclass(frozen=True)
class NoticeData:
    case_ref: str
    decided_at: datetime
    officer: str
    decision: str  # already in the notice's language ("Refused", "Refusé")
    model_name: str
    model_version: str
    reasons: list[str] = field(default_factory=list)  # "Credit duration: 36 months"
    overridden: bool = False


def notice_reasons(explanation: Explanation, refused: bool) -> list[str]:
    """The main reasons in the applicant's terms: for a refusal the fields that raised the
    risk most, for an approval those that lowered it most (largest first)."""
    wanted = [c for c in explanation.contributions if (c.log_odds > 0) == refused and c.log_odds]
    wanted.sort(key=lambda c: -abs(c.log_odds))
    return [labelled(c.label, c.value_text) for c in wanted[:MAX_NOTICE_REASONS]]


def notice_html(data: NoticeData) -> str:
    e = html.escape
    rows = [
        (translate("Notice", "Case reference"), data.case_ref),
        (translate("Notice", "Date"), when(data.decided_at)),
        (translate("Notice", "Officer"), data.officer),
        (translate("Notice", "Model"), f"{data.model_name} {data.model_version}"),
    ]
    table = "".join(f"<tr><td><b>{e(k)}</b></td><td>{e(v)}</td></tr>" for k, v in rows)
    reasons = "".join(f"<li>{e(r)}</li>" for r in data.reasons[:MAX_NOTICE_REASONS])
    if not reasons:
        none = translate("Notice", "No single factor stands out.")
        reasons = f"<li>{e(none)}</li>"
    override = ""
    if data.overridden:
        override = e(translate("Notice", "This decision was reviewed and set by the officer."))
        override = f"<p><i>{override}</i></p>"
    title = e(translate("Notice", "Credit decision notice"))
    decision = e(translate("Notice", "Decision: {0}").format(data.decision))
    reasons_title = e(translate("Notice", "Main reasons for this decision"))
    rights = e(
        translate(
            "Notice",
            "You may ask for the decision to be reviewed by a person and for the information "
            "it was based on.",
        )
    )
    return (
        f"<h1>{title}</h1><table cellpadding='4'>{table}</table>"
        f"<h2>{decision}</h2>{override}<h3>{reasons_title}</h3><ol>{reasons}</ol>"
        f"<p style='color:#57606a'>{rights}</p>"
    )


def document(data: NoticeData) -> QTextDocument:
    doc = QTextDocument()
    doc.setDefaultStyleSheet("h1 { font-size: 18pt; } td { padding-right: 16px; }")
    doc.setHtml(notice_html(data))
    return doc


def write_pdf(data: NoticeData, path: str | Path) -> Path:
    """The notice as an A4 PDF at `path` (Qt's PDF writer); returns the path."""
    path = Path(path)
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(20, 20, 20, 20), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(translate("Notice", "Credit decision notice") + f" {data.case_ref}")
    writer.setCreator("pad_desktop")
    doc = document(data)
    doc.print_(writer)
    del writer  # the file is complete once the writer is gone
    if not path.is_file() or path.stat().st_size == 0:  # Qt does not raise: say it here
        raise OSError(translate("Notice", "The PDF could not be written to {0}.").format(path))
    return path


def print_notice(data: NoticeData, parent: QWidget | None = None) -> bool:
    """The print dialog (its printers include "Print to PDF"); True if it was printed."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(translate("Notice", "Print the decision notice"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    document(data).print_(printer)
    return True
