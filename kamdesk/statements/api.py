"""/api/v1/statements: documents made, delivery preferences, sending, the delivery log
and large-group jobs. Reads go through ``statements.selectors`` (the customers' scope:
404 outside it), writes through the services; numbers are masked in every answer."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import (
    Field,
    File,
    Form,
    P,
    PathEx,
    Query,
    Router,
    Schema,
    Status,
    UploadedFile,
)
from ninja.errors import HttpError

from kamdesk.core.errors import ValidationFailed
from kamdesk.core.masking import mask_email, mask_number
from kamdesk.customers.schemas import MAX_ID, ApiRequest, Body, PageParams, answers, paginate
from kamdesk.customers.selectors import kind_require
from kamdesk.statements import selectors
from kamdesk.statements.forms import GenerateForm
from kamdesk.statements.models import (
    Authorisation,
    Delivery,
    GenerationJob,
    Statement,
    Subscription,
    fen_to_yuan,
)
from kamdesk.statements.responses import preview_response
from kamdesk.statements.services.delivery import delivery_send_now
from kamdesk.statements.services.jobs import job_start
from kamdesk.statements.services.preview import CONTENT_TYPES
from kamdesk.statements.services.setup import (
    PreferenceInput,
    authorisation_create,
    authorisation_revoke,
    subscription_save,
    subscription_stop,
)
from kamdesk.users.models import User
from kamdesk.users.permissions import can

router = Router(tags=["statements"])
RowId = PathEx[int, P(ge=1, le=MAX_ID, example=1)]
MonthText = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2026-10"])]
CustomerId = Annotated[int, Field(ge=1, le=MAX_ID)]


def _month(text: str) -> dt.date:
    return dt.date(int(text[:4]), int(text[5:7]), 1)


def _require_change(user: User) -> None:
    if not can(user, "change", "statement"):
        raise HttpError(403, _("You may not change statements."))


class StatementOut(Schema):
    id: int
    number: str
    document: str
    format: str
    month: str
    account_code: str
    subscriber_number: str = Field(description="Masked.")
    total_yuan: str
    records: int
    bill_version: int | None
    replaces_version: int | None
    created_at: dt.datetime

    @classmethod
    def of(cls, s: Statement) -> StatementOut:
        return cls(
            id=s.pk,
            number=s.number,
            document=s.document,
            format=s.format,
            month=f"{s.month:%Y-%m}",
            account_code=s.account.code,
            subscriber_number=mask_number(s.subscriber.number) if s.subscriber else "",
            total_yuan=str(fen_to_yuan(s.total_fen)),
            records=s.records,
            bill_version=s.bill_version,
            replaces_version=s.replaces_version,
            created_at=s.created_at,
        )


class StatementPage(Schema):
    items: list[StatementOut]
    count: int


class DeliveryOut(Schema):
    id: int
    customer_id: int
    statement_number: str
    month: str
    channel: str
    recipient: str = Field(description="Masked.")
    recipient_name: str
    status: str
    attempts: int
    last_error: str
    sent_at: dt.datetime | None
    created_at: dt.datetime

    @classmethod
    def of(cls, d: Delivery) -> DeliveryOut:
        masked = mask_email(d.recipient) if d.channel == "email" else mask_number(d.recipient)
        return cls(
            id=d.pk,
            customer_id=d.customer_id,
            statement_number=d.statement.number if d.statement else "",
            month=f"{d.month:%Y-%m}",
            channel=d.channel,
            recipient=masked,
            recipient_name=d.recipient_label,
            status=d.status,
            attempts=d.attempts,
            last_error=d.last_error,
            sent_at=d.sent_at,
            created_at=d.created_at,
        )


class DeliveryPage(Schema):
    items: list[DeliveryOut]
    count: int


class PreferenceOut(Schema):
    id: int
    account_id: int
    subscriber_id: int | None
    document: str
    format: str
    channel: str
    recipient_kind: str
    contact_id: int | None
    email: str = Field(description="Masked.")
    phone: str = Field(description="Masked.")
    day_of_month: int
    layout: str
    active: bool

    @classmethod
    def of(cls, p: Subscription) -> PreferenceOut:
        return cls(
            id=p.pk,
            account_id=p.account_id,
            subscriber_id=p.subscriber_id,
            document=p.document,
            format=p.format,
            channel=p.channel,
            recipient_kind=p.recipient_kind,
            contact_id=p.contact_id,
            email=mask_email(p.email),
            phone=mask_number(p.phone),
            day_of_month=p.day_of_month,
            layout=p.layout,
            active=p.active,
        )


class PreferencePage(Schema):
    items: list[PreferenceOut]
    count: int


class PreferenceIn(Body):
    customer_id: CustomerId
    account_id: CustomerId
    subscriber_id: CustomerId | None = None
    document: Literal["bill", "statement"]
    format: Literal["pdf", "xlsx", "csv"] = "pdf"
    channel: Literal["email", "sms_link", "print"]
    recipient_kind: Literal["holder", "contact"]
    contact_id: CustomerId | None = None
    email: Annotated[str, Field(max_length=254)] = ""
    phone: Annotated[
        str,
        Field(
            max_length=14,
            description="Empty: the recipient's mobile on file; otherwise it must be that one.",
        ),
    ] = ""
    day_of_month: Annotated[int, Field(ge=1, le=28)] = 5
    layout: Literal["", "per_subscriber", "one_spreadsheet"] = Field(
        "", description="Itemised statements of a whole account (no subscriber_id): the files."
    )


class SendIn(Body):
    month: MonthText


class JobIn(Body):
    customer_id: CustomerId
    account_id: CustomerId
    contact_id: CustomerId
    month: MonthText
    layout: Literal["per_subscriber", "one_spreadsheet"] = "per_subscriber"
    file_format: Literal["pdf", "xlsx", "csv"] = "pdf"


class JobOut(Schema):
    id: int
    status: str
    done: int
    total: int
    percent: int
    statement_number: str
    error: str

    @classmethod
    def of(cls, j: GenerationJob) -> JobOut:
        return cls(
            id=j.pk,
            status=j.status,
            done=j.done,
            total=j.total,
            percent=j.percent,
            statement_number=j.statement.number if j.statement else "",
            error=j.error,
        )


class AuthorisationOut(Schema):
    id: int
    account_id: int
    contact_id: int
    contact_name: str
    valid_from: dt.date
    valid_to: dt.date
    revoked_at: dt.datetime | None
    file_id: str = Field(description="The signed scan, downloaded through /files/<id>/.")
    valid_today: bool

    @classmethod
    def of(cls, a: Authorisation) -> AuthorisationOut:
        return cls(
            id=a.pk,
            account_id=a.account_id,
            contact_id=a.contact_id,
            contact_name=a.contact.name,
            valid_from=a.valid_from,
            valid_to=a.valid_to,
            revoked_at=a.revoked_at,
            file_id=str(a.file_id or ""),
            valid_today=a.covers(timezone.localdate()),
        )


class AuthorisationPage(Schema):
    items: list[AuthorisationOut]
    count: int


class AuthorisationIn(Schema):
    customer_id: CustomerId
    account_id: CustomerId
    contact_id: CustomerId
    valid_from: dt.date
    valid_to: dt.date
    note: Annotated[str, Field(max_length=200)] = ""


class CustomerQuery(PageParams):
    customer_id: CustomerId


class DeliveryQuery(PageParams):
    customer_id: CustomerId | None = None
    status: Literal[
        "", "queued", "sending", "sent", "to_hand_over", "handed_over", "failed", "refused"
    ] = ""


@router.get("/statements", response=answers({200: StatementPage}))
def list_statements(request: ApiRequest, params: Query[CustomerQuery]):  # type: ignore[no-untyped-def]
    """Documents made for a customer, newest first."""
    customer = selectors.statements_customer(user=request.auth, customer_id=params.customer_id)
    return paginate(selectors.statements_of(customer=customer), params, StatementOut.of)


@router.get("/statements/deliveries", response=answers({200: DeliveryPage}))
def list_deliveries(request: ApiRequest, params: Query[DeliveryQuery]):  # type: ignore[no-untyped-def]
    """The delivery log: what went to whom, through which channel, when, with what result."""
    kind_require(user=request.auth, action="list", kind="statement")
    if params.customer_id is not None:
        customer = selectors.statements_customer(user=request.auth, customer_id=params.customer_id)
        qs = selectors.deliveries_of(customer=customer)
        qs = qs.filter(status=params.status) if params.status else qs
    else:
        qs = selectors.deliveries_visible_to(user=request.auth, status=params.status)
    return paginate(qs, params, DeliveryOut.of)


@router.get("/statements/preferences", response=answers({200: PreferencePage}))
def list_preferences(request: ApiRequest, params: Query[CustomerQuery]):  # type: ignore[no-untyped-def]
    customer = selectors.statements_customer(user=request.auth, customer_id=params.customer_id)
    return paginate(selectors.subscriptions_of(customer=customer), params, PreferenceOut.of)


@router.post("/statements/preferences", response=answers({201: PreferenceOut}, write=True))
def create_preference(request: ApiRequest, payload: PreferenceIn):  # type: ignore[no-untyped-def]
    """Add a delivery preference (which document, format, channel, recipient, day)."""
    user = request.auth
    customer = selectors.statements_customer(user=user, customer_id=payload.customer_id)
    _require_change(user)
    account = selectors.account_of(customer=customer, account_id=payload.account_id)
    subscriber = (
        selectors.subscriber_of(customer=customer, subscriber_id=payload.subscriber_id)
        if payload.subscriber_id
        else None
    )
    contact = (
        selectors.contact_of(customer=customer, contact_id=payload.contact_id)
        if payload.contact_id
        else None
    )
    row = subscription_save(
        customer=customer,
        data=PreferenceInput(
            account=account,
            subscriber=subscriber,
            document=payload.document,
            format=payload.format,
            channel=payload.channel,
            recipient_kind=payload.recipient_kind,
            contact=contact,
            email=payload.email,
            phone=payload.phone,
            day_of_month=payload.day_of_month,
            layout=payload.layout,
        ),
        actor=user,
    )
    return 201, PreferenceOut.of(row)


@router.post("/statements/preferences/{pk}/send", response=answers({200: DeliveryOut}, write=True))
def send_preference(request: ApiRequest, pk: RowId, payload: SendIn):  # type: ignore[no-untyped-def]
    """Make and send a preference's document of ``month`` now; the delivery is returned."""
    user = request.auth
    row = Subscription.objects.filter(pk=pk, active=True).first()
    if row is None:
        raise HttpError(404, _("Not found."))
    selectors.statements_customer(user=user, customer_id=row.customer_id)
    _require_change(user)
    delivery = delivery_send_now(subscription=row, month=_month(payload.month), actor=user)
    return 200, DeliveryOut.of(delivery)


