"""/api/v1/commitments: record, list, read, keep, renegotiate and cancel commitments, and
the fulfilment rate over a period. Anything outside the caller's scope answers 404."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema, Status
from ninja.errors import HttpError

from kamdesk.commitments.models import Commitment, CommitmentEvent
from kamdesk.commitments.selectors import (
    CommitmentFilters,
    commitment_get,
    commitment_search,
    events_of,
    fulfilment_evidence,
    fulfilment_rates,
)
from kamdesk.commitments.services import (
    CommitmentInput,
    commitment_cancel,
    commitment_create,
    commitment_from_ticket,
    commitment_fulfil,
    commitment_renegotiate,
)
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Contact, Customer
from kamdesk.customers.schemas import (
    MAX_ID,
    ApiRequest,
    PageParams,
    Str100,
    Str200,
    Str4000,
    answers,
    paginate,
)
from kamdesk.customers.selectors import customer_get, list_require
from kamdesk.users.models import User
from kamdesk.users.permissions import can

if TYPE_CHECKING:
    from kamdesk.orders.models import Order
    from kamdesk.tickets.models import Ticket

router = Router(tags=["commitments"])
Id = PathEx[int, P(ge=1, le=MAX_ID)]
SourceIn = Literal["visit_need", "request", "call", "proposal", "other"]
StatusIn = Literal["", "open", "renegotiated", "overdue", "fulfilled", "cancelled"]


class CommitmentOut(Schema):
    id: int
    customer_id: int
    customer_name: str
    contact_id: int | None
    title: str
    details: str
    promised_by: str
    promised_on: dt.date
    owner: str
    due_on: dt.date
    original_due_on: dt.date
    status: str
    source_kind: str
    source_ref: str
    source_request_id: int | None
    source_need_id: int | None
    fulfilled_at: dt.datetime | None
    evidence_note: str
    evidence_request_id: int | None
    evidence_order_number: str | None
    cancel_reason: str

    @classmethod
    def of(cls, c: Commitment) -> CommitmentOut:
        return cls(
            id=c.pk,
            customer_id=c.customer_id,
            customer_name=c.customer.name,
            contact_id=c.contact_id,
            title=c.title,
            details=c.details,
            promised_by=c.promised_by.username,
            promised_on=c.promised_on,
            owner=c.owner.username,
            due_on=c.due_on,
            original_due_on=c.original_due_on,
            status=c.status,
            source_kind=c.source_kind,
            source_ref=c.source_ref,
            source_request_id=c.source_ticket_id,
            source_need_id=c.source_need_id,
            fulfilled_at=c.fulfilled_at.astimezone(dt.UTC) if c.fulfilled_at else None,
            evidence_note=c.evidence_note,
            evidence_request_id=c.evidence_ticket_id,
            evidence_order_number=c.evidence_order.number if c.evidence_order else None,
            cancel_reason=c.cancel_reason,
        )


class EventOut(Schema):
    kind: str
    at: dt.datetime
    actor: str | None
    old_due_on: dt.date | None
    new_due_on: dt.date | None
    agreed_by: str
    agreement: str
    note: str

    @classmethod
    def of(cls, e: CommitmentEvent) -> EventOut:
        return cls(
            kind=e.kind,
            at=e.at.astimezone(dt.UTC),
            actor=e.actor.username if e.actor else None,
            old_due_on=e.old_due_on,
            new_due_on=e.new_due_on,
            agreed_by=e.agreed_by,
            agreement=e.agreement,
            note=e.note,
        )


class CommitmentDetailOut(CommitmentOut):
    events: list[EventOut]


class CommitmentPage(Schema):
    items: list[CommitmentOut]
    count: int


class CommitmentQuery(PageParams):
    status: StatusIn = ""
    pending: bool = Field(False, description="Only open, renegotiated and overdue ones.")
    customer_id: int | None = Field(None, ge=1, le=MAX_ID)


class CommitmentIn(Schema):
    customer_id: int = Field(ge=1, le=MAX_ID)
    title: Str200 = Field(min_length=1)
    details: Str4000 = ""
    due_on: dt.date
    source_kind: SourceIn = "other"
    source_ref: Str100 = ""
    contact_id: int | None = Field(None, ge=1, le=MAX_ID)
    request_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Create from this request (source: request)."
    )
    need_id: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="Create from this need raised during a visit (source: visit need); "
        "the need is then marked as turned into a commitment.",
    )


class FulfilIn(Schema):
    evidence_note: Str4000 = Field(
        "", description="How the promise was kept; needed unless a request or order is named."
    )
    evidence_request_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="The customer's request that delivered it."
    )
    evidence_order_number: Str100 = Field("", description="The order that delivered it.")


class RenegotiateIn(Schema):
    new_due_on: dt.date
    agreed_by: Str100 = Field(min_length=1)
    agreement: Str4000 = Field(min_length=1)
    note: Str4000 = ""


class CancelIn(Schema):
    reason: Str4000 = Field(min_length=1)


class RateLineOut(Schema):
    owner: str
    due: int
    kept: int
    percent: str | None = Field(description="Kept on time / due, one decimal; null if none due.")


class RateOut(Schema):
    start: dt.date
    end: dt.date
    due: int
    kept: int
    percent: str | None
    owners: list[RateLineOut]


class RateQuery(Schema):
    start: dt.date
    end: dt.date


def _require_change(user: User) -> None:
    if not can(user, "change", "commitment"):
        raise HttpError(403, _("You may not change commitments."))


def _detail(c: Commitment) -> CommitmentDetailOut:
    return CommitmentDetailOut(
        **CommitmentOut.of(c).dict(), events=[EventOut.of(e) for e in events_of(commitment=c)]
    )


@router.get("/commitments", response=answers({200: CommitmentPage}))
def list_commitments(request: ApiRequest, params: Query[CommitmentQuery]):  # type: ignore[no-untyped-def]
    """Commitments in scope, the soonest due first."""
    list_require(user=request.auth, kind="commitment", customer_id=params.customer_id)
    filters = CommitmentFilters(
        status=params.status, pending=params.pending, customer_id=params.customer_id
    )
    return paginate(commitment_search(user=request.auth, filters=filters), params, CommitmentOut.of)


@router.get("/commitments/rate", response=answers({200: RateOut}))
def fulfilment_rate(request: ApiRequest, params: Query[RateQuery]):  # type: ignore[no-untyped-def]
    """Kept on time / due over the commitments that fell due in [start, end]: the caller's
    own for a manager, the team's for a supervisor."""
    if params.end < params.start:
        raise ValidationFailed({"end": [_("The end is before the start.")]})
    lines, total = fulfilment_rates(
        user=request.auth, start=params.start, end=params.end, today=timezone.localdate()
    )

    def pct(value: object) -> str | None:
        return None if value is None else str(value)

    return RateOut(
        start=params.start,
        end=params.end,
        due=total.due,
        kept=total.kept,
        percent=pct(total.percent),
        owners=[
            RateLineOut(
                owner=x.owner.username,
                due=x.rate.due,
                kept=x.rate.kept,
                percent=pct(x.rate.percent),
            )
            for x in lines
        ],
    )


