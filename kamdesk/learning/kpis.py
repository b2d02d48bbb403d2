"""A KPI provider for the scorecard, in the shape of ``kamdesk.scorecards.kpis``: the share
of managers in a scope who hold a valid certificate of every yearly-required certification
(E1) on the last day of the period. The scorecards app lists its providers itself; it takes
this one with ``from kamdesk.learning.kpis import KPIS`` in a module of its package."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from kamdesk.learning.models import Certification, ManagerCertification
from kamdesk.scorecards.kpis import DrillRow, KpiSpec, Measure, Scope, ratio
from kamdesk.scorecards.period import Period
from kamdesk.users.models import Role, User


def _managers(scope: Scope) -> list[User]:
    qs = User.objects.filter(scope.on("pk"), role=Role.MANAGER, is_active=True)
    return list(qs.order_by("username"))


def _missing(scope: Scope, period: Period) -> dict[User, list[str]]:
    """Each manager in scope and the required certifications they lack at period end."""
    required = list(Certification.objects.filter(required_yearly=True))
    held = set(
        ManagerCertification.objects.filter(
            certification__in=required, issued_on__lte=period.end, expires_on__gt=period.end
        ).values_list("user_id", "certification_id")
    )
    return {m: [c.name for c in required if (m.pk, c.pk) not in held] for m in _managers(scope)}


def compute(scope: Scope, period: Period) -> Measure:
    missing = _missing(scope, period)
    return ratio(sum(not lack for lack in missing.values()), len(missing))


def records(scope: Scope, period: Period) -> list[DrillRow]:
    url = reverse("learning:team")
    return [
        DrillRow(label=str(m), url=url, value="✔" if not lack else "✘", detail="、".join(lack))
        for m, lack in _missing(scope, period).items()
    ]


KPIS = [
    KpiSpec(
        code="certified",
        label=gettext_lazy("Certified managers (%)"),
        definition=gettext_lazy(
            "Managers holding every yearly-required certification (ethics and "
            "confidentiality) valid on the last day of the period, of all managers."
        ),
        unit="percent",
        app="learning",
        compute=compute,
        records=records,
    )
]
