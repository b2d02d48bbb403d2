"""Input and output schemas of /api/v1/visits."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema

from kamdesk.customers.schemas import MAX_ID, PageParams, Str20, Str100, Str300, Str4000
from kamdesk.visits.models import RaisedNeed, Visit, VisitSignature

Kind = Literal["on_site", "call", "service_day"]
# A local (Asia/Shanghai) time of day; JSON Schema's "time" format wants an offset.
HourMinute = Annotated[
    str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="HH:MM, local time.")
]
StatusName = Literal["planned", "checked_in", "completed", "overdue", "missed", "cancelled"]
# Dates within the years the business calendar can answer for.
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


class VisitQuery(PageParams):
    status: StatusName | None = None
    customer_id: int | None = Field(None, ge=1, le=MAX_ID)
    date_from: dt.date | None = Field(None, ge=EARLIEST, le=LATEST)
    date_to: dt.date | None = Field(None, ge=EARLIEST, le=LATEST)


class VisitIn(Schema):
    customer_id: int = Field(ge=1, le=MAX_ID)
    planned_date: dt.date = Field(ge=EARLIEST, le=LATEST)
    planned_time: HourMinute | None = None
    planned_minutes: int = Field(60, ge=5, le=1440)
    kind: Kind = "on_site"
    purpose: Str300 = ""
    resolves_problem: bool = False
    note: Str4000 = ""


class VisitUpdateIn(Schema):
    """Only the fields sent are changed. Plan fields move an open visit; record fields
    fill in what happened (a change after signing shows the signature as not matching)."""

    planned_date: dt.date | None = Field(None, ge=EARLIEST, le=LATEST)
    planned_time: HourMinute | None = None
    kind: Kind | None = None
    purpose: Str300 | None = None
    started_at: dt.datetime | None = Field(
        None, ge=dt.datetime(2000, 1, 1, tzinfo=dt.UTC), le=dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
    )
    duration_minutes: int | None = Field(None, ge=1, le=1440)
    place: Str300 | None = None
    staff_participants: Str300 | None = None
    customer_participants: Str300 | None = None
    discussion: Str4000 | None = None
    next_steps: Str4000 | None = None
    resolves_problem: bool | None = None
    signature_declined_reason: Str4000 | None = None


class CheckInIn(Schema):
    consent: bool = Field(False, description="The manager agrees to record the location.")
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    accuracy_m: float | None = Field(None, ge=0, le=1_000_000)


class CancelIn(Schema):
    reason: Str4000 = Field("", description="Required for a required visit.")


class NeedIn(Schema):
    description: Str4000 = Field(min_length=1)


class DispositionIn(Schema):
    disposition: Literal["request", "no_action"]
    category: Str100 = Field("", description="The request category's code (for a request).")
    reason: Str4000 = Field("", description="Required for no action.")


class SignatureIn(Schema):
    signer_name: Str100 = Field(min_length=1)
    signer_title: Str100 = ""
    image: str = Field(
        max_length=600_000, description="The signature as a data:image/png;base64 URL."
    )


class CodeSendIn(Schema):
    contact_id: int = Field(ge=1, le=MAX_ID)


class CodeIn(Schema):
    code: Str20 = Field(min_length=1)


class NeedOut(Schema):
    id: int
    description: str
    disposition: str
    request_id: int | None
    disposition_reason: str
    disposed_at: dt.datetime | None

    @classmethod
    def of(cls, n: RaisedNeed) -> NeedOut:
        return cls(
            id=n.pk,
            description=n.description,
            disposition=n.disposition,
            request_id=n.ticket_id,
            disposition_reason=n.disposition_reason,
            disposed_at=n.disposed_at,
        )


class SignatureOut(Schema):
    signer_name: str
    signer_title: str
    signed_at: dt.datetime
    digest: str
    matches: bool = Field(description="False once the signed content has changed.")

    @classmethod
    def of(cls, s: VisitSignature, matches: bool) -> SignatureOut:
        return cls(
            signer_name=s.signer_name,
            signer_title=s.signer_title,
            signed_at=s.signed_at,
            digest=s.digest,
            matches=matches,
        )


class FileOut(Schema):
    id: str
    name: str
    size: int
    content_type: str
    sha256: str


class ItemOut(Schema):
    id: int
    kind: str
    description: str
    requester_name: str
    status: str
    handoff_ref: str


class VisitOut(Schema):
    id: int
    customer_id: int
    customer_code: str
    manager: str
    kind: str
    purpose: str
    status: str
    planned_date: dt.date
    planned_time: HourMinute | None
    planned_minutes: int
    route_order: int
    required_reason: str
    due_by: dt.date | None
    resolves_problem: bool
    checked_in_at: dt.datetime | None
    checkin_distance_m: int | None
    confirmed_at: dt.datetime | None
    started_at: dt.datetime | None
    duration_minutes: int | None
    place: str
    staff_participants: str
    customer_participants: str
    discussion: str
    next_steps: str
    signature_declined_reason: str
    completed_at: dt.datetime | None

    @classmethod
    def of(cls, v: Visit) -> VisitOut:
        return cls(
            id=v.pk,
            customer_id=v.customer_id,
            customer_code=v.customer.code,
            manager=str(v.manager),
            kind=v.kind,
            purpose=v.purpose,
            status=v.status,
            planned_date=v.planned_date,
            planned_time=f"{v.planned_time:%H:%M}" if v.planned_time else None,
            planned_minutes=v.planned_minutes,
            route_order=v.route_order,
            required_reason=v.required_reason,
            due_by=v.due_by,
            resolves_problem=v.resolves_problem,
            checked_in_at=v.checked_in_at,
            checkin_distance_m=v.checkin_distance_m,
            confirmed_at=v.confirmed_at,
            started_at=v.started_at,
            duration_minutes=v.duration_minutes,
            place=v.place,
            staff_participants=v.staff_participants,
            customer_participants=v.customer_participants,
            discussion=v.discussion,
            next_steps=v.next_steps,
            signature_declined_reason=v.signature_declined_reason,
            completed_at=v.completed_at,
        )


class VisitDetailOut(VisitOut):
    needs: list[NeedOut]
    items: list[ItemOut]
    signature: SignatureOut | None
    attachments: list[FileOut]


class VisitPage(Schema):
    items: list[VisitOut]
    count: int


def time_of(text: str | None) -> dt.time | None:
    return dt.time.fromisoformat(text) if text else None
