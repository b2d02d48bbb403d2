from django.db import migrations


def sync(apps, schema_editor):
    """Add the default cells of the capability kinds of data (commitments, statements,
    risk, advice, knowledge, prospects, scorecards, learning)."""
    from kamdesk.users.permissions import default_cells

    PermissionRule = apps.get_model("users", "PermissionRule")
    for role, kind, action in default_cells():
        PermissionRule.objects.get_or_create(role=role, data_kind=kind, action=action)


class Migration(migrations.Migration):
    dependencies = [("users", "0005_capability_kinds")]
    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
