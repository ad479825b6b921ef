"""The loan officer's workstation (PySide6): a thin adapter over the core.

Widgets call core functions on worker threads (`workers.TaskRunner`); nothing in here holds
business rules.
"""

from pad_desktop.gui import pyside_probe

pyside_probe.install()  # when PySide6 is already imported (else `app` installs it)
