"""Tariff plans (资费套餐) of the operator's catalogue: the first file to import."""

from __future__ import annotations

from decimal import Decimal

from kamdesk.customers.imports.base import Column, Counts, Importer, Item
from kamdesk.customers.imports.cells import boolean, integer, money, text
from kamdesk.customers.launches import LaunchedTariff, tariffs_launch_announce
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

    def write(self, items: list[Item]) -> Counts:
        """Write the plans, then announce those that went on sale: new and on sale, or
        switched from not on sale to on sale. A re-import of the same file announces
        nothing, since no plan changes."""
        launched = [
            LaunchedTariff(
                kind="plan",
                code=item.key,
                name=item.current("name"),
                segment=item.current("segment", ""),
                created=item.is_new,
            )
            for item in items
            if _goes_on_sale(item)
        ]
        counts = super().write(items)
        tariffs_launch_announce(launches=launched, actor=self.actor, source="import")
        return counts


def _goes_on_sale(item: Item) -> bool:
    was_on_sale = item.stored is not None and item.stored["is_active"]
    return bool(item.current("is_active", True)) and not was_on_sale
