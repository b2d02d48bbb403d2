"""Tariff plans (资费套餐) of the operator's catalogue: the first file to import."""

from __future__ import annotations

from decimal import Decimal

from kamdesk.customers.imports.base import Column, Importer
from kamdesk.customers.imports.cells import boolean, integer, money, text
from kamdesk.customers.models import TariffPlan

_ZERO = Decimal("0.00")


class PlanImporter(Importer):
    entity = "plans"
    action = "plan"
    model = TariffPlan
    key_column = "plan_code"
    columns = (
        Column("plan_code"),
        Column("name", "name", text(100), required=True),
        Column("brand", "brand", text(50)),
        Column("filing_number", "filing_number", text(40)),
        Column("segment", "segment", text(20)),
        Column("monthly_fee", "monthly_fee", money(max_digits=10), required=True),
        Column("voice_minutes", "voice_minutes", integer()),
        Column("sms", "sms", integer()),
        Column("data_mb", "data_mb", integer()),
        Column(
            "voice_overage_per_min", "voice_overage_per_min", money(max_digits=8, default=_ZERO)
        ),
        Column("sms_overage", "sms_overage", money(max_digits=8, default=_ZERO)),
        Column("data_overage_per_gb", "data_overage_per_gb", money(max_digits=8, default=_ZERO)),
        Column("speed_cap_kbps", "speed_cap_kbps", integer(default=None)),
        Column("is_active", "is_active", boolean(default=True)),
    )
