"""The nightly early-warning run, and the per-event path: detect anomalies, turn leaving
events, expiring contracts, arrears and high scores into alerts with their mandatory
visits. Everything is keyed (anomalies by series/month/kind or series/day/kind, alerts by
source), so a late, missed or doubled run does the right thing."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.customers.models import Contract, Customer
from kamdesk.risk import anomalies, credit, triggers
from kamdesk.risk.explain import anomaly_text, reason_text
from kamdesk.risk.models import Anomaly, Level, RiskAlert
from kamdesk.risk.services.alerts import alert_open
from kamdesk.risk.services.modelling import scores_compute
from kamdesk.usage.daily import DaySeries, customer_daily
from kamdesk.usage.models import (
    AccountMonth,
    Bill,
    CustomerMonth,
    EventType,
    SubscriberEvent,
    SubscriberMonth,
    UsageMetrics,
)

log = logging.getLogger(__name__)
LEAVING = {
    EventType.PORT_OUT_CODE_REQUESTED: triggers.PORT_OUT,
    EventType.CANCELLATION: triggers.CANCELLATION,
    EventType.PLAN_DOWNGRADE: triggers.DOWNGRADE,
    EventType.SERVICE_REMOVED: triggers.SERVICE_REMOVED,
    EventType.LEFT_GROUP: triggers.LEFT_GROUP,
    EventType.CONTRACT_EXPIRING: triggers.CONTRACT_EXPIRING,
}
EVENT_DAYS = 35  # events this recent are (re)examined each night
# A day's metrics from the daily warehouse figures (summed), spend in yuan.
DAY_METRICS: dict[str, tuple[str, ...]] = {
    "spend": ("total_fen",),
    "voice": ("voice_out_minutes", "voice_in_minutes"),
    "data": ("data_kb",),
    "sms": ("sms_out", "sms_in"),
}
DAY_CHUNK = 2000  # customers read from the daily files at a time (bounds memory)


@dataclass
class RunResult:
    anomalies: int = 0
    day_anomalies: int = 0
    alerts: Counter[str] = field(default_factory=Counter)
    scored: int = 0
    flagged: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "anomalies": self.anomalies,
            "day_anomalies": self.day_anomalies,
            "alerts": dict(self.alerts),
            "scored": self.scored,
            "flagged": self.flagged,
        }


class Row(NamedTuple):
    """One month of one series, read as a plain tuple (cheaper than model instances)."""

    key: int
    customer_id: int
    month: dt.date
    total_fen: int
    voice_out_minutes: int
    voice_in_minutes: int
    data_kb: int
    sms_out: int
    sms_in: int
    activity_records: int
    competitor_calls: int
    offnet_calls: int
    voice_out_calls: int


_FIELDS = ("month", "total_fen", "voice_out_minutes", "voice_in_minutes", "data_kb", "sms_out",
           "sms_in", "activity_records")  # fmt: skip


def _grouped(model: type[UsageMetrics], key: str, months: list[dt.date]) -> dict[int, list[Row]]:
    rows = (
        model.objects.filter(month__in=months)  # type: ignore[attr-defined]
        .order_by(key, "month")
        .annotate(
            competitor=F("calls_10010") + F("calls_10000") + F("calls_10099"),
            offnet=F("calls_unicom") + F("calls_telecom") + F("calls_broadnet"),
        )
        .values_list(key, "customer", *_FIELDS, "competitor", "offnet", "voice_out_calls")
    )
    grouped: dict[int, list[Row]] = {}
    for values in rows:
        grouped.setdefault(values[0], []).append(Row(*values))
    return grouped


def _series(rows: list[Row]) -> dict[str, list[float]]:
    return {
        "spend": [r.total_fen / 100 for r in rows],
        "voice": [float(r.voice_out_minutes + r.voice_in_minutes) for r in rows],
        "data": [float(r.data_kb) for r in rows],
        "sms": [float(r.sms_out + r.sms_in) for r in rows],
        "activity": [float(r.activity_records) for r in rows],
        "competitor_calls": [float(r.competitor_calls) for r in rows],
        "offnet_share": [
            r.offnet_calls / r.voice_out_calls if r.voice_out_calls else 0.0 for r in rows
        ],
    }


def findings_of(rows: list[Row], month: dt.date) -> list[anomalies.Finding]:
    """Anomalies of one series (rows ordered by month) in ``month``."""
    past = [r for r in rows if r.month < month]
    now = [r for r in rows if r.month == month]
    if not now or len(past) < anomalies.MIN_HISTORY:
        return []
    history, current = _series(past), {k: v[0] for k, v in _series(now).items()}
    return anomalies.detect_month(history, current)


def _store(
    customer_id: int,
    level: str,
    ref: int,
    month: dt.date,
    found: list,
    subscriber_id: int | None = None,
) -> list[Anomaly]:  # type: ignore[type-arg]  # noqa: E501
    rows = [
        Anomaly(
            customer_id=customer_id,
            subscriber_id=subscriber_id,
            level=level,
            level_ref=ref,
            month=month,
            kind=f.kind,
            metric=f.metric,
            severity=f.severity,
            current=f.current,
            baseline=f.baseline,
            change_pct=round(f.change_pct, 2),
            months=f.months,
            seasonal=f.seasonal,
        )
        for f in found
    ]
    Anomaly.objects.bulk_create(rows, ignore_conflicts=True)
    return rows


def _members_lost(
    active: Counter[dt.date], month: dt.date, months: list[dt.date]
) -> list[anomalies.Finding]:
    history = [float(active.get(m, 0)) for m in months if m < month]
    found = anomalies.members_lost(history, float(active.get(month, 0)))
    return [found] if found else []


def anomalies_detect(
    *, month: dt.date, result: RunResult
) -> list[tuple[Customer, anomalies.Finding]]:
    """Detect and store the month's anomalies of every customer and subscriber."""
    spend_drops: list[tuple[Customer, anomalies.Finding]] = []
    before = Anomaly.objects.count()
    months = sorted(
        set(CustomerMonth.objects.filter(month__lte=month).values_list("month", flat=True))
    )[-19:]
    by_sub = _grouped(SubscriberMonth, "subscriber_id", months)
    active: dict[int, Counter[dt.date]] = {}
    for srows in by_sub.values():
        for r in srows:
            if r.activity_records > 0:
                active.setdefault(r.customer_id, Counter())[r.month] += 1
    by_customer = _grouped(CustomerMonth, "customer_id", months)
    customers = Customer.objects.in_bulk(list(by_customer))
    for cid, rows in by_customer.items():
        found = findings_of(rows, month) + _members_lost(active.get(cid, Counter()), month, months)
        _store(cid, Level.CUSTOMER, cid, month, found)
        spend_drops += [
            (customers[cid], f)
            for f in found
            if f.kind == "drop" and f.metric == "spend" and f.change_pct <= -50
        ]
    for aid, arows in _grouped(AccountMonth, "account_id", months).items():
        _store(arows[-1].customer_id, Level.ACCOUNT, aid, month, findings_of(arows, month))
    for sid, srows in by_sub.items():
        found = [f for f in findings_of(srows, month) if f.severity != "low"]
        _store(srows[-1].customer_id, Level.SUBSCRIBER, sid, month, found, sid)
    result.anomalies = Anomaly.objects.count() - before  # new ones only: a rerun adds none
    return spend_drops


