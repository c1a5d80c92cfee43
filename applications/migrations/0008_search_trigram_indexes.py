"""pg_trgm and GIN trigram indexes for the search (applications/search.py); nothing on SQLite.

icontains compiles to UPPER(col::text) LIKE UPPER(%s) on PostgreSQL, so the indexes are on UPPER(col).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

COLUMNS = ["title", "title_en", "summary", "keywords", "receipt_number"]


def _create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS application_{column}_trgm "
            f"ON applications_application USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS application_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("applications", "0007_bounds_and_receipt_sequences")]

    operations = [TrigramExtension(), migrations.RunPython(_create, _drop)]