@router.post(
    "/statements/preferences/{pk}/stop", response=answers({200: PreferenceOut}, write=True)
)
def stop_preference(request: ApiRequest, pk: RowId):  # type: ignore[no-untyped-def]
    """Stop a delivery preference (kept, with its deliveries, for the log)."""
    user = request.auth
    row = Subscription.objects.filter(pk=pk).first()
    if row is None:
        raise HttpError(404, _("Not found."))
    selectors.statements_customer(user=user, customer_id=row.customer_id)
    _require_change(user)
    return PreferenceOut.of(subscription_stop(subscription=row, actor=user))


@router.get("/statements/authorisations", response=answers({200: AuthorisationPage}))
def list_authorisations(request: ApiRequest, params: Query[CustomerQuery]):  # type: ignore[no-untyped-def]
    """The customer's written authorisations, with their validity and signed scan."""
    customer = selectors.statements_customer(user=request.auth, customer_id=params.customer_id)
    return paginate(selectors.authorisations_of(customer=customer), params, AuthorisationOut.of)


@router.post("/statements/authorisations", response=answers({201: AuthorisationOut}, write=True))
def create_authorisation(  # type: ignore[no-untyped-def]
    request: ApiRequest, payload: Form[AuthorisationIn], file: File[UploadedFile]
):
    """Record a written authorisation: multipart form fields and the signed scan (PDF or
    image, checked like every private file)."""
    user = request.auth
    customer = selectors.statements_customer(user=user, customer_id=payload.customer_id)
    _require_change(user)
    row = authorisation_create(
        customer=customer,
        account=selectors.account_of(customer=customer, account_id=payload.account_id),
        contact=selectors.contact_of(customer=customer, contact_id=payload.contact_id),
        valid_from=payload.valid_from,
        valid_to=payload.valid_to,
        upload=file,
        actor=user,
        note=payload.note,
    )
    return Status(201, AuthorisationOut.of(row))