def day_findings(days: DaySeries) -> list[anomalies.Finding]:
    """Anomalies of the last day of one customer's daily series (oldest first) against
    the same weekday before. The series starts at its first day with usage: before it,
    there is no rhythm to judge by. One day is noisier than a month, so low-severity
    findings are left out."""
    start = next((i for i, (_d, f) in enumerate(days) if any(f.values())), len(days))
    found: list[anomalies.Finding] = []
    for metric, columns in DAY_METRICS.items():
        scale = 100 if metric == "spend" else 1
        series = [(d, sum(f[c] for c in columns) / scale) for d, f in days[start:]]
        found += anomalies.detect_weekdays(series, metric=metric)
    return [f for f in found if f.severity != "low"]


def _day_rows(cid: int, day: dt.date, found: list[anomalies.Finding]) -> list[Anomaly]:
    return [
        Anomaly(
            customer_id=cid,
            level=Level.CUSTOMER,
            level_ref=cid,
            month=day.replace(day=1),
            day=day,
            kind=f"day_{f.kind}",
            metric=f.metric,
            severity=f.severity,
            current=f.current,
            baseline=f.baseline,
            change_pct=round(f.change_pct, 2),
            months=f.months,  # here: how many same weekdays were compared
        )
        for f in found
    ]


def day_anomalies_detect(*, day: dt.date, result: RunResult) -> None:
    """Detect and store every customer's anomalies of ``day`` against the same weekday
    of the weeks before (busy weekdays and quiet weekends are each their own normal)."""
    first = day - dt.timedelta(weeks=anomalies.BASELINE_WEEKS)
    columns = tuple(c for cs in DAY_METRICS.values() for c in cs)
    if not customer_daily(first=day, last=day, columns=("total_fen",)):
        # No usage at all that day means its records are not loaded yet, not that every
        # customer fell silent: judging it would flag everyone.
        log.warning("risk nightly: no daily usage in the warehouse for %s; not judged", day)
        return
    before = Anomaly.objects.filter(day=day).count()
    ids = list(Customer.objects.order_by("pk").values_list("pk", flat=True))
    for i in range(0, len(ids), DAY_CHUNK):
        chunk = ids[i : i + DAY_CHUNK]
        series = customer_daily(first=first, last=day, columns=columns, customers=chunk)
        rows = [r for cid, s in series.items() for r in _day_rows(cid, day, day_findings(s))]
        Anomaly.objects.bulk_create(rows, ignore_conflicts=True)
    result.day_anomalies = Anomaly.objects.filter(day=day).count() - before  # new ones only


