from django.db import migrations


def seed(apps, schema_editor):
    from kamdesk.users.permissions import default_cells

    PermissionRule = apps.get_model("users", "PermissionRule")
    for role, kind, action in default_cells():
        PermissionRule.objects.get_or_create(role=role, data_kind=kind, action=action)


class Migration(migrations.Migration):
    dependencies = [("users", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
