"""The demo's visits: every demo manager gets a year of history and this month's plan.

For each manager's customers with a visit policy, visits at the policy's frequency over
the last twelve months on working days: most completed (on time or a few days late),
some checked in with a location, some confirmed by the customer's SMS code, some signed,
a few missed. On top: a retention visit required by the early warning, a required visit
dropped with a reason (the supervisor sees it), a service day at a group's premises with
items collected, one visit confirmed through the real SMS-code flow, and the current
month's plan made by the planner. The overdue sweep then records what came due.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import struct
import zlib
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.calendars.selectors import STANDARD, work_calendar
from kamdesk.customers.models import Contact, Customer, CustomerStatus
from kamdesk.notifications.models import OutboundMessage
from kamdesk.users.models import Role, User
from kamdesk.visits.models import (
    NeedDisposition,
    OnSiteItemKind,
    RaisedNeed,
    Visit,
    VisitKind,
    VisitMode,
    VisitOrigin,
    VisitPolicy,
    VisitSignature,
    VisitStatus,
)
from kamdesk.visits.planning import add_months
from kamdesk.visits.services import (
    onsite_item_add,
    required_visit_create,
    visit_cancel,
    visit_code_confirm,
    visit_code_send,
)
from kamdesk.visits.services.plan import month_plan_apply
from kamdesk.visits.services.record import visit_content
from kamdesk.visits.services.sweep import overdue_sweep
from kamdesk.visits.signing import canonical_content, content_digest

PURPOSES = [
    "季度走访，了解通信需求",
    "年度合同续约沟通",
    "新业务推介：云专线",
    "账单答疑",
    "5G 专网方案交流",
]
DISCUSSIONS = [
    "客户反映会议室信号偏弱，已约网络部勘查；介绍了云视讯套餐。",
    "沟通明年集团统付方案，客户倾向提高流量包档位。",
    "核对上月账单，解释国际漫游计费规则，客户认可。",
    "客户计划新增 30 名员工，需要批量开卡与手机补贴政策。",
]
FORCED = ("missed", "late", "confirmed")
NEEDS = ["会议室信号弱，希望改善", "需要增值税专票按月开具", "希望提供物联网卡资费方案"]


def _signature_png(rng: random.Random) -> bytes:
    """A small grayscale PNG with a scribbled stroke, like a pad's drawing."""
    width, height = 240, 80
    rows = [bytearray([255] * width) for _ in range(height)]
    phase, amp = rng.uniform(0, 6.28), rng.uniform(10, 25)
    import math

    for x in range(10, width - 10):
        y = int(height / 2 + amp * math.sin(x / 13 + phase) * math.cos(x / 37))
        for dy in (-1, 0, 1):
            if 0 <= y + dy < height:
                rows[y + dy][x] = 20
    raw = b"".join(b"\x00" + bytes(r) for r in rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


class _Demo:
    def __init__(self, *, seed: int, today: dt.date) -> None:
        self.rng = random.Random(f"{seed}:visits")
        self.today = today
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.cal = work_calendar(code=STANDARD, around=today)
        self.policies = {p.grade_id: p for p in VisitPolicy.objects.filter(is_active=True)}

    def working(self, day: dt.date) -> dt.date:
        while not self.cal.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def at(self, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.tz)

    def history(self, manager: User, customers: list[Customer]) -> list[Visit]:
        rows: list[Visit] = []
        start = self.today - dt.timedelta(days=365)
        month_start = self.today.replace(day=1)
        for customer in customers:
            policy = self.policies.get(customer.grade_id)
            if policy is None:
                continue
            day = start + dt.timedelta(days=self.rng.randrange(0, 28))
            while True:
                day = self.working(day)
                if day >= month_start:
                    break
                # The manager's first three visits are one missed, one completed late
                # and one confirmed by the customer's code, so every demo manager shows
                # each kind whatever the dice say.
                force = FORCED[len(rows)] if len(rows) < len(FORCED) else ""
                rows.append(self.past_visit(manager, customer, day, policy, force))
                day = add_months(day, policy.every_months)
        return rows

    def past_visit(
        self, manager: User, customer: Customer, day: dt.date, policy: VisitPolicy, force: str = ""
    ) -> Visit:
        r = self.rng.random()
        kind = VisitKind.ON_SITE if policy.mode == VisitMode.ON_SITE or r < 0.5 else VisitKind.CALL
        visit = Visit(
            customer=customer,
            manager=manager,
            kind=kind,
            purpose=self.rng.choice(PURPOSES),
            planned_date=day,
            planned_time=dt.time(9 + self.rng.randrange(0, 8), 0),
            origin=VisitOrigin.PLAN,
            plan_month=f"{day:%Y-%m}",
            created_by=manager,
        )
        if force == "missed" or (r < 0.07 and not force):
            visit.status = VisitStatus.MISSED
            visit.overdue_since = self.at(day + dt.timedelta(days=1), 0)
            return visit
        late_by = self.rng.choice([0, 0, 0, 0, 0, 1, 3, 6])
        done = day + dt.timedelta(days=3 if force == "late" else late_by)
        hour = visit.planned_time.hour if visit.planned_time else 10
        started = self.at(done, hour, self.rng.randrange(0, 50))
        visit.status = VisitStatus.COMPLETED
        visit.started_at = started
        visit.duration_minutes = self.rng.choice([30, 45, 60, 90])
        visit.completed_at = started + dt.timedelta(minutes=visit.duration_minutes + 10)
        visit.completed_by = manager
        visit.place = customer.address or customer.district
        visit.staff_participants = str(manager)
        visit.customer_participants = "信息中心主任、行政经理"
        visit.discussion = self.rng.choice(DISCUSSIONS)
        visit.next_steps = "两周内反馈方案"
        if kind == VisitKind.ON_SITE and self.rng.random() < 0.6:
            visit.checked_in_at = started - dt.timedelta(minutes=2)
            if customer.latitude is not None:
                visit.checkin_latitude = customer.latitude + Decimal("0.0008")
                visit.checkin_longitude = customer.longitude
                visit.checkin_distance_m = self.rng.randrange(15, 260)
                visit.checkin_accuracy_m = self.rng.randrange(5, 40)
        if self.rng.random() < 0.3 or force == "confirmed":
            visit.confirmed_at = visit.completed_at - dt.timedelta(minutes=5)
            visit.confirmed_by_masked = "139****5678"
        return visit

    def sign_some(self, visits: list[Visit]) -> int:
        """Sign about a fifth of the completed on-site visits, at least one a manager."""
        eligible = [v for v in visits if v.completed_at is not None and v.kind == VisitKind.ON_SITE]
        chosen = [v for v in eligible if self.rng.random() < 0.2] or eligible[:1]
        signed = 0
        for visit in chosen:
            done = visit.completed_at
            if done is None:  # for the type checker: eligible visits are completed
                continue
            visit.resolves_problem = True
            Visit.objects.filter(pk=visit.pk).update(resolves_problem=True)
            if self.rng.random() < 0.4:
                need = RaisedNeed.objects.create(
                    visit=visit,
                    description=self.rng.choice(NEEDS),
                    disposition=NeedDisposition.NO_ACTION,
                    disposition_reason="现场已解答，客户无进一步需求",
                    disposed_at=done,
                    disposed_by=visit.manager,
                )
                del need
            canonical = canonical_content(visit_content(visit))
            VisitSignature.objects.create(
                visit=visit,
                signer_name=self.rng.choice(["王敏", "李强", "张伟", "陈静"]),
                signer_title="信息中心主任",
                signed_at=done - dt.timedelta(minutes=3),
                digest=content_digest(canonical),
                content=canonical,
                image_png=_signature_png(self.rng),
                recorded_by=visit.manager,
            )
            signed += 1
        return signed

    def extras(self, manager: User, customers: list[Customer], index: int) -> None:
        active = [
            c for c in customers if c.status in (CustomerStatus.ACTIVE, CustomerStatus.AT_RISK)
        ]
        if not active:
            return
        retention = required_visit_create(
            customer=active[0],
            reason="retention",
            due_by=self.today + dt.timedelta(days=2),
            source_ref=f"demo-risk-{active[0].code}",
            note="流失预警：近三月 ARPU 持续下降",
        )
        del retention
        if len(active) > 1 and index % 2 == 0:
            dropped = required_visit_create(
                customer=active[1],
                reason="contract_expiry",
                due_by=self.today + dt.timedelta(days=20),
                source_ref=f"demo-contract-{active[1].code}",
            )
            visit_cancel(visit=dropped, actor=manager, reason="客户已于上周在营业厅续约，无需上门")
        groups = [c for c in active if c.kind == "group"]
        if groups:
            self.service_day(manager, groups[0])
        self.code_confirmed(manager, active[-1])

    def service_day(self, manager: User, customer: Customer) -> None:
        day = self.working(self.today + dt.timedelta(days=3))
        visit = Visit.objects.create(
            customer=customer,
            manager=manager,
            kind=VisitKind.SERVICE_DAY,
            purpose="驻点服务日：员工业务集中办理",
            planned_date=day,
            planned_time=dt.time(10, 0),
            planned_minutes=240,
            origin=VisitOrigin.MANUAL,
            created_by=manager,
        )
        onsite_item_add(
            visit=visit,
            actor=manager,
            kind=OnSiteItemKind.SIM,
            description="新员工开卡 12 张",
            requester_name="人事部 刘芳",
            requester_number="13912340001",
        )
        onsite_item_add(
            visit=visit,
            actor=manager,
            kind=OnSiteItemKind.HANDSET,
            description="合约机 iPhone 3 台",
            requester_name="王磊",
        )
        onsite_item_add(
            visit=visit,
            actor=manager,
            kind=OnSiteItemKind.BILL_QUESTION,
            description="十月账单流量超额咨询",
            requester_name="赵婷",
            requester_number="13812340002",
        )

    def code_confirmed(self, manager: User, customer: Customer) -> None:
        """One visit confirmed through the real flow: the code goes to the SMS outbox."""
        contact = Contact.objects.filter(customer=customer).exclude(phone="").first()
        if contact is None:
            return
        visit = Visit.objects.create(
            customer=customer,
            manager=manager,
            kind=VisitKind.ON_SITE,
            purpose="例行走访",
            planned_date=self.today,
            planned_time=dt.time(9, 30),
            origin=VisitOrigin.MANUAL,
            created_by=manager,
        )
        visit_code_send(visit=visit, actor=manager, contact=contact)
        message = (
            OutboundMessage.objects.filter(dedup_key__startswith="otp:").order_by("-pk").first()
        )
        found = re.search(r"(?<!\d)(\d{6})(?!\d)", message.body if message else "")
        if found:
            visit_code_confirm(visit=visit, actor=manager, code=found.group(1))


def visits_demo_load(*, seed: int, today: dt.date) -> str:
    """Load the demo's visits; returns a one-line summary."""
    demo = _Demo(seed=seed, today=today)
    managers = list(
        User.objects.filter(role=Role.MANAGER, username__startswith="manager").order_by("pk")
    )
    total = signed = 0
    with transaction.atomic():
        for index, manager in enumerate(managers):
            customers = list(Customer.objects.filter(manager=manager).order_by("code"))
            rows = Visit.objects.bulk_create(demo.history(manager, customers), batch_size=1000)
            total += len(rows)
            signed += demo.sign_some([v for v in rows if v.pk])
            demo.extras(manager, customers, index)
        summary = month_plan_apply(
            year=today.year, month=today.month, manager_ids=[m.pk for m in managers], today=today
        )
    overdue_sweep(now=timezone.now())
    return _(
        "Visits: %(total)s past visits (%(signed)s signed) for %(managers)s managers; "
        "%(planned)s planned this month."
    ) % {"total": total, "signed": signed, "managers": len(managers), "planned": summary.created}
