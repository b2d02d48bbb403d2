from django.db import migrations

GRADES = [
    ("A", "group", "A级集团", 1),
    ("B", "group", "B级集团", 2),
    ("C", "group", "C级集团", 3),
    ("D", "group", "D级集团", 4),
    ("diamond", "individual", "钻石卡", 1),
    ("gold", "individual", "金卡", 2),
    ("silver", "individual", "银卡", 3),
]


def seed(apps, schema_editor):
    Grade = apps.get_model("customers", "Grade")
    for code, kind, name, rank in GRADES:
        Grade.objects.get_or_create(code=code, defaults={"kind": kind, "name": name, "rank": rank})


class Migration(migrations.Migration):
    dependencies = [("customers", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