@router.post("/commitments", response=answers({201: CommitmentDetailOut}, write=True))
def create_commitment(request: ApiRequest, payload: CommitmentIn):  # type: ignore[no-untyped-def]
    user: User = request.auth
    customer = customer_get(user=user, customer_id=payload.customer_id, kind="commitment")
    _require_change(user)
    if payload.request_id is not None and payload.need_id is not None:
        raise ValidationFailed(
            {"need_id": [_("Give either the request or the visit need, not both.")]}
        )
    if payload.need_id is not None:
        return Status(201, _detail(_from_need(user, customer, payload)))
    if payload.request_id is not None:
        from kamdesk.tickets.selectors import ticket_get

        ticket = ticket_get(user=user, ticket_id=payload.request_id)
        if ticket.customer_id != customer.pk:
            raise ValidationFailed({"request_id": [_("This request belongs to another customer.")]})
        c = commitment_from_ticket(
            actor=user, ticket=ticket, due_on=payload.due_on, title=payload.title
        )
        return Status(201, _detail(c))
    contact = None
    if payload.contact_id is not None:
        contact = Contact.objects.filter(pk=payload.contact_id, customer=customer).first()
        if contact is None:
            raise ValidationFailed({"contact_id": [_("No such contact of this customer.")]})
    data = CommitmentInput(
        customer=customer,
        title=payload.title,
        details=payload.details,
        due_on=payload.due_on,
        source_kind=payload.source_kind,
        source_ref=payload.source_ref,
        contact=contact,
    )
    return Status(201, _detail(commitment_create(actor=user, data=data)))


