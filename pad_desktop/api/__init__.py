"""The headless scoring API (FastAPI), compatible with the original service's endpoints.

    from pad_desktop.api import ApiConfig, create_app
    app = create_app(ApiConfig(api_key="..."))      # or `pad-desktop serve`

Only this package (and the GUI) may import FastAPI; the core stays free of it.
"""

from pad_desktop.api.app import create_app
from pad_desktop.api.config import ApiConfig, is_loopback

__all__ = ["ApiConfig", "create_app", "is_loopback"]
