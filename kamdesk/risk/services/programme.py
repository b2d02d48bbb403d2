"""The churn-care programme (离网关怀工程): target lists from the scores, a random
control share, planned actions, offers within a budget, and the measured save rate.

Control-group customers get no programme offers — and never fewer mandatory visits:
their alerts and retention visits are opened by the early-warning run like anyone's,
which is what makes the comparison fair.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Customer, Subscriber
from kamdesk.risk.models import (
    SAVED_OUTCOMES,
    ActionKind,
    AlertStatus,
    BusinessChange,
    MemberOutcome,
    Offer,
    OfferOptOut,
    OfferStatus,
    Outcome,
    Programme,
    ProgrammeMember,
    ProgrammeStatus,
    RiskAlert,
    RiskScore,
)
from kamdesk.risk.services.portout import ALLOWED_WHILE_PORTING, port_out_block, port_out_blocks
from kamdesk.risk.visits_link import visit_states
from kamdesk.users.models import User

PERSONALISED = (ActionKind.OFFER, ActionKind.PLAN_OPTIMISATION)


def in_control(*, programme_id: int, customer_id: int, share: float) -> bool:
    """A stable random draw: the same customer stays in the same group of a programme."""
    digest = hashlib.sha256(f"risk-programme:{programme_id}:{customer_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < share


def _planned_action(score: RiskScore, opted_out: bool, porting: bool) -> str:
    if porting:
        return ActionKind.SERVICE_CARE
    features = [r.get("feature") for r in score.reasons]
    if opted_out:
        return ActionKind.SENIOR_CALL
    if any(
        f in ("downgrades_3m", "data_change", "voice_change", "services_removed_3m")
        for f in features
    ):
        return ActionKind.PLAN_OPTIMISATION
    if score.customer.grade_id and score.customer.grade.code in ("A", "diamond"):
        return ActionKind.SENIOR_CALL
    return ActionKind.OFFER


def programme_create(
    *,
    actor: User,
    name: str,
    month: dt.date,
    min_probability: float,
    control_share: float,
    budget: Decimal,
) -> Programme:
    """A programme with the month's flagged customers as its target list."""
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("This field is required.")]
    if not 0 <= control_share < 1:
        errors["control_share"] = [_("Between 0 and 1 (a share of the targets).")]
    if not 0 < min_probability <= 1:
        errors["min_probability"] = [_("Between 0 and 1.")]
    if budget < 0:
        errors["budget"] = [_("The budget cannot be negative.")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        programme = Programme.objects.create(
            name=name.strip()[:200],
            month=month,
            min_probability=min_probability,
            control_share=control_share,
            budget=budget,
            created_by=actor,
            status=ProgrammeStatus.RUNNING,
        )
        members = programme_enrol(programme=programme)
        audit_record(
            actor=actor,
            action="risk.programme.created",
            target=programme,
            extra={"members": members, "control_share": control_share},
        )
    return programme


def programme_enrol(*, programme: Programme) -> int:
    """Add the flagged customers of the programme's month (once each)."""
    scores = RiskScore.objects.filter(
        month=programme.month, model__is_active=True, probability__gte=programme.min_probability
    ).select_related("customer__grade")
    opted = set(OfferOptOut.objects.values_list("customer_id", flat=True))
    rows = []
    for score in scores:
        control = in_control(
            programme_id=programme.pk, customer_id=score.customer_id, share=programme.control_share
        )
        porting = bool(port_out_blocks(customer=score.customer))
        rows.append(
            ProgrammeMember(
                programme=programme,
                customer_id=score.customer_id,
                probability=score.probability,
                reasons=score.reasons,
                control=control,
                action=""
                if control
                else _planned_action(score, score.customer_id in opted, porting),
            )
        )
    ProgrammeMember.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _offer_errors(
    customer: Customer,
    subscriber: Subscriber | None,
    member: ProgrammeMember | None,
    kind: str,
    amount: Decimal,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if kind not in ActionKind.values:
        errors["kind"] = [_("Choose a kind of action from the list.")]
    if subscriber is not None and kind not in ALLOWED_WHILE_PORTING:
        block = port_out_block(subscriber=subscriber)
        if block is not None:
            errors["subscriber"] = [
                _(
                    "This subscriber requested a port-out authorisation code on %(date)s: under the "  # noqa: E501
                    "number-portability rules no retention offer or plan change may be made until "
                    "%(until)s; only service care (understanding the reason, fixing a fault) is allowed."  # noqa: E501
                )
                % {
                    "date": timezone.localtime(block.requested_at).date().isoformat(),
                    "until": timezone.localtime(block.until).date().isoformat(),
                }
            ]
    if kind in PERSONALISED and OfferOptOut.objects.filter(customer=customer).exists():
        errors["customer"] = [_("The customer opted out of personalised offers (PIPL Art. 24).")]
    if member is not None and member.control and kind != ActionKind.SERVICE_CARE:
        errors["member"] = [_("Control-group customers get no programme offers.")]
    if member is not None and amount > 0:
        spent = programme_spent(programme=member.programme)
        if spent + amount > member.programme.budget:
            errors["amount"] = [
                _("Over the programme's budget (¥%(left)s left).")
                % {"left": f"{member.programme.budget - spent:,.2f}"}
            ]
    return errors


def offer_make(
    *,
    actor: User,
    customer: Customer,
    kind: str,
    description: str,
    amount: Decimal = Decimal(0),
    subscriber: Subscriber | None = None,
    member: ProgrammeMember | None = None,
) -> Offer:
    """Propose a retention action; refused while the subscriber is porting out, for
    opted-out customers (personalised offers), for the control group and over budget.

    An offer to a customer of a running programme counts as a programme offer even when
    it is made from the customer's page: it is charged to that programme's budget, and a
    control-group customer gets none (service care stays allowed).
    """
    member = member or member_running(customer=customer)
    errors = _offer_errors(customer, subscriber, member, kind, amount)
    if not description.strip():
        errors["description"] = [_("This field is required.")]
    if amount < 0:
        errors["amount"] = [_("The value cannot be negative.")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        offer = Offer.objects.create(
            customer=customer,
            subscriber=subscriber,
            member=member,
            kind=kind,
            amount=amount,
            description=description.strip()[:300],
            reasons=_offer_reasons(customer, member),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="risk.offer.made",
            target=offer,
            customer_id=customer.pk,
            extra={"kind": kind, "amount": str(amount)},
        )
    return offer


def programme_spent(*, programme: Programme) -> Decimal:
    """The programme's budget taken by offers: proposed or accepted (a declined offer
    gives its amount back)."""
    offers = Offer.objects.filter(member__programme=programme).exclude(status=OfferStatus.DECLINED)
    return offers.aggregate(s=Sum("amount"))["s"] or Decimal(0)


def member_running(*, customer: Customer) -> ProgrammeMember | None:
    """The customer's place in the newest running programme, if any."""
    return (
        ProgrammeMember.objects.filter(customer=customer, programme__status=ProgrammeStatus.RUNNING)
        .select_related("programme")
        .order_by("-programme__created_at", "-pk")
        .first()
    )


def _offer_reasons(customer: Customer, member: ProgrammeMember | None) -> list[dict[str, Any]]:
    """The churn reasons behind an offer: the programme's, else the latest flagged score's."""
    if member is not None and member.reasons:
        return list(member.reasons)
    score = (
        RiskScore.objects.filter(customer=customer, model__is_active=True, flagged=True)
        .order_by("-month")
        .first()
    )
    return list(score.reasons) if score is not None else []


def offer_decide(*, actor: User, offer: Offer, accepted: bool) -> Offer:
    """Record the customer's answer to a proposed offer (once)."""
    if offer.status != OfferStatus.PROPOSED:
        raise ValidationFailed({"status": [_("The customer has already answered this offer.")]})
    with transaction.atomic():
        offer.status = OfferStatus.ACCEPTED if accepted else OfferStatus.DECLINED
        offer.decided_at = timezone.now()
        offer.save(update_fields=["status", "decided_at", "updated_at"])
        audit_record(
            actor=actor,
            action="risk.offer.decided",
            target=offer,
            customer_id=offer.customer_id,
            extra={"status": offer.status},
        )
    return offer


def optout_record(*, actor: User, customer: Customer, note: str = "") -> OfferOptOut:
    with transaction.atomic():
        row, _created = OfferOptOut.objects.get_or_create(
            customer=customer, defaults={"note": note[:300], "recorded_by": actor}
        )
        audit_record(
            actor=actor, action="risk.offers.opted_out", target=row, customer_id=customer.pk
        )
    return row


def business_change_record(
    *, actor: User, customer: Customer, kind: str, occurred_on: dt.date, note: str = ""
) -> BusinessChange:
    from kamdesk.risk.models import ChangeKind
    from kamdesk.risk.services.alerts import alert_open

    if kind not in ChangeKind.values:
        raise ValidationFailed({"kind": [_("Choose a kind of change from the list.")]})
    with transaction.atomic():
        change = BusinessChange.objects.create(
            customer=customer, kind=kind, occurred_on=occurred_on, note=note, recorded_by=actor
        )
        audit_record(
            actor=actor,
            action="risk.business_change.recorded",
            target=change,
            customer_id=customer.pk,
            extra={"kind": kind},
        )
    alert_open(
        customer=customer,
        trigger="business_change",
        source_ref=f"change:{change.pk}",
        detail=f"{change.get_kind_display()} {note}"[:500],
        actor=actor,
    )
    return change


def _member_outcome(alerts: list[RiskAlert], states: dict[int, Any]) -> str:
    """Saved only with evidence: a save outcome on an alert whose visit was completed."""
    for alert in alerts:
        if alert.outcome == Outcome.LOST:
            return MemberOutcome.LOST
    for alert in alerts:
        state = states.get(alert.visit_id) if alert.visit_id else None
        evidenced = state is not None and state.status == "completed"
        if alert.outcome in SAVED_OUTCOMES and (evidenced or not alert.visit_required):
            return MemberOutcome.SAVED
    return MemberOutcome.PENDING


def programme_measure(*, programme: Programme) -> dict[str, Any]:
    """Update each member's outcome from its alerts and compare treated with control."""
    members = list(programme.members.all())
    alerts = RiskAlert.objects.filter(
        customer_id__in=[m.customer_id for m in members],
        created_at__gte=programme.created_at,
        status=AlertStatus.CLOSED,
    )
    by_customer: dict[int, list[RiskAlert]] = {}
    for alert in alerts:
        by_customer.setdefault(alert.customer_id, []).append(alert)
    states = visit_states([a.visit_id for a in alerts if a.visit_id])
    for member in members:
        outcome = _member_outcome(by_customer.get(member.customer_id, []), states)
        if outcome != member.outcome:
            member.outcome = outcome
            member.save(update_fields=["outcome", "updated_at"])
    return save_rates(members)


def save_rates(members: list[ProgrammeMember]) -> dict[str, Any]:
    def group(rows: list[ProgrammeMember]) -> dict[str, Any]:
        decided = [m for m in rows if m.outcome != MemberOutcome.PENDING]
        saved = sum(1 for m in decided if m.outcome == MemberOutcome.SAVED)
        return {
            "members": len(rows),
            "decided": len(decided),
            "saved": saved,
            "save_rate": saved / len(decided) if decided else None,
        }

    treated = group([m for m in members if not m.control])
    control = group([m for m in members if m.control])
    uplift = None
    if treated["save_rate"] is not None and control["save_rate"] is not None:
        uplift = treated["save_rate"] - control["save_rate"]
    return {"treated": treated, "control": control, "uplift": uplift}
