"""The demo's orders: every demo manager has orders in every state (draft, awaiting
approval, approved, submitting, submitted, confirmed by BOSS, rejected by BOSS, not
delivered, cancelled), and the interfaces point at the simulated BOSS and real-name
platform that KAM Desk serves in the demo, so orders submitted while exploring the demo
are answered by the simulated BOSS (through the worker).

While the demo is loading no web server runs, so the platform's and BOSS's answers for
the history are the simulators' own answers, applied through the same services that
apply them in production (``boss_callback``).
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.core.crypto import token_hash
from kamdesk.customers.models import Customer, Subscriber, TariffAddon, TariffPlan
from kamdesk.notifications.services import site_url
from kamdesk.orders.boss_sim import simulated_pool
from kamdesk.orders.models import (
    Delivery,
    ExternalInterface,
    ItemKind,
    Order,
    OrderStatus,
    SimulatedBossOrder,
)
from kamdesk.orders.realname_sim import realname_answer
from kamdesk.orders.rules import imei_check_digit
from kamdesk.orders.services.boss import BossAnswer, ItemAnswer, boss_callback, boss_payload
from kamdesk.orders.services.events import order_event
from kamdesk.orders.services.items import ItemInput, items_add
from kamdesk.orders.services.orders import (
    order_approve,
    order_cancel,
    order_create,
    order_request_approval,
    order_set_discount,
)
from kamdesk.orders.services.signing import order_sign
from kamdesk.orders.views.simulators import boss_decision, simulator_token
from kamdesk.users.models import Role, User

STATES = (
    "draft",
    "awaiting",
    "approved",
    "submitting",
    "submitted",
    "confirmed",
    "rejected",
    "failed",
    "cancelled",
)


def _signature() -> str:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (300, 100), "white")
    ImageDraw.Draw(image).line([(12, 70), (80, 25), (150, 75), (285, 30)], fill="black", width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _interfaces() -> None:
    ExternalInterface.objects.update_or_create(
        kind="boss",
        defaults={
            "endpoint_url": site_url(reverse("orders:boss_simulator")),
            "callback_token_hash": token_hash(simulator_token()),
        },
    )
    ExternalInterface.objects.update_or_create(
        kind="realname",
        defaults={
            "endpoint_url": site_url("/orders/realname-simulator"),
        },
    )


def _resident_id(n: int) -> str:
    from kamdesk.core.identifiers import resident_id_check_digit

    body = f"320102{1975 + n % 20}0{1 + n % 9}1{n % 9}{(n * 7) % 1000:03d}"
    return body + resident_id_check_digit(body)


class _Demo:
    def __init__(self, *, today: dt.date) -> None:
        self.today = today
        self.count = 0
        self.plans = list(TariffPlan.objects.filter(is_active=True).order_by("monthly_fee")[:6])
        self.addon = TariffAddon.objects.order_by("code").first()
        self.signature = _signature()
        held = set(
            Subscriber.objects.filter(valid_to__isnull=True).values_list("number", flat=True)
        )
        self.pool = [n for n in simulated_pool() if n not in held]

    def number(self) -> str:
        """The next number of the simulated BOSS's pool (what "Ask BOSS" offers)."""
        self.count += 1
        return self.pool[(self.count - 1) % len(self.pool)]

    def items(self, customer: Customer, state: str, n: int) -> list[ItemInput]:
        plan = self.plans[n % len(self.plans)]
        seq = (n * 3) % 1000 if n % 6 != 5 else n * 10 + 1  # never five numbers already
        holder = _resident_id(seq)
        if int(holder[16]) % 6 >= 4:
            holder = _resident_id(seq + 1)
        items = [
            ItemInput(
                kind="new_line",
                number=self.number() if state != "rejected" else f"1987{self.count:03d}4444",
                number_source="pool",
                plan=plan,
                ownership="company",
                holder_name="王建国",
                holder_id_type="resident_id",
                holder_id_number=holder,
                company_name=customer.name,
                handler_name="李经办",
                handler_id_type="resident_id",
                handler_id_number=_resident_id(seq + 3),
                user_name="张使用",
            )
        ]
        first14 = f"35693803{self.count:06d}"
        items.append(
            ItemInput(
                kind="handset",
                handset_model="华为 Mate 70",
                imei=first14 + imei_check_digit(first14),
                unit_price=Decimal("5499.00"),
            )
        )
        line = Subscriber.objects.filter(customer=customer, valid_to__isnull=True).first()
        if line is not None:
            items.append(
                ItemInput(
                    kind="bill_payment",
                    subscriber=line,
                    unit_price=Decimal("300.00"),
                    bill_months=f"{self.today:%Y-%m}",
                )
            )
        return items


