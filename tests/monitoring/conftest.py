"""The decision log tests' PostgreSQL fixtures, for the model loop's tests."""

from tests.decisions.conftest import migrated_template, pg_url

__all__ = ["migrated_template", "pg_url"]
