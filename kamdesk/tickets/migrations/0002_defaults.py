"""Default request categories, SLA policies, department step targets, and the cells of
the permissions matrix for requests, surveys and SLA reports."""

from django.db import migrations

# (code, name, base priority, statutory deadline in minutes or None, order)
# Statutory deadlines are the operator's reading of the regulator's time limits for
# complaints to the regulator (12300) and escalated complaints; they run 24×7, cannot be
# relaxed by any SLA policy and are changed only by a migration, never in the console.
CATEGORIES = [
    ("billing_query", "话费查询", "p3", None, 10),
    ("bill_dispute", "账单争议", "p2", None, 20),
    ("vat_invoice", "增值税发票开具或更正", "p3", None, 30),
    ("fault", "故障申告", "p2", None, 40),
    ("plan_change", "套餐变更", "p3", None, 50),
    ("new_service", "新业务办理", "p3", None, 60),
    ("emergency_reconnection", "紧急复机", "p1", None, 70),
    ("delayed_suspension", "欠费缓停", "p1", None, 80),
    ("vip_benefit", "贵宾权益", "p4", None, 90),
    ("document_request", "资料申请", "p4", None, 100),
    ("complaint", "投诉", "p2", None, 110),
    ("regulator_complaint", "工信部申诉（12300）", "p1", 72 * 60, 120),
    ("escalated_complaint", "越级投诉", "p1", 48 * 60, 130),
    ("other", "其他", "p3", None, 900),
]

# (grade code or None, priority or "", category code or None, response, resolution, calendar)
# Minutes of business time: a working day on the standard calendar is 450 minutes.
POLICIES = [
    (None, "", None, 120, 1350, "standard"),
    (None, "p1", None, 30, 240, "24x7"),
    (None, "p2", None, 60, 900, "standard"),
    (None, "p4", None, 240, 2250, "standard"),
    ("A", "", None, 60, 1440, "24x7"),
    ("A", "p1", None, 15, 240, "24x7"),
    ("diamond", "", None, 60, 1440, "24x7"),
    ("diamond", "p1", None, 15, 240, "24x7"),
    (None, "", "emergency_reconnection", 15, 120, "24x7"),
    (None, "", "delayed_suspension", 30, 240, "24x7"),
]

DEPARTMENT_TARGETS = [("", 450, "standard"), ("p1", 120, "24x7")]

_WORK = ["list", "view", "change", "export"]
PERMISSIONS = {
    "manager": {
        "request": _WORK,
        "survey": ["list", "view"],
        "sla_report": ["list", "view", "export"],
    },
    "supervisor": {
        "request": _WORK,
        "survey": ["list", "view", "export"],
        "sla_report": ["list", "view", "export"],
    },
    "backoffice": {"request": ["list", "view", "change"]},
}


def seed(apps, schema_editor):
    Category = apps.get_model("tickets", "Category")
    SlaPolicy = apps.get_model("tickets", "SlaPolicy")
    DepartmentSla = apps.get_model("tickets", "DepartmentSla")
    BusinessCalendar = apps.get_model("calendars", "BusinessCalendar")
    Grade = apps.get_model("customers", "Grade")
    PermissionRule = apps.get_model("users", "PermissionRule")
    calendars = {c.code: c for c in BusinessCalendar.objects.all()}
    for code, name, priority, statutory, rank in CATEGORIES:
        Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "base_priority": priority,
                "statutory_minutes": statutory,
                "rank": rank,
            },
        )
    categories = {c.code: c for c in Category.objects.all()}
    grades = {g.code: g for g in Grade.objects.all()}
    if not SlaPolicy.objects.exists():
        for grade, priority, category, response, resolution, calendar in POLICIES:
            if grade and grade not in grades:
                continue
            SlaPolicy.objects.create(
                grade=grades.get(grade) if grade else None,
                priority=priority,
                category=categories.get(category) if category else None,
                response_minutes=response,
                resolution_minutes=resolution,
                calendar=calendars[calendar],
            )
    if not DepartmentSla.objects.exists():
        for priority, minutes, calendar in DEPARTMENT_TARGETS:
            DepartmentSla.objects.create(
                priority=priority, resolution_minutes=minutes, calendar=calendars[calendar]
            )
    for role, kinds in PERMISSIONS.items():
        for kind, actions in kinds.items():
            for action in actions:
                PermissionRule.objects.get_or_create(role=role, data_kind=kind, action=action)


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0001_initial"),
        ("calendars", "0002_default_calendars"),
        ("customers", "0003_default_grades"),
        ("users", "0002_default_permissions"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
