"""The demo's commitments: every demo manager has open, kept, overdue and renegotiated
ones (and a cancelled one), written through the services at moments in the past, so the
history and the fulfilment rate are what they would have been; the sweep then records
what came due (reminders, overdue alerts, escalations)."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.commitments.models import Commitment
from kamdesk.commitments.services import (
    CommitmentInput,
    commitment_cancel,
    commitment_create,
    commitment_fulfil,
    commitment_renegotiate,
    commitments_sweep,
)
from kamdesk.customers.models import Customer
from kamdesk.users.models import Role, User

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
PROMISES = [
    ("月底前提交专线扩容方案", "proposal"),
    ("协调网络部优化会议室5G信号", "call"),
    ("核实十月账单流量费并回复", "request"),
    ("为新入职员工批量办理入网", "visit_need"),
    ("提供云视讯试用账号", "call"),
    ("安排物联网卡池扩容评估", "proposal"),
    ("整理近半年通信费用分析报告", "other"),
]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


class _Demo:
    def __init__(self, *, seed: int, today: dt.date) -> None:
        self.rng = random.Random(f"{seed}:commitments")
        self.today = today
        self.count = 0

    def make(self, manager: User, customer: Customer, made: dt.date, due: dt.date) -> Commitment:
        title, source = PROMISES[self.count % len(PROMISES)]
        contact = customer.contacts.order_by("pk").first()
        data = CommitmentInput(
            customer=customer,
            title=title,
            due_on=due,
            source_kind=source,
            contact=contact,
            source_ref=f"{made:%Y-%m-%d}",
        )
        self.count += 1
        return commitment_create(actor=manager, data=data, now=_at(made))


def _history(demo: _Demo, manager: User, customers: list[Customer]) -> None:
    today, days = demo.today, dt.timedelta
    pick = lambda n: customers[n % len(customers)]  # noqa: E731
    # Open, due in a few days (the reminder goes out).
    demo.make(manager, pick(0), today - days(5), today + days(1))
    demo.make(manager, pick(1), today - days(2), today + days(9))
    # Kept on time and kept late.
    kept = demo.make(manager, pick(2), today - days(30), today - days(12))
    commitment_fulfil(
        commitment=kept,
        actor=manager,
        now=_at(today - days(14), 16),
        evidence_note=_("Delivered to the customer and confirmed by e-mail."),
    )
    late = demo.make(manager, pick(3), today - days(25), today - days(15))
    commitment_fulfil(
        commitment=late,
        actor=manager,
        now=_at(today - days(13), 11),
        evidence_note=_("Delivered after the due date."),
    )
    # Overdue (escalated by the sweep) and overdue since yesterday.
    demo.make(manager, pick(4), today - days(20), today - days(6))
    demo.make(manager, pick(0), today - days(10), today - days(1))
    # Renegotiated with the customer's agreement.
    moved = demo.make(manager, pick(1), today - days(18), today - days(4))
    contact = moved.contact.name if moved.contact else _("the customer")
    commitment_renegotiate(
        commitment=moved,
        actor=manager,
        now=_at(today - days(6)),
        new_due_on=today + days(5 + demo.rng.randint(0, 5)),
        agreed_by=contact,
        agreement=_("Agreed by phone; confirmed by e-mail the same day."),
    )
    # Cancelled with a reason.
    dropped = demo.make(manager, pick(2), today - days(9), today + days(3))
    commitment_cancel(
        commitment=dropped,
        actor=manager,
        now=_at(today - days(3)),
        reason=_("The customer withdrew the need."),
    )


def commitments_demo_load(*, seed: int, today: dt.date) -> str:
    """Write the demo managers' commitments; returns a one-line summary."""
    demo = _Demo(seed=seed, today=today)
    managers = User.objects.filter(role=Role.MANAGER, username__startswith="manager").order_by(
        "username"
    )
    with transaction.atomic():
        for manager in managers:
            customers = list(Customer.objects.filter(manager=manager).order_by("code")[:5])
            if customers:
                _history(demo, manager, customers)
        counts = commitments_sweep(now=timezone.now())
    return _("Commitments created: %(count)s (%(overdue)s overdue, %(escalated)s escalated).") % {
        "count": demo.count,
        "overdue": counts["overdue"],
        "escalated": counts["escalated"],
    }
