from django.db import migrations


def sync(apps, schema_editor):
    """Add the default cells of the new kinds of data, and take configuration changes away
    from the security administrator (separation of duties: that is the system
    administrator's)."""
    from kamdesk.users.permissions import default_cells

    PermissionRule = apps.get_model("users", "PermissionRule")
    for role, kind, action in default_cells():
        PermissionRule.objects.get_or_create(role=role, data_kind=kind, action=action)
    PermissionRule.objects.filter(
        role="security_admin", data_kind="config", action="change"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("users", "0003_confidentiality_kinds")]
    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
