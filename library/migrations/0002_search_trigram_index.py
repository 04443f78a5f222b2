"""Accent-free search of the library uses an index on PostgreSQL too (DESIGN §9).

`search_text__contains` becomes `LIKE '%…%'`, which a B-tree index cannot serve; a trigram GIN
index can. SQLite has no such index: the search there is bounded by the committee's documents.
"""

from django.db import migrations


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS library_document_search_trgm "
        "ON library_librarydocument USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS library_document_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index)]
