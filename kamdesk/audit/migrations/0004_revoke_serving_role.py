"""On PostgreSQL, take UPDATE, DELETE and TRUNCATE on the audit trail from the serving
role (``DB_SERVING_ROLE``), if that role exists. Elsewhere this does nothing.

Run migrations as the owner role; see docs/security.md for the full grant script.
"""

from django.conf import settings
from django.db import migrations


def revoke(apps, schema_editor):
    from kamdesk.audit.grants import revoke_from_serving_role

    if schema_editor.connection.vendor == "postgresql":
        revoke_from_serving_role(schema_editor.connection, settings.DB_SERVING_ROLE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_grant_algorithm_indexes")]
    operations = [migrations.RunPython(revoke, migrations.RunPython.noop, elidable=False)]
