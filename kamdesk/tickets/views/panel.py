"""The customer's requests on the 360 page (loaded there with htmx)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kamdesk.customers.selectors import customer_get, kind_require
from kamdesk.tickets.selectors import customer_tickets
from kamdesk.users.http import StaffRequest
from kamdesk.users.permissions import can


@require_GET
def customer_panel(request: StaffRequest, customer_id: int) -> HttpResponse:
    customer = customer_get(user=request.user, customer_id=customer_id)
    kind_require(user=request.user, action="view", kind="request")
    if not can(request.user, "list", "request"):
        return HttpResponse("")
    return render(
        request,
        "tickets/_customer_panel.html",
        {
            "customer": customer,
            "tickets": customer_tickets(user=request.user, customer=customer),
            "can_create": can(request.user, "change", "request"),
        },
    )
