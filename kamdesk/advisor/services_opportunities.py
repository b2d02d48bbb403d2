"""Writes of opportunities: the scan, the manager's decisions, marketing messages."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.advisor.models import Opportunity, OpportunityStatus
from kamdesk.advisor.opportunities import Finding, findings_for
from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Contact, Customer
from kamdesk.customers.services import interaction_create
from kamdesk.notifications.services import outbox_email, outbox_sms
from kamdesk.users.models import User

# A rejected opportunity is not raised again for this long (the manager said no).
QUIET_AFTER_REJECTION = dt.timedelta(days=180)
UNSUBSCRIBE_SMS = "回复TD退订"
UNSUBSCRIBE_EMAIL = "如不希望再收到此类信息，请回复“退订”，我们将不再发送。"


def _recently_rejected(customer: Customer, rule: str) -> bool:
    since = timezone.now() - QUIET_AFTER_REJECTION
    return Opportunity.objects.filter(
        customer=customer, rule=rule, status=OpportunityStatus.REJECTED, decided_at__gte=since
    ).exists()


def _save(customer: Customer, finding: Finding, today: dt.date) -> Opportunity | None:
    fields = {
        "title": finding.title,
        "evidence": finding.evidence,
        "subscriber_ids": finding.subscriber_ids,
        "estimated_value": finding.value,
        "customer_saving": finding.saving,
        "found_on": today,
    }
    current = Opportunity.objects.filter(
        customer=customer, rule=finding.rule, status=OpportunityStatus.OPEN
    ).first()
    if current is not None:
        Opportunity.objects.filter(pk=current.pk).update(**fields, updated_at=timezone.now())
        return None
    if _recently_rejected(customer, finding.rule):
        return None
    return Opportunity.objects.create(customer=customer, rule=finding.rule, **fields)


def opportunities_scan(*, customer: Customer, today: dt.date, actor: User | None = None) -> int:
    """Run every rule on the customer; new hits become open opportunities, open ones get
    fresh evidence. Safe to run twice (one open opportunity per rule). Returns the new."""
    findings = findings_for(customer, today)
    with transaction.atomic():
        created = [o for o in (_save(customer, f, today) for f in findings) if o is not None]
        if created:
            audit_record(
                actor=actor,
                action="advice.opportunities_found",
                target_type="customers.customer",
                target_id=str(customer.pk),
                customer_id=customer.pk,
                extra={"rules": [o.rule for o in created]},
            )
    return len(created)


def _decide(opportunity: Opportunity, actor: User, status: str, reason: str = "") -> Opportunity:
    if opportunity.status != OpportunityStatus.OPEN:
        raise ValidationFailed({"status": [_("This opportunity has been decided already.")]})
    with transaction.atomic():
        opportunity.status = status
        opportunity.reason = reason
        opportunity.decided_by = actor
        opportunity.decided_at = timezone.now()
        opportunity.save(
            update_fields=["status", "reason", "decided_by", "decided_at", "updated_at"]
        )
        audit_record(
            actor=actor,
            action=f"advice.opportunity_{status}",
            target=opportunity,
            customer_id=opportunity.customer_id,
            extra={"rule": opportunity.rule, "reason": reason},
        )
    return opportunity


def opportunity_accept(*, opportunity: Opportunity, actor: User) -> Opportunity:
    return _decide(opportunity, actor, OpportunityStatus.ACCEPTED)


def opportunity_reject(*, opportunity: Opportunity, actor: User, reason: str) -> Opportunity:
    if not reason.strip():
        raise ValidationFailed({"reason": [_("Say why the opportunity is rejected.")]})
    return _decide(opportunity, actor, OpportunityStatus.REJECTED, reason.strip()[:300])


def opportunity_propose(*, opportunity: Opportunity, actor: User):  # type: ignore[no-untyped-def]
    """Turn the opportunity into a draft proposal for the customer."""
    from kamdesk.advisor.services_proposals import proposal_from_opportunity

    with transaction.atomic():
        proposal = proposal_from_opportunity(opportunity=opportunity, actor=actor)
        _decide(opportunity, actor, OpportunityStatus.PROPOSED)
        Opportunity.objects.filter(pk=opportunity.pk).update(proposal=proposal)
    return proposal


def marketing_message_send(
    *, actor: User, customer: Customer, contact: Contact, channel: str, body: str
) -> None:
    """Send a marketing message to a contact who consented, with the way to unsubscribe,
    and log it as an interaction (SMS rules: consent and 退订 in every message)."""
    errors: dict[str, list[str]] = {}
    if contact.customer_id != customer.pk:
        errors["contact"] = [_("This contact belongs to another customer.")]
    elif not contact.consent_marketing:
        errors["contact"] = [_("This contact has not consented to marketing messages.")]
    if not body.strip():
        errors["body"] = [_("This field is required.")]
    if channel == "sms" and not contact.phone:
        errors["channel"] = [_("The contact has no phone number.")]
    elif channel == "email" and not contact.email:
        errors["channel"] = [_("The contact has no e-mail address.")]
    elif channel not in ("sms", "email"):
        errors["channel"] = [_("Choose SMS or e-mail.")]
    if errors:
        raise ValidationFailed(errors)
    _send(actor, customer, contact, channel, body.strip(), marketing=True)


def _send(
    actor: User, customer: Customer, contact: Contact, channel: str, body: str, *, marketing: bool
) -> None:
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    key = f"advice:{customer.pk}:{contact.pk}:{stamp}"
    with transaction.atomic():
        if channel == "sms":
            text = f"{body} {UNSUBSCRIBE_SMS}" if marketing else body
            outbox_sms(to=contact.phone, body=text, dedup_key=key)
        else:
            text = f"{body}\n\n{UNSUBSCRIBE_EMAIL}" if marketing else body
            outbox_email(
                to=contact.email, subject=_("From your account manager"), body=text, dedup_key=key
            )
        interaction_create(
            actor=actor, customer=customer, channel=channel, summary=text, contact=contact
        )