@router.post(
    "/statements/authorisations/{pk}/revoke", response=answers({200: AuthorisationOut}, write=True)
)
def revoke_authorisation(request: ApiRequest, pk: RowId):  # type: ignore[no-untyped-def]
    user = request.auth
    row = Authorisation.objects.select_related("contact").filter(pk=pk).first()
    if row is None:
        raise HttpError(404, _("Not found."))
    selectors.statements_customer(user=user, customer_id=row.customer_id)
    _require_change(user)
    return AuthorisationOut.of(authorisation_revoke(authorisation=row, actor=user))


@router.post("/statements/jobs", response=answers({202: JobOut}, write=True))
def create_job(request: ApiRequest, payload: JobIn):  # type: ignore[no-untyped-def]
    """Start a large group's statements (summary PDF plus per-subscriber files, or one
    spreadsheet) in the background; follow it with GET /statements/jobs/{id}."""
    user = request.auth
    customer = selectors.statements_customer(user=user, customer_id=payload.customer_id)
    _require_change(user)
    account = selectors.account_of(customer=customer, account_id=payload.account_id)
    contact = selectors.contact_of(customer=customer, contact_id=payload.contact_id)
    job = job_start(
        customer=customer,
        account=account,
        contact=contact,
        month=_month(payload.month),
        layout=payload.layout,
        file_format=payload.file_format,
        actor=user,
    )
    job.refresh_from_db()
    return 202, JobOut.of(job)


