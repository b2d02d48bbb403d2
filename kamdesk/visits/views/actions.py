"""The actions on a visit page: each fetches the visit in scope, validates one form,
calls one service, and goes back to the page (or shows the form's messages there)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.forms import KamForm
from kamdesk.customers.models import Contact
from kamdesk.tickets.models import Category
from kamdesk.users.http import StaffRequest
from kamdesk.visits import forms
from kamdesk.visits.models import NeedDisposition, OnSiteItem, RaisedNeed, Visit
from kamdesk.visits.selectors import visit_get
from kamdesk.visits.services import (
    onsite_item_add,
    onsite_item_resolve,
    raised_need_add,
    raised_need_dispose,
    raised_need_to_request,
    visit_attach,
    visit_cancel,
    visit_check_in,
    visit_code_confirm,
    visit_code_send,
    visit_complete,
    visit_photo_add,
    visit_record_save,
    visit_sign,
    visit_update,
)
from kamdesk.visits.views.common import require
from kamdesk.visits.views.pages import detail_context

Run = Callable[[Visit, dict[str, Any]], object]


def _act(
    request: StaffRequest,
    visit_id: int,
    form: KamForm,
    form_name: str,
    run: Run,
    done: str,
    anchor: str = "",
) -> HttpResponse:
    visit = visit_get(user=request.user, visit_id=visit_id)
    require(request, "change")
    if form.is_valid():
        try:
            run(visit, form.cleaned_data)
        except ValidationFailed as exc:
            form.show_errors(exc.errors)
        else:
            messages.success(request, done)
            response = redirect("visits:detail", visit_id=visit.pk)
            if anchor:
                response["Location"] += f"#{anchor}"
            return response
    visit = visit_get(user=request.user, visit_id=visit_id)
    context = detail_context(request, visit, **{form_name: form}, failed=form_name)
    return render(request, "visits/detail.html", context, status=422)


@require_POST
def plan_change(request: StaffRequest, visit_id: int) -> HttpResponse:
    def run(visit: Visit, d: dict[str, Any]) -> object:
        return visit_update(visit=visit, actor=request.user, changes=d)

    return _act(
        request,
        visit_id,
        forms.PlanChangeForm(request.POST),
        "plan_form",
        run,
        _("The visit is moved."),
    )


@require_POST
def cancel(request: StaffRequest, visit_id: int) -> HttpResponse:
    def run(visit: Visit, d: dict[str, Any]) -> object:
        return visit_cancel(visit=visit, actor=request.user, reason=d["reason"])

    return _act(
        request,
        visit_id,
        forms.CancelForm(request.POST),
        "cancel_form",
        run,
        _("The visit is dropped."),
    )


@require_POST
def check_in(request: StaffRequest, visit_id: int) -> HttpResponse:
    def run(visit: Visit, d: dict[str, Any]) -> object:
        return visit_check_in(
            visit=visit,
            actor=request.user,
            consent=d["consent"],
            latitude=d["latitude"],
            longitude=d["longitude"],
            accuracy_m=d["accuracy"],
        )

    return _act(
        request,
        visit_id,
        forms.CheckInForm(request.POST),
        "checkin_form",
        run,
        _("Checked in."),
        "presence",
    )


@require_POST
def record(request: StaffRequest, visit_id: int) -> HttpResponse:
    def run(visit: Visit, d: dict[str, Any]) -> object:
        return visit_record_save(visit=visit, actor=request.user, data=d)

    return _act(
        request,
        visit_id,
        forms.RecordForm(request.POST),
        "record_form",
        run,
        _("The record is saved."),
        "record",
    )


@require_POST
def need_add(request: StaffRequest, visit_id: int) -> HttpResponse:
    def run(visit: Visit, d: dict[str, Any]) -> object:
        return raised_need_add(visit=visit, actor=request.user, description=d["description"])

    return _act(
        request,
        visit_id,
        forms.NeedForm(request.POST),
        "need_form",
        run,
        _("The need is recorded."),
        "needs",
    )


@require_POST
def need_dispose(request: StaffRequest, visit_id: int, need_id: int) -> HttpResponse:
    def run(visit: Visit, d: dict[str, Any]) -> object:
        need = get_object_or_404(RaisedNeed, pk=need_id, visit=visit)
        if d["disposition"] == NeedDisposition.REQUEST:
            category = Category.objects.filter(pk=d["category"] or 0, is_active=True).first()
            if category is None:
                raise ValidationFailed({"category": [_("Choose the request's category.")]})
            return raised_need_to_request(need=need, actor=request.user, category=category)
        return raised_need_dispose(
            need=need, actor=request.user, disposition=d["disposition"], reason=d["reason"]
        )

    return _act(
        request,
        visit_id,
        forms.DisposeForm(request.POST),
        "dispose_form",
        run,
        _("The need has its disposition."),
        "needs",
    )


@require_POST
def item_add(request: StaffRequest, visit_id: int) -> HttpResponse:
    def run(visit: Visit, d: dict[str, Any]) -> object:
        return onsite_item_add(visit=visit, actor=request.user, **d)

    return _act(
        request,
        visit_id,
        forms.ItemForm(request.POST),
        "item_form",
        run,
        _("The item is recorded."),
        "items",
    )


@require_POST
def item_resolve(request: StaffRequest, visit_id: int, item_id: int) -> HttpResponse:
    def run(visit: Visit, d: dict[str, Any]) -> object:
        item = get_object_or_404(OnSiteItem, pk=item_id, visit=visit)
        return onsite_item_resolve(item=item, actor=request.user, resolution=d["resolution"])

    return _act(
        request,
        visit_id,
        forms.ResolveForm(request.POST),
        "resolve_form",
        run,
        _("The item is resolved."),
        "items",
    )


@require_POST
def sign(request: StaffRequest, visit_id: int) -> HttpResponse:
    def run(visit: Visit, d: dict[str, Any]) -> object:
        return visit_sign(
            visit=visit,
            actor=request.user,
            signer_name=d["signer_name"],
            signer_title=d["signer_title"],
            image_data_url=d["signature"],
        )

    return _act(
        request,
        visit_id,
        forms.SignForm(request.POST),
        "sign_form",
        run,
        _("The customer's signature is stored."),
        "signature",
    )


@require_POST
def code_send(request: StaffRequest, visit_id: int) -> HttpResponse:
    def run(visit: Visit, d: dict[str, Any]) -> object:
        contact = get_object_or_404(Contact, pk=d["contact"], customer_id=visit.customer_id)
        visit_code_send(visit=visit, actor=request.user, contact=contact)
        return contact

    return _act(
        request,
        visit_id,
        forms.CodeSendForm(request.POST),
        "codesend_form",
        run,
        _("The code is sent to the customer."),
        "presence",
    )


@require_POST
def code_confirm(request: StaffRequest, visit_id: int) -> HttpResponse:
    def run(visit: Visit, d: dict[str, Any]) -> object:
        return visit_code_confirm(visit=visit, actor=request.user, code=d["code"])

    return _act(
        request,
        visit_id,
        forms.CodeConfirmForm(request.POST),
        "code_form",
        run,
        _("The customer confirmed the visit."),
        "presence",
    )


@require_POST
def upload(request: StaffRequest, visit_id: int) -> HttpResponse:
    as_photo = request.POST.get("as") == "photo"

    def run(visit: Visit, d: dict[str, Any]) -> object:
        upload = d["file"]
        if as_photo:
            return visit_photo_add(
                visit=visit,
                actor=request.user,
                name=upload.name,
                data=upload.read(),
                caption=d["caption"],
            )
        return visit_attach(visit=visit, actor=request.user, upload=upload)

    form = forms.FileForm(request.POST, request.FILES)
    done = _("The photo is stamped and stored.") if as_photo else _("The file is attached.")
    return _act(request, visit_id, form, "file_form", run, done, "files")


@require_POST
def complete(request: StaffRequest, visit_id: int) -> HttpResponse:
    def run(visit: Visit, d: dict[str, Any]) -> object:
        return visit_complete(visit=visit, actor=request.user)

    return _act(
        request, visit_id, KamForm(request.POST), "complete_form", run, _("The visit is completed.")
    )