def _from_need(user: User, customer: Customer, payload: CommitmentIn) -> Commitment:
    """The API's one click on a need raised during a visit: the need must be one of this
    customer's, and it is disposed of together with the commitment's creation."""
    from kamdesk.commitments.visits import need_get, need_to_commitment

    assert payload.need_id is not None
    need = need_get(user=user, need_id=payload.need_id)
    if need.visit.customer_id != customer.pk:
        raise ValidationFailed({"need_id": [_("This need was raised by another customer.")]})
    return need_to_commitment(actor=user, need=need, title=payload.title, due_on=payload.due_on)


def _evidence(user: User, c: Commitment, payload: FulfilIn) -> tuple[Ticket | None, Order | None]:
    """The request and the order named as evidence, both in the caller's scope and the
    commitment's customer's, or a 422 naming the field."""
    return fulfilment_evidence(
        user=user,
        commitment=c,
        ticket_pk=payload.evidence_request_id,
        order_number=payload.evidence_order_number.strip(),
        fields=("evidence_request_id", "evidence_order_number"),
    )


@router.get("/commitments/{commitment_id}", response=answers({200: CommitmentDetailOut}))
def get_commitment(request: ApiRequest, commitment_id: Id):  # type: ignore[no-untyped-def]
    return _detail(commitment_get(user=request.auth, commitment_id=commitment_id))


@router.post(
    "/commitments/{commitment_id}/fulfil", response=answers({200: CommitmentDetailOut}, write=True)
)
def fulfil_commitment(request: ApiRequest, commitment_id: Id, payload: FulfilIn):  # type: ignore[no-untyped-def]
    """Mark the promise kept, with a note and/or the request or order that delivered it."""
    c = commitment_get(user=request.auth, commitment_id=commitment_id)
    _require_change(request.auth)
    ticket, order = _evidence(request.auth, c, payload)
    return _detail(
        commitment_fulfil(
            commitment=c,
            actor=request.auth,
            evidence_note=payload.evidence_note,
            evidence_ticket=ticket,
            evidence_order=order,
        )
    )


@router.post(
    "/commitments/{commitment_id}/renegotiate",
    response=answers({200: CommitmentDetailOut}, write=True),
)
def renegotiate_commitment(request: ApiRequest, commitment_id: Id, payload: RenegotiateIn):  # type: ignore[no-untyped-def]
    """A new due date; the customer's agreement (who agreed and how) is required."""
    c = commitment_get(user=request.auth, commitment_id=commitment_id)
    _require_change(request.auth)
    return _detail(
        commitment_renegotiate(
            commitment=c,
            actor=request.auth,
            new_due_on=payload.new_due_on,
            agreed_by=payload.agreed_by,
            agreement=payload.agreement,
            note=payload.note,
        )
    )


@router.post(
    "/commitments/{commitment_id}/cancel", response=answers({200: CommitmentDetailOut}, write=True)
)
def cancel_commitment(request: ApiRequest, commitment_id: Id, payload: CancelIn):  # type: ignore[no-untyped-def]
    c = commitment_get(user=request.auth, commitment_id=commitment_id)
    _require_change(request.auth)
    return _detail(commitment_cancel(commitment=c, actor=request.auth, reason=payload.reason))