def event_process(*, event: SubscriberEvent, result: RunResult | None = None) -> bool:
    """Turn one leaving event into its alert (once). Also called as events are ingested."""
    trigger = LEAVING.get(event.type)  # type: ignore[call-overload]
    if trigger is None:
        return False
    customer = event.customer
    month = timezone.localtime(event.occurred_at).date().replace(day=1)
    sub_fen = (
        SubscriberMonth.objects.filter(subscriber_id=event.subscriber_id, month__lt=month)
        .order_by("-month")
        .values_list("total_fen", flat=True)
        .first()
        or 0
    )
    cust_fen = (
        CustomerMonth.objects.filter(customer=customer, month__lt=month)
        .order_by("-month")
        .values_list("total_fen", flat=True)
        .first()
        or 0
    )
    detail = f"{event.number[:3]}****{event.number[-4:]} {event.detail}".strip()
    _alert, created = alert_open(
        customer=customer,
        trigger=trigger,
        source_ref=f"event:{event.event_id}",
        subscriber=event.subscriber,
        detail=detail,
        subscriber_fen=sub_fen,
        customer_fen=cust_fen,
        opened_at=max(event.occurred_at, timezone.now() - dt.timedelta(hours=1)),
    )
    if created and result is not None:
        result.alerts[trigger] += 1
    return created


def events_process(*, now: dt.datetime, result: RunResult) -> None:
    since = now - dt.timedelta(days=EVENT_DAYS)
    events = SubscriberEvent.objects.filter(
        type__in=list(LEAVING), occurred_at__gt=since, occurred_at__lte=now
    ).select_related(
        "customer__grade", "customer__manager", "customer__backup_manager", "subscriber"
    )
    done = set(
        RiskAlert.objects.filter(
            source_ref__startswith="event:", created_at__gt=since - dt.timedelta(days=7)
        ).values_list("source_ref", flat=True)
    )
    for event in events.order_by("occurred_at"):
        if f"event:{event.event_id}" not in done:
            event_process(event=event, result=result)


def contracts_process(*, today: dt.date, result: RunResult) -> None:
    ending = Contract.objects.filter(
        expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=90)
    )
    for contract in ending.select_related("customer__grade", "customer__manager"):
        step = triggers.contract_step((contract.expires_on - today).days)
        if step is None:
            continue
        _a, created = alert_open(
            customer=contract.customer,
            trigger=triggers.CONTRACT_EXPIRING,
            step=step,
            source_ref=f"contract:{contract.code}:{step}",
            detail=_("Contract %(code)s expires on %(date)s (within %(days)s days)")
            % {"code": contract.code, "date": contract.expires_on.isoformat(), "days": step},
        )
        result.alerts[triggers.CONTRACT_EXPIRING] += int(created)