@router.get("/statements/jobs/{pk}", response=answers({200: JobOut}))
def get_job(request: ApiRequest, pk: RowId):  # type: ignore[no-untyped-def]
    return JobOut.of(selectors.job_get(user=request.auth, job_id=pk))


class PreviewQuery(Schema):
    customer_id: CustomerId
    document: Literal["bill", "statement"]
    account_id: int = Field(ge=1, le=MAX_ID, description="The billing account.")
    subscriber_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="One subscriber's document; empty: the account's."
    )
    month: MonthText
    format: Literal["pdf", "xlsx", "csv"] = "pdf"


_PREVIEW_FILES = {
    "200": {
        "description": "The document as the recipient would get it, masked unless a grant "
        "unmasks it, with the viewer's watermark; the view is audited.",
        "content": {
            CONTENT_TYPES[f].split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
            for f in ("pdf", "xlsx", "csv")
        },
    }
}


@router.get(
    "/statements/preview",
    response=answers({200: None}),
    openapi_extra={"responses": _PREVIEW_FILES},
)
def preview(request: ApiRequest, params: Query[PreviewQuery]):  # type: ignore[no-untyped-def]
    """Preview a bill or itemised statement of an account or one of its subscribers for a
    month, as the page's preview does: nothing is kept or sent."""
    user = request.auth
    customer = selectors.statements_customer(user=user, customer_id=params.customer_id)
    form = GenerateForm(
        {
            "document": params.document,
            "account": params.account_id,
            "subscriber": params.subscriber_id or "",
            "month": params.month,
            "format": params.format,
        },
        customer=customer,
    )
    if not form.is_valid():
        names = {"account": "account_id", "subscriber": "subscriber_id"}
        raise ValidationFailed(
            {names.get(k, k): [str(m) for m in v] for k, v in form.errors.items()}
        )
    return preview_response(user=user, data=form.cleaned_data, inline_pdf=False)


__all__ = ["ValidationFailed", "router"]
