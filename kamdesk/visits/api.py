"""/api/v1/visits: list, read, plan, change, check in, confirm by SMS code, record needs,
sign, attach and complete visits. Reads go through the pages' selectors (anything
outside the caller's scope answers 404); writes through the services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja import File, P, PathEx, Query, Router, Status, UploadedFile
from ninja.errors import HttpError

from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Contact
from kamdesk.customers.schemas import MAX_ID, ApiRequest, DetailOut, ErrorsOut, paginate
from kamdesk.customers.selectors import customer_get, list_require
from kamdesk.files.models import StoredFile
from kamdesk.tickets.models import Category
from kamdesk.users.models import User
from kamdesk.users.permissions import can
from kamdesk.visits import services
from kamdesk.visits.models import Visit
from kamdesk.visits.schemas import (
    CancelIn,
    CheckInIn,
    CodeIn,
    CodeSendIn,
    DispositionIn,
    FileOut,
    ItemOut,
    NeedIn,
    NeedOut,
    SignatureIn,
    SignatureOut,
    VisitDetailOut,
    VisitIn,
    VisitOut,
    VisitPage,
    VisitQuery,
    VisitUpdateIn,
    time_of,
)
from kamdesk.visits.selectors import visit_get, visits_visible_to
from kamdesk.visits.services.record import RECORD_FIELDS

router = Router(tags=["visits"])
Id = PathEx[int, P(ge=1, le=MAX_ID)]
PLAN_FIELDS = ("planned_date", "planned_time", "kind")


def answers(ok: dict[int, object], *, write: bool = False) -> dict[int, object]:
    declared: dict[int, object] = {**ok, 401: DetailOut, 404: DetailOut, 422: ErrorsOut}
    if write:
        declared.update({400: DetailOut, 403: DetailOut})
    return declared


def _writable(user: User, visit_id: int) -> Visit:
    visit = visit_get(user=user, visit_id=visit_id)
    if not can(user, "change", "visit"):
        raise HttpError(403, _("You may not change visits."))
    return visit


def _file_out(f: StoredFile) -> FileOut:
    return FileOut(
        id=str(f.pk), name=f.name, size=f.size, content_type=f.content_type, sha256=f.sha256
    )


def _detail(visit: Visit) -> VisitDetailOut:
    signature = services.current_signature(visit)
    return VisitDetailOut(
        **VisitOut.of(visit).dict(),
        needs=[NeedOut.of(n) for n in visit.needs.all()],
        items=[
            ItemOut(
                id=i.pk,
                kind=i.kind,
                description=i.description,
                requester_name=i.requester_name,
                status=i.status,
                handoff_ref=i.handoff_ref,
            )
            for i in visit.onsite_items.all()
        ],
        signature=SignatureOut.of(signature, services.signature_matches(visit, signature))
        if signature
        else None,
        attachments=[
            _file_out(f) for f in StoredFile.objects.filter(owner_kind="visit", owner_id=visit.pk)
        ],
    )


@router.get("/visits", response=answers({200: VisitPage}))
def list_visits(request: ApiRequest, params: Query[VisitQuery]):  # type: ignore[no-untyped-def]
    """Visits in scope, the latest planned first."""
    list_require(user=request.auth, kind="visit", customer_id=params.customer_id)
    qs = visits_visible_to(user=request.auth).order_by("-planned_date", "route_order", "-pk")
    if params.status:
        qs = qs.filter(status=params.status)
    if params.customer_id:
        qs = qs.filter(customer_id=params.customer_id)
    if params.date_from:
        qs = qs.filter(planned_date__gte=params.date_from)
    if params.date_to:
        qs = qs.filter(planned_date__lte=params.date_to)
    return paginate(qs, params, VisitOut.of)


@router.post("/visits", response=answers({201: VisitOut}, write=True))
def create_visit(request: ApiRequest, payload: VisitIn):  # type: ignore[no-untyped-def]
    user: User = request.auth
    customer = customer_get(user=user, customer_id=payload.customer_id)
    if not can(user, "change", "visit"):
        raise HttpError(403, _("You may not change visits."))
    visit = services.visit_create(
        actor=user,
        data=services.VisitInput(
            customer=customer,
            planned_date=payload.planned_date,
            planned_time=time_of(payload.planned_time),
            planned_minutes=payload.planned_minutes,
            kind=payload.kind,
            purpose=payload.purpose,
            resolves_problem=payload.resolves_problem,
            note=payload.note,
        ),
    )
    return Status(201, VisitOut.of(visit))


@router.get("/visits/{visit_id}", response=answers({200: VisitDetailOut}))
def get_visit(request: ApiRequest, visit_id: Id):  # type: ignore[no-untyped-def]
    return _detail(visit_get(user=request.auth, visit_id=visit_id))


@router.patch("/visits/{visit_id}", response=answers({200: VisitOut}, write=True))
def update_visit(request: ApiRequest, visit_id: Id, payload: VisitUpdateIn):  # type: ignore[no-untyped-def]
    visit = _writable(request.auth, visit_id)
    sent: dict[str, Any] = payload.dict(exclude_unset=True)
    if any(
        v is None
        for k, v in sent.items()
        if k not in ("planned_time", "started_at", "duration_minutes")
    ):
        raise ValidationFailed(
            {k: [_("This field may not be null.")] for k, v in sent.items() if v is None}
        )
    plan = {k: v for k, v in sent.items() if k in PLAN_FIELDS}
    if "planned_time" in plan:
        plan["planned_time"] = time_of(plan["planned_time"])
    record = {k: v for k, v in sent.items() if k in RECORD_FIELDS}
    if plan:
        visit = services.visit_update(visit=visit, actor=request.auth, changes=plan)
    if record:
        visit = services.visit_record_save(visit=visit, actor=request.auth, data=record)
    return VisitOut.of(visit)


@router.post("/visits/{visit_id}/cancel", response=answers({200: VisitOut}, write=True))
def cancel_visit(request: ApiRequest, visit_id: Id, payload: CancelIn):  # type: ignore[no-untyped-def]
    """Drop a visit; a required one needs the reason, and the supervisor is told."""
    visit = _writable(request.auth, visit_id)
    return VisitOut.of(
        services.visit_cancel(visit=visit, actor=request.auth, reason=payload.reason)
    )


@router.post("/visits/{visit_id}/check-in", response=answers({200: VisitOut}, write=True))
def check_in(request: ApiRequest, visit_id: Id, payload: CheckInIn):  # type: ignore[no-untyped-def]
    """Record arrival at the server's time; the location only with consent."""
    visit = _writable(request.auth, visit_id)
    visit = services.visit_check_in(
        visit=visit,
        actor=request.auth,
        consent=payload.consent,
        latitude=payload.latitude,
        longitude=payload.longitude,
        accuracy_m=payload.accuracy_m,
    )
    return VisitOut.of(visit)


