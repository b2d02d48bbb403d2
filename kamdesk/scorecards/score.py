"""The overall score: each KPI's attainment of its target, weighted (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

CAP = Decimal("1.2")  # overachieving one KPI makes up for another only so far


@dataclass(frozen=True)
class Scored:
    value: Decimal | None
    target: Decimal | None
    weight: Decimal
    higher_is_better: bool = True


def attainment(item: Scored) -> Decimal | None:
    if item.value is None or item.target is None or item.target <= 0:
        return None
    if item.higher_is_better:
        ratio = item.value / item.target
    else:
        ratio = CAP if item.value <= 0 else item.target / item.value
    return min(max(ratio, Decimal(0)), CAP)


def weighted_score(items: list[Scored]) -> Decimal | None:
    """Σ weight × attainment / Σ weight × 100, over the KPIs with a target and a value."""
    parts = [(i.weight, a) for i in items if i.weight > 0 and (a := attainment(i)) is not None]
    total = sum((w for w, _ in parts), Decimal(0))
    if not total:
        return None
    return (sum((w * a for w, a in parts), Decimal(0)) / total * 100).quantize(Decimal("0.1"))
