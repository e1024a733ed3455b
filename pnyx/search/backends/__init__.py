"""Search engines behind one interface (``SearchBackend``): views, the API and the commands
only call ``get_backend()``; an external engine (OpenSearch, Meilisearch) is one more class.

The database's own full-text search is used: FTS5 on SQLite, tsvector on PostgreSQL.
"""

from __future__ import annotations

from django.db import connection

from pnyx.search.backends.base import Filters, Hit, SearchBackend

__all__ = ["Filters", "Hit", "SearchBackend", "get_backend"]

_backends: dict[str, SearchBackend] = {}


def get_backend() -> SearchBackend:
    """The backend for the database in use."""
    vendor = connection.vendor
    backend = _backends.get(vendor)
    if backend is None:
        if vendor == "postgresql":
            from pnyx.search.backends.postgres import PostgresBackend

            backend = PostgresBackend()
        elif vendor == "sqlite":
            from pnyx.search.backends.sqlite import SQLiteBackend

            backend = SQLiteBackend()
        else:  # pragma: no cover - Pnyx runs on SQLite and PostgreSQL only
            raise NotImplementedError(f"No search backend for {vendor}.")
        _backends[vendor] = backend
    return backend
