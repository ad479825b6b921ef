"""Swagger UI served from the installed `swagger-ui-bundle` wheel, not from a CDN.

Workstations and API replicas often have no internet access; FastAPI's default `/docs` page
loads its scripts from a CDN and would stay blank there.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC_PREFIX = "/docs-static"


def add_offline_docs(app: FastAPI) -> None:
    """Serve `/docs` with the bundled Swagger UI assets under `/docs-static/`."""
    from swagger_ui_bundle import swagger_ui_path

    app.mount(STATIC_PREFIX, StaticFiles(directory=swagger_ui_path), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{app.title} — API",
            swagger_js_url=f"{STATIC_PREFIX}/swagger-ui-bundle.js",
            swagger_css_url=f"{STATIC_PREFIX}/swagger-ui.css",
            swagger_favicon_url=f"{STATIC_PREFIX}/favicon-32x32.png",
        )
