"""Throwaway user folders for the screenshot scripts: imported first, before Qt or the app.

Every screenshot runs on its own data, settings and decision log, never the user's.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SCRATCH = Path(tempfile.mkdtemp(prefix="pad-shots-"))
os.environ["PAD_DATA_DIR"] = str(SCRATCH / "data")
os.environ["PAD_CACHE_DIR"] = str(SCRATCH / "cache")
os.environ.pop("DATABASE_URL", None)

from PySide6.QtCore import QSettings  # noqa: E402

QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(SCRATCH))