def arrears_process(*, today: dt.date, result: RunResult) -> None:
    unpaid = Bill.objects.filter(
        is_current=True, due_date__isnull=False, paid_fen__lt=F("total_fen")
    )
    oldest: dict[int, tuple[dt.date, int]] = {}
    for cid, due, total, paid in unpaid.values_list(
        "customer_id", "due_date", "total_fen", "paid_fen"
    ):
        if due is None:
            continue
        first, owed = oldest.get(cid, (due, 0))
        oldest[cid] = (min(first, due), owed + max(total - paid, 0))
    customers = Customer.objects.in_bulk(list(oldest))
    for cid, (due, owed) in oldest.items():
        customer = customers[cid]
        status = credit.arrears_status(
            tier_code=customer.credit_tier, arrears_fen=owed, oldest_due=due, today=today
        )
        if status.level not in ("warning", "suspension_due"):
            continue
        _a, created = alert_open(
            customer=customer,
            trigger=triggers.ARREARS,
            customer_fen=owed,
            source_ref=f"arrears:{due.isoformat()}",
            detail=_(
                "Arrears ¥%(amount)s, %(days)s days overdue; suspension in %(left)s days (credit tier %(tier)s)"  # noqa: E501
            )
            % {  # noqa: E501
                "amount": f"{owed / 100:,.2f}",
                "days": status.overdue_days,
                "left": status.days_to_suspension,
                "tier": status.tier,
            },
        )
        result.alerts[triggers.ARREARS] += int(created)


def last_complete_month(today: dt.date) -> dt.date | None:
    first = today.replace(day=1)
    return CustomerMonth.objects.filter(month__lt=first).aggregate(m=Max("month"))["m"]


def risk_nightly(*, now: dt.datetime | None = None) -> RunResult:
    """Everything due: anomalies of the last complete month and of yesterday (against the
    same weekday before), alerts for leaving events, contracts, arrears, spend drops and
    high scores."""
    moment = now or timezone.now()
    today = timezone.localtime(moment).date()
    result = RunResult()
    month = last_complete_month(today)
    if month is not None:
        for customer, finding in anomalies_detect(month=month, result=result):
            _a, created = alert_open(
                customer=customer,
                trigger=triggers.SPEND_DROP,
                source_ref=f"anomaly:spend:{month.isoformat()}",
                detail=anomaly_text(
                    kind=finding.kind,
                    metric=finding.metric,
                    change_pct=finding.change_pct,
                    months=finding.months,
                    current=finding.current,
                    baseline=finding.baseline,
                ),
                customer_fen=int(finding.baseline * 100),
            )
            result.alerts[triggers.SPEND_DROP] += int(created)
        _scores(month, result)
    day_anomalies_detect(day=today - dt.timedelta(days=1), result=result)
    events_process(now=moment, result=result)
    contracts_process(today=today, result=result)
    arrears_process(today=today, result=result)
    _visits_retry()
    _programmes_measure()
    log.info("risk nightly: %s", result.as_dict())
    return result


def _visits_retry() -> None:
    """Open alerts still without their mandatory visit (no manager at the time) get it."""
    from kamdesk.risk.services.alerts import alert_visit_ensure

    waiting = RiskAlert.objects.filter(status="open", visit_required=True, visit_id__isnull=True)
    for alert in waiting.select_related("customer__manager"):
        alert_visit_ensure(alert=alert)


def _programmes_measure() -> None:
    """Store each running programme's member outcomes (the scorecards read them)."""
    from kamdesk.risk.models import Programme, ProgrammeStatus
    from kamdesk.risk.services.programme import programme_measure

    for programme in Programme.objects.filter(status=ProgrammeStatus.RUNNING):
        programme_measure(programme=programme)


def _scores(month: dt.date, result: RunResult) -> None:
    flagged = scores_compute(month=month)
    result.flagged = len(flagged)
    result.scored = CustomerMonth.objects.filter(month=month).count()
    customers = Customer.objects.in_bulk([s.customer_id for s in flagged])
    # Only a *new* high risk opens an alert: a customer still flagged while last month's
    # high-risk alert is open keeps that alert (and its one retention visit).
    still_open = set(
        RiskAlert.objects.filter(
            customer_id__in=list(customers), trigger=triggers.HIGH_RISK, status="open"
        )
        .exclude(source_ref=f"score:{month.isoformat()}")
        .values_list("customer_id", flat=True)
    )
    for score in flagged:
        if score.customer_id in still_open:
            continue
        reasons = "；".join(reason_text(r) for r in score.reasons)
        _a, created = alert_open(
            customer=customers[score.customer_id],
            trigger=triggers.HIGH_RISK,
            source_ref=f"score:{month.isoformat()}",
            customer_fen=score.value_fen,
            detail=_("Churn probability %(p)s%%: %(reasons)s")
            % {"p": round(score.probability * 100), "reasons": reasons},
        )
        result.alerts[triggers.HIGH_RISK] += int(created)
