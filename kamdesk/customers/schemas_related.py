"""Schemas of the accounts, subscribers, products, contracts, contacts and interactions
of the customers API, and the builders that fill them (conventions: see ``schemas``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime

from kamdesk.core.masking import mask_email, mask_name, mask_number
from kamdesk.customers.models import Account, Contact, Contract, Interaction, Product, Subscriber
from kamdesk.customers.schemas import (
    MAX_ID,
    Body,
    Money,
    PageParams,
    Str20,
    Str64,
    Str100,
    Str200,
    Str254,
    Str4000,
    money,
    money_or_none,
)

# --- accounts, subscribers ----------------------------------------------------------


class AccountOut(Schema):
    id: int
    code: str
    customer_id: int
    name: str
    payment_relation: str
    group_pay_limit: Money | None
    billing_type: str
    bill_contact_id: int | None
    status: str

    @classmethod
    def of(cls, a: Account) -> AccountOut:
        return cls(
            id=a.pk,
            code=a.code,
            customer_id=a.customer_id,
            name=a.name,
            payment_relation=a.payment_relation,
            group_pay_limit=money_or_none(a.group_pay_limit),
            billing_type=a.billing_type,
            bill_contact_id=a.bill_contact_id,
            status=a.status,
        )


class AccountPage(Schema):
    items: list[AccountOut]
    count: int


class RelatedQuery(PageParams):
    customer_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="One customer's; every customer's in scope when absent."
    )


class SubscriberOut(Schema):
    id: int
    subscriber_id: str
    number_masked: str
    customer_id: int
    account_id: int
    plan_code: str | None
    plan_name: str | None
    status: str
    valid_from: dt.date
    valid_to: dt.date | None = Field(description="Exclusive; null while the holder keeps it.")
    activated_on: dt.date | None
    holder_name: str
    user_name: str

    @classmethod
    def of(cls, s: Subscriber) -> SubscriberOut:
        return cls(
            id=s.pk,
            subscriber_id=s.subscriber_id,
            number_masked=mask_number(s.number),
            customer_id=s.customer_id,
            account_id=s.account_id,
            plan_code=s.plan.code if s.plan else None,
            plan_name=s.plan.name if s.plan else None,
            status=s.status,
            valid_from=s.valid_from,
            valid_to=s.valid_to,
            activated_on=s.activated_on,
            holder_name=s.holder_name,
            user_name=s.user_name,
        )


class SubscriberPage(Schema):
    items: list[SubscriberOut]
    count: int


class CustomerSubscribersQuery(PageParams):
    q: Str100 = Field("", description="Digits of the number, or the holder's or user's name.")
    current: bool = Field(False, description="Only the lines held today.")


class HolderQuery(Schema):
    number: Str20 = Field(description="11-digit mobile or 13-digit IoT number.")
    on: dt.date | None = Field(None, description="The day to look at; today when absent.")


# --- products, contracts ------------------------------------------------------------


class ProductOut(Schema):
    id: int
    product_id: str
    customer_id: int
    account_id: int | None
    kind: str
    name: str
    spec: str
    monthly_fee: Money
    status: str
    started_on: dt.date | None

    @classmethod
    def fields_of(cls, p: Product) -> dict[str, Any]:
        return dict(
            id=p.pk,
            product_id=p.product_id,
            customer_id=p.customer_id,
            account_id=p.account_id,
            kind=p.kind,
            name=p.name,
            spec=p.spec,
            monthly_fee=money(p.monthly_fee),
            status=p.status,
            started_on=p.started_on,
        )

    @classmethod
    def of(cls, p: Product) -> ProductOut:
        return cls(**cls.fields_of(p))


class ProductDetailOut(ProductOut):
    member_count: int = Field(description="Member lines of a closed user group or IoT pool.")


class ProductPage(Schema):
    items: list[ProductOut]
    count: int


class ContractOut(Schema):
    id: int
    code: str
    customer_id: int
    title: str
    product_ids: list[int]
    starts_on: dt.date
    term_months: int
    expires_on: dt.date
    minimum_monthly: Money = Field(description="Minimum monthly commitment, yuan.")
    tender_ref: str

    @classmethod
    def of(cls, c: Contract) -> ContractOut:
        return cls(
            id=c.pk,
            code=c.code,
            customer_id=c.customer_id,
            title=c.title,
            product_ids=[p.pk for p in c.products.all()],
            starts_on=c.starts_on,
            term_months=c.term_months,
            expires_on=c.expires_on,
            minimum_monthly=money(c.minimum_monthly),
            tender_ref=c.tender_ref,
        )


class ContractPage(Schema):
    items: list[ContractOut]
    count: int


class ContractQuery(RelatedQuery):
    expiring_within_days: int | None = Field(
        None, ge=0, le=3650, description="Only contracts expiring from today to today + N days."
    )


# --- contacts, interactions ---------------------------------------------------------

DecisionRoleIn = Literal[
    "", "decision_maker", "influencer", "finance", "technical", "user", "gatekeeper"
]
ChannelIn = Literal["call", "sms", "email", "wechat", "visit", "walk_in", "portal"]


class ContactOut(Schema):
    id: int
    customer_id: int
    name: str
    title: str
    decision_role: str
    phone_masked: str
    email_masked: str
    wechat_masked: str
    preferred_channel: str
    preferred_hours: str
    birthday: dt.date | None
    in_post_since: dt.date | None
    consent_greetings: bool
    consent_marketing: bool
    character: str
    habits: str
    hobbies: str
    motives: str
    notes: str
    is_active: bool

    @classmethod
    def of(cls, c: Contact) -> ContactOut:
        return cls(
            id=c.pk,
            customer_id=c.customer_id,
            name=c.name,
            title=c.title,
            decision_role=c.decision_role,
            phone_masked=mask_number(c.phone),
            email_masked=mask_email(c.email),
            wechat_masked=mask_name(c.wechat),
            preferred_channel=c.preferred_channel,
            preferred_hours=c.preferred_hours,
            birthday=c.birthday,
            in_post_since=c.in_post_since,
            consent_greetings=c.consent_greetings,
            consent_marketing=c.consent_marketing,
            character=c.character,
            habits=c.habits,
            hobbies=c.hobbies,
            motives=c.motives,
            notes=c.notes,
            is_active=c.is_active,
        )


class ContactPage(Schema):
    items: list[ContactOut]
    count: int


class ContactPatch(Body):
    """Only the fields sent change; ``null`` keeps a field's value."""

    name: Str100 | None = None
    title: Str100 | None = None
    decision_role: DecisionRoleIn | None = None
    phone: Str20 | None = None
    email: Str254 | None = None
    wechat: Str64 | None = None
    preferred_channel: (
        Literal["", "call", "sms", "email", "wechat", "visit", "walk_in", "portal"] | None
    ) = None
    preferred_hours: Str64 | None = None
    birthday: dt.date | None = None
    in_post_since: dt.date | None = None
    consent_greetings: bool | None = None
    consent_marketing: bool | None = None
    character: Str200 | None = None
    habits: Str200 | None = None
    hobbies: Str200 | None = None
    motives: Str200 | None = None
    notes: Str4000 | None = None


