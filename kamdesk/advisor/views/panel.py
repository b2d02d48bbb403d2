"""The customer's tariff advice and opportunities on the 360 page (loaded with htmx)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kamdesk.advisor.models import OpportunityStatus
from kamdesk.advisor.selectors import opportunities_visible_to, optimisation_latest
from kamdesk.customers.selectors import customer_get, kind_require
from kamdesk.users.http import StaffRequest
from kamdesk.users.permissions import can


@require_GET
def customer_panel(request: StaffRequest, customer_id: int) -> HttpResponse:
    customer = customer_get(user=request.user, customer_id=customer_id)
    kind_require(user=request.user, action="view", kind="advice")
    return render(
        request,
        "advisor/_customer_panel.html",
        {
            "customer": customer,
            "run": optimisation_latest(user=request.user, customer=customer),
            "opportunities": opportunities_visible_to(
                user=request.user, status=OpportunityStatus.OPEN, customer_id=customer.pk
            ),
            "contacts": customer.contacts.filter(is_active=True, consent_marketing=True),
            "can_change": can(request.user, "change", "advice"),
        },
    )
