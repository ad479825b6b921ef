"""A package's public names imported on first use (PEP 562's module `__getattr__`).

Used where a package's face would otherwise pull in seconds of imports (SQLAlchemy, numpy,
pandas) for a caller that needs one light name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_names(package: str, homes: dict[str, str]) -> Callable[[str], Any]:
    """The `__getattr__` of `package`: each name in `homes` from its module, when asked for."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(home), name)

    return __getattr__
