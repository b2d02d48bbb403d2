"""A year of history for the manager's-day benchmark (``home_day.py``), built once with
the ORM's bulk inserts. A row of ``home-province`` marks a finished build."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

SEED = 20261129


def _local(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def build_year(*, managers: int, customers: int, password: str) -> None:
    from kamdesk.users.models import Role, Team, User

    if User.objects.filter(username="home-province").exists():
        print("bench data: already built")
        return
    started = dt.datetime.now()
    rng = random.Random(SEED)
    hashed = make_password(password)
    today = timezone.localdate()
    with transaction.atomic():
        staff = []
        for t in range(1, managers // 5 + 1):
            sup = User.objects.create(
                username=f"home-sup-{t}", role=Role.SUPERVISOR, password=hashed
            )
            team = Team.objects.create(name=f"基准测试{t}组", supervisor=sup)
            for n in range(5):
                number = (t - 1) * 5 + n + 1
                staff.append(
                    User.objects.create(
                        username=f"home-mgr-{number:02d}",
                        role=Role.MANAGER,
                        team=team,
                        password=hashed,
                        display_name=f"经理{number}",
                    )
                )
        prov = User.objects.create(username="home-province", role=Role.SUPERVISOR, password=hashed)
        prov.user_permissions.add(Permission.objects.get(codename="view_province"))
        for manager in staff:
            _portfolio(manager, customers, rng, today)
    print(f"bench data: built in {(dt.datetime.now() - started).total_seconds():.0f} s")


def _portfolio(manager, count: int, rng: random.Random, today: dt.date) -> None:  # type: ignore[no-untyped-def]
    from kamdesk.customers.models import Account, Contact, Customer, Grade, Interaction, Subscriber

    grades = list(Grade.objects.filter(kind="group"))
    base = manager.pk * 10_000
    rows = [
        Customer(
            code=f"H{base + i:09d}",
            kind="group",
            name=f"基准集团{base + i}有限公司",
            grade=rng.choice(grades),
            manager=manager,
            region="南京市",
        )
        for i in range(count)
    ]
    custs = Customer.objects.bulk_create(rows)
    Contact.objects.bulk_create(
        Contact(
            customer=c,
            name=f"联系人{c.pk}-{k}",
            phone="13900000000",
            preferred_channel=rng.choice(["sms", "email", "call", ""]),
            consent_greetings=rng.random() < 0.6,
            birthday=dt.date(1970 + rng.randrange(30), 1, 1)
            + dt.timedelta(days=rng.randrange(365)),
        )
        for c in custs
        for k in range(2)
    )
    Interaction.objects.bulk_create(
        Interaction(
            customer=c,
            channel="call",
            staff=manager,
            summary="电话回访",
            occurred_at=_local(today - dt.timedelta(days=rng.randrange(365))),
        )
        for c in custs
        for _ in range(12)
    )
    accounts = Account.objects.bulk_create(
        Account(code=f"HA{c.pk:09d}", customer=c, name=f"{c.name}账户") for c in custs
    )
    Subscriber.objects.bulk_create(
        Subscriber(
            subscriber_id=f"HS{a.pk:08d}{k}",
            number=f"139{a.pk:07d}{k}",
            customer=a.customer,
            account=a,
            valid_from=dt.date(2020, 1, 1),
            status="active",
        )
        for a in accounts
        for k in range(5)
    )
    _bills(accounts, rng, today)
    _requests(manager, custs, rng, today)
    _visits_commitments(manager, custs, rng, today)
    _notifications(manager, rng)


def _bills(accounts, rng: random.Random, today: dt.date) -> None:  # type: ignore[no-untyped-def]
    from kamdesk.usage.models import Bill

    months = [dt.date(today.year - 1, 12, 1)] + [
        dt.date(today.year, m, 1) for m in range(1, today.month + 1)
    ]
    Bill.objects.bulk_create(
        Bill(
            bill_id=f"HB{a.pk}-{m:%Y%m}",
            version=1,
            account=a,
            customer=a.customer,
            month=m,
            total_fen=rng.randrange(50_000, 500_000),
            is_current=True,
        )
        for a in accounts
        for m in months
    )


def _requests(manager, custs, rng: random.Random, today: dt.date) -> None:  # type: ignore[no-untyped-def]
    from kamdesk.tickets.models import Category, Survey, Ticket

    category = Category.objects.order_by("pk").first()
    now = timezone.now()
    rows = []
    for c in custs:
        for k in range(6):
            opened = now - dt.timedelta(days=rng.randrange(1, 365), hours=rng.randrange(24))
            open_now = k == 0 and rng.random() < 0.3
            resolved = None if open_now else opened + dt.timedelta(hours=rng.randrange(2, 60))
            due = (
                (now + dt.timedelta(hours=rng.randrange(-5, 30)))
                if open_now
                else opened + dt.timedelta(hours=48)
            )
            rows.append(
                Ticket(
                    customer=c,
                    channel="phone",
                    category=category,
                    priority="p3",
                    derived_priority="p3",
                    title="基准请求",
                    owner=manager,
                    status="in_progress" if open_now else "closed",
                    opened_at=opened,
                    resolved_at=resolved,
                    calendar_code="cn",
                    response_minutes=60,
                    resolution_minutes=2880,
                    due_at=due,
                    warn_at=due - dt.timedelta(hours=6),
                    sla_met=None if open_now else resolved <= due,
                    breached_at=due if open_now and due < now else None,
                )
            )
    tickets = Ticket.objects.bulk_create(rows)
    Survey.objects.bulk_create(
        Survey(
            ticket=t,
            nonce=f"h{t.pk}",
            sent_at=t.resolved_at,
            expires_at=t.resolved_at + dt.timedelta(days=7),
            status="answered",
            score=rng.choice([3, 4, 5, 5]),
            answered_at=t.resolved_at + dt.timedelta(days=1),
        )
        for t in tickets
        if t.resolved_at and rng.random() < 0.3
    )


def _visits_commitments(manager, custs, rng: random.Random, today: dt.date) -> None:  # type: ignore[no-untyped-def]
    from kamdesk.commitments.models import Commitment
    from kamdesk.visits.models import Visit

    visits = []
    for c in custs:
        for m in range(12):
            day = today - dt.timedelta(days=30 * m + rng.randrange(30))
            done = day < today and rng.random() < 0.9
            visits.append(
                Visit(
                    customer=c,
                    manager=manager,
                    planned_date=day,
                    purpose="季度走访",
                    status="completed" if done else ("planned" if day >= today else "missed"),
                    completed_at=_local(day + dt.timedelta(days=rng.choice([0, 0, 0, 2])), 15)
                    if done
                    else None,
                    confirmed_at=_local(day, 15) if done and rng.random() < 0.5 else None,
                )
            )
        visits.append(
            Visit(
                customer=c,
                manager=manager,
                planned_date=today + dt.timedelta(days=rng.randrange(7)),
                purpose="本周拜访",
            )
        )
    Visit.objects.bulk_create(visits)
    Commitment.objects.bulk_create(
        Commitment(
            customer=c,
            title="基准承诺",
            promised_by=manager,
            owner=manager,
            promised_on=due - dt.timedelta(days=14),
            due_on=due,
            original_due_on=due,
            source_kind="call",
            status="fulfilled" if kept else "open",
            fulfilled_at=_local(due) if kept else None,
        )
        for c in custs
        for k in range(4)
        for due in [today - dt.timedelta(days=rng.randrange(-10, 360))]
        for kept in [due < today and rng.random() < 0.9]
    )


def _notifications(manager, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    from kamdesk.notifications.models import Notification

    Notification.objects.bulk_create(
        Notification(
            user=manager,
            kind=rng.choice(["sla.warning", "sla.breach", "visit.overdue"]),
            title=f"基准提醒 {k}",
            dedup_key=f"home-bench:{manager.pk}:{k}",
            url="/",
        )
        for k in range(200)
    )
