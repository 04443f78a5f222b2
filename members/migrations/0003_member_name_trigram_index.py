"""Accent-free name search uses an index on PostgreSQL too (DESIGN §9).

`name_search__contains` becomes `LIKE '%…%'`, which a B-tree index cannot serve; a trigram GIN
index can. SQLite has no such index: the search there is bounded by the committee's members.
"""

from django.db import migrations


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS members_member_name_trgm "
        "ON members_member USING gin (name_search gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS members_member_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("members", "0002_user_must_change_password")]

    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index)]
