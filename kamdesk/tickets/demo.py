"""The demo's requests: every demo manager gets a realistic history.

For each manager (``manager1`` … ``manager10``) and a few of their customers: a
request resolved, confirmed and rated; one whose network step went to the simulated
EOMS through the outbound interface and was closed by its callback; one that missed
its deadline (escalated to the supervisor); one waiting for the customer; one in
progress with parallel steps in billing and provisioning (in ``backoffice1``'s queue);
a new one; and, for some, a complaint to the regulator. Everything is written through
the services at moments in the past, so clocks, events, surveys and notifications are
what they would have been; the sweep then records what came due.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kamdesk.core.crypto import token_hash
from kamdesk.customers.models import Customer
from kamdesk.tickets.models import BackofficeSystem, Category, Survey, Ticket
from kamdesk.tickets.services.outbound import step_delivered
from kamdesk.tickets.services.steps import step_add, step_callback, step_hand_back
from kamdesk.tickets.services.surveys import survey_answer, surveys_expire
from kamdesk.tickets.services.sweep import sla_sweep
from kamdesk.tickets.services.tickets import (
    TicketInput,
    ticket_confirm,
    ticket_create,
    ticket_set_status,
)
from kamdesk.users.models import Department, Role, User

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# The simulated EOMS reports back with this token; a published demo value, not a secret.
DEMO_EOMS_TOKEN = "kamdesk-demo-eoms-callback"  # noqa: S105

TITLES = {
    "bill_dispute": ["十月账单流量费与套餐不符", "国际漫游费用异议", "集团统付账户重复扣费"],
    "fault": ["办公楼室内信号弱", "专线时断时续", "会议室 5G 无法接入"],
    "complaint": ["营业厅办理业务等待过久", "客服多次转接未解决", "宽带装机超期"],
    "plan_change": ["高管号码升级套餐", "集团成员批量变更资费", "物联网卡池扩容"],
    "new_service": ["新开 20 条专线", "开通云视讯会议", "新增物联网卡 500 张"],
    "vat_invoice": ["十一月增值税专票开具", "发票抬头更正", "补开九月发票"],
    "regulator_complaint": ["用户向工信部申诉扣费问题"],
    "vip_benefit": ["机场贵宾厅预约", "高铁贵宾候车服务"],
}


class _Demo:
    def __init__(self, *, seed: int, today: dt.date) -> None:
        self.rng = random.Random(f"{seed}:tickets")
        self.today = today
        self.latest = timezone.now() - dt.timedelta(minutes=5)
        self.categories = {c.code: c for c in Category.objects.all()}
        self.departments = {d.code: d for d in Department.objects.all()}
        self.agent = User.objects.filter(username="backoffice1").first()
        self.count = 0

    def at(self, days_ago: float, hour: int = 10, minute: int = 0) -> dt.datetime:
        """A moment ``days_ago`` days before today at a local hour, never in the future."""
        day = self.today - dt.timedelta(days=int(days_ago))
        moment = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)
        return min(moment.astimezone(dt.UTC), self.latest)

    def open(
        self, manager: User, customer: Customer, category: str, when: dt.datetime, **extra: object
    ) -> Ticket:
        contact = customer.contacts.filter(is_active=True).exclude(email="").first()
        title = self.rng.choice(TITLES.get(category, ["客户需求"]))
        self.count += 1
        return ticket_create(
            actor=manager,
            now=when,
            data=TicketInput(
                customer=customer,
                category=self.categories[category],
                channel=self.rng.choice(["phone", "wechat", "email", "visit", "sms"]),
                title=title,
                description=f"{customer.name}：{title}。",
                contact=contact,
                **extra,  # type: ignore[arg-type]
            ),
        )

    def step(
        self,
        ticket: Ticket,
        manager: User,
        code: str,
        text: str,
        when: dt.datetime,
        placement: str = "after",
    ):  # type: ignore[no-untyped-def]
        return step_add(
            ticket=ticket,
            actor=manager,
            department=self.departments[code],
            instructions=text,
            placement=placement,
            now=when,
        )


def _eoms(network: Department) -> BackofficeSystem:
    endpoint = f"{settings.KAM_SITE_URL.rstrip('/')}/requests/eoms-simulator/"
    system, _ = BackofficeSystem.objects.get_or_create(
        department=network,
        defaults={
            "name": "EOMS（模拟）",
            "endpoint_url": endpoint,
            "outbound_token": "demo-outbound",
            "callback_token_hash": token_hash(DEMO_EOMS_TOKEN),
        },
    )
    return system


def _rated(demo: _Demo, manager: User, customer: Customer) -> None:
    start = demo.at(40 + demo.rng.randint(0, 15), 9, 30)
    ticket = demo.open(manager, customer, "bill_dispute", start)
    step = demo.step(ticket, manager, "billing", "请核对该账户上月账单明细", start)
    step_hand_back(
        step=step,
        actor=demo.agent,
        outcome="账单计费有误，已退还差额",
        now=start + dt.timedelta(hours=3),
    )
    resolved = start + dt.timedelta(hours=5)
    ticket_set_status(
        ticket=ticket,
        actor=manager,
        status="resolved",
        resolution="已退还多收费用并致电客户说明",
        now=resolved,
    )
    survey = Survey.objects.filter(ticket=ticket).first()
    if survey is not None and survey.status == "sent":
        survey_answer(
            survey=survey,
            score=demo.rng.choice([4, 5, 5]),
            comment="处理及时",
            now=resolved + dt.timedelta(hours=20),
        )
    ticket_confirm(
        ticket=ticket, actor=manager, note="客户财务电话确认", now=resolved + dt.timedelta(days=1)
    )


def _via_eoms(demo: _Demo, manager: User, customer: Customer, system: BackofficeSystem) -> None:
    start = demo.at(20 + demo.rng.randint(0, 5), 14, 0)
    ticket = demo.open(manager, customer, "fault", start)
    step = demo.step(ticket, manager, "network", "请派单排查室内覆盖", start)
    step_delivered(
        step=step, external_ref=f"EOMS-SIM-{step.pk:06d}", now=start + dt.timedelta(minutes=1)
    )
    step.refresh_from_db()
    step_callback(
        step=step,
        system=system,
        status="done",
        outcome="已加装室分，信号恢复",
        now=start + dt.timedelta(hours=20),
    )
    ticket_set_status(
        ticket=ticket,
        actor=manager,
        status="resolved",
        resolution="网络部已加装室内分布系统",
        now=start + dt.timedelta(hours=22),
    )


def _breached(demo: _Demo, manager: User, customer: Customer) -> None:
    start = demo.at(8, 10, 0)
    ticket = demo.open(manager, customer, "complaint", start)
    demo.step(ticket, manager, "customer_service", "请回访客户并提出补偿方案", start)


def _waiting(demo: _Demo, manager: User, customer: Customer) -> None:
    start = demo.at(2, 15, 0)
    ticket = demo.open(manager, customer, "plan_change", start)
    ticket_set_status(
        ticket=ticket,
        actor=manager,
        status="waiting",
        note="等待客户提供成员名单",
        now=start + dt.timedelta(hours=1),
    )


def _in_progress(demo: _Demo, manager: User, customer: Customer) -> None:
    start = demo.at(1, 11, 0)
    ticket = demo.open(manager, customer, "new_service", start)
    demo.step(ticket, manager, "provisioning", "开通资源核查", start)
    demo.step(ticket, manager, "billing", "新建统付账户并配置资费", start, placement="parallel")


def _new(demo: _Demo, manager: User, customer: Customer) -> None:
    demo.open(manager, customer, demo.rng.choice(["vat_invoice", "vip_benefit"]), demo.at(0, 9, 15))


def _regulator(demo: _Demo, manager: User, customer: Customer) -> None:
    start = demo.at(1, 16, 0)
    ticket = demo.open(manager, customer, "regulator_complaint", start)
    demo.step(ticket, manager, "enterprise_support", "核实扣费记录并准备答复材料", start)


Scenario = Callable[[_Demo, User, Customer], None]
SCENARIOS: list[Scenario] = [_rated, _breached, _waiting, _in_progress, _new]


def tickets_demo_load(*, seed: int, today: dt.date) -> int:
    """Write the demo managers' request histories; returns how many requests were made."""
    demo = _Demo(seed=seed, today=today)
    network = demo.departments.get("network")
    managers = list(
        User.objects.filter(role=Role.MANAGER, username__startswith="manager").order_by("username")
    )
    with transaction.atomic():
        system = _eoms(network) if network is not None else None
        for index, manager in enumerate(managers):
            _manager_history(demo, manager, index, system)
        # Record what came due (breaches, escalations) and the surveys left unanswered;
        # the e-mails are left to the worker.
        sla_sweep(now=timezone.now(), other_work=False)
        surveys_expire(now=timezone.now())
    return demo.count


def _manager_history(
    demo: _Demo, manager: User, index: int, system: BackofficeSystem | None
) -> None:
    customers = list(
        Customer.objects.filter(manager=manager, contacts__isnull=False)
        .select_related("grade", "manager")
        .distinct()
        .order_by("code")[:8]
    )
    if not customers:
        return
    scenarios: list[Scenario] = list(SCENARIOS)
    if system is not None:
        scenarios.append(lambda d, m, c: _via_eoms(d, m, c, system))
    if index % 3 == 0:
        scenarios.append(_regulator)
    for number, scenario in enumerate(scenarios):
        scenario(demo, manager, customers[number % len(customers)])
