"""Factories for test data. Identities are generated with their check characters."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import factory
from stdnum.cn import uscc

from kamdesk.core.identifiers import resident_id_check_digit
from kamdesk.core.pinyin import pinyin_full, pinyin_initials
from kamdesk.customers.models import (
    Account,
    Contact,
    Customer,
    Grade,
    Interaction,
    Subscriber,
    TariffPlan,
)
from kamdesk.users.models import Department, Role, Team, User

_rng = random.Random(20261128)


def make_uscc(seq: int) -> str:
    body = f"91110108{seq:09d}"
    return body + uscc.calc_check_digit(body)


def make_resident_id(seq: int, birth: dt.date = dt.date(1980, 5, 17)) -> str:
    body = f"110105{birth:%Y%m%d}{seq % 1000:03d}"
    return body + resident_id_check_digit(body)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.MANAGER
    staff_id = factory.Sequence(lambda n: f"S{n:05d}")
    password = factory.django.Password("kamdesk-test-pass")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    supervisor = factory.SubFactory(UserFactory, role=Role.SUPERVISOR)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dept{n}")
    name = factory.Sequence(lambda n: f"Department {n}")


def grade(code: str) -> Grade:
    return Grade.objects.get(code=code)


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    code = factory.Sequence(lambda n: f"C{n:08d}")
    kind = "group"
    name = factory.Sequence(lambda n: f"测试集团{n}有限公司")
    name_pinyin = factory.LazyAttribute(lambda o: pinyin_full(o.name))
    name_initials = factory.LazyAttribute(lambda o: pinyin_initials(o.name))
    uscc = factory.Sequence(make_uscc)
    grade = factory.LazyAttribute(lambda o: grade("A" if o.kind == "group" else "gold"))
    region = "南京市"
    manager = factory.SubFactory(UserFactory)
    monthly_revenue = Decimal("12000.00")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TariffPlan
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"P{n:04d}")
    name = factory.Sequence(lambda n: f"全球通{n}")
    filing_number = factory.Sequence(lambda n: f"24JS1{n:05d}")
    monthly_fee = Decimal("128.00")
    voice_minutes = 500
    data_mb = 30720


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    code = factory.Sequence(lambda n: f"A{n:08d}")
    customer = factory.SubFactory(CustomerFactory)
    name = factory.LazyAttribute(lambda o: f"{o.customer.name}统付账户")
    payment_relation = "group"


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    subscriber_id = factory.Sequence(lambda n: f"S{n:010d}")
    number = factory.Sequence(lambda n: f"1380000{n:04d}")
    valid_from = dt.date(2020, 1, 1)
    customer = factory.SubFactory(CustomerFactory)
    account = factory.LazyAttribute(lambda o: AccountFactory(customer=o.customer))
    status = "active"
    holder_name = "张三"
    user_name = "李四"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    customer = factory.SubFactory(CustomerFactory)
    name = factory.Sequence(lambda n: f"联系人{n}")
    title = "信息中心主任"
    phone = "13912345678"


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    customer = factory.SubFactory(CustomerFactory)
    channel = "call"
    occurred_at = factory.LazyFunction(lambda: dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.UTC))
    staff = factory.LazyAttribute(lambda o: o.customer.manager)
    summary = "电话沟通专线扩容需求"


def api_token_for(user: User, *, days: int = 30) -> str:
    """A bearer token of ``user`` made directly (no password, no second factor)."""
    import secrets

    from django.utils import timezone

    from kamdesk.core.crypto import token_hash
    from kamdesk.users.models import ApiToken

    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        token_hash=token_hash(raw),
        prefix=raw[:8],
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    return raw
