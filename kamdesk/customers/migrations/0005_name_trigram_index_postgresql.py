"""A trigram index for searching customers by part of their name, on PostgreSQL only.

``name__icontains`` becomes ``UPPER(name) LIKE UPPER('%…%')``, which no B-tree index
serves; a GIN trigram index on ``upper(name)`` does. SQLite has no such index and scans
(the embedded database holds a province's key accounts, not a country's).

Creating the ``pg_trgm`` extension needs a role allowed to do so; where the migrating
role may not, the index is skipped with a notice and searches still work, only slower
(docs/operations.md).
"""

from django.db import migrations, transaction

INDEX = "customers_customer_name_trgm"


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as exc:  # noqa: BLE001 - a missing privilege must not stop the migration
        print(f"\n  pg_trgm is not available ({exc}); the name search index is skipped.")
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON customers_customer "
            "USING gin (upper(name) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("customers", "0004_scope_and_search_indexes")]
    operations = [migrations.RunPython(create, drop)]
