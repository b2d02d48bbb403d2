from decimal import Decimal

import pytest

from kamdesk.customers.models import TariffPlan
from tests.customers.imports.helpers import run_import, run_import_refused, write_csv

HEADER = [
    "plan_code",
    "name",
    "brand",
    "filing_number",
    "segment",
    "monthly_fee",
    "voice_minutes",
    "sms",
    "data_mb",
    "voice_overage_per_min",
    "sms_overage",
    "data_overage_per_gb",
    "speed_cap_kbps",
    "is_active",
]


def plan_row(code: str, **changes: str) -> dict[str, str]:
    return {
        "plan_code": code,
        "name": "全球通畅享套餐128元",
        "brand": "全球通",
        "filing_number": "24JS100123",
        "segment": "individual",
        "monthly_fee": "128",
        "voice_minutes": "500",
        "sms": "0",
        "data_mb": "30720",
        "voice_overage_per_min": "0.15",
        "sms_overage": "0.10",
        "data_overage_per_gb": "3",
        "speed_cap_kbps": "",
        "is_active": "是",
    } | changes


@pytest.mark.django_db
def test_it_imports_plans_with_money_as_decimal_yuan(tmp_path):
    path = write_csv(
        tmp_path / "plans.csv",
        HEADER,
        [
            plan_row("P128"),
            plan_row("P58", monthly_fee="¥58.5", is_active="false", speed_cap_kbps="1000"),
        ],
    )

    out, _ = run_import("plans", path)

    assert "plans: 2 created, 0 updated, 0 unchanged" in out
    plan = TariffPlan.objects.get(code="P128")
    assert plan.monthly_fee == Decimal("128.00")
    assert plan.voice_overage_per_min == Decimal("0.15")
    assert plan.speed_cap_kbps is None and plan.is_active
    cheap = TariffPlan.objects.get(code="P58")
    assert cheap.monthly_fee == Decimal("58.50")
    assert cheap.speed_cap_kbps == 1000 and not cheap.is_active


@pytest.mark.django_db
def test_it_refuses_bad_amounts_and_counts(tmp_path):
    path = write_csv(
        tmp_path / "plans.csv",
        HEADER,
        [
            plan_row("P1", monthly_fee="abc"),
            plan_row("P2", voice_minutes="-5"),
            plan_row("P3", data_mb="1.5", is_active="maybe"),
            plan_row("P4", monthly_fee=""),
        ],
    )

    lines = run_import_refused("plans", path).splitlines()

    assert lines == [
        "line 2, column monthly_fee: Not an amount of money.",
        "line 3, column voice_minutes: Must be between 0 and 2147483647.",
        "line 4, column data_mb: Enter a whole number.",
        "line 4, column is_active: Write true or false.",
        "line 5, column monthly_fee: This field is required.",
    ]
    assert not TariffPlan.objects.exists()
