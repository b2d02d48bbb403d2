from django.db import migrations

CALENDARS = [
    ("standard", "工作日 9:00–18:00（法定节假日及调休）", "working", "09:00-12:00,13:30-18:00"),
    ("24x7", "7×24 小时", "always", "00:00-24:00"),
]


def seed(apps, schema_editor):
    BusinessCalendar = apps.get_model("calendars", "BusinessCalendar")
    for code, name, kind, hours in CALENDARS:
        BusinessCalendar.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "hours": hours}
        )


class Migration(migrations.Migration):
    dependencies = [("calendars", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