def _verify(order: Order) -> None:
    """The answers the simulated real-name platform gives for the holders."""
    for item in order.items.filter(kind=ItemKind.NEW_LINE):
        answer = realname_answer(
            {
                "id_type": item.holder_id_type,
                "id_number": item.holder_id_number,
                "name": item.holder_name,
            }
        )
        item.realname_verified_at = timezone.now()
        item.card_reader_ref, item.face_match_ref = (
            answer["card_reader_ref"],
            answer["face_match_ref"],
        )
        item.numbers_held = answer["numbers_held"]
        item.save()


def _to_boss(order: Order, state: str) -> None:
    """What submission and BOSS's answers would have done, through the services."""
    payload = boss_payload(order)
    boss_ref = f"BOSS-SIM-D{order.pk:08d}"
    SimulatedBossOrder.objects.create(
        idempotency_key=str(order.idempotency_key),
        order_number=order.number,
        boss_ref=boss_ref,
        payload=payload,
        answered_at=timezone.now(),
    )
    delivered = state != "submitting" and state != "failed"
    Order.objects.filter(pk=order.pk).update(
        status=OrderStatus.SUBMITTED
        if delivered
        else (OrderStatus.FAILED if state == "failed" else OrderStatus.SUBMITTING),
        delivery=Delivery.DELIVERED
        if delivered
        else (Delivery.FAILED if state == "failed" else Delivery.PENDING),
        delivery_attempts=1 if delivered else 6 if state == "failed" else 1,
        delivery_error="" if delivered else "HTTP 503",
        delivery_next_at=timezone.now() + dt.timedelta(days=3650)
        if state == "submitting"
        else None,
        submitted_at=timezone.now(),
        boss_ref=boss_ref if delivered else "",
    )
    order_event(order=order, kind="submitted", actor=order.owner)
    if state in ("confirmed", "rejected"):
        status, reason = boss_decision(payload)
        items = [
            ItemAnswer(
                item_id=i["item_id"],
                status=status,
                subscriber_id=f"SD{order.pk:07d}{n:02d}" if i["kind"] == "new_line" else "",
                receipt=f"RCPT-D{order.pk:06d}-{n}" if i["kind"] == "bill_payment" else "",
            )
            for n, i in enumerate(payload["items"], start=1)
        ]
        boss_callback(
            order=order,
            answer=BossAnswer(status=status, boss_ref=boss_ref, reason=reason, items=items),
        )
        SimulatedBossOrder.objects.filter(order_number=order.number).update(answer=status)


def _one(demo: _Demo, manager: User, customer: Customer, state: str, n: int) -> None:
    order = order_create(actor=manager, customer=customer, note=_("Taken on site"))
    items_add(order=order, actor=manager, items=demo.items(customer, state, n))
    if state == "draft":
        return
    _verify(order)
    if state == "awaiting" or n % 4 == 0:
        order_set_discount(
            order=order,
            actor=manager,
            discount=Decimal("800.00"),
            reason=_("Group discount for the year"),
        )
    order_sign(order=order, actor=manager, signed_by="王建国", data_url=demo.signature)
    order = order_request_approval(order=order, actor=manager)
    supervisor = manager.team.supervisor if manager.team else None
    if state != "awaiting" and order.status == OrderStatus.AWAITING_APPROVAL:
        if supervisor is None:
            return
        order = order_approve(order=order, actor=supervisor, approve=True)
    if state == "cancelled":
        order_cancel(order=order, actor=manager, reason=_("The customer changed their mind."))
    elif state not in ("awaiting", "approved"):
        _to_boss(order, state)


def orders_demo_load(*, seed: int, today: dt.date) -> str:
    """Write the demo managers' orders; returns a one-line summary."""
    demo = _Demo(today=today)
    if not demo.plans:
        return _("No tariff plans: no demo orders.")
    managers = (
        User.objects.filter(role=Role.MANAGER, username__startswith="manager")
        .order_by("username")
        .select_related("team__supervisor")
    )
    made = 0
    with transaction.atomic():
        _interfaces()
        for manager in managers:
            customers = list(
                Customer.objects.filter(manager=manager, accounts__isnull=False)
                .distinct()
                .order_by("code")[:3]
            )
            for n, state in enumerate(STATES if customers else ()):
                _one(demo, manager, customers[n % len(customers)], state, made + n)
            made += len(STATES) if customers else 0
    return _("Orders created: %(count)s, in every state; the simulated BOSS answers new ones.") % {
        "count": made
    }
