"""Trigram indexes for searching parties by any part of their name or aliases on PostgreSQL.

Django's icontains is `UPPER(col) LIKE UPPER(%s)`, so the indexes are on UPPER(col). SQLite
has no such index and keeps scanning; that is fine at demo sizes. Creating the pg_trgm
extension needs a role allowed to; where it is not, the migration leaves the search as is.
"""

from django.db import migrations

INDEXES = [
    ("registry_party_name_trgm", "registry_party", "name"),
    ("registry_party_aliases_trgm", "registry_party", "aliases"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, column in INDEXES:
            cursor.execute(
                f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER("{column}"::text) gin_trgm_ops)'
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, _table, _column in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_legalevent_expiry_date_alter_legalevent_kind")]

    operations = [migrations.RunPython(create, drop)]
