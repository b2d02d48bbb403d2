"""Customer pages: the list with its exports, the 360 page, and the create/edit forms.

The 360 page's panels that reload on their own (subscribers, contacts, interactions)
live in ``panel_views.py``. Every read goes through the selectors, which own the
access scope; every write through the services, which own the rules and the audit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kamdesk.audit.context import client_address
from kamdesk.audit.watermark import export_mark, watermark_columns
from kamdesk.core.errors import ValidationFailed
from kamdesk.core.masking import mask_number
from kamdesk.core.search import parse_search
from kamdesk.customers import exports
from kamdesk.customers.forms import CustomerForm
from kamdesk.customers.models import Contract, CustomerKind, CustomerStatus, Grade
from kamdesk.customers.panel_views import (
    contacts_context,
    interactions_context,
    subscribers_context,
)
from kamdesk.customers.panels import panels_for
from kamdesk.customers.selectors import (
    CustomerFilters,
    accounts_of,
    contracts_of,
    customer_ancestors,
    customer_children,
    customer_get,
    customer_regions,
    customer_search,
    products_of,
)
from kamdesk.customers.services import (
    customer_as_raw,
    customer_create,
    customer_exported,
    customer_update,
    customer_viewed,
)
from kamdesk.users.http import StaffRequest
from kamdesk.users.models import Role, User
from kamdesk.users.permissions import can
from kamdesk.users.selectors import managers_for_choice

EXPIRY_WARNING_DAYS = 90
CHILDREN_SHOWN = 100


def _assigns_portfolios(user: User) -> bool:
    """Supervisors and administrators pick managers; a manager cannot reassign."""
    return user.role in (Role.SUPERVISOR, Role.SYSTEM_ADMIN)


def _filters(request: StaffRequest) -> CustomerFilters:
    get = request.GET
    manager = get.get("manager", "") if _assigns_portfolios(request.user) else ""
    return CustomerFilters(
        q=get.get("q", "").strip()[:100],
        kind=get.get("kind", ""),
        grade=get.get("grade", ""),
        status=get.get("status", ""),
        manager=manager,
        region=get.get("region", ""),
    )


# --- the list ------------------------------------------------------------------------


@require_GET
def customer_list(request: StaffRequest) -> HttpResponse:
    filters = _filters(request)
    page = Paginator(
        customer_search(user=request.user, filters=filters), settings.PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "can_export": can(request.user, "export", "profile"),
        "can_create": can(request.user, "change", "profile"),
    }
    # A live search replaces the results only; a history restore needs the whole page.
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "customers/_results.html", context)
    context |= {
        "kinds": CustomerKind.choices,
        "statuses": CustomerStatus.choices,
        "grades": Grade.objects.all(),
        "regions": customer_regions(user=request.user),
        "managers": managers_for_choice(user=request.user)
        if _assigns_portfolios(request.user)
        else None,
    }
    return render(request, "customers/list.html", context)


@require_GET
def customer_export(request: StaffRequest, fmt: str) -> HttpResponse:
    if not can(request.user, "export", "profile"):
        raise PermissionDenied
    filters = _filters(request)
    rows = [exports.export_row(c) for c in customer_search(user=request.user, filters=filters)]
    # The exporter's staff id, name and the time on every row and sheet (D3, traceable).
    mark = export_mark(request.user)
    header, rows = watermark_columns(exports.export_header(), rows, mark)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        body = exports.to_xlsx(header, rows, title=_("Customers"), mark=mark)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, content_type = exports.to_csv(header, rows), "text/csv; charset=utf-8"
    customer_exported(
        user=request.user,
        fmt=fmt,
        count=len(rows),
        filters=_audited(filters),
        ip=client_address(request),
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="customers-{stamp}.{fmt}"'
    return response


def _audited(filters: CustomerFilters) -> dict[str, str]:
    """The filters as the audit trail keeps them: a searched number stays masked (D3)."""
    values = {k: v for k, v in vars(filters).items() if v}
    if parse_search(filters.q).kind == "number":
        values["q"] = mask_number(parse_search(filters.q).value)
    return values


# --- the 360 page --------------------------------------------------------------------


@require_GET
def customer_detail(request: StaffRequest, customer_id: int) -> HttpResponse:
    user = request.user
    customer = customer_get(user=user, customer_id=customer_id)
    customer_viewed(user=user, customer=customer, ip=client_address(request))
    children = list(customer_children(user=user, customer=customer)[: CHILDREN_SHOWN + 1])
    contracts = _contract_rows(contracts_of(user=user, customer=customer))
    context: dict[str, Any] = {
        "customer": customer,
        "ancestors": customer_ancestors(customer=customer),
        "children": children[:CHILDREN_SHOWN],
        "more_children": len(children) > CHILDREN_SHOWN,
        "accounts": accounts_of(user=user, customer=customer),
        "products": products_of(user=user, customer=customer),
        "contracts": contracts,
        "expiring": [row for row in contracts if row["state"] == "expiring"],
        "can_change": can(user, "change", "profile"),
        "capability_panels": panels_for(user=user, customer_id=customer.pk),
    }
    context |= subscribers_context(request, customer)
    context |= contacts_context(request, customer)
    context |= interactions_context(request, customer)
    return render(request, "customers/detail.html", context)


def _contract_rows(contracts: QuerySet[Contract]) -> list[dict[str, Any]]:
    """Each contract with its state: expired, expiring within 90 days, or running."""
    today = timezone.localdate()
    horizon = today + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    rows = []
    for contract in contracts:
        if contract.expires_on < today:
            state = "expired"
        elif contract.expires_on <= horizon:
            state = "expiring"
        else:
            state = "running"
        rows.append(
            {"contract": contract, "state": state, "days_left": (contract.expires_on - today).days}
        )
    return rows


# --- create and edit -----------------------------------------------------------------


def _require_change(user: User) -> None:
    if not can(user, "change", "profile"):
        raise PermissionDenied


def _customer_form(request: StaffRequest, **kwargs: Any) -> CustomerForm:
    return CustomerForm(
        managers=list(managers_for_choice(user=request.user)),
        can_assign=_assigns_portfolios(request.user),
        **kwargs,
    )


@require_http_methods(["GET", "POST"])
def customer_new(request: StaffRequest) -> HttpResponse:
    _require_change(request.user)
    initial: dict[str, str] = {"kind": CustomerKind.GROUP, "status": CustomerStatus.ACTIVE}
    if request.user.role == Role.MANAGER:
        initial["manager"] = request.user.username
    form = _customer_form(request, data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.raw()
        if not _assigns_portfolios(request.user):
            # A manager's new customer joins their own portfolio, or they would lose it.
            data["manager"] = request.user.username
        try:
            customer = customer_create(actor=request.user, data=data)
        except ValidationFailed as exc:
            form.show_errors(exc.errors)
        else:
            messages.success(request, _("Customer %(name)s created.") % {"name": customer.name})
            return redirect("customers:detail", customer_id=customer.pk)
    return render(request, "customers/form.html", {"form": form, "customer": None})


@require_http_methods(["GET", "POST"])
def customer_edit(request: StaffRequest, customer_id: int) -> HttpResponse:
    customer = customer_get(user=request.user, customer_id=customer_id)
    _require_change(request.user)
    initial = customer_as_raw(customer) | {"id_number": ""}  # never echo it in clear
    form = _customer_form(request, data=request.POST or None, initial=initial)
    form.fields["code"].disabled = True  # the code comes from BOSS and never changes
    if request.method == "POST" and form.is_valid():
        data = form.raw()
        if not data.get("id_number"):
            data.pop("id_number", None)  # blank keeps the number on file
        try:
            customer, changed = customer_update(actor=request.user, customer=customer, data=data)
        except ValidationFailed as exc:
            form.show_errors(exc.errors)
        else:
            if changed:
                messages.success(request, _("Changes saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("customers:detail", customer_id=customer.pk)
    return render(request, "customers/form.html", {"form": form, "customer": customer})
