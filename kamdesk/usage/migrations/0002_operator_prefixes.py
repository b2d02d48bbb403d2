"""Seed the operator prefix table (editable afterwards; operators allocate new segments)."""

from django.db import migrations

# A copy of kamdesk.usage.operators.DEFAULT_PREFIXES as of this migration, so that the
# migration keeps meaning the same thing when the module changes.
SEGMENTS = {
    "cmcc": "134 135 136 137 138 139 147 148 150 151 152 157 158 159 165 172 178 182 183 184 "
    "187 188 195 197 198 1703 1705 1706",
    "unicom": "130 131 132 145 146 155 156 166 167 171 175 176 185 186 196 1704 1707 1708 1709",
    "telecom": "133 149 153 162 173 177 180 181 189 190 191 193 199 1349 1700 1701 1702 1740",
    "broadnet": "192",
}


def seed(apps, schema_editor):
    OperatorPrefix = apps.get_model("usage", "OperatorPrefix")
    OperatorPrefix.objects.bulk_create(
        [
            OperatorPrefix(prefix=prefix, operator=operator)
            for operator, text in SEGMENTS.items()
            for prefix in text.split(" ")
        ],
        ignore_conflicts=True,
    )


def unseed(apps, schema_editor):
    apps.get_model("usage", "OperatorPrefix").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("usage", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
