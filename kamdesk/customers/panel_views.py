"""Panels of the 360 page that reload on their own with htmx: subscribers (search and
paging), contacts (add and edit inline) and the interaction timeline (more, add).

Each panel is one partial template; a POST answers with the refreshed panel, holding
the form again with its messages when the service refused the input (status 200, so
htmx swaps it in). Without htmx a successful POST goes back to the 360 page.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.forms import ContactForm, InteractionForm
from kamdesk.customers.models import Contact, Customer
from kamdesk.customers.selectors import (
    contacts_of,
    customer_get,
    interactions_of,
    scoped_related,
    subscribers_of,
)
from kamdesk.customers.services import contact_create, contact_update, interaction_create
from kamdesk.users.http import StaffRequest
from kamdesk.users.permissions import can

SUBSCRIBERS_PER_PAGE = 20
INTERACTIONS_PER_PAGE = 10


# --- contexts, shared with the 360 page ----------------------------------------------


def subscribers_context(
    request: StaffRequest, customer: Customer, *, q: str = "", page: str | None = None
) -> dict[str, Any]:
    qs = subscribers_of(user=request.user, customer=customer, q=q)
    return {
        "customer": customer,
        "sub_q": q,
        "sub_page": Paginator(qs, SUBSCRIBERS_PER_PAGE).get_page(page),
        "can_view_subscribers": can(request.user, "view", "subscriber"),
    }


def contacts_context(
    request: StaffRequest,
    customer: Customer,
    *,
    form: ContactForm | None = None,
    editing: Contact | None = None,
) -> dict[str, Any]:
    return {
        "customer": customer,
        "contacts": contacts_of(user=request.user, customer=customer),
        "contact_form": form,
        "contact_editing": editing,
        "can_view_contacts": can(request.user, "view", "contact"),
        "can_change_contacts": can(request.user, "change", "contact"),
    }


def interactions_context(
    request: StaffRequest,
    customer: Customer,
    *,
    form: InteractionForm | None = None,
    page: str | None = None,
) -> dict[str, Any]:
    qs = interactions_of(user=request.user, customer=customer)
    return {
        "customer": customer,
        "interaction_form": form,
        "int_page": Paginator(qs, INTERACTIONS_PER_PAGE).get_page(page),
        "can_view_interactions": can(request.user, "view", "interaction"),
        "can_change_interactions": can(request.user, "change", "interaction"),
    }


def _panel(request: StaffRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The panel alone for htmx; inside the site's frame for a browser without it."""
    if request.htmx:
        return render(request, template, context)
    return render(request, "customers/panel_page.html", context | {"panel": template})


def _require(request: StaffRequest, action: str, kind: str) -> None:
    if not can(request.user, action, kind):
        raise PermissionDenied


def _service_errors(exc: Exception) -> dict[str, list[str]]:
    """Messages per field, from our services or from a model's ``full_clean``."""
    if isinstance(exc, ValidationFailed):
        return exc.errors
    if isinstance(exc, DjangoValidationError) and hasattr(exc, "error_dict"):
        return exc.message_dict
    return {"__all__": [str(exc)]}


# --- subscribers ---------------------------------------------------------------------


@require_GET
def subscribers_panel(request: StaffRequest, customer_id: int) -> HttpResponse:
    customer = customer_get(user=request.user, customer_id=customer_id)
    q = request.GET.get("q", "").strip()[:50]
    context = subscribers_context(request, customer, q=q, page=request.GET.get("page"))
    return _panel(request, "customers/_subscribers.html", context)


# --- contacts ------------------------------------------------------------------------


@require_GET
def contacts_panel(request: StaffRequest, customer_id: int) -> HttpResponse:
    customer = customer_get(user=request.user, customer_id=customer_id)
    return _panel(request, "customers/_contacts.html", contacts_context(request, customer))


@require_http_methods(["GET", "POST"])
def contact_new(request: StaffRequest, customer_id: int) -> HttpResponse:
    customer = customer_get(user=request.user, customer_id=customer_id, kind="contact")
    _require(request, "change", "contact")
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact_create(actor=request.user, customer=customer, data=form.raw())
        except (ValidationFailed, DjangoValidationError) as exc:
            form.show_errors(_service_errors(exc))
        else:
            return _contact_saved(request, customer)
    context = contacts_context(request, customer, form=form)
    return _panel(request, "customers/_contacts.html", context)


@require_http_methods(["GET", "POST"])
def contact_edit(request: StaffRequest, customer_id: int, contact_id: int) -> HttpResponse:
    customer = customer_get(user=request.user, customer_id=customer_id, kind="contact")
    contact = scoped_related(user=request.user, model=Contact, kind="contact", pk=contact_id)
    if contact.customer_id != customer.pk:
        raise Http404("No such contact")
    _require(request, "change", "contact")
    form = (
        ContactForm(request.POST) if request.method == "POST" else ContactForm.for_contact(contact)
    )
    if request.method == "POST" and form.is_valid():
        try:
            contact_update(actor=request.user, contact=contact, data=form.raw())
        except (ValidationFailed, DjangoValidationError) as exc:
            form.show_errors(_service_errors(exc))
        else:
            return _contact_saved(request, customer)
    context = contacts_context(request, customer, form=form, editing=contact)
    return _panel(request, "customers/_contacts.html", context)


def _contact_saved(request: StaffRequest, customer: Customer) -> HttpResponse:
    if not request.htmx:
        return redirect("customers:detail", customer_id=customer.pk)
    context = contacts_context(request, customer) | {"saved_message": _("Contact saved.")}
    return render(request, "customers/_contacts.html", context)


# --- interactions --------------------------------------------------------------------


@require_GET
def interactions_more(request: StaffRequest, customer_id: int) -> HttpResponse:
    """The next page of the timeline with its own "more" button, or the whole panel."""
    customer = customer_get(user=request.user, customer_id=customer_id)
    if request.GET.get("panel"):
        return _panel(
            request, "customers/_interactions.html", interactions_context(request, customer)
        )
    context = interactions_context(request, customer, page=request.GET.get("page"))
    return render(request, "customers/_interaction_items.html", context)


@require_http_methods(["GET", "POST"])
def interaction_new(request: StaffRequest, customer_id: int) -> HttpResponse:
    customer = customer_get(user=request.user, customer_id=customer_id, kind="interaction")
    _require(request, "change", "interaction")
    contacts = list(contacts_of(user=request.user, customer=customer))
    form = InteractionForm(request.POST or None, contacts=contacts)
    saved = (
        request.method == "POST" and form.is_valid() and _interaction_saved(request, customer, form)
    )
    if saved and not request.htmx:
        return redirect("customers:detail", customer_id=customer.pk)
    # Once saved, the panel shows the timeline with the new entry and no form.
    context = interactions_context(request, customer, form=None if saved else form)
    return _panel(request, "customers/_interactions.html", context)


def _interaction_saved(request: StaffRequest, customer: Customer, form: InteractionForm) -> bool:
    data = form.cleaned_data
    try:
        interaction_create(
            actor=request.user,
            customer=customer,
            channel=data["channel"],
            summary=data["summary"],
            occurred_at=data["occurred_at"],
            contact=form.chosen_contact(),
            inbound=data["inbound"],
        )
    except ValidationFailed as exc:
        form.show_errors(exc.errors)
        return False
    return True
