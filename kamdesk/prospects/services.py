"""Writes of prospects and competitor intelligence: validated, atomic, audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Customer
from kamdesk.prospects.models import (
    Competitor,
    CompetitorOffer,
    CompetitorPresence,
    Outcome,
    Prospect,
    Source,
    Stage,
)
from kamdesk.usage.models import Operator
from kamdesk.users.models import User

TEXT_FIELDS = {"name": 200, "region": 50, "industry": 50, "next_step": 200, "credit_tier": 8}


def _amount(value: Any, field: str, errors: dict[str, list[str]]) -> Decimal | None:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors[field] = [_("Enter an amount in yuan.")]
        return None
    if amount < 0 or amount >= Decimal("1e10"):
        errors[field] = [_("Enter an amount from 0 to 9,999,999,999.99.")]
        return None
    return amount


def _count(value: Any, field: str, errors: dict[str, list[str]]) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[field] = [_("Enter a whole number.")]
        return None
    if not 0 <= number <= 10_000_000:
        errors[field] = [_("Enter a number from 0 to 10,000,000.")]
        return None
    return number


def _clean(data: dict[str, Any], partial: bool) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    for name, limit in TEXT_FIELDS.items():
        if name in data:
            text = str(data[name] or "").strip()
            if len(text) > limit:
                errors[name] = [_("At most %(n)s characters.") % {"n": limit}]
            clean[name] = text
    for name in ("name", "region"):
        if not partial and not clean.get(name) or name in clean and not clean[name]:
            errors[name] = [_("This field is required.")]
    choices = {"source": Source.values, "stage": Stage.values, "current_operator": Operator.values}
    for name, allowed in choices.items():
        if name in data:
            if data[name] not in allowed:
                errors[name] = [_("Choose one of the listed values.")]
            clean[name] = data[name]
    if not partial and "source" not in data:
        errors["source"] = [_("This field is required.")]
    for name in ("employees", "subscribers_estimate"):
        if name in data:
            clean[name] = _count(data[name], name, errors)
    if "estimated_value" in data:
        clean["estimated_value"] = _amount(data["estimated_value"], "estimated_value", errors)
    if "next_step_on" in data:
        clean["next_step_on"] = _date(data["next_step_on"], "next_step_on", errors)
    if "notes" in data:
        clean["notes"] = str(data["notes"] or "")[:4000]
    if errors:
        raise ValidationFailed(errors)
    return clean


def _date(value: Any, field: str, errors: dict[str, list[str]]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors[field] = [_("Enter a date as YYYY-MM-DD.")]
        return None


def prospect_create(*, actor: User, data: dict[str, Any]) -> Prospect:
    clean = _clean(data, partial=False)
    with transaction.atomic():
        prospect = Prospect.objects.create(owner=actor, first_contact_on=dt.date.today(), **clean)
        audit_record(actor=actor, action="prospect.created", target=prospect)
    return prospect


def prospect_update(*, actor: User, prospect: Prospect, data: dict[str, Any]) -> Prospect:
    clean = _clean(data, partial=True)
    with transaction.atomic():
        for name, value in clean.items():
            setattr(prospect, name, value)
        prospect.save()
        audit_record(
            actor=actor,
            action="prospect.updated",
            target=prospect,
            extra={"changed": sorted(clean)},
        )
    return prospect


def offer_record(
    *,
    actor: User,
    competitor: Competitor,
    title: str,
    monthly_price: Any,
    details: str = "",
    seen_on: Any = None,
    seen_at: Customer | None = None,
) -> CompetitorOffer:
    errors: dict[str, list[str]] = {}
    if not title.strip() or len(title) > 200:
        errors["title"] = [_("Enter a title of 1 to 200 characters.")]
    price = _amount(monthly_price, "monthly_price", errors)
    day = _date(seen_on, "seen_on", errors) or dt.date.today()
    if errors or price is None:
        raise ValidationFailed(errors)
    with transaction.atomic():
        offer = CompetitorOffer.objects.create(
            competitor=competitor,
            title=title.strip(),
            monthly_price=price,
            details=details[:4000],
            seen_on=day,
            seen_at=seen_at,
            reported_by=actor,
        )
        audit_record(
            actor=actor,
            action="competitor.offer_recorded",
            target=offer,
            customer_id=seen_at.pk if seen_at else None,
        )
    return offer


def presence_record(
    *,
    actor: User,
    competitor: Competitor,
    customer: Customer | None = None,
    prospect: Prospect | None = None,
    subscribers: Any = 0,
    outcome: str = Outcome.PRESENT,
    note: str = "",
) -> CompetitorPresence:
    errors: dict[str, list[str]] = {}
    if customer is None and prospect is None:
        errors["customer_id"] = [_("Name a customer or a prospect.")]
    count = _count(subscribers, "subscribers", errors)
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Choose one of the listed values.")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        presence = CompetitorPresence.objects.create(
            competitor=competitor,
            customer=customer,
            prospect=prospect,
            subscribers=count or 0,
            outcome=outcome,
            note=note[:300],
            noted_on=dt.date.today(),
        )
        audit_record(
            actor=actor,
            action="competitor.presence_recorded",
            target=presence,
            customer_id=customer.pk if customer else None,
        )
    return presence
