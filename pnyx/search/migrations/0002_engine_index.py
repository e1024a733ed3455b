"""The engine's own index beside the documents table: FTS5 on SQLite, a tsvector column
with a GIN index on PostgreSQL (pnyx/search/backends/)."""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='search_searchdocument',"
    " content_rowid='post_id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_doc_ai AFTER INSERT ON search_searchdocument BEGIN"
    " INSERT INTO search_fts(rowid, title, body) VALUES (new.post_id, new.title, new.body);"
    " END",
    "CREATE TRIGGER search_doc_ad AFTER DELETE ON search_searchdocument BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title, body)"
    " VALUES ('delete', old.post_id, old.title, old.body); END",
    "CREATE TRIGGER search_doc_au AFTER UPDATE OF title, body ON search_searchdocument BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title, body)"
    " VALUES ('delete', old.post_id, old.title, old.body);"
    " INSERT INTO search_fts(rowid, title, body) VALUES (new.post_id, new.title, new.body);"
    " END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_doc_au",
    "DROP TRIGGER IF EXISTS search_doc_ad",
    "DROP TRIGGER IF EXISTS search_doc_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_CREATE = [
    "ALTER TABLE search_searchdocument ADD COLUMN vector tsvector",
    "CREATE INDEX search_doc_vector_idx ON search_searchdocument USING gin (vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_doc_vector_idx",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_documents")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
