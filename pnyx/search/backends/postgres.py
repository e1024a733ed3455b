"""PostgreSQL: a ``vector`` tsvector column on the documents, with a GIN index.

The vector is the title (weight A) and the text (weight D), each folded (diacritics off,
``pnyx.search.query.fold``) and read with the site's text search configuration
(``SiteSettings.search_language``). Queries are built from the parsed query, each term by
``websearch_to_tsquery`` and joined with ``&&``, ``||`` and ``!!``, ranked by ``ts_rank_cd``
and shown with ``ts_headline``. Changing the language needs ``pnyx manage reindex``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import OperationalError, connection, transaction

from pnyx.core.models import SEARCH_LANGUAGES
from pnyx.core.site_settings import get_site_settings
from pnyx.search.backends import base
from pnyx.search.backends.base import (
    RECENCY_BONUS,
    RECENCY_DAYS,
    SNIPPET_WORDS,
    START,
    STOP,
    Filters,
    Hit,
    Row,
    SearchBackend,
    SearchTooSlowError,
    Sort,
    highlighted,
)
from pnyx.search.query import Query, Term, fold

_UPSERT = """
WITH v(id, rev, title, body, ftitle, fbody) AS (VALUES {values})
INSERT INTO search_searchdocument
    (post_id, thread_id, forum_id, author_id, created_at, is_first, revision, title, body,
     vector)
SELECT p.id, p.thread_id, t.forum_id, p.author_id, p.created_at, p.position = 1, v.rev,
       v.title, v.body,
       setweight(to_tsvector(%s::regconfig, v.ftitle), 'A')
       || setweight(to_tsvector(%s::regconfig, v.fbody), 'D')
FROM v JOIN threads_post p ON p.id = v.id JOIN threads_thread t ON t.id = p.thread_id
ON CONFLICT (post_id) DO UPDATE SET
    thread_id = excluded.thread_id, forum_id = excluded.forum_id,
    author_id = excluded.author_id, created_at = excluded.created_at,
    is_first = excluded.is_first, revision = excluded.revision,
    title = excluded.title, body = excluded.body, vector = excluded.vector
WHERE search_searchdocument.revision <= excluded.revision AND (
    search_searchdocument.vector IS DISTINCT FROM excluded.vector
    OR search_searchdocument.title IS DISTINCT FROM excluded.title
    OR search_searchdocument.body IS DISTINCT FROM excluded.body
    OR search_searchdocument.forum_id IS DISTINCT FROM excluded.forum_id
    OR search_searchdocument.author_id IS DISTINCT FROM excluded.author_id
    OR search_searchdocument.is_first IS DISTINCT FROM excluded.is_first)
"""


def language() -> str:
    chosen = get_site_settings().search_language
    return chosen if chosen in SEARCH_LANGUAGES else "english"


def _term_sql(term: Term) -> tuple[str, str]:
    # Words hold letters and digits only: quoted, they are one websearch phrase (or word).
    text = " ".join(fold(word) for word in term.words)
    return "websearch_to_tsquery(%s::regconfig, %s)", f'"{text}"' if term.is_phrase else text


def tsquery_sql(query: Query, config: str) -> tuple[str, list[Any]]:
    """SQL for ``query`` as one tsquery, with its parameters."""
    parts: list[str] = []
    params: list[Any] = []
    for clause in query.clauses:
        alternatives = []
        for term in clause:
            sql, text = _term_sql(term)
            alternatives.append(sql)
            params += [config, text]
        parts.append("(" + " || ".join(alternatives) + ")")
    for term in query.excluded:
        sql, text = _term_sql(term)
        parts.append(f"!!{sql}")
        params += [config, text]
    return " && ".join(parts), params


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def upsert(self, rows: Sequence[Row]) -> None:
        if not rows:
            return
        row_sql = "(%s::bigint, %s::integer, %s::text, %s::text, %s::text, %s::text)"
        values = ",".join([row_sql] * len(rows))
        params: list[Any] = []
        for row in rows:
            params += [row.post_id, row.revision, row.title, row.body]
            params += [fold(row.title), fold(row.body)]
        config = language()
        with connection.cursor() as cursor:
            cursor.execute(_UPSERT.format(values=values), [*params, config, config])

    def search(
        self, query: Query, filters: Filters, *, sort: Sort, offset: int, limit: int
    ) -> list[Hit]:
        if not filters.forum_ids:
            return []
        config = language()
        tsquery, params = tsquery_sql(query, config)
        where = ["d.vector @@ q.query", "d.forum_id = ANY(%s)"]
        filter_params: list[Any] = [sorted(filters.forum_ids)]
        if filters.thread_id is not None:
            where.append("d.thread_id = %s")
            filter_params.append(filters.thread_id)
        if filters.author_id is not None:
            where.append("d.author_id = %s")
            filter_params.append(filters.author_id)
        if filters.after is not None:
            where.append("d.created_at >= %s")
            filter_params.append(filters.after)
        if filters.before is not None:
            where.append("d.created_at < %s")
            filter_params.append(filters.before)
        if filters.threads_only:
            where.append("d.is_first")
        if sort == "date":
            score = "0"
            order = "created_at DESC, post_id DESC"
        elif sort == "oldest":
            score = "0"
            order = "created_at, post_id"
        else:
            score = (
                "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', d.vector, q.query)"
                f" * (1 + {RECENCY_BONUS} * {RECENCY_DAYS} / ({RECENCY_DAYS}"
                " + greatest(0, extract(epoch FROM now() - d.created_at) / 86400)))"
            )
            order = "score DESC, post_id DESC"
        options = (
            f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS},"
            f" MinWords={SNIPPET_WORDS // 2}"
        )
        # Only fixed SQL and placeholders are joined here; every value is a parameter.
        sql = (
            f"WITH q AS (SELECT {tsquery} AS query)"  # noqa: S608
            " SELECT page.post_id, page.thread_id, page.forum_id, page.author_id,"
            " page.created_at, page.is_first,"
            " ts_headline(%s::regconfig, page.body, q.query, %s)"
            " FROM (SELECT d.post_id, d.thread_id, d.forum_id, d.author_id, d.created_at,"
            f" d.is_first, d.body, {score} AS score"
            f" FROM search_searchdocument d, q WHERE {' AND '.join(where)}"
            f" ORDER BY {order} LIMIT %s OFFSET %s) page, q"
            f" ORDER BY {order}"
        )
        all_params = [*params, config, options, *filter_params, limit, offset]
        timeout_ms = int(base.TIME_LIMIT_SECONDS * 1000)
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                # The database stops the statement at the time limit (57014).
                cursor.execute(f"SET LOCAL statement_timeout = {timeout_ms}")
                cursor.execute(sql, all_params)
                rows = cursor.fetchall()
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) == "57014":
                raise SearchTooSlowError from None
            raise
        return [
            Hit(
                post_id=row[0],
                thread_id=row[1],
                forum_id=row[2],
                author_id=row[3],
                created_at=row[4],
                is_first=bool(row[5]),
                snippet=highlighted(row[6] or ""),
            )
            for row in rows
        ]

    def engine_ok(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_searchdocument WHERE vector IS NULL")
            return int(cursor.fetchone()[0]) == 0

    def repair_engine(self) -> None:
        from pnyx.search.indexing import index_posts

        with connection.cursor() as cursor:
            cursor.execute("SELECT post_id FROM search_searchdocument WHERE vector IS NULL")
            post_ids = [row[0] for row in cursor.fetchall()]
        index_posts(post_ids)

    def index_size(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size('search_searchdocument')")
            return int(cursor.fetchone()[0])
