"""Input and output schemas of /api/v1/requests. Outputs are filled field by field: numbers
only masked, also inside free text; datetimes ISO 8601 in UTC."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from kamdesk.core.masking import mask_number
from kamdesk.customers.schemas import PageParams, Str20, Str32, Str64, Str200, Str300, Str4000
from kamdesk.tickets.models import Step, Survey, Ticket, TicketEvent
from kamdesk.tickets.redact import redact_numbers

ChannelIn = Literal["phone", "sms", "email", "wechat", "visit", "walk_in", "portal", "api"]
PriorityIn = Literal["p1", "p2", "p3", "p4"]
StatusIn = Literal["accepted", "in_progress", "waiting", "resolved", "reopened"]


class RequestQuery(PageParams):
    status: Literal[
        "", "open", "new", "accepted", "in_progress", "waiting", "resolved", "closed", "reopened"
    ] = Field("", description="A status, or open.")
    category: Str32 = ""
    priority: Literal["", "p1", "p2", "p3", "p4"] = ""
    customer_id: int | None = Field(None, ge=1, le=2**53 - 1)
    owner: Str64 = Field("", description="me, or an account manager's username.")
    breached: bool = False
    q: Str64 = Field("", description="A request number (R00000012) or words of the title.")


class RequestIn(Schema):
    customer_id: int = Field(ge=1, le=2**53 - 1)
    category: Str32 = Field(description="A category code, e.g. bill_dispute.")
    channel: ChannelIn = "api"
    title: Str200 = Field(min_length=1)
    description: Str4000 = ""
    contact_id: int | None = Field(None, ge=1, le=2**53 - 1)
    subscriber_numbers: list[Str20] = Field(default_factory=list, max_length=50)
    priority: PriorityIn | None = None
    priority_reason: Str300 = ""


class StepIn(Schema):
    department: Str32 = Field(description="The department's code, e.g. billing.")
    instructions: Str4000 = Field(min_length=1)
    placement: Literal["after", "parallel"] = "after"


class HandBackIn(Schema):
    outcome: Str4000 = Field(min_length=1)


class StatusChangeIn(Schema):
    status: StatusIn
    note: Str300 = ""
    resolution: Str4000 = ""


class ConfirmIn(Schema):
    note: Str300 = Field(min_length=1, description="Who confirmed the resolution, and how.")


class CallbackIn(Schema):
    status: Literal["accepted", "in_progress", "done", "rejected"]
    outcome: Str4000 = ""
    external_ref: Str64 = ""


def _iso(value: dt.datetime | None) -> dt.datetime | None:
    return value.astimezone(dt.UTC) if value else None


class RequestOut(Schema):
    id: int
    number: str
    customer_id: int
    customer_name: str
    category: str
    channel: str
    priority: str
    derived_priority: str
    priority_reason: str
    title: str
    description: str
    status: str
    owner: str
    contact_id: int | None
    subscribers: list[str] = Field(description="Masked numbers.")
    statutory: bool
    opened_at: dt.datetime
    first_response_at: dt.datetime | None
    response_due_at: dt.datetime | None
    due_at: dt.datetime | None = Field(description="Null while the clock is paused.")
    warn_at: dt.datetime | None
    paused_since: dt.datetime | None
    breached_at: dt.datetime | None
    resolved_at: dt.datetime | None
    resolution: str
    sla_met: bool | None
    confirmed_at: dt.datetime | None
    confirmation_note: str
    closed_at: dt.datetime | None

    @classmethod
    def fields_of(cls, t: Ticket) -> dict[str, Any]:
        return {
            "id": t.pk,
            "number": t.number,
            "customer_id": t.customer_id,
            "customer_name": t.customer.name,
            "category": t.category.code,
            "channel": t.channel,
            "priority": t.priority,
            "derived_priority": t.derived_priority,
            "priority_reason": redact_numbers(t.priority_reason),
            "title": redact_numbers(t.title),
            "description": redact_numbers(t.description),
            "status": t.status,
            "owner": t.owner.username,
            "contact_id": t.contact_id,
            "subscribers": [mask_number(s.number) for s in t.subscribers.all()],
            "statutory": t.statutory,
            "opened_at": _iso(t.opened_at),
            "first_response_at": _iso(t.first_response_at),
            "response_due_at": _iso(t.response_due_at),
            "due_at": _iso(t.due_at),
            "warn_at": _iso(t.warn_at),
            "paused_since": _iso(t.paused_since),
            "breached_at": _iso(t.breached_at),
            "resolved_at": _iso(t.resolved_at),
            "resolution": redact_numbers(t.resolution),
            "sla_met": t.sla_met,
            "confirmed_at": _iso(t.confirmed_at),
            "confirmation_note": redact_numbers(t.confirmation_note),
            "closed_at": _iso(t.closed_at),
        }

    @classmethod
    def of(cls, t: Ticket) -> RequestOut:
        return cls(**cls.fields_of(t))


class RequestPage(Schema):
    items: list[RequestOut]
    count: int


class StepOut(Schema):
    id: int
    request_id: int
    department: str
    sequence: int
    status: str
    instructions: str
    assignee: str | None
    opened_at: dt.datetime | None
    due_at: dt.datetime | None
    warn_at: dt.datetime | None
    breached_at: dt.datetime | None
    handed_back_at: dt.datetime | None
    outcome: str
    sla_met: bool | None
    delivery: str = Field(description="Empty when worked in KAM Desk.")
    external_ref: str

    @classmethod
    def of(cls, s: Step) -> StepOut:
        return cls(
            id=s.pk,
            request_id=s.ticket_id,
            department=s.department.code,
            sequence=s.sequence,
            status=s.status,
            instructions=redact_numbers(s.instructions),
            assignee=s.assignee.username if s.assignee is not None else None,
            opened_at=_iso(s.opened_at),
            due_at=_iso(s.due_at),
            warn_at=_iso(s.warn_at),
            breached_at=_iso(s.breached_at),
            handed_back_at=_iso(s.handed_back_at),
            outcome=redact_numbers(s.outcome),
            sla_met=s.sla_met,
            delivery=s.delivery,
            external_ref=s.external_ref,
        )


class EventOut(Schema):
    kind: str
    at: dt.datetime
    actor: str | None
    step_id: int | None
    text: str

    @classmethod
    def of(cls, e: TicketEvent) -> EventOut:
        return cls(
            kind=e.kind,
            at=e.at.astimezone(dt.UTC),
            actor=e.actor.username if e.actor is not None else None,
            step_id=e.step_id,
            text=redact_numbers(e.text),
        )


class SurveyOut(Schema):
    """Read only: answers come from the customer's own link."""

    status: str
    channel: str
    sent_at: dt.datetime
    score: int | None
    answered_at: dt.datetime | None

    @classmethod
    def of(cls, s: Survey) -> SurveyOut:
        return cls(
            status=s.status,
            channel=s.channel,
            sent_at=s.sent_at.astimezone(dt.UTC),
            score=s.score,
            answered_at=_iso(s.answered_at),
        )


class RequestDetailOut(RequestOut):
    steps: list[StepOut]
    events: list[EventOut]
    survey: SurveyOut | None


class CallbackOut(Schema):
    step_id: int
    status: str
    external_ref: str
