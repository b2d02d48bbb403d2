"""/api/v1 usage: monthly aggregates of a customer or subscriber, itemised records, events.

Reads go through ``kamdesk.usage.selectors`` (the customers' access scope, then the
permission for usage or call records); anything out of scope answers 404. Money is yuan
as a string with two places; numbers are masked; viewing itemised records is audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema

from kamdesk.core.errors import ValidationFailed
from kamdesk.core.masking import mask_number
from kamdesk.customers.schemas import MAX_ID, ApiRequest, answers
from kamdesk.customers.selectors import subscriber_get
from kamdesk.security.unmask import Reveal, unmask_open
from kamdesk.usage import selectors
from kamdesk.usage.models import EventType, SubscriberEvent, fen_to_yuan
from kamdesk.usage.parsing import SHANGHAI_OFFSET, CellProblem, parse_month
from kamdesk.usage.services import local_now, usage_records_viewed

router = Router(tags=["usage"])

RowId = PathEx[int, P(ge=1, le=MAX_ID, example=1)]
MonthText = Annotated[str, Field(pattern=r"^\d{4}-\d{2}$", examples=["2026-09"])]
MAX_MONTHS = 60
SHANGHAI = dt.timezone(SHANGHAI_OFFSET, "Asia/Shanghai")


def _money(fen: int) -> str:
    return str(fen_to_yuan(fen))


# --- schemas ------------------------------------------------------------------------


class MonthRange(Schema):
    from_: MonthText | None = Field(None, alias="from", description="First month, YYYY-MM.")
    to: MonthText | None = Field(None, description="Last month, YYYY-MM (default: this one).")


class OperatorCallsOut(Schema):
    cmcc: int
    unicom: int
    telecom: int
    broadnet: int
    other: int


class CompetitorCallsOut(Schema):
    unicom_10010: int
    telecom_10000: int
    broadnet_10099: int


class UsageMonthOut(Schema):
    month: str = Field(examples=["2026-09"])
    voice_out_calls: int
    voice_in_calls: int
    voice_out_minutes: int
    voice_in_minutes: int
    sms_out: int
    sms_in: int
    data_sessions: int
    data_kb: int
    spend_total: str = Field(pattern=r"^-?\d+\.\d{2}$")
    spend_voice: str = Field(pattern=r"^-?\d+\.\d{2}$")
    spend_sms: str = Field(pattern=r"^-?\d+\.\d{2}$")
    spend_data: str = Field(pattern=r"^-?\d+\.\d{2}$")
    spend_roaming: str = Field(pattern=r"^-?\d+\.\d{2}$")
    roaming_records: int
    international_roaming_records: int
    distinct_peers: int
    calls_by_operator: OperatorCallsOut
    operator_estimated: bool = Field(
        description="Some operators come from number prefixes (numbers are portable)."
    )
    competitor_service_calls: CompetitorCallsOut
    night_share: float
    weekend_share: float

    @classmethod
    def of(cls, row: selectors.UsageMonth) -> UsageMonthOut:
        return cls(
            month=f"{row.month:%Y-%m}",
            voice_out_calls=row.voice_out_calls,
            voice_in_calls=row.voice_in_calls,
            voice_out_minutes=row.voice_out_minutes,
            voice_in_minutes=row.voice_in_minutes,
            sms_out=row.sms_out,
            sms_in=row.sms_in,
            data_sessions=row.data_sessions,
            data_kb=row.data_kb,
            spend_total=_money(row.total_fen),
            spend_voice=_money(row.voice_fen),
            spend_sms=_money(row.sms_fen),
            spend_data=_money(row.data_fen),
            spend_roaming=_money(row.roaming_fen),
            roaming_records=row.roaming_records,
            international_roaming_records=row.intl_roaming_records,
            distinct_peers=row.distinct_peers,
            calls_by_operator=OperatorCallsOut(
                cmcc=row.calls_cmcc,
                unicom=row.calls_unicom,
                telecom=row.calls_telecom,
                broadnet=row.calls_broadnet,
                other=row.calls_other,
            ),
            operator_estimated=row.operator_estimated,
            competitor_service_calls=CompetitorCallsOut(
                unicom_10010=row.calls_10010,
                telecom_10000=row.calls_10000,
                broadnet_10099=row.calls_10099,
            ),
            night_share=round(row.night_share, 4),
            weekend_share=round(row.weekend_share, 4),
        )


class UsagePage(Schema):
    items: list[UsageMonthOut]
    count: int


class RecordQuery(Schema):
    month: MonthText = Field(description="The month, YYYY-MM.")
    page: int = Field(1, ge=1, le=10**6)
    page_size: int = Field(50, ge=1, le=500)


class RecordOut(Schema):
    record_id: str
    start: str = Field(description="Start time, ISO 8601 in Asia/Shanghai (+08:00).")
    service: str
    direction: str
    duration_s: int
    volume_kb: int
    peer: str = Field(
        description="The other party, masked unless the caller holds an unmasking grant; "
        "the APN for data."
    )
    peer_operator: str | None
    roaming: str
    charge: str = Field(pattern=r"^-?\d+\.\d{2}$")

    @classmethod
    def of(cls, record: selectors.UsageRecord, reveal: Reveal | None = None) -> RecordOut:
        if record.service == "data":
            peer = record.peer
        else:
            peer = reveal.number(record.peer) if reveal else mask_number(record.peer)
        return cls(
            record_id=record.record_id,
            start=record.start.replace(tzinfo=SHANGHAI).isoformat(),
            service=record.service,
            direction=record.direction,
            duration_s=record.duration_s,
            volume_kb=record.volume_kb,
            peer=peer,
            peer_operator=record.peer_operator,
            roaming=record.roaming,
            charge=_money(record.charge_fen),
        )


class RecordPage(Schema):
    items: list[RecordOut]
    count: int
    page: int
    pages: int


class EventQuery(Schema):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)


class EventOut(Schema):
    event_id: str
    type: str
    type_label: str
    occurred_at: str = Field(description="ISO 8601 in UTC.")
    number: str
    detail: str

    @classmethod
    def of(cls, event: SubscriberEvent) -> EventOut:
        return cls(
            event_id=event.event_id,
            type=event.type,
            type_label=str(EventType(event.type).label),
            occurred_at=event.occurred_at.astimezone(dt.UTC).isoformat(),
            number=mask_number(event.number),
            detail=event.detail,
        )


class EventPage(Schema):
    items: list[EventOut]
    count: int


# --- helpers ------------------------------------------------------------------------


def _month(text: str, field: str) -> dt.date:
    try:
        return parse_month(text)
    except CellProblem as exc:
        raise ValidationFailed({field: [_("Enter a month as YYYY-MM.")]}) from exc


def _range(params: MonthRange) -> tuple[dt.date, dt.date]:
    """The months asked for; by default the twelve months up to this one."""
    last = _month(params.to, "to") if params.to else local_now().date().replace(day=1)
    if params.from_:
        first = _month(params.from_, "from")
    else:
        index = last.year * 12 + last.month - 1 - 11
        first = dt.date(index // 12, index % 12 + 1, 1)
    if first > last:
        raise ValidationFailed({"from": [_("The first month is after the last.")]})
    if (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTHS:
        raise ValidationFailed({"from": [_("Ask for at most 60 months.")]})
    return first, last


def _page(rows: list[selectors.UsageMonth]) -> dict[str, Any]:
    return {"items": [UsageMonthOut.of(row) for row in rows], "count": len(rows)}


# --- operations ---------------------------------------------------------------------


@router.get("/customers/{customer_id}/usage", response=answers({200: UsagePage}))
def customer_usage(
    request: ApiRequest, customer_id: RowId, params: Query[MonthRange]
) -> dict[str, Any]:
    """Monthly usage of a customer (all its subscribers), one item per month."""
    first, last = _range(params)
    return _page(
        selectors.usage_months_of_customer(
            user=request.auth, customer_id=customer_id, first=first, last=last
        )
    )


@router.get("/subscribers/{subscriber_id}/usage", response=answers({200: UsagePage}))
def subscriber_usage(
    request: ApiRequest, subscriber_id: RowId, params: Query[MonthRange]
) -> dict[str, Any]:
    """Monthly usage of one subscriber, one item per month."""
    first, last = _range(params)
    return _page(
        selectors.usage_months_of_subscriber(
            user=request.auth, subscriber_pk=subscriber_id, first=first, last=last
        )
    )


@router.get("/subscribers/{subscriber_id}/records", response=answers({200: RecordPage}))
def subscriber_records(
    request: ApiRequest, subscriber_id: RowId, params: Query[RecordQuery]
) -> dict[str, Any]:
    """One page of a subscriber's itemised records of a month (peers masked; audited)."""
    month = _month(params.month, "month")
    page = selectors.subscriber_records(
        user=request.auth,
        subscriber_pk=subscriber_id,
        month=month,
        page=params.page,
        page_size=params.page_size,
    )
    subscriber = subscriber_get(user=request.auth, subscriber_pk=subscriber_id)
    usage_records_viewed(
        actor=request.auth,
        subscriber=subscriber,
        month=month,
        page=params.page,
        rows=len(page.items),
        ip=request.META.get("REMOTE_ADDR"),
    )
    reveal = unmask_open(
        user=request.auth,
        customer=subscriber.customer_id,
        kind="call_record",
        how="api",
        target=subscriber,
        extra={"month": f"{month:%Y-%m}", "page": params.page},
        ip=request.META.get("REMOTE_ADDR"),
    )
    return {
        "items": [RecordOut.of(r, reveal) for r in page.items],
        "count": page.count,
        "page": page.page,
        "pages": page.pages,
    }


@router.get("/subscribers/{subscriber_id}/events", response=answers({200: EventPage}))
def subscriber_events(
    request: ApiRequest, subscriber_id: RowId, params: Query[EventQuery]
) -> dict[str, Any]:
    """A subscriber's events (activation, port-out code requests, plan changes...), newest first."""
    events = selectors.subscriber_events(user=request.auth, subscriber_pk=subscriber_id)
    rows = events[params.offset : params.offset + params.limit]
    return {"items": [EventOut.of(e) for e in rows], "count": events.count()}
