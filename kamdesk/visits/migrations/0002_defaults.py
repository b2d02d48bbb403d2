from django.db import migrations

# Groups A monthly on site, B quarterly, C twice a year, D yearly; individual VIPs by
# visit or call. Administrators change these numbers in the admin.
POLICIES = [
    ("A", 1, "on_site"),
    ("B", 3, "on_site"),
    ("C", 6, "on_site"),
    ("D", 12, "on_site"),
    ("diamond", 1, "visit_or_call"),
    ("gold", 3, "visit_or_call"),
    ("silver", 6, "visit_or_call"),
]
RULES = [("retention", 2), ("new_customer", 14), ("complaint", 3), ("contract_expiry", 30)]


def seed(apps, schema_editor):
    Grade = apps.get_model("customers", "Grade")
    VisitPolicy = apps.get_model("visits", "VisitPolicy")
    RequiredVisitRule = apps.get_model("visits", "RequiredVisitRule")
    VisitSettings = apps.get_model("visits", "VisitSettings")
    for code, months, mode in POLICIES:
        grade = Grade.objects.filter(code=code).first()
        if grade is not None:
            VisitPolicy.objects.get_or_create(
                grade=grade, defaults={"every_months": months, "mode": mode}
            )
    for reason, days in RULES:
        RequiredVisitRule.objects.get_or_create(reason=reason, defaults={"due_days": days})
    VisitSettings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("visits", "0001_initial"), ("customers", "0003_default_grades")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