class ContactIn(ContactPatch):
    customer_id: int = Field(ge=1, le=MAX_ID)
    name: Str100


def _not_before_2000(value: dt.datetime) -> dt.datetime:
    # Compare the wall-clock year: converting year-1 datetimes to UTC can overflow.
    if value.replace(tzinfo=None).year < 2000:
        raise ValueError(_("Must be in the year 2000 or later."))
    return value


class InteractionIn(Body):
    customer_id: int = Field(ge=1, le=MAX_ID)
    channel: ChannelIn
    summary: Str4000
    occurred_at: Annotated[AwareDatetime, AfterValidator(_not_before_2000)] | None = Field(
        None, description="With a time zone; now when absent."
    )
    contact_id: int | None = Field(None, ge=1, le=MAX_ID)
    inbound: bool = Field(False, description="Whether the customer initiated it.")


class InteractionOut(Schema):
    id: int
    customer_id: int
    contact_id: int | None
    channel: str
    inbound: bool
    occurred_at: dt.datetime
    staff: str = Field(description="Username of the staff member.")
    summary: str

    @classmethod
    def of(cls, i: Interaction) -> InteractionOut:
        return cls(
            id=i.pk,
            customer_id=i.customer_id,
            contact_id=i.contact_id,
            channel=i.channel,
            inbound=i.inbound,
            occurred_at=i.occurred_at,
            staff=i.staff.username,
            summary=i.summary,
        )


class InteractionPage(Schema):
    items: list[InteractionOut]
    count: int
