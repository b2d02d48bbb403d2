"""/api/v1 for controlled unmasking: request, confirm, decide, revoke; the identity
document answered masked, or unmasked (audited with the grant) under an active grant."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import Field, P, PathEx, Router, Schema, Status
from ninja.errors import HttpError

from kamdesk.customers.schemas import MAX_ID, ApiRequest, DetailOut, ErrorsOut
from kamdesk.customers.selectors import customer_get
from kamdesk.security.models import UnmaskGrant
from kamdesk.security.unmask import unmask_open
from kamdesk.security.unmask_policy import display_state
from kamdesk.security.unmask_selectors import grant_get, grants_of, recipients_of
from kamdesk.security.unmask_services import (
    may_revoke,
    unmask_confirm_code,
    unmask_decide,
    unmask_request,
    unmask_revoke,
)

router = Router(tags=["unmasking"])

Id = PathEx[int, P(ge=1, le=MAX_ID, example=1)]
Kind = Literal["identity", "call_record"]


def answers(ok: dict[int, Any]) -> dict[int, Any]:
    return {**ok, 400: DetailOut, 401: DetailOut, 403: DetailOut, 404: DetailOut, 422: ErrorsOut}


class GrantOut(Schema):
    id: int
    customer_id: int
    kind: str
    method: str
    state: str = Field(description="pending, active, expired, lapsed, revoked, rejected, cancelled")
    reason: str
    recipient_masked: str
    approved_by: str | None
    decision_note: str
    expires_at: dt.datetime | None
    request_expires_at: dt.datetime

    @classmethod
    def of(cls, g: UnmaskGrant) -> GrantOut:
        return cls(
            id=g.pk,
            customer_id=g.customer_id,
            kind=g.kind,
            method=g.method,
            state=display_state(
                state=g.state,
                expires_at=g.expires_at,
                revoked_at=g.revoked_at,
                request_expires_at=g.request_expires_at,
                now=timezone.now(),
            ),
            reason=g.reason,
            recipient_masked=g.recipient_masked,
            approved_by=g.approved_by.get_username() if g.approved_by else None,
            decision_note=g.decision_note,
            expires_at=g.expires_at,
            request_expires_at=g.request_expires_at,
        )


class GrantList(Schema):
    items: list[GrantOut]
    count: int


class GrantIn(Schema):
    customer_id: int = Field(ge=1, le=MAX_ID)
    kind: Kind
    method: Literal["sms", "vault"]
    reason: str = Field(min_length=1, max_length=300)
    recipient: str = Field("", max_length=40, description="A key from .../unmask-recipients")


class CodeIn(Schema):
    code: str = Field(pattern=r"^\d{6}$")


class DecisionIn(Schema):
    approve: bool
    note: str = Field(min_length=1, max_length=300)


class RecipientOut(Schema):
    key: str
    label: str
    number_masked: str


class IdentityOut(Schema):
    id_type: str
    id_number: str = Field(description="Masked unless the caller holds an active grant.")
    unmasked: bool
    grant_id: int | None
    expires_at: dt.datetime | None


def _forbidden() -> HttpError:
    return HttpError(403, "You may not unmask this kind of data.")


@router.get("/unmask/grants", response=answers({200: GrantList}))
def list_grants(request: ApiRequest) -> dict[str, Any]:
    """The caller's own requests and grants of the last 30 days."""
    rows = list(grants_of(user=request.auth)[:200])
    return {"items": [GrantOut.of(g) for g in rows], "count": len(rows)}


@router.post("/unmask/grants", response=answers({201: GrantOut}))
def request_grant(request: ApiRequest, payload: GrantIn) -> Status:
    """Ask to unmask one customer's data of one kind (SMS code to the customer, or vault)."""
    customer = customer_get(user=request.auth, customer_id=payload.customer_id, kind=payload.kind)
    try:
        grant = unmask_request(
            user=request.auth,
            customer=customer,
            kind=payload.kind,
            method=payload.method,
            reason=payload.reason,
            recipient=payload.recipient,
        )
    except PermissionDenied as exc:
        raise _forbidden() from exc
    return Status(201, GrantOut.of(grant))


def _own(request: ApiRequest, grant_id: int) -> UnmaskGrant:
    grant = grant_get(grant_id=grant_id)
    if grant.user_id != request.auth.pk:
        raise Http404("Not found")
    return grant


@router.post("/unmask/grants/{grant_id}/code", response=answers({200: GrantOut}))
def confirm_grant(request: ApiRequest, grant_id: Id, payload: CodeIn) -> GrantOut:
    """The code the customer received; a wrong or expired code answers 422 (audited)."""
    grant = _own(request, grant_id)
    try:
        return GrantOut.of(unmask_confirm_code(grant=grant, user=request.auth, code=payload.code))
    except PermissionDenied as exc:
        raise Http404("Not found") from exc


@router.post("/unmask/grants/{grant_id}/decision", response=answers({200: GrantOut}))
def decide_grant(request: ApiRequest, grant_id: Id, payload: DecisionIn) -> GrantOut:
    """Vault mode: the requester's supervisor or a designated approver decides."""
    grant = grant_get(grant_id=grant_id)
    try:
        grant = unmask_decide(
            grant=grant, approver=request.auth, approve=payload.approve, note=payload.note
        )
    except PermissionDenied as exc:
        raise Http404("Not found") from exc
    return GrantOut.of(grant)


@router.post("/unmask/grants/{grant_id}/revoke", response=answers({200: GrantOut}))
def revoke_grant(request: ApiRequest, grant_id: Id) -> GrantOut:
    grant = grant_get(grant_id=grant_id)
    if not may_revoke(grant=grant, actor=request.auth):
        raise Http404("Not found")
    return GrantOut.of(unmask_revoke(grant=grant, actor=request.auth))


@router.get(
    "/customers/{customer_id}/unmask-recipients", response=answers({200: list[RecipientOut]})
)
def list_recipients(request: ApiRequest, customer_id: Id) -> list[RecipientOut]:
    """Where the customer's code can go (authorised contacts, held numbers), masked."""
    customer = customer_get(user=request.auth, customer_id=customer_id, kind="contact")
    return [
        RecipientOut(key=r.key, label=r.label, number_masked=r.masked)
        for r in recipients_of(customer=customer)
    ]


@router.get("/customers/{customer_id}/identity", response=answers({200: IdentityOut}))
def customer_identity(request: ApiRequest, customer_id: Id) -> IdentityOut:
    """The identity document: masked, or unmasked under the caller's grant (audited)."""
    customer = customer_get(user=request.auth, customer_id=customer_id, kind="identity")
    reveal = unmask_open(
        user=request.auth,
        customer=customer,
        kind="identity",
        how="api",
        target=customer,
        ip=request.META.get("REMOTE_ADDR"),
    )
    return IdentityOut(
        id_type=customer.id_type,
        id_number=reveal.id_number(customer.id_number),
        unmasked=reveal.unmasked,
        grant_id=reveal.grant_id,
        expires_at=reveal.expires_at,
    )
