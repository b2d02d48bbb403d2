"""Writes to key accounts. Every write is atomic and audited, whatever its entry path
(page, API or import)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.crypto import lookup_hash
from kamdesk.core.errors import ValidationFailed
from kamdesk.core.masking import mask_id
from kamdesk.core.pinyin import pinyin_full, pinyin_initials
from kamdesk.customers.models import Channel, Contact, Customer, DecisionRole, Interaction
from kamdesk.customers.validation import customer_clean
from kamdesk.users.models import User

_TRACKED = (
    "kind",
    "name",
    "parent",
    "uscc",
    "id_type",
    "id_number",
    "grade",
    "industry",
    "region",
    "district",
    "address",
    "latitude",
    "longitude",
    "status",
    "credit_tier",
    "manager",
    "backup_manager",
    # Value indicators: only imports from BOSS set them (customer_clean never does).
    "monthly_revenue",
    "arpu",
    "months_on_network",
)


def _comparable(value: Any) -> Any:
    return value.pk if hasattr(value, "pk") else value


def customer_apply(*, customer: Customer, clean: dict[str, Any]) -> list[str]:
    """Copy cleaned values onto ``customer``; return the names of the fields that changed."""
    changed = []
    for field in _TRACKED:
        if field not in clean:
            continue
        # A new row has no grade yet: reading it raises RelatedObjectDoesNotExist, an
        # AttributeError, which the default of getattr() turns into None.
        if _comparable(getattr(customer, field, None)) != _comparable(clean[field]):
            setattr(customer, field, clean[field])
            changed.append(field)
    if "name" in changed or not customer.name_pinyin:
        customer.name_pinyin = pinyin_full(customer.name)
        customer.name_initials = pinyin_initials(customer.name)
    if "id_number" in changed:
        customer.id_number_hash = lookup_hash(customer.id_number) if customer.id_number else ""
        customer.id_number_masked = mask_id(customer.id_number)
    return changed


def _audit_extra(changed: list[str]) -> dict[str, Any]:
    # Identity numbers never enter the audit trail in clear: only the field name does.
    return {"changed": changed}


def customer_create(*, actor: User | None, data: dict[str, Any], source: str = "web") -> Customer:
    clean, errors = customer_clean(data)
    if not errors and Customer.objects.filter(code=clean["code"]).exists():
        errors["code"] = [_("A customer with this code exists already.")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        customer = Customer(code=clean["code"])
        changed = customer_apply(customer=customer, clean=clean)
        customer.save()
        audit_record(
            actor=actor,
            action="customer.created",
            target=customer,
            customer_id=customer.pk,
            extra={**_audit_extra(changed), "source": source},
        )
    return customer


def customer_update(
    *, actor: User | None, customer: Customer, data: dict[str, Any], source: str = "web"
) -> tuple[Customer, list[str]]:
    """Update a customer from raw values; fields missing from ``data`` keep their value."""
    merged = customer_as_raw(customer) | {k: v for k, v in data.items() if v is not None}
    merged["code"] = customer.code
    clean, errors = customer_clean(merged, instance=customer)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        changed = customer_apply(customer=customer, clean=clean)
        if changed:
            customer.save()
            audit_record(
                actor=actor,
                action="customer.updated",
                target=customer,
                customer_id=customer.pk,
                extra={**_audit_extra(changed), "source": source},
            )
    return customer, changed


def customer_as_raw(customer: Customer) -> dict[str, Any]:
    """A customer's values in the raw form ``customer_clean`` takes (for merges and forms)."""
    return {
        "code": customer.code,
        "kind": customer.kind,
        "name": customer.name,
        "parent_code": customer.parent.code if customer.parent else "",
        "uscc": customer.uscc,
        "id_type": customer.id_type,
        "id_number": customer.id_number,
        "grade": customer.grade.code if customer.grade_id else "",
        "industry": customer.industry,
        "region": customer.region,
        "district": customer.district,
        "address": customer.address,
        "latitude": "" if customer.latitude is None else str(customer.latitude),
        "longitude": "" if customer.longitude is None else str(customer.longitude),
        "status": customer.status,
        "credit_tier": customer.credit_tier,
        "manager": customer.manager.username if customer.manager else "",
        "backup_manager": customer.backup_manager.username if customer.backup_manager else "",
    }


