"""The customer's visits on the 360 page (loaded there with htmx)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kamdesk.customers.selectors import customer_get, kind_require
from kamdesk.users.http import StaffRequest
from kamdesk.users.permissions import can
from kamdesk.visits.models import OPEN_VISIT_STATUSES, VisitStatus
from kamdesk.visits.selectors import visits_of_customer


@require_GET
def customer_panel(request: StaffRequest, customer_id: int) -> HttpResponse:
    customer = customer_get(user=request.user, customer_id=customer_id)
    kind_require(user=request.user, action="view", kind="visit")
    if not can(request.user, "list", "visit"):
        return HttpResponse("")
    visits = visits_of_customer(user=request.user, customer_id=customer.pk)
    today = timezone.localdate()
    last = visits.filter(status=VisitStatus.COMPLETED).order_by("-planned_date", "-pk").first()
    upcoming = list(
        visits.filter(status__in=OPEN_VISIT_STATUSES, planned_date__gte=today).order_by(
            "planned_date", "planned_time"
        )[:3]
    )
    overdue = list(visits.filter(status=VisitStatus.OVERDUE).order_by("planned_date"))
    return render(
        request,
        "visits/_customer_panel.html",
        {
            "customer": customer,
            "last": last,
            "upcoming": upcoming,
            "overdue": overdue,
            "can_create": can(request.user, "change", "visit"),
        },
    )