@router.post("/visits/{visit_id}/sms-code", response=answers({202: DetailOut}, write=True))
def send_code(request: ApiRequest, visit_id: Id, payload: CodeSendIn):  # type: ignore[no-untyped-def]
    """Send the customer's contact a one-time code that confirms the visit."""
    visit = _writable(request.auth, visit_id)
    contact = Contact.objects.filter(pk=payload.contact_id, customer_id=visit.customer_id).first()
    if contact is None:
        raise ValidationFailed({"contact_id": [_("No such contact of this customer.")]})
    services.visit_code_send(visit=visit, actor=request.auth, contact=contact)
    return Status(202, DetailOut(detail=_("The code is sent to the customer.")))


@router.post("/visits/{visit_id}/sms-code/confirm", response=answers({200: VisitOut}, write=True))
def confirm_code(request: ApiRequest, visit_id: Id, payload: CodeIn):  # type: ignore[no-untyped-def]
    visit = _writable(request.auth, visit_id)
    return VisitOut.of(
        services.visit_code_confirm(visit=visit, actor=request.auth, code=payload.code)
    )


@router.post("/visits/{visit_id}/needs", response=answers({201: NeedOut}, write=True))
def add_need(request: ApiRequest, visit_id: Id, payload: NeedIn):  # type: ignore[no-untyped-def]
    visit = _writable(request.auth, visit_id)
    need = services.raised_need_add(
        visit=visit, actor=request.auth, description=payload.description
    )
    return Status(201, NeedOut.of(need))


@router.post(
    "/visits/{visit_id}/needs/{need_id}/disposition", response=answers({200: NeedOut}, write=True)
)
def dispose_need(request: ApiRequest, visit_id: Id, need_id: Id, payload: DispositionIn):  # type: ignore[no-untyped-def]
    """A request (opened now in the given category) or no action with a reason."""
    visit = _writable(request.auth, visit_id)
    need = visit.needs.filter(pk=need_id).first()
    if need is None:
        raise HttpError(404, _("Not found."))
    if payload.disposition == "request":
        category = Category.objects.filter(code=payload.category, is_active=True).first()
        if category is None:
            raise ValidationFailed({"category": [_("Unknown category.")]})
        need = services.raised_need_to_request(need=need, actor=request.auth, category=category)
    else:
        need = services.raised_need_dispose(
            need=need, actor=request.auth, disposition="no_action", reason=payload.reason
        )
    return NeedOut.of(need)


@router.post("/visits/{visit_id}/signature", response=answers({201: SignatureOut}, write=True))
def sign_visit(request: ApiRequest, visit_id: Id, payload: SignatureIn):  # type: ignore[no-untyped-def]
    """The customer's signature over the record as it stands now."""
    visit = _writable(request.auth, visit_id)
    signature = services.visit_sign(
        visit=visit,
        actor=request.auth,
        signer_name=payload.signer_name,
        signer_title=payload.signer_title,
        image_data_url=payload.image,
    )
    return Status(201, SignatureOut.of(signature, True))


@router.get("/visits/{visit_id}/attachments", response=answers({200: list[FileOut]}))
def list_attachments(request: ApiRequest, visit_id: Id):  # type: ignore[no-untyped-def]
    visit = visit_get(user=request.auth, visit_id=visit_id)
    return [_file_out(f) for f in StoredFile.objects.filter(owner_kind="visit", owner_id=visit.pk)]


@router.post("/visits/{visit_id}/attachments", response=answers({201: FileOut}, write=True))
def add_attachment(request: ApiRequest, visit_id: Id, file: File[UploadedFile]):  # type: ignore[no-untyped-def]
    """Attach a private file (downloaded through /files/<id>/, checked and audited)."""
    visit = _writable(request.auth, visit_id)
    return Status(
        201, _file_out(services.visit_attach(visit=visit, actor=request.auth, upload=file))
    )


@router.post("/visits/{visit_id}/complete", response=answers({200: VisitOut}, write=True))
def complete_visit(request: ApiRequest, visit_id: Id):  # type: ignore[no-untyped-def]
    """Close the visit: needs disposed of; a problem-solving visit signed or declined."""
    visit = _writable(request.auth, visit_id)
    return VisitOut.of(services.visit_complete(visit=visit, actor=request.auth))