_CONTACT_FIELDS = (
    "name",
    "title",
    "decision_role",
    "phone",
    "email",
    "wechat",
    "preferred_channel",
    "preferred_hours",
    "birthday",
    "in_post_since",
    "consent_greetings",
    "consent_marketing",
    "character",
    "habits",
    "hobbies",
    "motives",
    "notes",
)


def _contact_errors(data: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not str(data.get("name") or "").strip():
        errors["name"] = [_("This field is required.")]
    role = data.get("decision_role") or ""
    if role and role not in DecisionRole.values:
        errors["decision_role"] = [_("Unknown decision role.")]
    channel = data.get("preferred_channel") or ""
    if channel and channel not in Channel.values:
        errors["preferred_channel"] = [_("Unknown channel.")]
    phone = str(data.get("phone") or "").strip()
    if phone and not phone.replace("-", "").replace("+", "").replace(" ", "").isdigit():
        errors["phone"] = [_("A phone number has digits only.")]
    return errors


def contact_create(*, actor: User, customer: Customer, data: dict[str, Any]) -> Contact:
    errors = _contact_errors(data)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        contact = Contact(customer=customer)
        for field in _CONTACT_FIELDS:
            if field in data and data[field] is not None:
                setattr(contact, field, data[field])
        contact.full_clean()
        contact.save()
        audit_record(actor=actor, action="contact.created", target=contact, customer_id=customer.pk)
    return contact


def contact_update(*, actor: User, contact: Contact, data: dict[str, Any]) -> Contact:
    merged = {f: getattr(contact, f) for f in _CONTACT_FIELDS} | {
        k: v for k, v in data.items() if v is not None
    }
    errors = _contact_errors(merged)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        changed = [f for f in _CONTACT_FIELDS if getattr(contact, f) != merged[f]]
        for field in changed:
            setattr(contact, field, merged[field])
        if changed:
            contact.save()
            audit_record(
                actor=actor,
                action="contact.updated",
                target=contact,
                customer_id=contact.customer_id,
                extra={"changed": changed},
            )
    return contact


def interaction_create(
    *,
    actor: User,
    customer: Customer,
    channel: str,
    summary: str,
    occurred_at: dt.datetime | None = None,
    contact: Contact | None = None,
    inbound: bool = False,
) -> Interaction:
    errors: dict[str, list[str]] = {}
    if channel not in Channel.values:
        errors["channel"] = [_("Unknown channel.")]
    if not summary.strip():
        errors["summary"] = [_("This field is required.")]
    when = occurred_at or timezone.now()
    if when > timezone.now() + dt.timedelta(minutes=5):
        errors["occurred_at"] = [_("An interaction cannot be in the future.")]
    if contact is not None and contact.customer_id != customer.pk:
        errors["contact"] = [_("This contact belongs to another customer.")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        interaction = Interaction.objects.create(
            customer=customer,
            contact=contact,
            channel=channel,
            inbound=inbound,
            occurred_at=when,
            staff=actor,
            summary=summary.strip(),
        )
        audit_record(
            actor=actor, action="interaction.created", target=interaction, customer_id=customer.pk
        )
    return interaction


def customer_viewed(*, user: User, customer: Customer, ip: str | None = None) -> None:
    """Record that ``user`` opened the customer's 360 page (D3: every view is traced)."""
    audit_record(
        actor=user, action="customer.viewed", target=customer, customer_id=customer.pk, ip=ip
    )


def customer_exported(
    *, user: User, fmt: str, count: int, filters: dict[str, str], ip: str | None = None
) -> None:
    """Record an export of the customer list: its format, size and the filters applied."""
    audit_record(
        actor=user,
        action="customer.exported",
        ip=ip,
        extra={"format": fmt, "count": count, "filters": filters},
    )
