"""Staff pages: the statements panel of the 360 page, the customer's statements page
(preferences, authorisations, large-group jobs, history), previews and the delivery log.
Thin: fetch with the scope check, validate, call one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Customer
from kamdesk.statements import selectors
from kamdesk.statements.forms import (
    AuthorisationForm,
    GenerateForm,
    JobForm,
    PreferenceForm,
    SendNowForm,
)
from kamdesk.statements.models import (
    Authorisation,
    Delivery,
    DeliveryStatus,
    GenerationJob,
    Subscription,
)
from kamdesk.statements.responses import preview_response
from kamdesk.statements.services.delivery import (
    delivery_hand_over,
    delivery_send_now,
    previous_month,
)
from kamdesk.statements.services.documents import statement_open
from kamdesk.statements.services.jobs import job_send_link, job_start
from kamdesk.statements.services.preview import CONTENT_TYPES
from kamdesk.statements.services.setup import (
    PreferenceInput,
    authorisation_create,
    authorisation_revoke,
    subscription_save,
    subscription_stop,
)
from kamdesk.users.http import StaffRequest
from kamdesk.users.permissions import can


def _customer(request: StaffRequest, customer_id: int) -> Customer:
    return selectors.statements_customer(user=request.user, customer_id=customer_id)


def _require_change(request: StaffRequest) -> None:
    if not can(request.user, "change", "statement"):
        raise PermissionDenied


def _form_errors(request: StaffRequest, errors: dict[str, list[str]] | Any) -> None:
    for field, msgs in dict(errors).items():
        for message in msgs:
            messages.error(request, f"{field}: {message}")


def _context(request: StaffRequest, customer: Customer) -> dict[str, Any]:
    default_month = previous_month(timezone.localdate())
    return {
        "customer": customer,
        "statements": selectors.statements_of(customer=customer).filter(path__gt="")[:20],
        "deliveries": selectors.deliveries_of(customer=customer)[:20],
        "preferences": selectors.subscriptions_of(customer=customer).filter(active=True),
        "can_change": can(request.user, "change", "statement"),
        "default_month": f"{default_month:%Y-%m}",
        "generate_form": GenerateForm(
            customer=customer, initial={"month": f"{default_month:%Y-%m}"}
        ),
    }


@require_GET
def customer_panel(request: StaffRequest, customer_id: int) -> HttpResponse:
    customer = _customer(request, customer_id)
    return render(request, "statements/_customer_panel.html", _context(request, customer))


@require_GET
def customer_page(request: StaffRequest, customer_id: int) -> HttpResponse:
    customer = _customer(request, customer_id)
    context = _context(request, customer)
    context.update(
        {
            "authorisations": selectors.authorisations_of(customer=customer),
            "jobs": selectors.jobs_of(customer=customer)[:10],
            "preference_form": PreferenceForm(customer=customer),
            "authorisation_form": AuthorisationForm(customer=customer),
            "job_form": JobForm(customer=customer, initial={"month": context["default_month"]}),
            "today": timezone.localdate(),
        }
    )
    return render(request, "statements/customer.html", context)


@require_GET
def preview(request: StaffRequest, customer_id: int) -> HttpResponse:
    customer = _customer(request, customer_id)
    form = GenerateForm(request.GET, customer=customer)
    if not form.is_valid():
        return HttpResponse(
            "; ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in form.errors.items()),
            status=422,
        )
    try:
        return preview_response(user=request.user, data=form.cleaned_data, inline_pdf=True)
    except ValidationFailed as exc:
        return HttpResponse("; ".join(m for v in exc.errors.values() for m in v), status=422)


@require_POST
def preference_add(request: StaffRequest, customer_id: int) -> HttpResponse:
    customer = _customer(request, customer_id)
    _require_change(request)
    form = PreferenceForm(request.POST, customer=customer)
    if not form.is_valid():
        _form_errors(request, form.errors)
        return redirect("statements:customer", customer.pk)
    d = form.cleaned_data
    try:
        subscription_save(
            customer=customer,
            data=PreferenceInput(
                account=d["account"],
                subscriber=d["subscriber"],
                document=d["document"],
                format=d["format"],
                channel=d["channel"],
                recipient_kind=d["recipient_kind"],
                contact=d["contact"],
                email=d["email"] or "",
                phone=d["phone"] or "",
                day_of_month=d["day_of_month"],
                layout=d["layout"] or "",
            ),
            actor=request.user,
        )
    except ValidationFailed as exc:
        _form_errors(request, exc.errors)
    else:
        messages.success(request, _("Delivery preference saved."))
    return redirect("statements:customer", customer.pk)


def _subscription(request: StaffRequest, pk: int) -> Subscription:
    row = get_object_or_404(Subscription.objects.select_related("customer"), pk=pk)
    _customer(request, row.customer_id)
    _require_change(request)
    return row


@require_POST
def preference_stop(request: StaffRequest, pk: int) -> HttpResponse:
    row = _subscription(request, pk)
    subscription_stop(subscription=row, actor=request.user)
    messages.success(request, _("Delivery preference stopped."))
    return redirect("statements:customer", row.customer_id)


@require_POST
def send_now(request: StaffRequest, pk: int) -> HttpResponse:
    row = _subscription(request, pk)
    form = SendNowForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form.errors)
        return redirect("statements:customer", row.customer_id)
    delivery = delivery_send_now(
        subscription=row, month=form.cleaned_data["month"], actor=request.user
    )
    if delivery.status == DeliveryStatus.QUEUED and delivery.statement_id is None:
        messages.success(request, _("Being made in the background; it is sent when ready."))
    elif delivery.status in (DeliveryStatus.SENT, DeliveryStatus.TO_HAND_OVER):
        messages.success(
            request, _("Sent: %(status)s.") % {"status": delivery.get_status_display()}
        )
    else:
        messages.error(
            request,
            _("Not sent (%(status)s): %(error)s")
            % {"status": delivery.get_status_display(), "error": delivery.last_error},
        )
    return redirect("statements:customer", row.customer_id)


@require_POST
def authorisation_add(request: StaffRequest, customer_id: int) -> HttpResponse:
    customer = _customer(request, customer_id)
    _require_change(request)
    form = AuthorisationForm(request.POST, request.FILES, customer=customer)
    if not form.is_valid():
        _form_errors(request, form.errors)
        return redirect("statements:customer", customer.pk)
    d = form.cleaned_data
    try:
        authorisation_create(
            customer=customer,
            account=d["account"],
            contact=d["contact"],
            valid_from=d["valid_from"],
            valid_to=d["valid_to"],
            upload=d["file"],
            actor=request.user,
            note=d["note"],
        )
    except ValidationFailed as exc:
        _form_errors(request, exc.errors)
    else:
        messages.success(request, _("Authorisation recorded."))
    return redirect("statements:customer", customer.pk)


@require_POST
def revoke_authorisation(request: StaffRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(Authorisation, pk=pk)
    _customer(request, row.customer_id)
    _require_change(request)
    authorisation_revoke(authorisation=row, actor=request.user)
    messages.success(request, _("Authorisation revoked."))
    return redirect("statements:customer", row.customer_id)


@require_POST
def job_add(request: StaffRequest, customer_id: int) -> HttpResponse:
    customer = _customer(request, customer_id)
    _require_change(request)
    form = JobForm(request.POST, customer=customer)
    if not form.is_valid():
        _form_errors(request, form.errors)
        return redirect("statements:customer", customer.pk)
    d = form.cleaned_data
    try:
        job_start(
            customer=customer,
            account=d["account"],
            contact=d["contact"],
            month=d["month"],
            layout=d["layout"],
            file_format=d["file_format"],
            actor=request.user,
        )
    except ValidationFailed as exc:
        _form_errors(request, exc.errors)
    else:
        messages.success(request, _("Generation started; progress is shown below."))
    return redirect("statements:customer", customer.pk)


@require_GET
def job_status(request: StaffRequest, pk: int) -> HttpResponse:
    job = selectors.job_get(user=request.user, job_id=pk)
    return render(
        request,
        "statements/_job.html",
        {"job": job, "can_change": can(request.user, "change", "statement")},
    )


@require_POST
def job_send(request: StaffRequest, pk: int) -> HttpResponse:
    job: GenerationJob = selectors.job_get(user=request.user, job_id=pk)
    _require_change(request)
    try:
        delivery = job_send_link(job=job, actor=request.user)
    except ValidationFailed as exc:
        _form_errors(request, exc.errors)
    else:
        messages.success(
            request,
            _("Download link sent: %(status)s.") % {"status": delivery.get_status_display()},
        )
    return redirect("statements:customer", job.customer_id)


def _delivery(request: StaffRequest, pk: int) -> Delivery:
    row = get_object_or_404(Delivery.objects.select_related("statement"), pk=pk)
    _customer(request, row.customer_id)
    _require_change(request)
    return row


@require_POST
def hand_over(request: StaffRequest, pk: int) -> HttpResponse:
    row = _delivery(request, pk)
    try:
        delivery_hand_over(delivery=row, actor=request.user)
    except ValidationFailed as exc:
        _form_errors(request, exc.errors)
    else:
        messages.success(request, _("Recorded as handed over."))
    return redirect("statements:customer", row.customer_id)


@require_GET
def print_file(request: StaffRequest, pk: int) -> FileResponse:
    """The document of a printed delivery, to print and hand over (audited)."""
    row = _delivery(request, pk)
    if row.statement is None or row.status not in (
        DeliveryStatus.TO_HAND_OVER,
        DeliveryStatus.HANDED_OVER,
    ):
        raise Http404("Not found")
    audit_record(
        actor=request.user,
        action="statement.printed",
        target=row.statement,
        customer_id=row.customer_id,
        extra={"delivery": row.pk},
    )
    statement = row.statement
    return FileResponse(
        statement_open(statement),
        as_attachment=True,
        filename=statement.file_name,
        content_type=CONTENT_TYPES.get(statement.format, "application/octet-stream"),
    )


@require_GET
def delivery_log(request: StaffRequest) -> HttpResponse:
    if not can(request.user, "list", "statement"):
        raise Http404("Not found")
    status = request.GET.get("status", "")
    if status not in DeliveryStatus.values:
        status = ""
    rows = selectors.deliveries_visible_to(user=request.user, status=status)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "statements/deliveries.html",
        {"page": page, "status": status, "statuses": DeliveryStatus.choices},
    )
