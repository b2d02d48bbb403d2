"""The catalogue as the rating engine sees it: ORM rows in, plain dataclasses out."""

from __future__ import annotations

from decimal import Decimal

from kamdesk.advisor.models import AddonTerms, PlanTerms
from kamdesk.advisor.rating import Addon, Plan
from kamdesk.customers.models import TariffAddon, TariffPlan


def fen(value: Decimal | int | None) -> int:
    return int((Decimal(value or 0) * 100).to_integral_value())


def plan_of(row: TariffPlan, terms: PlanTerms | None) -> Plan:
    return Plan(
        code=row.code,
        name=row.name,
        monthly_fee=fen(row.monthly_fee),
        voice_minutes=row.voice_minutes,
        sms=row.sms,
        data_mb=row.data_mb,
        voice_per_min=fen(row.voice_overage_per_min),
        sms_each=fen(row.sms_overage),
        data_per_gb=fen(row.data_overage_per_gb),
        filing_number=row.filing_number,
        segment=row.segment or "individual",
        speed_cap_kbps=row.speed_cap_kbps,
        unlimited_data=bool(terms and terms.unlimited_data),
        carry_over=bool(terms and terms.carry_over),
        cug_free=bool(terms and terms.cug_free),
        broadband_mbps=terms.broadband_mbps if terms else 0,
        secondary_cards=terms.secondary_cards if terms else 0,
        secondary_fee=fen(terms.secondary_fee) if terms else 0,
    )


def plans_all() -> dict[str, Plan]:
    """Every plan by code, on sale or not (a subscriber's current plan may be withdrawn)."""
    terms = {t.plan_id: t for t in PlanTerms.objects.all()}
    return {row.code: plan_of(row, terms.get(row.pk)) for row in TariffPlan.objects.all()}


def plans_on_sale(plans: dict[str, Plan]) -> list[Plan]:
    codes = set(TariffPlan.objects.filter(is_active=True).values_list("code", flat=True))
    return [plan for code, plan in sorted(plans.items()) if code in codes]


def addons_all() -> list[Addon]:
    roaming = set(AddonTerms.objects.filter(covers_roaming=True).values_list("addon_id", flat=True))
    links: dict[int, set[str]] = {}
    for addon_id, code in TariffAddon.plans.through.objects.values_list(
        "tariffaddon_id", "tariffplan__code"
    ):
        links.setdefault(addon_id, set()).add(code)
    return [
        Addon(
            code=row.code,
            name=row.name,
            monthly_fee=fen(row.monthly_fee),
            voice_minutes=row.voice_minutes,
            data_mb=row.data_mb,
            covers_roaming=row.pk in roaming,
            filing_number=row.filing_number,
            plan_codes=frozenset(links.get(row.pk, set())),
        )
        for row in TariffAddon.objects.order_by("code")
    ]
