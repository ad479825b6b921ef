"""`/docs` works on a network without internet: Swagger UI comes from the installed wheel."""

from __future__ import annotations

from fastapi.testclient import TestClient

from pad_desktop.api import ApiConfig, create_app


def test_docs_page_and_its_assets_are_served_locally() -> None:
    app = create_app(ApiConfig(api_key="secret"))
    with TestClient(app) as client:
        page = client.get("/docs")
        assert page.status_code == 200
        assert "cdn.jsdelivr.net" not in page.text and "unpkg.com" not in page.text
        assert "/docs-static/swagger-ui-bundle.js" in page.text
        script = client.get("/docs-static/swagger-ui-bundle.js")  # open without the key
        assert script.status_code == 200 and len(script.content) > 100_000
        assert client.get("/model_info").status_code == 401  # the rest still needs the key
