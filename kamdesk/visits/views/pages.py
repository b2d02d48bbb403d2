"""The visit list, a new visit, and the visit page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.selectors import contacts_of, customer_get
from kamdesk.files.models import StoredFile
from kamdesk.tickets.models import Category
from kamdesk.users.http import StaffRequest
from kamdesk.users.permissions import can
from kamdesk.visits import forms
from kamdesk.visits.models import Visit, VisitStatus
from kamdesk.visits.selectors import dropped_required_visits, visit_get, visits_visible_to
from kamdesk.visits.services import (
    VisitInput,
    current_signature,
    signature_matches,
    visit_create,
)
from kamdesk.visits.signing import png_data_url
from kamdesk.visits.views.common import require


def visit_list(request: StaffRequest) -> HttpResponse:
    require(request, "list")
    qs = visits_visible_to(user=request.user).order_by("-planned_date", "route_order")
    status = request.GET.get("status", "")
    if status in VisitStatus.values:
        qs = qs.filter(status=status)
    customer = request.GET.get("customer", "")
    if customer.isdigit():
        qs = qs.filter(customer_id=int(customer))
    if request.GET.get("required"):
        qs = qs.exclude(required_reason="")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "visits/list.html",
        {
            "page": page,
            "status": status,
            "statuses": VisitStatus.choices,
            "customer": customer,
            "dropped": dropped_required_visits(user=request.user)[:20],
        },
    )


def visit_new(request: StaffRequest) -> HttpResponse:
    require(request, "change")
    form = forms.VisitForm(
        request.POST or None,
        initial={"customer": request.GET.get("customer"), "planned_date": timezone.localdate()},
    )
    customer = None
    cid = request.POST.get("customer") or request.GET.get("customer") or ""
    if str(cid).isdigit():
        customer = customer_get(user=request.user, customer_id=int(cid))
    if request.method == "POST" and form.is_valid() and customer is not None:
        data = form.cleaned_data
        try:
            visit = visit_create(
                actor=request.user,
                data=VisitInput(
                    customer=customer,
                    planned_date=data["planned_date"],
                    planned_time=data["planned_time"],
                    planned_minutes=data["planned_minutes"] or 60,
                    kind=data["kind"],
                    purpose=data["purpose"],
                    resolves_problem=data["resolves_problem"],
                    note=data["note"],
                ),
            )
        except ValidationFailed as exc:
            form.show_errors(exc.errors)
        else:
            messages.success(request, _("The visit is planned."))
            return redirect("visits:detail", visit_id=visit.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "visits/new.html", {"form": form, "customer": customer}, status=status)


def _files(visit: Visit) -> tuple[list[StoredFile], dict[str, StoredFile]]:
    rows = list(StoredFile.objects.filter(owner_kind="visit", owner_id=visit.pk))
    photo_ids = {str(p.file_id) for p in visit.photos.all()}
    by_id = {str(f.pk): f for f in rows}
    return [f for f in rows if str(f.pk) not in photo_ids], by_id


def detail_context(request: StaffRequest, visit: Visit, **forms_given: Any) -> dict[str, Any]:
    signature = current_signature(visit)
    attachments, files_by_id = _files(visit)
    record_initial = {k: getattr(visit, k) for k in forms.RecordForm.base_fields}
    if visit.started_at:
        record_initial["started_at"] = timezone.localtime(visit.started_at)
    context: dict[str, Any] = {
        "visit": visit,
        "customer": visit.customer,
        "signature": signature,
        "signature_image": png_data_url(bytes(signature.image_png)) if signature else "",
        "signature_matches": signature_matches(visit, signature) if signature else None,
        "needs": list(visit.needs.all()),
        "items": list(visit.onsite_items.all()),
        "photos": [(p, files_by_id.get(str(p.file_id))) for p in visit.photos.all()],
        "attachments": attachments,
        "contacts": [c for c in contacts_of(user=request.user, customer=visit.customer) if c.phone],
        "categories": Category.objects.filter(is_active=True),
        "can_change": can(request.user, "change", "visit")
        and visit.status not in (VisitStatus.CANCELLED, VisitStatus.MISSED),
        "is_open": visit.is_open,
        "plan_form": forms.PlanChangeForm(
            initial={k: getattr(visit, k) for k in forms.PlanChangeForm.base_fields}
        ),
        "cancel_form": forms.CancelForm(),
        "checkin_form": forms.CheckInForm(),
        "record_form": forms.RecordForm(initial=record_initial),
        "need_form": forms.NeedForm(),
        "item_form": forms.ItemForm(),
        "sign_form": forms.SignForm(),
        "code_form": forms.CodeConfirmForm(),
        "file_form": forms.FileForm(),
    }
    context.update(forms_given)
    return context


def visit_detail(request: StaffRequest, visit_id: int) -> HttpResponse:
    require(request, "view")
    visit = visit_get(user=request.user, visit_id=visit_id)
    return render(request, "visits/detail.html", detail_context(request, visit))
